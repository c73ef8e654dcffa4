import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { ApiError } from "../../src/core/api-error.js";
import { MAX_EVENT_BODY_CHARS } from "../../src/core/hooks.js";
import type { Hooks } from "../../src/core/index.js";
import { createJoyfillClient } from "../../src/joyfill.js";
import { createEchoClient, ECHO_TOKEN } from "../fixtures/clients/echo-api.js";
import { rejection } from "../support/rejection.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

/** Every hook of every kind, recording `[hook name, event]` in the order they were called. */
function recordingHooks() {
  const calls: [keyof Hooks, Record<string, unknown>][] = [];
  const hooks: Required<Hooks> = {
    onRequest: (event) => void calls.push(["onRequest", { ...event }]),
    onResponse: (event) => void calls.push(["onResponse", { ...event }]),
    onRetry: (event) => void calls.push(["onRetry", { ...event }]),
    onOutcome: (event) => void calls.push(["onOutcome", { ...event }]),
    onMismatch: (event) => void calls.push(["onMismatch", { ...event }]),
  };
  return { calls, hooks };
}

/** Computed waits of `0.5 × 40 ms × 2^attempt`: 20 ms, then 40 ms. */
const halfOf40 = { random: () => 0.5, baseDelayMs: 40 };

describe("hooks", () => {
  test("a call that succeeds at once: one request, one response, one outcome", async () => {
    server.reply({ headers: { "x-request-id": "req_1" }, json: { value: "back" } });
    const { calls, hooks } = recordingHooks();
    const { echo } = createEchoClient({ baseUrl: server.url, hooks });
    await echo({ value: "hi" });
    const callId = calls[0]?.[1].callId;
    expect(callId).toEqual(expect.any(Number));
    const call = { api: "echo", operation: "POST /echo", callId };
    expect(calls).toEqual([
      [
        "onRequest",
        {
          ...call,
          attempt: 1,
          method: "POST",
          url: `${server.url}/echo`,
          headers: {
            authorization: "[redacted]",
            "content-type": "application/json",
            "user-agent": expect.stringMatching(/^api-clients\/\S+ node\/\S+$/),
          },
          body: '{"value":"hi"}',
        },
      ],
      [
        "onResponse",
        {
          ...call,
          attempt: 1,
          status: 200,
          headers: expect.objectContaining({
            "content-type": "application/json",
            "x-request-id": "req_1",
          }),
          requestId: "req_1",
          durationMs: expect.any(Number),
          body: '{"value":"back"}',
        },
      ],
      [
        "onOutcome",
        {
          ...call,
          attempts: 1,
          durationMs: expect.any(Number),
          status: 200,
          requestId: "req_1",
          error: undefined,
          stopReason: undefined,
        },
      ],
    ]);
  });

  test("a call without a request body and with an empty answer shows no body either way", async () => {
    server.reply({ status: 200 });
    const { calls, hooks } = recordingHooks();
    const { api } = createEchoClient({ baseUrl: server.url, hooks });
    const ping = api.operation({
      name: "POST /echo",
      send: (_input: undefined, init) => api.raw.POST("/echo", init as never),
      decode: () => "unused",
    });
    await rejection(ping(undefined));
    expect(server.requests[0]?.body).toBe("");
    expect(calls.map(([name, event]) => [name, "body" in event, event.body])).toEqual([
      ["onRequest", true, undefined],
      ["onResponse", true, undefined],
      ["onOutcome", false, undefined],
    ]);
  });

  test("a body of up to MAX_EVENT_BODY_CHARS shows whole; a longer one is cut, its length said", async () => {
    const { calls, hooks } = recordingHooks();
    const { echo } = createEchoClient({ baseUrl: server.url, hooks });
    const wrapped = (value: string) => `{"value":"${value}"}`;
    const atLimit = "y".repeat(MAX_EVENT_BODY_CHARS - wrapped("").length);
    await echo({ value: atLimit });
    await echo({ value: `${atLimit}z` });
    const bodies = calls.filter(([name]) => name === "onRequest").map(([, event]) => event.body);
    expect(bodies).toEqual([
      wrapped(atLimit),
      `${wrapped(`${atLimit}z`).slice(0, MAX_EVENT_BODY_CHARS)}… (${MAX_EVENT_BODY_CHARS + 1} characters)`,
    ]);
  });

  test("a cut body drops the start of a secret the cut left incomplete", async () => {
    const { calls, hooks } = recordingHooks();
    const { echo } = createEchoClient({ baseUrl: server.url, hooks });
    // The cut falls after "echo_", the first 5 characters of the token.
    const before = "x".repeat(MAX_EVENT_BODY_CHARS - '{"value":"'.length - 5);
    const body = `{"value":"${before}${ECHO_TOKEN}"}`;
    await echo({ value: `${before}${ECHO_TOKEN}` });
    expect(calls[0]?.[1].body).toBe(`{"value":"${before}… (${body.length} characters)`);
  });

  test("durations run from the attempt's and the call's start, never past the call's end", async () => {
    server.reply({ json: { value: "back" } });
    const { calls, hooks } = recordingHooks();
    const { echo } = createEchoClient({ baseUrl: server.url, hooks });
    const start = performance.now();
    await echo({ value: "hi" });
    const elapsed = performance.now() - start;
    const durations = calls
      .filter(([name]) => name === "onResponse" || name === "onOutcome")
      .map(([, event]) => event.durationMs as number);
    expect(durations).toHaveLength(2);
    for (const duration of durations) {
      expect(duration).toBeGreaterThanOrEqual(0);
      expect(duration).toBeLessThanOrEqual(elapsed);
    }
  });

  test("retries show in order, with their attempt, delay, cause and reason", async () => {
    server.reply(
      { status: 429, headers: { "retry-after": "0.03" }, json: { message: "Slow down" } },
      { destroy: true },
      { json: { value: "back" } },
    );
    const { calls, hooks } = recordingHooks();
    const { echo } = createEchoClient({ baseUrl: server.url, hooks, retryPolicy: halfOf40 });
    await echo({ value: "hi" }, { idempotencyKey: "k" });
    expect(
      calls.map(([name, event]) => {
        const error = event.error as ApiError | undefined;
        return [
          name,
          event.attempt ?? event.attempts,
          event.status,
          event.delayMs,
          error?.code,
          event.reason,
        ];
      }),
    ).toEqual([
      ["onRequest", 1, undefined, undefined, undefined, undefined],
      ["onResponse", 1, 429, undefined, undefined, undefined],
      ["onRetry", 1, undefined, 30, "rate_limited", "not_acted"],
      ["onRequest", 2, undefined, undefined, undefined, undefined],
      ["onRetry", 2, undefined, 40, "connection_error", "idempotency_key"],
      ["onRequest", 3, undefined, undefined, undefined, undefined],
      ["onResponse", 3, 200, undefined, undefined, undefined],
      ["onOutcome", 3, 200, undefined, undefined, undefined],
    ]);
    const retry = calls[2]?.[1];
    expect(retry?.error).toMatchObject({ status: 429, message: "Slow down" });
    const outcome = calls[7]?.[1];
    expect(outcome?.durationMs).toBeGreaterThanOrEqual(70);
    expect(new Set(calls.map(([, event]) => event.callId)).size).toBe(1);
  });

  test("a failed call's outcome carries the very ApiError the call rejects with", async () => {
    server.fallback({
      status: 503,
      headers: { "x-request-id": "req_9" },
      json: { message: "Down" },
    });
    const { calls, hooks } = recordingHooks();
    const { echo } = createEchoClient({
      baseUrl: server.url,
      hooks,
      maxRetries: 1,
      retryPolicy: halfOf40,
    });
    const error = await rejection(echo({ value: "hi" }));
    const [name, outcome] = calls.at(-1)!;
    expect(name).toBe("onOutcome");
    expect(outcome).toMatchObject({
      attempts: 2,
      status: 503,
      requestId: "req_9",
      stopReason: "retries_exhausted",
    });
    expect(outcome.error).toBe(error);
  });

  test("a POST the vendor may have acted on is not retried, and the outcome says why", async () => {
    server.fallback({ status: 502 });
    const { calls, hooks } = recordingHooks();
    const { echo } = createEchoClient({ baseUrl: server.url, hooks, retryPolicy: halfOf40 });
    const error = await rejection(echo({ value: "hi" }));
    expect(calls.map(([name]) => name)).toEqual(["onRequest", "onResponse", "onOutcome"]);
    expect(calls[2]?.[1]).toMatchObject({ attempts: 1, stopReason: "may_have_acted", error });
    expect(error).toMatchObject({ vendorActed: "maybe", attempts: 1 });
  });

  test("a timed-out attempt has no response: onRetry says timeout", async () => {
    server.reply({ hang: "before-headers" }, { json: { value: "back" } });
    const { calls, hooks } = recordingHooks();
    const { echo } = createEchoClient({
      baseUrl: server.url,
      hooks,
      timeoutMs: 150,
      retryPolicy: halfOf40,
    });
    await echo({ value: "hi" }, { idempotencyKey: "k" });
    expect(
      calls.map(([name, event]) => [name, (event.error as ApiError | undefined)?.code]),
    ).toEqual([
      ["onRequest", undefined],
      ["onRetry", "timeout"],
      ["onRequest", undefined],
      ["onResponse", undefined],
      ["onOutcome", undefined],
    ]);
  });

  test("a call whose options are invalid has an outcome with 0 attempts", async () => {
    const { calls, hooks } = recordingHooks();
    const { echo } = createEchoClient({ baseUrl: server.url, hooks });
    const error = await rejection(echo({ value: "hi" }, { maxRetries: -1 }));
    expect(calls).toEqual([
      [
        "onOutcome",
        expect.objectContaining({ attempts: 0, status: undefined, requestId: undefined, error }),
      ],
    ]);
    expect(server.requests).toHaveLength(0);
  });

  test("each call has its own callId, and concurrent calls keep theirs apart", async () => {
    server.fallback({ json: { value: "back" } });
    const { calls, hooks } = recordingHooks();
    const { echo } = createEchoClient({ baseUrl: server.url, hooks });
    await Promise.all([echo({ value: "a" }), echo({ value: "b" }), echo({ value: "c" })]);
    const byCall = new Map<unknown, string[]>();
    for (const [name, { callId }] of calls)
      byCall.set(callId, [...(byCall.get(callId) ?? []), name]);
    expect([...byCall.values()]).toEqual([
      ["onRequest", "onResponse", "onOutcome"],
      ["onRequest", "onResponse", "onOutcome"],
      ["onRequest", "onResponse", "onOutcome"],
    ]);
  });

  test("an array of hook objects runs each, in order", async () => {
    const order: string[] = [];
    const { echo } = createEchoClient({
      baseUrl: server.url,
      hooks: [
        { onRequest: () => void order.push("first onRequest") },
        {
          onRequest: () => void order.push("second onRequest"),
          onOutcome: () => void order.push("second onOutcome"),
        },
      ],
    });
    await echo({ value: "hi" });
    expect(order).toEqual(["first onRequest", "second onRequest", "second onOutcome"]);
  });

  test("a hook that throws or rejects changes nothing, and the hooks after it still run", async () => {
    server.reply({ status: 503, headers: { "retry-after": "0" } }, { json: { value: "back" } });
    const { calls, hooks } = recordingHooks();
    const { echo } = createEchoClient({
      baseUrl: server.url,
      hooks: [
        {
          onRequest: () => {
            throw new TypeError(`boom with ${ECHO_TOKEN}`);
          },
          onResponse: () => Promise.reject(new Error("async boom")) as unknown as void,
          onRetry: () => {
            throw "a string";
          },
          onOutcome: () => {
            throw new Error("late boom");
          },
        },
        hooks,
      ],
    });
    await expect(echo({ value: "hi" })).resolves.toEqual({ value: "back" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.map(([name]) => name)).toEqual([
      "onRequest",
      "onResponse",
      "onRetry",
      "onRequest",
      "onResponse",
      "onOutcome",
    ]);
  });

  test("hooks that are not functions of the hook names are refused at creation", () => {
    const create = (hooks: unknown) => () =>
      createEchoClient({ baseUrl: server.url, hooks: hooks as Hooks });
    const names = "onRequest, onResponse, onRetry, onOutcome, onMismatch";
    expect(create({ onRequests: () => {} })).toThrow(
      new TypeError(
        `Echo API: hooks.onRequests is not a hook; hooks are objects of functions named ${names}, or an array of such objects.`,
      ),
    );
    expect(create({ onRetry: "log it" })).toThrow(/^Echo API: hooks\.onRetry is not a hook;/);
    expect(create([{}, null])).toThrow(/^Echo API: hooks is not a hook;/);
    expect(create({ onRetry: undefined })).not.toThrow();
  });

  test("headers named as credentials show [redacted]; names that only contain one show their value", async () => {
    server.reply({
      headers: { "set-cookie": "session=s1", "set-cookie-policy": "strict", "x-api-key-id": "k1" },
      json: {},
    });
    const { calls, hooks } = recordingHooks();
    const { echo } = createEchoClient({ baseUrl: server.url, hooks });
    await echo(
      { value: "hi" },
      {
        headers: {
          cookie: "a=1",
          "cookie-id": "c1",
          "proxy-authorization": "Basic cHJveHk6cHc=",
          "x-authorization-token": "visible",
          "x-session-cookie": "s2",
          "x-api-key": "k_secret",
        },
      },
    );
    expect(calls[0]?.[1].headers).toMatchObject({
      authorization: "[redacted]",
      cookie: "[redacted]",
      "cookie-id": "c1",
      "proxy-authorization": "[redacted]",
      "x-authorization-token": "visible",
      "x-session-cookie": "s2",
      "x-api-key": "[redacted]",
    });
    expect(calls[1]?.[1].headers).toMatchObject({
      "set-cookie": "[redacted]",
      "set-cookie-policy": "strict",
      "x-api-key-id": "k1",
    });
  });

  test("through a facade: Joyfill's api and operation, never its Basic credential", async () => {
    const { calls, hooks } = recordingHooks();
    const client = createJoyfillClient({
      publicKey: "pk_1",
      secretKey: "sk_hooks",
      baseUrl: server.url,
      hooks,
    });
    await client.users.create({ identifier: "u_1" });
    expect(calls.map(([name, event]) => [name, event.api, event.operation])).toEqual([
      ["onRequest", "joyfill", "POST /users"],
      ["onResponse", "joyfill", "POST /users"],
      ["onOutcome", "joyfill", "POST /users"],
    ]);
    expect(calls[0]?.[1].headers).toMatchObject({ authorization: "[redacted]" });
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${btoa("pk_1:sk_hooks")}`);
  });
});
