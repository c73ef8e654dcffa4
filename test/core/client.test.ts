import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import type { OutcomeEvent } from "../../src/core/hooks.js";
import { logTo } from "../../src/logging.js";
import { defaultRetryPolicy, type RetryPolicy } from "../../src/core/retry-delay.js";
import { objectDecoder } from "../../src/core/index.js";
import { createEchoClient, ECHO_TOKEN, type EchoBody } from "../fixtures/clients/echo-api.js";
import { mayHaveActed, rejection } from "../support/rejection.js";
import { trackTimers } from "../support/resources.js";
import { startTestServer, unusedPortUrl, type TestServer } from "../support/test-server.js";

/** Computed backoff of 0 ms, so retries in these tests do not wait. */
const noWait: Partial<RetryPolicy> = { random: () => 0 };
/** A computed backoff of ten minutes: a test only finishes if something else sets the wait. */
const endless: Partial<RetryPolicy> = {
  random: () => 0.99,
  baseDelayMs: 600_000,
  maxDelayMs: 600_000,
};

const quietLogger = { error() {}, warn() {}, info() {}, debug() {} };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  server.reset();
  vi.unstubAllGlobals();
});
afterAll(() => server.close());

describe("requests", () => {
  test("sends the JSON body with the credential, client headers and call headers", async () => {
    server.reply({ json: { value: "back" } });
    const { echo } = createEchoClient({ baseUrl: server.url, headers: { "x-client": "c" } });
    await expect(echo({ value: "hi" }, { headers: { "x-call": "k" } })).resolves.toEqual({
      value: "back",
    });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: "POST", url: "/echo", body: '{"value":"hi"}' });
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${ECHO_TOKEN}`,
      "content-type": "application/json",
      "x-client": "c",
      "x-call": "k",
    });
  });

  test("keeps its own Authorization even when headers try to replace it", async () => {
    const { echo } = createEchoClient({ baseUrl: server.url, headers: { authorization: "x" } });
    await echo({ value: "a" }, { headers: { Authorization: "Bearer other" } });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${ECHO_TOKEN}`);
  });

  test("drops trailing slashes from the base URL", async () => {
    const { api, echo } = createEchoClient({ baseUrl: `${server.url}//` });
    await echo({ value: "a" });
    expect(api.baseUrl).toBe(server.url);
    expect(server.requests[0]?.url).toBe("/echo");
  });

  test("refuses a baseUrl that is not a URL at creation", () => {
    expect(() => createEchoClient({ baseUrl: "http://[not-a-host" })).toThrow(
      new TypeError("Echo API: baseUrl is not a URL."),
    );
  });

  test("refuses a secret credential in a browser, saying what to do instead", () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    expect(() => createEchoClient({ baseUrl: server.url })).toThrow(
      new Error(
        "Echo API: refusing to send a secret key from a browser, where anyone can read it. " +
          "Call the API from your server, or use a credential meant for front ends if the API has " +
          "one; pass dangerouslyAllowBrowser: true only if exposing the key is intended.",
      ),
    );
  });

  test.each([
    ["only a user name", "http://admin@127.0.0.1:1/v1"],
    ["only a password", "http://:hunter2@127.0.0.1:1/v1"],
  ])("refuses a baseUrl with %s", (_, baseUrl) => {
    expect(() => createEchoClient({ baseUrl })).toThrow(
      new TypeError(
        "Echo API: baseUrl must not carry a user name or password, which fetch refuses; " +
          "the client sends the credentials it was given.",
      ),
    );
  });

  test("refuses a baseUrl with a user name or password, without quoting it", () => {
    let thrown: unknown;
    try {
      createEchoClient({ baseUrl: "http://admin:hunter2@127.0.0.1:1/v1" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toEqual(
      new TypeError(
        "Echo API: baseUrl must not carry a user name or password, which fetch refuses; " +
          "the client sends the credentials it was given.",
      ),
    );
    expect(String((thrown as Error).stack)).not.toContain("hunter2");
  });

  test("hands a custom fetch a Request carrying the method, URL, headers, body and manual redirects", async () => {
    server.reply({ json: { value: "back" } });
    const seen: { request: unknown; init: RequestInit | undefined }[] = [];
    const { echo } = createEchoClient({
      baseUrl: server.url,
      headers: { "x-client": "c" },
      fetch: (request, init) => {
        seen.push({ request, init });
        return fetch(request, init);
      },
    });
    await expect(echo({ value: "hi" })).resolves.toEqual({ value: "back" });
    expect(seen).toHaveLength(1);
    const request = seen[0]!.request as Request;
    expect(request).toBeInstanceOf(Request);
    expect(request.method).toBe("POST");
    expect(request.url).toBe(`${server.url}/echo`);
    expect(request.redirect).toBe("manual");
    expect(request.headers.get("authorization")).toBe(`Bearer ${ECHO_TOKEN}`);
    expect(request.headers.get("x-client")).toBe("c");
    expect(Object.keys(seen[0]!.init ?? {})).toEqual(["signal"]);
    expect(server.requests[0]?.body).toBe('{"value":"hi"}');
  });

  test.each([
    ["without hooks", {}],
    [
      "with hooks and logging",
      { hooks: [{ onRequest: () => {} }, logTo(quietLogger, { level: "debug" })] },
    ],
  ])(
    "passes the runtime's fetch the parts of the request middleware kept, %s",
    async (_, observing) => {
      server.reply({ json: { value: "back" } });
      const calls: unknown[][] = [];
      const runtimeFetch = globalThis.fetch;
      globalThis.fetch = (...args: Parameters<typeof fetch>) => {
        calls.push(args);
        return runtimeFetch(...args);
      };
      try {
        const { echo } = createEchoClient({ baseUrl: server.url, ...observing });
        await expect(echo({ value: "hi" })).resolves.toEqual({ value: "back" });
      } finally {
        globalThis.fetch = runtimeFetch;
      }
      expect(calls).toHaveLength(1);
      const [url, init] = calls[0] as [string, RequestInit];
      expect(url).toBe(`${server.url}/echo`);
      expect(init).toMatchObject({ method: "POST", redirect: "manual", body: '{"value":"hi"}' });
      expect(new Headers(init.headers).get("authorization")).toBe(`Bearer ${ECHO_TOKEN}`);
      expect(init.signal).toBeInstanceOf(AbortSignal);
      expect(server.requests[0]).toMatchObject({
        method: "POST",
        url: "/echo",
        body: '{"value":"hi"}',
      });
    },
  );

  test("passes the runtime's fetch the parts of a request without a body", async () => {
    server.reply({ json: { value: "back" } });
    const calls: unknown[][] = [];
    const runtimeFetch = globalThis.fetch;
    globalThis.fetch = (...args: Parameters<typeof fetch>) => {
      calls.push(args);
      return runtimeFetch(...args);
    };
    try {
      const { read } = createEchoClient({ baseUrl: server.url });
      await expect(read()).resolves.toEqual({ value: "back" });
    } finally {
      globalThis.fetch = runtimeFetch;
    }
    expect(calls).toHaveLength(1);
    const [url, init] = calls[0] as [string, RequestInit];
    expect(url).toBe(`${server.url}/echo`);
    expect(init).toMatchObject({ method: "GET", redirect: "manual", body: null });
    expect(server.requests[0]).toMatchObject({ method: "GET", url: "/echo", body: "" });
  });

  test("the raw client is authenticated but has no retries", async () => {
    server.reply({ status: 503 });
    const { api } = createEchoClient({ baseUrl: server.url });
    const { response } = await api.raw.POST("/echo", { body: { value: "a" } });
    expect(response.status).toBe(503);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${ECHO_TOKEN}`,
    ]);
  });
});

describe("retries", () => {
  test.each([408, 429, 503])(
    "retries HTTP %i, which the vendor did not act on, up to maxRetries, so 2 means 3 requests",
    async (status) => {
      server.fallback({ status });
      const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait });
      const error = await rejection(echo({ value: "a" }));
      expect(error).toMatchObject({ status, vendorActed: "no", attempts: 3 });
      expect(server.requests).toHaveLength(3);
    },
  );

  test.each([502, 504])(
    "does not retry a POST answered HTTP %i, which the vendor may have acted on",
    async (status) => {
      server.fallback({ status });
      const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait });
      const error = await rejection(echo({ value: "a" }));
      expect(error).toMatchObject({ status, vendorActed: "maybe", attempts: 1 });
      expect(error.message).toBe(
        `Echo API POST /echo failed with HTTP ${status} ${status === 502 ? "Bad Gateway" : "Gateway Timeout"}. ` +
          "It may have been carried out (1 request sent): look its result up before sending it again.",
      );
      expect(server.requests).toHaveLength(1);
    },
  );

  test.each([502, 504])(
    "retries HTTP %i up to maxRetries when the API declares an idempotency header, with one key",
    async (status) => {
      server.fallback({ status });
      const { echo } = createEchoClient({
        baseUrl: server.url,
        retryPolicy: noWait,
        idempotencyHeader: "Idempotency-Key",
      });
      const error = await rejection(echo({ value: "a" }));
      expect(error).toMatchObject({ status, vendorActed: "maybe", attempts: 3 });
      const keys = server.requests.map((request) => request.headers["idempotency-key"]);
      expect(keys).toHaveLength(3);
      expect(keys[0]).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(new Set(keys).size).toBe(1);
    },
  );

  test.each([502, 504])(
    "retries a GET answered HTTP %i up to maxRetries without a key, GET being idempotent",
    async (status) => {
      server.fallback({ status });
      const { read } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait });
      const error = await rejection(read());
      expect(error).toMatchObject({ status, vendorActed: "maybe", attempts: 3 });
      expect(server.requests.map((request) => request.method)).toEqual(["GET", "GET", "GET"]);
      expect(server.requests[0]?.headers["idempotency-key"]).toBeUndefined();
    },
  );

  /** An operation of the echo API sent with `method`, as a facade would declare it. */
  function callWith(method: string) {
    const { api } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait });
    const raw = api.raw as unknown as {
      request(method: string, url: string, init: object): Promise<never>;
    };
    return api.operation({
      name: `${method} /echo`,
      send: (_: void, init) => raw.request(method.toLowerCase(), "/echo", init),
      decode: objectDecoder<EchoBody>(),
    });
  }

  test.each(["HEAD", "OPTIONS", "PUT", "DELETE"])(
    "retries a %s answered HTTP 502 up to maxRetries without a key, HTTP defining it as idempotent",
    async (method) => {
      server.fallback({ status: 502 });
      const error = await rejection(callWith(method)());
      expect(error).toMatchObject({ status: 502, vendorActed: "maybe", attempts: 3 });
      expect(server.requests.map((request) => request.method)).toEqual([method, method, method]);
      expect(server.requests[0]?.headers["idempotency-key"]).toBeUndefined();
    },
  );

  test.each(["POST", "PATCH"])(
    "does not retry a %s answered HTTP 502 without a key, the method not being idempotent",
    async (method) => {
      server.fallback({ status: 502 });
      const error = await rejection(callWith(method)());
      expect(error).toMatchObject({ status: 502, vendorActed: "maybe", attempts: 1 });
      expect(server.requests.map((request) => request.method)).toEqual([method]);
    },
  );

  test.each([400, 401, 403, 404, 409, 422, 500])("never retries HTTP %i", async (status) => {
    server.fallback({ status });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait });
    expect((await rejection(echo({ value: "a" }))).status).toBe(status);
    expect(server.requests).toHaveLength(1);
  });

  test("retries a 500 whose vendor code is unavailable when the call carries a key", async () => {
    server.reply({ status: 500, json: { error: { code: "unavailable", message: "busy" } } });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait });
    await expect(echo({ value: "a" }, { idempotencyKey: "k-1" })).resolves.toEqual({});
    expect(server.requests.map((request) => request.headers["idempotency-key"])).toEqual([
      "k-1",
      "k-1",
    ]);
  });

  test("does not retry a 500 whose vendor code is unavailable without a key", async () => {
    server.reply({ status: 500, json: { error: { code: "unavailable", message: "busy" } } });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait });
    expect(await rejection(echo({ value: "a" }))).toMatchObject({
      code: "unavailable",
      vendorActed: "maybe",
      message:
        "busy It may have been carried out (1 request sent): look its result up before sending it again.",
    });
    expect(server.requests).toHaveLength(1);
  });

  test("succeeds on a later attempt and resends the same request", async () => {
    server.reply({ status: 503 }, { status: 429 }, { json: { value: "ok" } });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait });
    await expect(echo({ value: "a" })).resolves.toEqual({ value: "ok" });
    expect(server.requests.map((request) => request.body)).toEqual([
      '{"value":"a"}',
      '{"value":"a"}',
      '{"value":"a"}',
    ]);
  });

  test("a call's maxRetries overrides the client's", async () => {
    server.fallback({ status: 503 });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait, maxRetries: 5 });
    await rejection(echo({ value: "a" }, { maxRetries: 1 }));
    expect(server.requests).toHaveLength(2);
    server.reset();
    server.fallback({ status: 503 });
    await rejection(echo({ value: "a" }, { maxRetries: 0 }));
    expect(server.requests).toHaveLength(1);
  });

  test("honours Retry-After: 0 instead of the computed backoff", async () => {
    server.reply({ status: 429, headers: { "retry-after": "0" } }, { json: { value: "ok" } });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: endless });
    await expect(echo({ value: "a" })).resolves.toEqual({ value: "ok" });
    expect(server.requests).toHaveLength(2);
  });

  test("honours a Retry-After date in the past as no wait", async () => {
    const past = new Date(Date.now() - 60_000).toUTCString();
    server.reply({ status: 503, headers: { "retry-after": past } }, { json: {} });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: endless });
    await expect(echo({ value: "a" })).resolves.toEqual({});
    expect(server.requests).toHaveLength(2);
  });

  test.each([
    ["rfc850", "Sunday, 06-Nov-94 08:49:37 GMT"],
    ["asctime", "Sun Nov  6 08:49:37 1994"],
    ["IMF-fixdate", "Sun, 06 Nov 1994 08:49:37 GMT"],
  ])("honours a Retry-After date in %s form in the past as no wait", async (_, date) => {
    server.reply({ status: 503, headers: { "retry-after": date } }, { json: {} });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: endless });
    await expect(echo({ value: "a" })).resolves.toEqual({});
    expect(server.requests).toHaveLength(2);
  });

  test("fails at once, without waiting, when Retry-After exceeds the 60 s cap", async () => {
    server.reply({
      status: 429,
      headers: { "retry-after": "61" },
      json: { message: "Slow down" },
    });
    const { echo } = createEchoClient({ baseUrl: server.url });
    const timers = await trackTimers(() => rejection(echo({ value: "a" })));
    expect(timers).toMatchObject({ started: 1, pending: 0 });
    expect("resolved" in timers.outcome && timers.outcome.resolved).toMatchObject({
      status: 429,
      code: "rate_limited",
      message: "Slow down",
    });
    expect(server.requests).toHaveLength(1);
  });

  test("falls back to the computed backoff when Retry-After is malformed", async () => {
    server.reply({ status: 503, headers: { "retry-after": "soon" } }, { json: {} });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait });
    await expect(echo({ value: "a" })).resolves.toEqual({});
    expect(server.requests).toHaveLength(2);
  });

  test("does not retry a POST whose connection dropped after sending", async () => {
    server.reply({ destroy: true }, { json: { value: "ok" } });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait });
    expect(await rejection(echo({ value: "a" }))).toMatchObject({
      code: "connection_error",
      vendorActed: "maybe",
      attempts: 1,
    });
    expect(server.requests).toHaveLength(1);
  });

  test("retries a connection dropped after sending when the call carries a key", async () => {
    server.reply({ destroy: true }, { destroy: true }, { json: { value: "ok" } });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait });
    await expect(echo({ value: "a" }, { idempotencyKey: "k-2" })).resolves.toEqual({ value: "ok" });
    expect(server.requests.map((request) => request.headers["idempotency-key"])).toEqual([
      "k-2",
      "k-2",
      "k-2",
    ]);
  });

  test.each([
    [4, { vendorActed: "no", attempts: 3 }],
    [5, { vendorActed: "maybe", attempts: 1 }],
  ])(
    "looks for a refused connection's code down to the fifth error of a fetch rejection's causes: %i causes deep",
    async (depth, expected) => {
      let error: Error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
        code: "ECONNREFUSED",
      });
      for (let level = 0; level < depth; level++) {
        error = new TypeError("fetch failed", { cause: error });
      }
      let attempts = 0;
      const { echo } = createEchoClient({
        baseUrl: server.url,
        retryPolicy: noWait,
        fetch: () => {
          attempts++;
          return Promise.reject(error);
        },
      });
      expect(await rejection(echo({ value: "a" }))).toMatchObject({
        code: "connection_error",
        ...expected,
      });
      expect(attempts).toBe(expected.attempts);
    },
  );

  test("does not retry a POST as unsent when a refused connection follows the vendor's answer", async () => {
    server.fallback({ status: 503 });
    const refused = await unusedPortUrl();
    const { api, echo } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait });
    // A middleware whose own request (say, to a collector) is refused, after the vendor answered.
    api.raw.use({
      async onResponse() {
        await fetch(refused);
      },
    });
    const error = await rejection(echo({ value: "a" }));
    expect(error).toMatchObject({ code: "connection_error", vendorActed: "maybe", attempts: 1 });
    expect(error.message).toBe(
      `Echo API POST /echo was answered HTTP 503 Service Unavailable by ${server.url}, then ` +
        `failed: connect ECONNREFUSED ${new URL(refused).host}.${mayHaveActed()}`,
    );
    expect(server.requests).toHaveLength(1);
  });

  test("counts a browser's opaque redirect (status 0) as an answer the vendor may have acted on", async () => {
    server.fallback({ status: 302, headers: { location: "/elsewhere" } });
    const { echo } = createEchoClient({
      baseUrl: server.url,
      retryPolicy: noWait,
      // What a browser's fetch gives for a redirect with redirect: "manual".
      fetch: async (request, init) => {
        await (await fetch(request, init)).body?.cancel();
        return Object.defineProperties(new Response(null), {
          status: { value: 0 },
          statusText: { value: "" },
          ok: { value: false },
          type: { value: "opaqueredirect" },
        });
      },
    });
    const error = await rejection(echo({ value: "a" }));
    expect(error).toMatchObject({ status: 0, code: "unknown", vendorActed: "maybe", attempts: 1 });
    expect(error.message).toBe(
      "Echo API POST /echo was redirected to a location the browser does not disclose, which " +
        "the client does not follow; set baseUrl to the final URL if the move is expected. " +
        "It may have been carried out (1 request sent): look its result up before sending it again.",
    );
    expect(server.requests).toHaveLength(1);
  });

  test("retries a refused connection, then fails with connection_error", async () => {
    const baseUrl = await unusedPortUrl();
    let attempts = 0;
    const { echo } = createEchoClient({
      baseUrl,
      retryPolicy: noWait,
      fetch: (request, init) => {
        attempts++;
        return fetch(request, init);
      },
    });
    const error = await rejection(echo({ value: "a" }));
    expect(error).toMatchObject({ status: undefined, code: "connection_error", body: undefined });
    expect(error.message).toMatch(
      new RegExp(`^Echo API POST /echo could not reach ${baseUrl}: connect ECONNREFUSED`),
    );
    expect(attempts).toBe(3);
  });

  test("uses the default policy when given none", () => {
    expect(defaultRetryPolicy).toMatchObject({
      baseDelayMs: 500,
      maxDelayMs: 8000,
      maxRetryAfterMs: 60_000,
    });
  });
});

describe("timeouts", () => {
  test("times out each attempt and retries it when the API declares an idempotency header", async () => {
    server.fallback({ hang: "before-headers" });
    const { echo } = createEchoClient({
      baseUrl: server.url,
      retryPolicy: noWait,
      timeoutMs: 150,
      idempotencyHeader: "X-Once",
    });
    const error = await rejection(echo({ value: "a" }, { maxRetries: 1 }));
    expect(error).toMatchObject({ status: undefined, code: "timeout", attempts: 2 });
    expect(error.message).toBe(
      "Echo API POST /echo timed out after 150 ms; raise timeoutMs if the API is slow. " +
        "It may have been carried out (2 requests sent): look its result up before sending it again.",
    );
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]?.headers["x-once"]).toBe(server.requests[1]?.headers["x-once"]);
  });

  test("does not retry a POST whose attempt timed out after sending", async () => {
    server.fallback({ hang: "before-headers" });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait, timeoutMs: 150 });
    const error = await rejection(echo({ value: "a" }, { maxRetries: 1 }));
    expect(error).toMatchObject({ code: "timeout", vendorActed: "maybe", attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  test("reaches a custom fetch as init.signal, aborted with a TimeoutError that becomes the cause", async () => {
    server.fallback({ hang: "before-headers" });
    const signals: unknown[] = [];
    const { echo } = createEchoClient({
      baseUrl: server.url,
      timeoutMs: 30,
      maxRetries: 0,
      fetch: (request, init) => {
        signals.push(init?.signal);
        return fetch(request, init);
      },
    });
    const error = await rejection(echo({ value: "a" }));
    expect(error.code).toBe("timeout");
    expect(signals).toHaveLength(1);
    expect(signals[0]).toBeInstanceOf(AbortSignal);
    const signal = signals[0] as AbortSignal;
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(DOMException);
    expect(signal.reason).toMatchObject({
      name: "TimeoutError",
      message: "The attempt timed out.",
    });
    expect(error.cause).toBe(signal.reason);
  });

  test("gives a custom fetch no signal when nothing can end the attempt early", async () => {
    const inits: (RequestInit | undefined)[] = [];
    const { echo } = createEchoClient({
      baseUrl: server.url,
      timeoutMs: Infinity,
      fetch: (request, init) => {
        inits.push(init);
        return fetch(request, init);
      },
    });
    await expect(echo({ value: "a" })).resolves.toEqual({});
    expect(inits).toEqual([{ signal: null }]);
  });

  test("covers the response body too", async () => {
    server.fallback({ hang: "after-headers" });
    const { echo } = createEchoClient({ baseUrl: server.url, maxRetries: 0 });
    const error = await rejection(echo({ value: "a" }, { timeoutMs: 30 }));
    expect(error.code).toBe("timeout");
  });

  test("arms no timer when timeoutMs is Infinity", async () => {
    server.reply({ hang: "before-headers" });
    const { echo } = createEchoClient({ baseUrl: server.url, timeoutMs: Infinity });
    const controller = new AbortController();
    const timers = await trackTimers(async () => {
      const call = echo({ value: "a" }, { signal: controller.signal });
      await server.waitForRequests(1);
      controller.abort();
      return rejection(call);
    });
    expect(timers).toMatchObject({ started: 0, pending: 0 });
    expect("resolved" in timers.outcome && timers.outcome.resolved.code).toBe("aborted");
  });

  test("arms one timer per attempt and leaves none behind after a successful call", async () => {
    const { echo } = createEchoClient({ baseUrl: server.url });
    expect(await trackTimers(() => echo({ value: "a" }))).toEqual({
      outcome: { resolved: {} },
      started: 1,
      pending: 0,
    });
  });

  test("leaves no timer behind after a timed-out call", async () => {
    server.fallback({ hang: "before-headers" });
    const { echo } = createEchoClient({ baseUrl: server.url, timeoutMs: 20, maxRetries: 0 });
    expect(await trackTimers(() => rejection(echo({ value: "a" })))).toMatchObject({
      started: 1,
      pending: 0,
    });
  });
});

describe("cancellation", () => {
  test("an already aborted signal fails with aborted and sends nothing", async () => {
    const { echo } = createEchoClient({ baseUrl: server.url });
    const reason = new Error("user left");
    const error = await rejection(echo({ value: "a" }, { signal: AbortSignal.abort(reason) }));
    expect(error).toMatchObject({ code: "aborted", status: undefined, cause: reason });
    expect(server.requests).toHaveLength(0);
  });

  test("aborting during a request cancels it and is never retried", async () => {
    server.fallback({ hang: "before-headers" });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: noWait });
    const controller = new AbortController();
    const call = echo({ value: "a" }, { signal: controller.signal });
    await server.waitForRequests(1);
    const reason = new Error("navigated away");
    controller.abort(reason);
    const error = await rejection(call);
    expect(error).toMatchObject({ code: "aborted", cause: reason });
    expect(server.requests).toHaveLength(1);
  });

  test("aborting during a request ends the call with stopReason aborted", async () => {
    server.fallback({ hang: "before-headers" });
    const outcomes: OutcomeEvent[] = [];
    const { echo } = createEchoClient({
      baseUrl: server.url,
      retryPolicy: noWait,
      hooks: { onOutcome: (event) => outcomes.push(event) },
    });
    const controller = new AbortController();
    const call = echo({ value: "a" }, { signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort();
    expect((await rejection(call)).code).toBe("aborted");
    expect(outcomes.map(({ stopReason, attempts }) => ({ stopReason, attempts }))).toEqual([
      { stopReason: "aborted", attempts: 1 },
    ]);
  });

  test("a request that middleware replaced is cancelled too", async () => {
    server.fallback({ json: { value: "late" }, delayMs: 2000 });
    const { api, echo } = createEchoClient({ baseUrl: server.url });
    api.raw.use({ onRequest: ({ request }) => new Request(request) });
    const controller = new AbortController();
    const call = echo({ value: "a" }, { signal: controller.signal });
    await server.waitForRequests(1);
    const reason = new Error("navigated away");
    controller.abort(reason);
    expect(await rejection(call)).toMatchObject({ code: "aborted", cause: reason });
  });

  test("aborting once the backoff wait has begun ends the call at once, sending nothing more", async () => {
    server.fallback({ status: 503 });
    const controller = new AbortController();
    const reason = new Error("user left");
    const outcomes: OutcomeEvent[] = [];
    const { echo } = createEchoClient({
      baseUrl: server.url,
      retryPolicy: endless,
      hooks: {
        // Called just before the wait starts; the abort lands once it has.
        onRetry: () => queueMicrotask(() => controller.abort(reason)),
        onOutcome: (event) => outcomes.push(event),
      },
    });
    const timers = await trackTimers(() =>
      rejection(echo({ value: "a" }, { signal: controller.signal })),
    );
    expect("resolved" in timers.outcome && timers.outcome.resolved).toMatchObject({
      code: "aborted",
      cause: reason,
      attempts: 1,
    });
    expect(timers.pending).toBe(0);
    expect(outcomes.map((event) => event.stopReason)).toEqual(["aborted"]);
    expect(server.requests).toHaveLength(1);
  });

  test("aborting during the backoff wait ends it at once and leaves no timer", async () => {
    server.fallback({ status: 503 });
    const { echo } = createEchoClient({ baseUrl: server.url, retryPolicy: endless });
    const controller = new AbortController();
    const timers = await trackTimers(async () => {
      const call = echo({ value: "a" }, { signal: controller.signal });
      await server.waitForRequests(1);
      controller.abort();
      return rejection(call);
    });
    expect("resolved" in timers.outcome && timers.outcome.resolved.code).toBe("aborted");
    expect(timers.pending).toBe(0);
    expect(server.requests).toHaveLength(1);
  });
});

describe("options", () => {
  const TIMEOUT_RULE =
    "timeoutMs must be a number of milliseconds above 0 and at most 2147483647 (about 24.8 days), or Infinity";
  const RETRIES_RULE = "maxRetries must be a whole number from 0 to 10";
  const BYTES_RULE = "maxResponseBytes must be a whole number of bytes above 0, or Infinity";
  test.each([
    ["timeoutMs 0", { timeoutMs: 0 }, `${TIMEOUT_RULE}; got 0.`],
    ["timeoutMs NaN", { timeoutMs: Number.NaN }, `${TIMEOUT_RULE}; got NaN.`],
    ["timeoutMs past the timer limit", { timeoutMs: 2 ** 31 }, `${TIMEOUT_RULE}; got 2147483648.`],
    ["maxRetries -1", { maxRetries: -1 }, `${RETRIES_RULE}; got -1.`],
    ["maxRetries 1.5", { maxRetries: 1.5 }, `${RETRIES_RULE}; got 1.5.`],
    ["maxRetries 11", { maxRetries: 11 }, `${RETRIES_RULE}; got 11.`],
    ["maxRetries Infinity", { maxRetries: Infinity }, `${RETRIES_RULE}; got Infinity.`],
    ["maxResponseBytes 0", { maxResponseBytes: 0 }, `${BYTES_RULE}; got 0.`],
    ["maxResponseBytes 1.5", { maxResponseBytes: 1.5 }, `${BYTES_RULE}; got 1.5.`],
    [
      "timeoutMs as a string",
      { timeoutMs: "1000" as unknown as number },
      `${TIMEOUT_RULE}; got 1000.`,
    ],
    [
      "maxResponseBytes as a string",
      { maxResponseBytes: "1" as unknown as number },
      `${BYTES_RULE}; got 1.`,
    ],
  ])("refuses %s at creation with a RangeError", (_, options, message) => {
    expect(() => createEchoClient({ baseUrl: server.url, ...options })).toThrow(
      new RangeError(`Echo API: ${message}`),
    );
  });

  test("accepts the bounds themselves, and undefined as the default", () => {
    expect(() =>
      createEchoClient({
        baseUrl: server.url,
        timeoutMs: 2 ** 31 - 1,
        maxRetries: 10,
        maxResponseBytes: 1,
      }),
    ).not.toThrow();
    expect(() =>
      createEchoClient({ baseUrl: server.url, timeoutMs: Infinity, maxResponseBytes: Infinity }),
    ).not.toThrow();
    expect(() =>
      createEchoClient({ baseUrl: server.url, timeoutMs: undefined, maxRetries: undefined }),
    ).not.toThrow();
  });

  test("rejects a call with invalid options as invalid_request, before sending anything", async () => {
    const { echo } = createEchoClient({ baseUrl: server.url });
    const error = await rejection(echo({ value: "a" }, { maxRetries: -1 }));
    expect(error).toMatchObject({
      code: "invalid_request",
      status: undefined,
      message: `Echo API POST /echo: ${RETRIES_RULE}; got -1.`,
    });
    const tooLong = await rejection(echo({ value: "a" }, { timeoutMs: 3e9 }));
    expect(tooLong.message).toBe(`Echo API POST /echo: ${TIMEOUT_RULE}; got 3000000000.`);
    expect(server.requests).toHaveLength(0);
  });
});
