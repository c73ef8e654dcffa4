import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createJoyfillClient } from "../../src/joyfill.js";
import { createProficientClient } from "../../src/proficient.js";
import { createJoyfillFake, createProficientFake } from "../../src/testing.js";
import { mswHandlers } from "../../src/testing/msw.js";
import { rejection } from "../support/rejection.js";
import { startTestServer } from "../support/test-server.js";

const joyfillFake = createJoyfillFake();
const proficientFake = createProficientFake();
const server = setupServer(...mswHandlers(joyfillFake), ...mswHandlers(proficientFake));

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  joyfillFake.reset();
  proficientFake.reset();
});
afterAll(() => server.close());

// No fetch option: the clients use the global fetch, which MSW intercepts.
const joyfill = createJoyfillClient({ accessToken: "at_1", maxRetries: 0 });
const proficient = createProficientClient({ secretKey: "sk_1", maxRetries: 0 });

describe("the fakes as MSW handlers", () => {
  test("answer a server the fake was given with trailing slashes, at its paths", async () => {
    const fake = createJoyfillFake({ baseUrl: "http://127.0.0.1:9/v1//" });
    server.use(...mswHandlers(fake));
    const client = createJoyfillClient({
      accessToken: "at_1",
      baseUrl: "http://127.0.0.1:9/v1",
      maxRetries: 0,
    });
    expect(await client.users.create({ identifier: "u_2" })).toMatchObject({ identifier: "u_2" });
    expect(fake.users.create.requests.map(({ url }) => url)).toEqual([
      "http://127.0.0.1:9/v1/users",
    ]);
  });

  test("answer the global fetch with the fakes' successes and record the requests", async () => {
    expect(await joyfill.users.create({ identifier: "u_1" })).toMatchObject({ identifier: "u_1" });
    expect(await proficient.users.create({ external_id: "42" })).toMatchObject({
      external_id: "42",
      object: "user",
    });
    expect(joyfillFake.users.create.requests.map(({ auth, body }) => [auth, body])).toEqual([
      ["bearer", { identifier: "u_1" }],
    ]);
    expect(proficientFake.users.created).toHaveLength(1);
  });

  test("answer queued failures in the vendor's format", async () => {
    proficientFake.users.create.failNext("conflict");
    expect(await rejection(proficient.users.create({ external_id: "42" }))).toMatchObject({
      code: "conflict",
      status: 400,
      body: { error: { code: "conflict", message: "Conflict" } },
    });
  });

  test("turn a lost answer into MSW's network error, after recording the creation", async () => {
    joyfillFake.users.create.failNext("answer_lost");
    expect((await rejection(joyfill.users.create({ identifier: "u_1" }))).code).toBe(
      "connection_error",
    );
    expect(joyfillFake.users.created.map((user) => user.identifier)).toEqual(["u_1"]);
  });

  test("turn a refused connection into the same network error, which the client does not retry", async () => {
    const proficientRetrying = createProficientClient({ secretKey: "sk_1" });
    proficientFake.users.create.failNext("connection_refused");
    expect(await rejection(proficientRetrying.users.create({ external_id: "42" }))).toMatchObject({
      code: "connection_error",
      vendorActed: "maybe",
      attempts: 1,
    });
    expect(proficientFake.users.created).toEqual([]);
  });

  test("never let a failed connection through to the real server", async () => {
    const real = await startTestServer();
    try {
      const fake = createProficientFake({ baseUrl: real.url });
      server.use(...mswHandlers(fake));
      fake.users.create.failNext("connection_dropped");
      // Without a body, which the fake would have read: a request MSW could still send as it is.
      const failure = await fetch(`${real.url}/users`, {
        method: "POST",
        headers: { authorization: "Bearer sk_1" },
      }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TypeError);
      expect([fake.users.create.requests.length, real.requests.length]).toEqual([1, 0]);
    } finally {
      await real.close();
    }
  });

  test("let a slow answer time out", async () => {
    joyfillFake.users.create.failNext("slow");
    const error = await rejection(joyfill.users.create({}, { timeoutMs: 20 }));
    expect(error.code).toBe("timeout");
  });
});
