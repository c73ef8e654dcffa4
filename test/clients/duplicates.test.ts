/**
 * A create is never silently repeated: against a 127.0.0.1 server that counts the users it
 * creates (every POST that reaches it), each fault after which the vendor may have created the
 * user leads to at most one creation per call unless the call carries an idempotency key; with
 * a key, every attempt carries the same one and the retries happen; failures the vendor
 * certainly did not act on are still retried.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createJoyfillClient } from "../../src/joyfill.js";
import { createProficientClient } from "../../src/proficient.js";
import { mayHaveActed, rejection } from "../support/rejection.js";
import { startTestServer, type Reply, type TestServer } from "../support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

/** Options both facades take in these tests. */
interface Options {
  timeoutMs?: number;
  maxRetries?: number;
  fetch?: (request: Request, init?: RequestInit) => Promise<Response>;
}

const facades = {
  joyfill: (options: Options = {}) => {
    const client = createJoyfillClient({ accessToken: "at_1", baseUrl: server.url, ...options });
    return (callOptions?: { idempotencyKey?: string }) =>
      client.users.create({ identifier: "u_1" }, callOptions);
  },
  proficient: (options: Options = {}) => {
    const client = createProficientClient({ secretKey: "sk_1", baseUrl: server.url, ...options });
    return (callOptions?: { idempotencyKey?: string }) =>
      client.users.create({ external_id: "42" }, callOptions);
  },
};

/**
 * The users the server created: every request that reached it, once `sent` requests have (a
 * request the client gave up on may still be on its way).
 */
const created = async (sent: number) => {
  await server.waitForRequests(sent);
  return server.requests.length;
};

/** A server reply that answers only after the client's 200 ms timeout. */
const SLOW: Reply = { delayMs: 400, status: 201, json: { id: "usr_1" } };

const faults = [
  {
    fault: "creates the user and answers after the client's timeout",
    reply: SLOW,
    code: "timeout",
    message: (api: string) =>
      `${api} API POST /users timed out after 200 ms; raise timeoutMs if the API is slow.`,
  },
  {
    fault: "creates the user, then the connection drops",
    reply: { destroy: true } as Reply,
    code: "connection_error",
    message: (api: string) =>
      `${api} API POST /users could not reach ${server.url}: other side closed.`,
  },
  {
    fault: "creates the user behind a gateway that answers 502",
    reply: { status: 502, headers: { "retry-after": "0" } },
    code: "unavailable",
    message: (api: string) => `${api} API POST /users failed with HTTP 502 Bad Gateway.`,
  },
  {
    fault: "creates the user behind a gateway that answers 504",
    reply: { status: 504, headers: { "retry-after": "0" } },
    code: "unavailable",
    message: (api: string) => `${api} API POST /users failed with HTTP 504 Gateway Timeout.`,
  },
] as const;

const displayNames = { joyfill: "Joyfill", proficient: "Proficient" } as const;

describe.each(["joyfill", "proficient"] as const)("%s users.create", (api) => {
  test.each(faults)(
    "$fault: one user, and the error says it may exist",
    async ({ reply, code, message }) => {
      server.fallback(reply);
      const error = await rejection(facades[api]({ timeoutMs: 200 })());
      expect(await created(1)).toBe(1);
      expect(error).toMatchObject({
        code,
        vendorActed: "maybe",
        attempts: 1,
        message: message(displayNames[api]) + mayHaveActed(),
      });
    },
  );

  test.each(faults)(
    "$fault: with an idempotency key, retried with the same key on every attempt",
    async ({ reply, code }) => {
      server.fallback(reply);
      const error = await rejection(
        facades[api]({ timeoutMs: 200, maxRetries: 1 })({ idempotencyKey: "create-u_1" }),
      );
      expect(error).toMatchObject({ code, vendorActed: "maybe", attempts: 2 });
      expect(await created(2)).toBe(2);
      expect(server.requests.map((request) => request.headers["idempotency-key"])).toEqual([
        "create-u_1",
        "create-u_1",
      ]);
    },
  );

  test.each([408, 429, 503])(
    "a %i, which the vendor did not act on, is retried and the call succeeds",
    async (status) => {
      server.reply({ status, headers: { "retry-after": "0" } }, { status: 201, json: { id: "u" } });
      await expect(facades[api]()()).resolves.toEqual({ id: "u" });
      expect(server.requests).toHaveLength(2);
      expect(server.requests[0]?.headers["idempotency-key"]).toBeUndefined();
    },
  );

  test("a refused connection is retried and the call succeeds", async () => {
    let refusals = 1;
    const error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      code: "ECONNREFUSED",
    });
    const fetch = (request: Request, init?: RequestInit) =>
      refusals-- > 0
        ? Promise.reject(new TypeError("fetch failed", { cause: error }))
        : globalThis.fetch(request, init);
    server.reply({ status: 201, json: { id: "u" } });
    await expect(facades[api]({ fetch })()).resolves.toEqual({ id: "u" });
    expect(await created(1)).toBe(1);
  });

  test("a browser's opaque failure after handing the request over is not retried", async () => {
    const fetch = async (request: Request, init?: RequestInit) => {
      await globalThis.fetch(request, init);
      throw new TypeError("Failed to fetch");
    };
    const error = await rejection(facades[api]({ fetch })());
    expect(error).toMatchObject({ code: "connection_error", vendorActed: "maybe", attempts: 1 });
    expect(await created(1)).toBe(1);
  });
});
