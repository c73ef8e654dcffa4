import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { ApiError } from "../../src/index.js";
import { createJoyfillClient } from "../../src/joyfill.js";
import { createProficientClient } from "../../src/proficient.js";
import { mayHaveActed, rejection } from "../support/rejection.js";
import { startTestServer, unusedPortUrl, type TestServer } from "../support/test-server.js";

const BAD_GATEWAY_PAGE = readFileSync(
  new URL("../fixtures/clients/bad-gateway.html", import.meta.url),
  "utf8",
);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

function joyfill(options: Parameters<typeof createJoyfillClient>[0] = {}) {
  return createJoyfillClient({
    publicKey: "pk_test",
    secretKey: "sk_test_joyfill",
    baseUrl: server.url,
    maxRetries: 0,
    ...options,
  });
}

function proficient(options: Parameters<typeof createProficientClient>[0] = {}) {
  return createProficientClient({
    secretKey: "sk_test_proficient",
    baseUrl: server.url,
    maxRetries: 0,
    ...options,
  });
}

describe("error responses", () => {
  test("an HTML error page from a proxy keeps the status-derived code and the page as text", async () => {
    server.reply({
      status: 502,
      headers: { "content-type": "text/html" },
      body: BAD_GATEWAY_PAGE,
    });
    expect(await rejection(joyfill().users.create({}))).toMatchObject({
      api: "joyfill",
      status: 502,
      code: "unavailable",
      message: `Joyfill API POST /users failed with HTTP 502 Bad Gateway.${mayHaveActed()}`,
      vendorActed: "maybe",
      requestId: undefined,
      body: BAD_GATEWAY_PAGE,
    });
  });

  test("an empty error body gives body undefined and a message naming the status", async () => {
    server.reply({ status: 404 });
    expect(await rejection(proficient().users.create({ external_id: "1" }))).toMatchObject({
      status: 404,
      code: "resource_not_found",
      message: "Proficient API POST /users failed with HTTP 404 Not Found.",
      body: undefined,
    });
  });

  test("an empty chunked error body also gives body undefined", async () => {
    server.reply({ status: 409, headers: { "transfer-encoding": "chunked" }, body: "" });
    expect(await rejection(joyfill().users.create({}))).toMatchObject({
      status: 409,
      code: "conflict",
      body: undefined,
    });
  });

  test.each([
    ["an array", [1, 2]],
    ["a string", "nope"],
    ["an object without code or message", { detail: "x" }],
    ["a nested error of the wrong types", { error: { code: 7, message: false } }],
  ])("an error body of the wrong shape (%s) is kept as the body", async (_, json) => {
    server.reply({ status: 401, json });
    expect(await rejection(proficient().users.create({ external_id: "1" }))).toMatchObject({
      status: 401,
      code: "invalid_credentials",
      message: "Proficient API POST /users failed with HTTP 401 Unauthorized.",
      body: json,
    });
  });

  test("an error status gives an error with no cause property at all", async () => {
    server.reply({ status: 404, json: { message: "No such user" } });
    const error = await rejection(joyfill().users.create({}));
    expect(error).toMatchObject({ status: 404, message: "No such user" });
    expect(Object.hasOwn(error, "cause")).toBe(false);
  });

  test("carries the request id from x-request-id", async () => {
    server.reply({ status: 500, headers: { "x-request-id": "req_abc" }, json: {} });
    expect((await rejection(joyfill().users.create({}))).requestId).toBe("req_abc");
  });
});

