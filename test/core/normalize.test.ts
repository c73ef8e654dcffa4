import { describe, expect, test } from "vitest";
import { ApiError, type ApiName } from "../../src/core/api-error.js";
import {
  ERROR_BODY_BYTES,
  errorFromResponse,
  errorFromTransport,
  normalizeResult,
  objectDecoder,
  TRUNCATED,
  type OperationContext,
} from "../../src/core/normalize.js";
import { textRedactor } from "../../src/core/redact.js";

const context: OperationContext = {
  api: "echo" as ApiName,
  displayName: "Echo API",
  operation: "POST /echo",
  redact: textRedactor(["sk_live_secret", "Bearer sk_live_secret"]),
};
const decodeObject = objectDecoder<Record<string, unknown>>();

function response(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

/** Builds what openapi-fetch resolves to with `parseAs: "text"` for a body. */
function fetched(status: number, text: string, headers: Record<string, string> = {}) {
  if (status >= 200 && status < 300) return { data: text, response: response(status, headers) };
  let error: unknown = text;
  try {
    error = JSON.parse(text);
  } catch {
    // Kept as text, as openapi-fetch does.
  }
  return { error, response: response(status, headers) };
}

function expectError(value: unknown): ApiError {
  expect(value).toBeInstanceOf(ApiError);
  return value as ApiError;
}

describe("normalizeResult on 2xx", () => {
  test("returns the parsed JSON object", () => {
    expect(normalizeResult(fetched(200, '{"value":"a"}'), decodeObject, context)).toEqual({
      value: "a",
    });
  });

  test("turns a body that is not JSON into an ApiError unknown, keeping the text and the SyntaxError", () => {
    const error = expectError(
      normalizeResult(fetched(200, "<html>ok</html>"), decodeObject, context),
    );
    expect(error).toMatchObject({
      status: 200,
      code: "unknown",
      message: "Echo API POST /echo answered HTTP 200 with a body that is not JSON.",
      body: "<html>ok</html>",
    });
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  test("turns an empty body into an ApiError unknown", () => {
    const error = expectError(normalizeResult({ response: response(204) }, decodeObject, context));
    expect(error).toMatchObject({
      status: 204,
      code: "unknown",
      message: "Echo API POST /echo answered HTTP 204 with an empty body.",
      body: undefined,
    });
  });

  test.each([["[1,2]"], ["null"], ['"text"'], ["42"]])(
    "turns JSON of the wrong shape (%s) into an ApiError unknown with the parsed body",
    (text) => {
      const error = expectError(normalizeResult(fetched(200, text), decodeObject, context));
      expect(error.code).toBe("unknown");
      expect(error.message).toBe(
        "Echo API POST /echo answered HTTP 200 with a body of an unexpected shape.",
      );
      expect(error.body).toEqual(JSON.parse(text));
    },
  );
});

describe("normalizeResult on hostile 2xx", () => {
  test("keeps the gist of a JSON SyntaxError but not the runtime's quote of the body", () => {
    const error = expectError(
      normalizeResult(fetched(200, '{"token": "sk_live_secret" oops'), decodeObject, context),
    );
    expect(error.body).toBe('{"token": "[redacted]" oops');
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect((error.cause as Error).message).not.toContain("sk_live");
    expect((error.cause as Error).message).toMatch(/JSON at position 27/);
  });

  test("keeps the runtime's words before its quote of the body, without the comma after them", () => {
    const error = expectError(
      normalizeResult(fetched(200, "<html>sk_live_secret</html>"), decodeObject, context),
    );
    expect(error.cause).toEqual(new SyntaxError("Unexpected token '<'"));
  });

  test("says Invalid JSON when the runtime's message is nothing but its quote of the body", () => {
    // V8 words it `"undefined" is not valid JSON`.
    const error = expectError(normalizeResult(fetched(200, "undefined"), decodeObject, context));
    expect(error.cause).toEqual(new SyntaxError("Invalid JSON"));
    expect(error.body).toBe("undefined");
  });

  test("keeps a body of ERROR_BODY_BYTES whole, and cuts and marks one a byte longer", () => {
    const whole = "x".repeat(ERROR_BODY_BYTES);
    const kept = (text: string) =>
      expectError(normalizeResult(fetched(200, text), decodeObject, context)).body;
    expect(kept(whole)).toBe(whole);
    expect(kept(`${whole}y`)).toBe(whole + TRUNCATED);
  });

  test("says the body went past maxResponseBytes, keeping none of it", () => {
    const result = { data: "{", response: response(200), overLimitBytes: 8 * 1024 * 1024 };
    expect(expectError(normalizeResult(result, decodeObject, context))).toMatchObject({
      status: 200,
      code: "unknown",
      message: "Echo API POST /echo answered HTTP 200 with a body over maxResponseBytes (8 MiB).",
      body: undefined,
    });
  });

  test("treats a decoder that throws as a body of the wrong shape", () => {
    const throwing = () => {
      throw new RangeError("Maximum call stack size exceeded");
    };
    expect(expectError(normalizeResult(fetched(200, "{}"), throwing, context))).toMatchObject({
      code: "unknown",
      message: "Echo API POST /echo answered HTTP 200 with a body of an unexpected shape.",
    });
  });
});

describe("errorFromResponse", () => {
  test.each([
    [400, "invalid_request"],
    [401, "invalid_credentials"],
    [403, "forbidden"],
    [404, "resource_not_found"],
    [408, "unknown"],
    [409, "conflict"],
    [418, "unknown"],
    [422, "invalid_request"],
    [429, "rate_limited"],
    [500, "unknown"],
    [502, "unavailable"],
    [503, "unavailable"],
    [504, "unavailable"],
  ])("maps HTTP %i without a vendor code to %s", (status, code) => {
    expect(errorFromResponse(response(status), undefined, context).code).toBe(code);
  });

  test("keeps the vendor's nested code and message ({ error: { code, message } })", () => {
    const body = { error: { code: "conflict", message: "external_id is taken" } };
    expect(errorFromResponse(response(400), body, context)).toMatchObject({
      status: 400,
      code: "conflict",
      message: "external_id is taken",
      body,
    });
  });

  test("keeps the vendor's flat code and message ({ code, message })", () => {
    const body = { code: "forbidden", message: "Admin only" };
    expect(errorFromResponse(response(400), body, context)).toMatchObject({
      code: "forbidden",
      message: "Admin only",
    });
  });

  test("uses a bare { message } with the status-derived code", () => {
    expect(errorFromResponse(response(404), { message: "No such user" }, context)).toMatchObject({
      code: "resource_not_found",
      message: "No such user",
    });
  });

  test("ignores a vendor code outside the union and falls back to the status", () => {
    const body = { error: { code: "teapot", message: "short and stout" } };
    expect(errorFromResponse(response(400), body, context).code).toBe("invalid_request");
  });

  test("does not let a server claim a transport code such as timeout", () => {
    expect(errorFromResponse(response(504), { code: "timeout" }, context).code).toBe("unavailable");
  });

  test("describes the failure itself when the body has no usable message", () => {
    const statusText = new Response(null, { status: 502, statusText: "Bad Gateway" });
    expect(errorFromResponse(statusText, "<html>…</html>", context).message).toBe(
      "Echo API POST /echo failed with HTTP 502 Bad Gateway.",
    );
    expect(errorFromResponse(response(500), { message: "  " }, context).message).toBe(
      "Echo API POST /echo failed with HTTP 500.",
    );
  });

  test("reads the request id from x-request-id, else request-id", () => {
    const both = response(500, { "x-request-id": "req_x", "request-id": "req_plain" });
    expect(errorFromResponse(both, undefined, context).requestId).toBe("req_x");
    const plain = response(500, { "request-id": "req_plain" });
    expect(errorFromResponse(plain, undefined, context).requestId).toBe("req_plain");
    expect(errorFromResponse(response(500), undefined, context).requestId).toBeUndefined();
  });

  test("redacts secrets from the message and, deeply, from the body", () => {
    const body = {
      error: { code: "invalid_credentials", message: "Key sk_live_secret was revoked" },
      echo: ["Bearer sk_live_secret"],
    };
    const error = errorFromResponse(response(401), body, context);
    expect(error.message).toBe("Key [redacted] was revoked");
    expect(error.body).toEqual({
      error: { code: "invalid_credentials", message: "Key [redacted] was revoked" },
      echo: ["[redacted]"],
    });
  });

  test("redacts the request id, and keys of the body as well as values", () => {
    const echoed = response(500, { "x-request-id": "req-sk_live_secret" });
    const error = errorFromResponse(echoed, { sk_live_secret: "sk_live_secret" }, context);
    expect(error.requestId).toBe("req-[redacted]");
    expect(error.body).toEqual({ "[redacted]": "[redacted]" });
  });

  test("describes a redirect by its Location, and takes no code from a 3xx body", () => {
    const redirect = new Response(null, {
      status: 302,
      statusText: "Found",
      headers: { location: "https://elsewhere.test/users?key=sk_live_secret" },
    });
    const body = { error: { code: "unavailable", message: "come here" } };
    expect(errorFromResponse(redirect, body, context)).toMatchObject({
      status: 302,
      code: "unknown",
      message:
        "Echo API POST /echo was redirected (HTTP 302 Found) to https://elsewhere.test/users?key=[redacted], " +
        "which the client does not follow; set baseUrl to the final URL if the move is expected.",
    });
    const bare = errorFromResponse(response(300), body, context);
    expect(bare).toMatchObject({
      code: "unknown",
      message: "Echo API POST /echo failed with HTTP 300.",
    });
  });

  test("describes a browser's opaque redirect, whose status 0 and target say nothing", () => {
    const opaque = Response.error();
    Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
    expect(errorFromResponse(opaque, undefined, context)).toMatchObject({
      status: 0,
      code: "unknown",
      message:
        "Echo API POST /echo was redirected to a location the browser does not disclose, " +
        "which the client does not follow; set baseUrl to the final URL if the move is expected.",
    });
  });

  test("takes an error status with a Location header for the error it is, not a redirect", () => {
    const body = { message: "Bad input" };
    const error = errorFromResponse(
      response(400, { location: "https://elsewhere.test/" }),
      body,
      context,
    );
    expect(error).toMatchObject({ status: 400, message: "Bad input" });
  });

  test('keeps a JSON key named "__proto__" as data while redacting, never as a prototype', () => {
    const body = JSON.parse('{"__proto__":["sk_live_secret"],"note":"x"}') as unknown;
    const error = errorFromResponse(response(300), body, context);
    expect(Object.getPrototypeOf(error.body)).toBe(Object.prototype);
    expect(Object.keys(error.body as object)).toEqual(["__proto__", "note"]);
    expect(Object.getOwnPropertyDescriptor(error.body, "__proto__")?.value).toEqual(["[redacted]"]);
  });
});

describe("errorFromTransport", () => {
  const transport = { ...context, baseUrl: "http://127.0.0.1:1", timeoutMs: 250 };

  test("names the timeout and how to change it", () => {
    const error = errorFromTransport("timeout", new Error("aborted"), transport);
    expect(error).toMatchObject({ status: undefined, code: "timeout", body: undefined });
    expect(error.message).toBe(
      "Echo API POST /echo timed out after 250 ms; raise timeoutMs if the API is slow.",
    );
  });

  test("names the deepest cause of a connection failure", () => {
    const cause = new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
    const error = errorFromTransport("connection_error", cause, transport);
    expect(error.message).toBe(
      "Echo API POST /echo could not reach http://127.0.0.1:1: connect ECONNREFUSED.",
    );
    expect(error.cause).toBe(cause);
  });

  test("skips empty messages in the chain of causes, and says when there is none", () => {
    const where = "Echo API POST /echo could not reach http://127.0.0.1:1";
    const message = (cause: unknown) =>
      errorFromTransport("connection_error", cause, transport).message;
    expect(message(new Error("socket hang up", { cause: new Error("") }))).toBe(
      `${where}: socket hang up.`,
    );
    expect(message(new Error(""))).toBe(`${where}: unknown network failure.`);
    expect(message("a thrown string")).toBe(`${where}: unknown network failure.`);
  });

  test("reads the causes five deep at most", () => {
    let cause: Error | undefined;
    for (let level = 5; level >= 0; level--) cause = new Error(`level ${level}`, { cause });
    expect(errorFromTransport("connection_error", cause, transport).message).toBe(
      "Echo API POST /echo could not reach http://127.0.0.1:1: level 4.",
    );
  });

  test("says what answered when the failure came after the answer", () => {
    const cause = new TypeError("terminated", { cause: new Error("other side closed") });
    const answered = new Response(null, { status: 503, statusText: "Service Unavailable" });
    const error = errorFromTransport("connection_error", cause, transport, answered);
    expect(error).toMatchObject({ status: undefined, code: "connection_error", cause });
    expect(error.message).toBe(
      "Echo API POST /echo was answered HTTP 503 Service Unavailable by http://127.0.0.1:1, " +
        "then failed: other side closed.",
    );
    expect(errorFromTransport("timeout", cause, transport, answered).message).toBe(
      "Echo API POST /echo timed out after 250 ms; raise timeoutMs if the API is slow.",
    );
  });

  test("says the caller aborted", () => {
    const reason = new DOMException("stop", "AbortError");
    const error = errorFromTransport("aborted", reason, transport);
    expect(error.message).toBe("Echo API POST /echo was aborted by the caller's signal.");
    expect(error.cause).toBe(reason);
  });
});

describe("objectDecoder", () => {
  const decode = objectDecoder<Record<string, unknown>>({
    renamedFields: { identifer: "identifier" },
  });

  test("renames a misspelled field", () => {
    expect(decode({ identifer: "u_1", group: "g" })).toEqual({ identifier: "u_1", group: "g" });
  });

  test("keeps the documented field when both spellings arrive", () => {
    expect(decode({ identifer: "old", identifier: "new" })).toEqual({ identifier: "new" });
  });

  test("adds no field when the misspelled one is absent", () => {
    expect(Object.keys(decode({ group: "g" }) ?? {})).toEqual(["group"]);
  });

  test("rejects anything that is not a JSON object", () => {
    expect([[], null, "x", 1, true].map(decode)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
