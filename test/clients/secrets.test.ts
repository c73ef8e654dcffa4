/**
 * Property: whatever a server on 127.0.0.1 echoes of the credential, and wherever it puts it
 * (request-id headers, status text, Location, JSON keys and values at any depth, vendor
 * messages, invalid JSON around it, a body cut at the cap in the middle of it), no field of
 * the resulting ApiError carries it: not `message`, `stack`, `requestId`, `body`, `cause`
 * (message, stack, inspection), `JSON.stringify(error)` nor `util.inspect(error)`.
 */
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { ApiError } from "../../src/index.js";
import { createJoyfillClient } from "../../src/joyfill.js";
import { createProficientClient } from "../../src/proficient.js";
import { startHostileServer, type HostileServer } from "./hostile-server.js";
import { mayHaveActed } from "../support/rejection.js";

const ERROR_BODY_BYTES = 64 * 1024;
const TRUNCATED = "…[truncated]";

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

/** Printable ASCII without spaces: what a key or token is made of, quotes and backslashes included. */
const secretText = fc.stringMatching(/^[!-~]{8,32}$/);
const credential = fc.oneof(
  fc.record({ kind: fc.constant("joyfill-token" as const), token: secretText }),
  fc.record({
    kind: fc.constant("joyfill-keys" as const),
    publicKey: fc.stringMatching(/^pk_[A-Za-z0-9]{4,12}$/),
    secretKey: secretText,
  }),
  fc.record({ kind: fc.constant("proficient" as const), token: secretText.map((s) => `sk_${s}`) }),
);
type CredentialInput = typeof credential extends fc.Arbitrary<infer T> ? T : never;

const bodyKind = fc.constantFrom(
  "none",
  "vendor-message",
  "flat-code-and-message",
  "keys-and-values",
  "invalid-json",
  "html",
  "cut-at-cap",
);
const scenario = fc.record({
  credential,
  status: fc.constantFrom(200, 201, 301, 302, 307, 400, 401, 403, 404, 409, 422, 429, 500, 503),
  /** Which of the echoed forms the server uses: the header, the token, the secret half… */
  form: fc.nat(),
  inRequestId: fc.boolean(),
  inPlainRequestId: fc.boolean(),
  inStatusText: fc.boolean(),
  inOtherHeader: fc.boolean(),
  body: bodyKind,
  depth: fc.integer({ min: 1, max: 150 }),
  /** Where a cut body stops inside the secret: this many of its characters fit. */
  cutAfter: fc.nat(),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Every form of the credential a server can echo: the header, its value, the secret itself. */
function echoForms(authorization: string): string[] {
  const [scheme, value = ""] = authorization.split(" ");
  if (scheme !== "Basic") return [authorization, value];
  const decoded = Buffer.from(value, "base64").toString("latin1");
  return [authorization, value, decoded, decoded.slice(decoded.indexOf(":") + 1)];
}

/** The values that must never appear in an error for this credential. */
function secretsOf(input: CredentialInput): string[] {
  if (input.kind === "joyfill-keys") {
    const encoded = Buffer.from(`${input.publicKey}:${input.secretKey}`, "latin1").toString(
      "base64",
    );
    return [`Basic ${encoded}`, encoded, input.secretKey];
  }
  return [`Bearer ${input.token}`, input.token];
}

function nestedKeysAndValues(secret: string, depth: number): unknown {
  let value: unknown = [secret, { [secret]: `…${secret}…` }];
  for (let level = 0; level < depth; level++) value = { [secret]: value, note: secret };
  return value;
}

function bodyFor(input: Scenario, secret: string): { type: string; text: string } {
  switch (input.body) {
    case "none":
      return { type: "text/plain", text: "" };
    case "vendor-message":
      return {
        type: "application/json",
        text: JSON.stringify({
          error: { code: "invalid_credentials", message: `key ${secret} revoked` },
        }),
      };
    case "flat-code-and-message":
      return { type: "application/json", text: JSON.stringify({ code: secret, message: secret }) };
    case "keys-and-values":
      return {
        type: "application/json",
        text: JSON.stringify(nestedKeysAndValues(secret, input.depth)),
      };
    case "invalid-json":
      return { type: "application/json", text: `{"echo": "${secret}", oops ${secret}` };
    case "html":
      return { type: "text/html", text: `<html><body><pre>${secret}</pre></body></html>` };
    case "cut-at-cap": {
      const fitting = 1 + (input.cutAfter % (secret.length - 1));
      return {
        type: "text/plain",
        text: `${"-".repeat(ERROR_BODY_BYTES - fitting)}${secret} and more`,
      };
    }
  }
}

let current: Scenario;
function answer(request: { headers: { authorization?: string } }) {
  const forms = echoForms(request.headers.authorization ?? "");
  const secret = forms[current.form % forms.length] ?? "";
  const { type, text } = bodyFor(current, secret);
  const headers: Record<string, string> = { "content-type": type };
  if (current.inRequestId) headers["x-request-id"] = `req_${secret}`;
  if (current.inPlainRequestId) headers["request-id"] = secret;
  if (current.inOtherHeader) headers["www-authenticate"] = `Bearer error="${secret}"`;
  if (current.status >= 300 && current.status < 400) {
    headers["location"] = `http://127.0.0.1:1/${secret}`;
  }
  const statusText = current.inStatusText ? `Echo ${secret}` : undefined;
  return { statusText, headers, text };
}

function call(input: CredentialInput) {
  const options = { baseUrl: server.url, maxRetries: 0 };
  switch (input.kind) {
    case "joyfill-token":
      return createJoyfillClient({ accessToken: input.token, ...options }).users.create({});
    case "joyfill-keys":
      return createJoyfillClient({
        publicKey: input.publicKey,
        secretKey: input.secretKey,
        ...options,
      }).users.create({});
    case "proficient":
      return createProficientClient({ secretKey: input.token, ...options }).users.create({
        external_id: "1",
      });
  }
}

/** Every text through which an error could show a secret. */
function surfaces(error: ApiError): Record<string, string> {
  const cause = error.cause;
  return {
    message: error.message,
    stack: String(error.stack),
    requestId: String(error.requestId),
    body: JSON.stringify(error.body) ?? "undefined",
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: Infinity, showHidden: true }),
    causeMessage: cause instanceof Error ? cause.message : String(cause),
    causeStack: cause instanceof Error ? String(cause.stack) : "",
    causeInspect: inspect(cause, { depth: Infinity, showHidden: true }),
  };
}

