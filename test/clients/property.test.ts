/**
 * Property: whatever a server answers — any status, headers, body bytes, JSON or not — a call
 * resolves to the user or rejects with an ApiError whose fields follow the rules.
 *
 * The responses are built in memory and handed over by a custom `fetch`, not sent over a socket:
 * the point here is the normalization of 10 000+ responses, which real sockets would make slow;
 * the network paths are covered on 127.0.0.1 in the other tests of this folder.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ApiError, type ApiErrorCode } from "../../src/index.js";
import { mayHaveActed } from "../support/rejection.js";
import { createJoyfillClient } from "../../src/joyfill.js";
import { createProficientClient } from "../../src/proficient.js";

const CODES: readonly ApiErrorCode[] = [
  "invalid_request",
  "invalid_credentials",
  "forbidden",
  "resource_not_found",
  "conflict",
  "rate_limited",
  "unavailable",
  "unknown",
  "timeout",
  "connection_error",
  "aborted",
];
const SERVER_CODES = CODES.filter(
  (code) => !["timeout", "connection_error", "aborted"].includes(code),
);
const STATUS_CODES: Record<number, ApiErrorCode> = {
  400: "invalid_request",
  401: "invalid_credentials",
  403: "forbidden",
  404: "resource_not_found",
  409: "conflict",
  422: "invalid_request",
  429: "rate_limited",
  502: "unavailable",
  503: "unavailable",
  504: "unavailable",
};
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

const message = fc.oneof(fc.string(), fc.constant(""), fc.constant("  "), fc.integer());
const vendorCode = fc.oneof(fc.constantFrom(...CODES), fc.string(), fc.constant(null));
/** Bodies in the vendors' shapes, users, and anything JSON. */
const jsonBody = fc.oneof(
  fc.record({ error: fc.record({ code: vendorCode, message }, { requiredKeys: [] }) }),
  fc.record({ code: vendorCode, message }, { requiredKeys: [] }),
  fc.record({ message }),
  fc.record({ identifer: fc.string(), type: fc.string() }, { requiredKeys: [] }),
  fc.record({ id: fc.string(), object: fc.constant("user"), external_id: fc.string() }),
  fc.jsonValue(),
);
const bodyBytes = fc.oneof(
  jsonBody.map((value) => new TextEncoder().encode(JSON.stringify(value))),
  fc.uint8Array({ maxLength: 64 }),
  fc
    .constantFrom("<html><body>502 Bad Gateway</body></html>", "", "{", "null")
    .map((text) => new TextEncoder().encode(text)),
);
const headerValue = fc.stringMatching(/^[A-Za-z0-9_.:, -]{1,24}$/);
const headers = fc.record(
  {
    "content-type": fc.constantFrom("application/json", "text/html", "text/plain"),
    "x-request-id": headerValue,
    "retry-after": fc.oneof(headerValue, fc.nat().map(String)),
  },
  { requiredKeys: [] },
);
const exchange = fc.record({
  api: fc.constantFrom("joyfill", "proficient"),
  status: fc.oneof(
    fc.integer({ min: 200, max: 599 }),
    fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504),
  ),
  headers,
  bytes: bodyBytes,
});
type Exchange = typeof exchange extends fc.Arbitrary<infer T> ? T : never;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The response the in-memory `fetch` answers with next (runs are sequential). */
let next: Response;
const options = {
  baseUrl: "http://in-memory.test",
  fetch: () => Promise.resolve(next),
  maxRetries: 0,
};
const clients = {
  joyfill: createJoyfillClient({ accessToken: "at_1", ...options }),
  proficient: createProficientClient({ secretKey: "sk_1", ...options }),
};

function call({ api, status, headers, bytes }: Exchange): Promise<unknown> {
  next = new Response(NULL_BODY_STATUSES.has(status) ? null : bytes, { status, headers });
  return api === "joyfill"
    ? clients.joyfill.users.create({})
    : clients.proficient.users.create({ external_id: "1" });
}

/** What the rules say the outcome must be, worked out independently of the client. */
function expectedOutcome({ api, status, headers, bytes }: Exchange) {
  const text = NULL_BODY_STATUSES.has(status) ? "" : new TextDecoder().decode(bytes);
  const json = parsed(text);
  if (status < 300) {
    if (json.ok && isRecord(json.value)) {
      const user = { ...json.value };
      if (api === "joyfill" && "identifer" in user) {
        if (!("identifier" in user)) user.identifier = user.identifer;
        delete user.identifer;
      }
      return { resolves: user };
    }
    return {
      rejects: {
        status,
        code: "unknown",
        body: text === "" ? undefined : json.ok ? json.value : text,
        vendorActed: "yes",
      },
    };
  }
  // openapi-fetch hands error bodies over already parsed, so the JSON string "" and an empty
  // body look alike; both count as no body.
  const raw = json.ok ? json.value : text;
  const body = raw === "" ? undefined : raw;
  // A 3xx is never followed, and its body never speaks for the vendor.
  const redirect = status < 400;
  const fields = redirect ? {} : isRecord(body) ? (isRecord(body.error) ? body.error : body) : {};
  const code =
    typeof fields.code === "string" && SERVER_CODES.includes(fields.code as ApiErrorCode)
      ? fields.code
      : (STATUS_CODES[status] ?? "unknown");
  const serverMessage =
    typeof fields.message === "string" && fields.message.trim() !== "" ? fields.message : undefined;
  // A 4xx or a 503 says the vendor did not act; a redirect or another 5xx leaves it open.
  const vendorActed = (status >= 400 && status < 500) || status === 503 ? "no" : "maybe";
  const advice = vendorActed === "maybe" ? mayHaveActed() : "";
  return {
    rejects: {
      status,
      code,
      body,
      // Headers trim values; a blank request id counts as none.
      requestId: headers["x-request-id"]?.trim() || undefined,
      vendorActed,
      attempts: 1,
      ...(serverMessage === undefined ? {} : { message: serverMessage + advice }),
    },
  };
}

describe("any response", () => {
  test("becomes the user or an ApiError with a code from the union (10 000 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(exchange, async (input) => {
        const expected = expectedOutcome(input);
        const outcome = await call(input).then(
          (value) => ({ resolves: value }),
          (reason: unknown) => ({ reason }),
        );
        if ("resolves" in expected) {
          expect(outcome).toEqual({ resolves: expected.resolves });
          return;
        }
        expect("reason" in outcome).toBe(true);
        const { reason } = outcome as { reason: unknown };
        expect(reason).toBeInstanceOf(ApiError);
        const error = reason as ApiError;
        expect(CODES).toContain(error.code);
        expect(error.api).toBe(input.api);
        expect(error).toMatchObject(expected.rejects);
        expect(typeof error.message).toBe("string");
        expect(error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});
