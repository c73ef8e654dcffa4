import { describe, expect, test } from "vitest";
import { examples } from "../../generated/joyfill/examples.js";
import { createJoyfillClient } from "../../src/joyfill.js";
import { createJoyfillFake } from "../../src/testing.js";
import { rejection } from "../support/rejection.js";

const KEYS = { publicKey: "pk_test", secretKey: "sk_joyfill_secret" };
const URL_USERS = "https://api-joy.joyfill.io/v1/users";

function setup(options: { maxRetries?: number; timeoutMs?: number } = {}) {
  const fake = createJoyfillFake();
  const joyfill = createJoyfillClient({ ...KEYS, fetch: fake.fetch, ...options });
  return { fake, joyfill };
}

describe("the Joyfill fake's success", () => {
  test("answers with the spec's example user, the request's identifier and group copied in", async () => {
    const { fake, joyfill } = setup();
    const user = await joyfill.users.create({ identifier: "u_1", group: "team-a" });
    expect(user).toEqual({ type: "String", identifier: "u_1", group: "team-a" });
    expect(examples["/users"].post["200"]).toEqual({
      type: "String",
      identifier: "String",
      group: "String (optional)",
    });
    expect(fake.users.created).toEqual([user]);
  });

  test("records the parsed body, the auth scheme and the headers, never the secret", async () => {
    const { fake, joyfill } = setup();
    await joyfill.users.create({ identifier: "u_1" }, { headers: { "x-trace-id": "t-1" } });
    const [request] = fake.users.create.requests;
    expect(request).toMatchObject({
      attempt: 1,
      method: "POST",
      url: "https://api-joy.joyfill.io/v1/users",
      body: { identifier: "u_1" },
      auth: "basic",
      answer: "success",
    });
    expect(request!.headers).toMatchObject({
      authorization: "Basic [redacted]",
      "content-type": "application/json",
      "x-trace-id": "t-1",
    });
    const recorded = JSON.stringify(fake.users.create.requests);
    expect(recorded).not.toContain(KEYS.secretKey);
    expect(recorded).not.toContain(btoa(`${KEYS.publicKey}:${KEYS.secretKey}`));
  });

  test("records bearer for a user access token", async () => {
    const fake = createJoyfillFake();
    const joyfill = createJoyfillClient({ accessToken: "at_user", fetch: fake.fetch });
    await joyfill.users.create({});
    expect(fake.users.create.requests.map((request) => request.auth)).toEqual(["bearer"]);
  });

  test("records cookie and x-api-key as [redacted], proxy-authorization by its scheme", async () => {
    const fake = createJoyfillFake();
    await fake.fetch(URL_USERS, {
      method: "POST",
      headers: {
        authorization: "Bearer at_secret",
        "proxy-authorization": "Basic cHJveHk6c2VjcmV0",
        cookie: "session=s3cret",
        "x-api-key": "key_secret",
      },
      body: "{}",
    });
    expect(fake.users.create.requests[0]!.headers).toEqual({
      authorization: "Bearer [redacted]",
      "proxy-authorization": "Basic [redacted]",
      cookie: "[redacted]",
      "x-api-key": "[redacted]",
      "content-type": "text/plain;charset=UTF-8",
    });
  });

  test("records a body that is not JSON as its text, and a missing one as undefined", async () => {
    const fake = createJoyfillFake();
    const send = (body?: string) =>
      fake.fetch(URL_USERS, { method: "POST", headers: { authorization: "Bearer at_1" }, body });
    await send("identifier=u_1");
    await send();
    expect(fake.users.create.requests.map((request) => request.body)).toEqual([
      "identifier=u_1",
      undefined,
    ]);
  });

  test("copies in only the request's fields of the example's JSON type", async () => {
    const fake = createJoyfillFake();
    const response = await fake.fetch(URL_USERS, {
      method: "POST",
      headers: { authorization: "Bearer at_1" },
      body: JSON.stringify({ identifier: 42, group: null, type: "Admin" }),
    });
    expect(await response.json()).toEqual({
      type: "Admin",
      identifier: "String",
      group: "String (optional)",
    });
  });

  test("respond() lays a typed partial over every later success", async () => {
    const { fake, joyfill } = setup();
    fake.users.create.respond({ token: "tok_1" });
    expect(await joyfill.users.create({ identifier: "u_1" })).toEqual({
      type: "String",
      identifier: "u_1",
      group: "String (optional)",
      token: "tok_1",
    });
    expect(await joyfill.users.create({ identifier: "u_2" })).toMatchObject({ token: "tok_1" });
  });

  test("respond() takes a function of the typed request", async () => {
    const { fake, joyfill } = setup();
    fake.users.create.respond((request) => ({
      token: request.body.issueAccessToken ? `tok_${request.attempt}` : undefined,
    }));
    expect(await joyfill.users.create({ issueAccessToken: true })).toMatchObject({
      token: "tok_1",
    });
  });

  test("answers a client created with another baseUrl when the fake is told it", async () => {
    const fake = createJoyfillFake({ baseUrl: "https://joyfill.proxy.test/v1/" });
    const joyfill = createJoyfillClient({
      ...KEYS,
      fetch: fake.fetch,
      baseUrl: "https://joyfill.proxy.test/v1",
    });
    expect(await joyfill.users.create({ identifier: "u_1" })).toMatchObject({ identifier: "u_1" });
  });

  test("answers a baseUrl given with several trailing slashes", async () => {
    const fake = createJoyfillFake({ baseUrl: "https://joyfill.proxy.test/v1//" });
    const joyfill = createJoyfillClient({
      ...KEYS,
      fetch: fake.fetch,
      baseUrl: "https://joyfill.proxy.test/v1",
    });
    expect(await joyfill.users.create({ identifier: "u_1" })).toMatchObject({ identifier: "u_1" });
    expect(fake.servers).toEqual([
      "https://api-joy.joyfill.io/v1",
      "https://joyfill.proxy.test/v1//",
    ]);
  });
});