describe("success responses that cannot be used", () => {
  test("a 200 whose body is not JSON rejects with ApiError unknown, never a SyntaxError", async () => {
    server.reply({ status: 200, headers: { "content-type": "application/json" }, body: "{oops" });
    const error = await rejection(joyfill().users.create({}));
    expect(error).toMatchObject({
      status: 200,
      code: "unknown",
      message: "Joyfill API POST /users answered HTTP 200 OK with a body that is not JSON.",
      body: "{oops",
    });
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  test("a 200 with an empty body rejects with ApiError unknown", async () => {
    server.reply({ status: 200 });
    expect(await rejection(proficient().users.create({ external_id: "1" }))).toMatchObject({
      status: 200,
      code: "unknown",
      message: "Proficient API POST /users answered HTTP 200 OK with an empty body.",
    });
  });

  test("a 204 rejects with ApiError unknown", async () => {
    server.reply({ status: 204 });
    expect((await rejection(joyfill().users.create({}))).code).toBe("unknown");
  });

  test("a 200 with a JSON array rejects with ApiError unknown and keeps the array", async () => {
    server.reply({ json: [{ id: "usr_1" }] });
    expect(await rejection(proficient().users.create({ external_id: "1" }))).toMatchObject({
      status: 200,
      code: "unknown",
      message:
        "Proficient API POST /users answered HTTP 200 OK with a body of an unexpected shape.",
      body: [{ id: "usr_1" }],
    });
  });
});

describe("transport failures", () => {
  test("a refused connection is connection_error with the original error as cause", async () => {
    const error = await rejection(joyfill({ baseUrl: await unusedPortUrl() }).users.create({}));
    expect(error).toMatchObject({ status: undefined, code: "connection_error", body: undefined });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  test("a connection reset is connection_error", async () => {
    server.reply({ destroy: true });
    expect((await rejection(proficient().users.create({ external_id: "1" }))).code).toBe(
      "connection_error",
    );
  });

  test("our timeout is timeout", async () => {
    server.reply({ hang: "before-headers" });
    const error = await rejection(joyfill({ timeoutMs: 25 }).users.create({}));
    expect(error).toMatchObject({
      code: "timeout",
      message: `Joyfill API POST /users timed out after 25 ms; raise timeoutMs if the API is slow.${mayHaveActed()}`,
    });
  });

  test("the caller's signal is aborted", async () => {
    server.reply({ hang: "before-headers" });
    const controller = new AbortController();
    const call = proficient().users.create({ external_id: "1" }, { signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort();
    expect((await rejection(call)).code).toBe("aborted");
  });
});

describe("secrets never leak", () => {
  const secrets = {
    joyfillKeys: ["sk_test_joyfill", Buffer.from("pk_test:sk_test_joyfill").toString("base64")],
    joyfillToken: ["at_secret_token"],
    proficient: ["sk_test_proficient"],
  };
  const clients = {
    joyfillKeys: () => joyfill().users.create({}),
    joyfillToken: () =>
      createJoyfillClient({
        accessToken: "at_secret_token",
        baseUrl: server.url,
        maxRetries: 0,
      }).users.create({}),
    proficient: () => proficient().users.create({ external_id: "1" }),
  };

  function expectNoSecret(error: ApiError, forbidden: readonly string[]) {
    const renderings = {
      message: error.message,
      stack: error.stack ?? "",
      json: JSON.stringify(error),
      inspect: inspect(error, { depth: Infinity, showHidden: true }),
    };
    for (const [where, text] of Object.entries(renderings)) {
      for (const secret of forbidden) {
        expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
      }
    }
  }

  test.each(Object.keys(clients) as (keyof typeof clients)[])(
    "%s: not even when the server echoes the Authorization header",
    async (kind) => {
      server.fallback((request) => ({
        status: 401,
        json: {
          message: `Rejected ${request.headers.authorization}`,
          echo: { authorization: request.headers.authorization },
        },
      }));
      const error = await rejection(clients[kind]());
      expect(error.message).toBe("Rejected [redacted]");
      expect(error.body).toEqual({
        message: "Rejected [redacted]",
        echo: { authorization: "[redacted]" },
      });
      expectNoSecret(error, secrets[kind]);
    },
  );

  test.each(Object.keys(clients) as (keyof typeof clients)[])(
    "%s: not in transport errors",
    async (kind) => {
      server.fallback({ destroy: true });
      expectNoSecret(await rejection(clients[kind]()), secrets[kind]);
    },
  );

  test("JSON.stringify gives the fields that help, without cause or stack", async () => {
    server.reply({ status: 429, headers: { "request-id": "req_1" }, json: { message: "Slow" } });
    const error = await rejection(joyfill().users.create({}));
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "ApiError",
      api: "joyfill",
      status: 429,
      code: "rate_limited",
      message: "Slow",
      requestId: "req_1",
      body: { message: "Slow" },
      vendorActed: "no",
      attempts: 1,
    });
  });
});