/** Our own fixed texts; a generated secret inside one of them could not be told from it. */
const OWN_TEXTS = "[redacted]…[truncated][too deep] Joyfill API Proficient API POST /users";

describe("a server echoing the credential", () => {
  test("never gets it into any field of the error (400 runs)", async () => {
    server.handle((request, response) => {
      const { statusText, headers, text } = answer(request);
      if (statusText === undefined) response.writeHead(current.status, headers);
      else response.writeHead(current.status, statusText, headers);
      response.end(text);
    });
    await fc.assert(
      fc.asyncProperty(scenario, async (input) => {
        const secrets = secretsOf(input.credential);
        fc.pre(secrets.every((secret) => !OWN_TEXTS.includes(secret)));
        current = input;
        const outcome = await call(input.credential).then(
          () => undefined,
          (reason: unknown) => reason,
        );
        // A 2xx JSON object is the caller's user: nothing to check.
        if (outcome === undefined) return;
        expect(outcome).toBeInstanceOf(ApiError);
        const error = outcome as ApiError;
        for (const [field, text] of Object.entries(surfaces(error))) {
          for (const secret of secrets) {
            if (text.includes(secret)) {
              expect.fail(`${field} carries a secret (${input.credential.kind}, ${input.body})`);
            }
          }
        }
        if (input.body === "cut-at-cap" && typeof error.body === "string") {
          const kept = error.body.slice(0, -TRUNCATED.length);
          expect(error.body.endsWith(TRUNCATED)).toBe(true);
          for (const secret of secrets) {
            for (let length = 1; length < secret.length; length++) {
              if (kept.endsWith(secret.slice(0, length))) {
                expect.fail(`the cut body ends with ${length} characters of a secret`);
              }
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  }, 120_000);
});

describe("a custom fetch whose error quotes the request's Authorization", () => {
  test("leaves no trace of it in the error or its cause", async () => {
    const token = "at_quoted_secret_42";
    const client = createJoyfillClient({
      accessToken: token,
      baseUrl: server.url,
      maxRetries: 0,
      fetch: async (request) => {
        const header = request.headers.get("authorization");
        throw new TypeError(`fetch failed for ${header}`, {
          cause: Object.assign(new Error(`invalid header value ${header}`), { header }),
        });
      },
    });
    const error = (await client.users.create({}).catch((reason: unknown) => reason)) as ApiError;
    expect(error).toMatchObject({
      code: "connection_error",
      message: `Joyfill API POST /users could not reach ${server.url}: invalid header value [redacted].${mayHaveActed()}`,
    });
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toBe("fetch failed for [redacted]");
    expect((error.cause as Error).name).toBe("TypeError");
    for (const text of Object.values(surfaces(error))) expect(text).not.toContain(token);
  });
});
