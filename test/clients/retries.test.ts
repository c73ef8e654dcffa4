import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createJoyfillClient } from "../../src/joyfill.js";
import { createProficientClient } from "../../src/proficient.js";
import { rejection } from "../support/rejection.js";
import { trackTimers } from "../support/resources.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** The server asks for no wait, so these tests do not sleep through the default backoff. */
const now = { "retry-after": "0" };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const joyfill = (options: { maxRetries?: number } = {}) =>
  createJoyfillClient({ accessToken: "at_1", baseUrl: server.url, ...options });
const proficient = (options: { maxRetries?: number } = {}) =>
  createProficientClient({ secretKey: "sk_1", baseUrl: server.url, ...options });

describe("retries through the facades", () => {
  test("maxRetries defaults to 2: three requests, then the last error", async () => {
    server.fallback({ status: 503, headers: now, json: { message: "Down for maintenance" } });
    expect(await rejection(joyfill().users.create({}))).toMatchObject({
      status: 503,
      code: "unavailable",
      message: "Down for maintenance",
    });
    expect(server.requests).toHaveLength(3);
  });

  test("resends the same request, credentials included, until it succeeds", async () => {
    server.reply({ status: 429, headers: now }, { status: 408, headers: now }, { json: {} });
    await proficient().users.create({ external_id: "42" });
    expect(server.requests.map(({ body, headers }) => [body, headers.authorization])).toEqual([
      ['{"external_id":"42"}', "Bearer sk_1"],
      ['{"external_id":"42"}', "Bearer sk_1"],
      ['{"external_id":"42"}', "Bearer sk_1"],
    ]);
  });

  test("the client's maxRetries: 0 sends one request", async () => {
    server.fallback({ status: 503, headers: now });
    await rejection(proficient({ maxRetries: 0 }).users.create({ external_id: "42" }));
    expect(server.requests).toHaveLength(1);
  });

  test("a call's maxRetries overrides the client's", async () => {
    server.fallback({ status: 503, headers: now });
    await rejection(joyfill({ maxRetries: 0 }).users.create({}, { maxRetries: 3 }));
    expect(server.requests).toHaveLength(4);
  });

  test("never retries a 4xx other than 408 and 429", async () => {
    server.fallback({
      status: 422,
      headers: now,
      json: { code: "invalid_request", message: "Bad" },
    });
    await rejection(proficient().users.create({ external_id: "42" }));
    expect(server.requests).toHaveLength(1);
  });

  test("fails at once when Retry-After asks for more than 60 s", async () => {
    server.fallback({ status: 429, headers: { "retry-after": "3600" } });
    expect((await rejection(joyfill().users.create({}))).code).toBe("rate_limited");
    expect(server.requests).toHaveLength(1);
  });

  test("the caller's signal cancels a Retry-After wait and leaves no timer", async () => {
    server.fallback({ status: 503, headers: { "retry-after": "30" } });
    const controller = new AbortController();
    const timers = await trackTimers(async () => {
      const call = proficient().users.create({ external_id: "42" }, { signal: controller.signal });
      await server.waitForRequests(1);
      controller.abort();
      return rejection(call);
    });
    expect("resolved" in timers.outcome && timers.outcome.resolved.code).toBe("aborted");
    expect(timers.pending).toBe(0);
    expect(server.requests).toHaveLength(1);
  });
});
