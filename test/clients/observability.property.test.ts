/**
 * Property: whatever a server on 127.0.0.1 answers, and wherever it echoes the credential it was
 * sent (the Authorization header, the bare key or token, the base64 of a key pair) — in response
 * headers, the request id, JSON or text bodies, on success, on errors and across retries — no
 * hook argument and no log line contains it, at any log level.
 */
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { logTo, type Hooks, type Logger, type LogLevel } from "../../src/index.js";
import { createJoyfillClient } from "../../src/joyfill.js";
import { createProficientClient } from "../../src/proficient.js";
import {
  startTestServer,
  type RecordedRequest,
  type Reply,
  type TestServer,
} from "../support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Prefixed, so that a secret cannot be found by chance in a date or a header name. */
const token = fc.stringMatching(/^[A-Za-z0-9]{6,24}$/);
const client = fc.oneof(
  token.map((key) => ({
    kind: "joyfill keys" as const,
    publicKey: "pk_public",
    secretKey: `sk_${key}`,
  })),
  token.map((key) => ({ kind: "joyfill token" as const, accessToken: `at_${key}` })),
  token.map((key) => ({ kind: "proficient" as const, secretKey: `sk_${key}` })),
);
type ClientSpec = typeof client extends fc.Arbitrary<infer T> ? T : never;

/** Which form of the credential the server sends back. */
const echoed = fc.constantFrom("authorization", "bare", "base64");
const place = fc.constantFrom(
  "x-echo header",
  "x-request-id header",
  "request-id header",
  "set-cookie header",
  "json message",
  "json nested",
  "text body",
  "html body",
  "the whole body",
);
const answer = fc.record({
  status: fc.constantFrom(200, 201, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504),
  places: fc.uniqueArray(place, { minLength: 1, maxLength: 4 }),
  form: echoed,
});
type Answer = typeof answer extends fc.Arbitrary<infer T> ? T : never;

/** The forms of the credential the client sent, as the server saw them. */
function forms(request: RecordedRequest) {
  const authorization = request.headers.authorization ?? "";
  const encoded = authorization.replace(/^(?:Basic|Bearer) /, "");
  const bare = authorization.startsWith("Basic ") ? (atob(encoded).split(":")[1] ?? "") : encoded;
  return { authorization, bare, base64: encoded };
}

function reply({ status, places, form }: Answer, request: RecordedRequest): Reply {
  const secret = forms(request)[form];
  const headers: Record<string, string> = {};
  // Retried statuses ask for no wait, so a run takes milliseconds.
  if ([429, 502, 503, 504].includes(status)) headers["retry-after"] = "0";
  if (places.includes("x-echo header")) headers["x-echo"] = `got ${secret}`;
  if (places.includes("x-request-id header")) headers["x-request-id"] = `req-${secret}`;
  if (places.includes("request-id header")) headers["request-id"] = secret;
  if (places.includes("set-cookie header")) headers["set-cookie"] = `session=${secret}`;
  if (places.includes("the whole body")) return { status, headers, body: secret };
  if (places.includes("text body")) return { status, headers, body: `invalid key ${secret}` };
  if (places.includes("html body")) {
    return { status, headers, body: `<html><body><p>${secret}</p></body></html>` };
  }
  const json: Record<string, unknown> = { identifier: "u_1", id: "usr_1" };
  if (places.includes("json message")) json.message = `Key ${secret} is not valid`;
  if (places.includes("json nested")) json.error = { detail: [{ header: secret }] };
  return { status, headers, json };
}

/** Everything hooks and the logger received, as text: JSON and a deep `inspect` of each. */
function observe(spec: ClientSpec, logLevel: LogLevel) {
  const seen: unknown[] = [];
  const keep = (...values: unknown[]) => void seen.push(values);
  const logger: Logger = { error: keep, warn: keep, info: keep, debug: keep };
  const hooks: Hooks = { onRequest: keep, onResponse: keep, onRetry: keep, onOutcome: keep };
  const options = {
    baseUrl: server.url,
    hooks: [hooks, logTo(logger, { level: logLevel })],
    maxRetries: 2,
  };
  const call =
    spec.kind === "proficient"
      ? () =>
          createProficientClient({ ...options, secretKey: spec.secretKey }).users.create({
            external_id: "42",
          })
      : () => {
          const { kind: _kind, ...credentials } = spec;
          return createJoyfillClient({ ...options, ...credentials }).users.create({});
        };
  const rendered = () =>
    seen
      .map(
        (values) =>
          `${JSON.stringify(values)}\n${inspect(values, { depth: Infinity, showHidden: true })}`,
      )
      .join("\n");
  return { call, seen, rendered };
}

describe("hooks and logs", () => {
  test("never contain a credential the server echoes back (200 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(
        client,
        fc.array(answer, { minLength: 1, maxLength: 3 }),
        fc.constantFrom<LogLevel>("debug", "info", "warn", "error"),
        async (spec, answers, logLevel) => {
          server.reset();
          server.fallback((request, index) =>
            reply(answers[Math.min(index, answers.length - 1)]!, request),
          );
          const { call, seen, rendered } = observe(spec, logLevel);
          await call().catch(() => undefined);
          const sent = forms(server.requests[0]!);
          const text = rendered();
          expect(seen.length).toBeGreaterThan(0);
          for (const secret of new Set([sent.authorization, sent.bare, sent.base64])) {
            expect(text.includes(secret), `${secret} reached a hook or the log:\n${text}`).toBe(
              false,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});