describe("the Joyfill fake's named failures, in Joyfill's { message } format", () => {
  test("conflict: HTTP 409", async () => {
    const { fake, joyfill } = setup();
    fake.users.create.failNext("conflict");
    expect(await rejection(joyfill.users.create({ identifier: "u_1" }))).toMatchObject({
      code: "conflict",
      status: 409,
      message: "Conflict",
      body: { message: "Conflict" },
    });
    expect(fake.users.created).toEqual([]);
  });

  test("invalid_request: HTTP 400 with the message of the spec's example, or the test's", async () => {
    const { fake, joyfill } = setup();
    fake.users.create.failNext("invalid_request");
    fake.users.create.failNext("invalid_request", { message: "identifier is too long" });
    expect(await rejection(joyfill.users.create({}))).toMatchObject({
      code: "invalid_request",
      status: 400,
      message: "Invalid Request",
      body: { message: "Invalid Request" },
    });
    expect((await rejection(joyfill.users.create({}))).message).toBe("identifier is too long");
  });

  test("invalid_credentials: HTTP 401, not retried", async () => {
    const { fake, joyfill } = setup();
    fake.users.create.failNext("invalid_credentials");
    expect(await rejection(joyfill.users.create({}))).toMatchObject({
      code: "invalid_credentials",
      status: 401,
      body: { message: "Unauthorized" },
    });
    expect(fake.users.create.requests).toHaveLength(1);
  });

  test("rate_limited: HTTP 429 with Retry-After, then the client's retry succeeds", async () => {
    const { fake, joyfill } = setup();
    fake.users.create.failNext("rate_limited", { retryAfterSeconds: 0 });
    expect(await joyfill.users.create({ identifier: "u_1" })).toMatchObject({ identifier: "u_1" });
    expect(fake.users.create.requests.map((request) => request.answer)).toEqual([
      "rate_limited",
      "success",
    ]);
  });

  test("rate_limited sends Retry-After in seconds, 1 unless told", async () => {
    const fake = createJoyfillFake();
    fake.users.create.failNext("rate_limited").failNext("rate_limited", { retryAfterSeconds: 7 });
    const send = () =>
      fake.fetch("https://api-joy.joyfill.io/v1/users", {
        method: "POST",
        headers: { authorization: "Bearer at_1" },
        body: "{}",
      });
    const first = await send();
    expect([first.status, first.headers.get("retry-after"), await first.json()]).toEqual([
      429,
      "1",
      { message: "Too Many Requests" },
    ]);
    expect((await send()).headers.get("retry-after")).toBe("7");
  });

  test("unavailable: HTTP 503 on every attempt with times: Infinity", async () => {
    const { fake, joyfill } = setup({ maxRetries: 1 });
    fake.users.create.failNext("unavailable", { times: Infinity });
    expect(await rejection(joyfill.users.create({}))).toMatchObject({
      code: "unavailable",
      status: 503,
      body: { message: "Service Unavailable" },
    });
    expect(fake.users.create.requests.map((request) => request.answer)).toEqual([
      "unavailable",
      "unavailable",
    ]);
  });

  test("slow: an answer later than timeoutMs makes the client time out", async () => {
    const { fake, joyfill } = setup({ timeoutMs: 20 });
    fake.users.create.failNext("slow");
    expect(await rejection(joyfill.users.create({}))).toMatchObject({
      code: "timeout",
      status: undefined,
      vendorActed: "maybe",
      attempts: 1,
    });
    expect(fake.users.created).toEqual([]);
  });

  test("slow with delayMs answers once the delay is over", async () => {
    const { fake, joyfill } = setup();
    fake.users.create.failNext("slow", { delayMs: 5 });
    expect(await joyfill.users.create({ identifier: "u_1" })).toMatchObject({ identifier: "u_1" });
  });

  test("slow honours the caller's abort", async () => {
    const { fake, joyfill } = setup();
    fake.users.create.failNext("slow");
    const controller = new AbortController();
    const call = joyfill.users.create({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    expect((await rejection(call)).code).toBe("aborted");
  });

  test("connection_refused: fetch rejects with ECONNREFUSED, nothing is created", async () => {
    const fake = createJoyfillFake();
    fake.users.create.failNext("connection_refused");
    const failure = await fake
      .fetch("https://api-joy.joyfill.io/v1/users", { method: "POST", body: "{}" })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe("fetch failed");
    expect((failure as TypeError).cause).toMatchObject({
      code: "ECONNREFUSED",
      message: "connect ECONNREFUSED api-joy.joyfill.io",
    });
    expect(fake.users.created).toEqual([]);
  });

  test("connection_refused, certainly not sent, is retried and creates one user", async () => {
    const { fake, joyfill } = setup();
    fake.users.create.failNext("connection_refused");
    expect(await joyfill.users.create({ identifier: "u_1" })).toMatchObject({ identifier: "u_1" });
    expect(fake.users.created.map((user) => user.identifier)).toEqual(["u_1"]);
  });

  test("connection_dropped: a reset (ECONNRESET) before Joyfill acted: nothing is created", async () => {
    const { fake, joyfill } = setup();
    fake.users.create.failNext("connection_dropped");
    const error = await rejection(joyfill.users.create({ identifier: "u_1" }));
    // The client cannot tell this from a lost answer, so it does not repeat the create.
    expect(error).toMatchObject({ code: "connection_error", vendorActed: "maybe", attempts: 1 });
    expect(error.cause).toMatchObject({ cause: { code: "ECONNRESET" } });
    expect(fake.users.created).toEqual([]);
  });

  test("connection_dropped and answer_lost: fetch rejects as Node's does on a reset", async () => {
    const fake = createJoyfillFake();
    fake.users.create.failNext("connection_dropped").failNext("answer_lost");
    const send = () =>
      fake
        .fetch(URL_USERS, { method: "POST", headers: { authorization: "Bearer at_1" }, body: "{}" })
        .catch((error: unknown) => error as TypeError);
    for (const failure of [await send(), await send()]) {
      expect(failure).toBeInstanceOf(TypeError);
      expect(failure).toMatchObject({
        message: "fetch failed",
        cause: { code: "ECONNRESET", message: "read ECONNRESET" },
      });
    }
    expect(fake.users.created).toHaveLength(1);
  });

  test("connection_dropped fails a request without credentials too: Joyfill never read it", async () => {
    const fake = createJoyfillFake();
    fake.users.create.failNext("connection_dropped");
    const failure = await fake
      .fetch(URL_USERS, { method: "POST", body: "{}" })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ message: "fetch failed", cause: { code: "ECONNRESET" } });
    expect(fake.users.create.requests.map(({ auth, answer }) => [auth, answer])).toEqual([
      ["none", "connection_dropped"],
    ]);
  });

  test("answer_lost: the same reset, but Joyfill created the user", async () => {
    const { fake, joyfill } = setup();
    fake.users.create.failNext("answer_lost");
    const error = await rejection(joyfill.users.create({ identifier: "u_1" }));
    expect(error).toMatchObject({ code: "connection_error", vendorActed: "maybe", attempts: 1 });
    expect(error.cause).toMatchObject({ cause: { code: "ECONNRESET" } });
    expect(fake.users.created).toEqual([
      { type: "String", identifier: "u_1", group: "String (optional)" },
    ]);
  });
});

describe("the Joyfill fake's queue and records", () => {
  test("queued failures answer in order, then requests succeed again", async () => {
    const { fake, joyfill } = setup();
    fake.users.create.failNext("unavailable").failNext("conflict");
    expect((await rejection(joyfill.users.create({}))).code).toBe("conflict");
    await joyfill.users.create({});
    expect(fake.users.create.requests.map(({ attempt, answer }) => [attempt, answer])).toEqual([
      [1, "unavailable"],
      [2, "conflict"],
      [3, "success"],
    ]);
  });

  test("refuses a request without credentials as Joyfill would: 401 { message }", async () => {
    const fake = createJoyfillFake();
    const response = await fake.fetch("https://api-joy.joyfill.io/v1/users", {
      method: "POST",
      body: "{}",
    });
    expect([response.status, await response.json()]).toEqual([401, { message: "Unauthorized" }]);
    expect(fake.users.create.requests.map(({ auth, answer }) => [auth, answer])).toEqual([
      ["none", "invalid_credentials"],
    ]);
  });

  test("a refused credential leaves the queued failure for the next request", async () => {
    const fake = createJoyfillFake();
    fake.users.create.failNext("conflict");
    const send = (headers: Record<string, string>) =>
      fake.fetch(URL_USERS, { method: "POST", headers, body: "{}" });
    expect((await send({})).status).toBe(401);
    expect((await send({ authorization: "Bearer at_1" })).status).toBe(409);
    expect((await send({ authorization: "Bearer at_1" })).status).toBe(200);
    expect(fake.users.create.requests.map(({ answer }) => answer)).toEqual([
      "invalid_credentials",
      "conflict",
      "success",
    ]);
  });

  test("refuses a scheme other than Basic or Bearer, even one followed by them", async () => {
    const fake = createJoyfillFake();
    const response = await fake.fetch(URL_USERS, {
      method: "POST",
      headers: { authorization: "Token Bearer at_1" },
      body: "{}",
    });
    expect([response.status, await response.json()]).toEqual([401, { message: "Unauthorized" }]);
    expect(fake.users.create.requests.map(({ auth, answer }) => [auth, answer])).toEqual([
      ["other", "invalid_credentials"],
    ]);
  });

  test("a request aborted before it is sent rejects with the abort's reason and reaches nothing", async () => {
    const fake = createJoyfillFake();
    const controller = new AbortController();
    const reason = new Error("gave up");
    controller.abort(reason);
    const failure = await fake
      .fetch(URL_USERS, {
        method: "POST",
        headers: { authorization: "Bearer at_1" },
        body: "{}",
        signal: controller.signal,
      })
      .catch((error: unknown) => error);
    expect(failure).toBe(reason);
    expect([fake.users.create.requests, fake.users.created]).toEqual([[], []]);
  });

  test("slow: a request aborted while its body is read rejects with the abort's reason", async () => {
    const fake = createJoyfillFake();
    fake.users.create.failNext("slow", { delayMs: 50 });
    const controller = new AbortController();
    const reason = new Error("gave up");
    // The body's one chunk is read after fetch has checked the signal: the abort lands between
    // that check and the wait.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(stream) {
          controller.abort(reason);
          stream.enqueue(new TextEncoder().encode("{}"));
          stream.close();
        },
      },
      { highWaterMark: 0 },
    );
    const failure = await fake
      .fetch(URL_USERS, {
        method: "POST",
        headers: { authorization: "Bearer at_1" },
        body,
        duplex: "half",
        signal: controller.signal,
      } as RequestInit)
      .catch((error: unknown) => error);
    expect(failure).toBe(reason);
    expect(fake.users.created).toEqual([]);
  });

  test("answers an unknown path with 404 in Joyfill's format", async () => {
    const fake = createJoyfillFake();
    const response = await fake.fetch("https://api-joy.joyfill.io/v1/groups", {
      headers: { authorization: "Bearer at_1" },
    });
    expect([response.status, await response.json()]).toEqual([
      404,
      { message: "The Joyfill fake has no operation GET /groups." },
    ]);
  });

  test("answers 404 to another method on the operation's path and to its method elsewhere", async () => {
    const fake = createJoyfillFake();
    const headers = { authorization: "Bearer at_1" };
    const get = await fake.fetch(URL_USERS, { headers });
    const post = await fake.fetch("https://api-joy.joyfill.io/v1/groups", {
      method: "POST",
      headers,
      body: "{}",
    });
    expect([get.status, await get.json(), post.status, await post.json()]).toEqual([
      404,
      { message: "The Joyfill fake has no operation GET /users." },
      404,
      { message: "The Joyfill fake has no operation POST /groups." },
    ]);
    expect(fake.users.create.requests).toEqual([]);
  });

  test("a client pointed elsewhere fails with a message naming the fake's servers", async () => {
    const fake = createJoyfillFake();
    const joyfill = createJoyfillClient({
      ...KEYS,
      fetch: fake.fetch,
      baseUrl: "https://elsewhere.test",
      maxRetries: 0,
    });
    const error = await rejection(joyfill.users.create({}));
    expect(error.code).toBe("connection_error");
    expect(error.message).toContain(
      "The Joyfill fake has no server at https://elsewhere.test/users; it answers https://api-joy.joyfill.io/v1. Pass baseUrl to the fake to answer another.",
    );
  });

  test("reset() forgets queued failures, the override, the requests and the created users", async () => {
    const { fake, joyfill } = setup();
    await joyfill.users.create({ identifier: "u_1" });
    fake.users.create.respond({ token: "tok" }).failNext("conflict");
    fake.reset();
    expect([fake.users.create.requests, fake.users.created]).toEqual([[], []]);
    expect(await joyfill.users.create({ identifier: "u_2" })).toEqual({
      type: "String",
      identifier: "u_2",
      group: "String (optional)",
    });
  });

  test("failNext refuses a times below 1", () => {
    const fake = createJoyfillFake();
    expect(() => fake.users.create.failNext("conflict", { times: 0 })).toThrow(
      new RangeError('failNext("conflict"): times must be 1 or more; got 0.'),
    );
  });
});
