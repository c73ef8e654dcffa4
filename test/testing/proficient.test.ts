import { describe, expect, test } from "vitest";
import { createProficientClient } from "../../src/proficient.js";
import { createProficientFake, type ProficientFakeOptions } from "../../src/testing.js";
import { rejection } from "../support/rejection.js";

const SECRET_KEY = "sk_proficient_secret";

function setup(options: ProficientFakeOptions & { maxRetries?: number } = {}) {
  const { maxRetries, ...fakeOptions } = options;
  const fake = createProficientFake(fakeOptions);
  const proficient = createProficientClient({
    secretKey: SECRET_KEY,
    fetch: fake.fetch,
    ...(maxRetries !== undefined && { maxRetries }),
  });
  return { fake, proficient };
}

describe("the Proficient fake's success", () => {
  test("answers with a user built from the spec's schema, the request's fields copied in", async () => {
    const { fake, proficient } = setup();
    const member = await proficient.users.create({
      external_id: "42",
      first_name: "Ada",
      last_name: null,
    });
    expect(member).toEqual({
      id: "string",
      object: "user",
      created_at: 0,
      external_id: "42",
      first_name: "Ada",
      last_name: "string",
      live_mode: false,
      updated_at: 0,
    });
    expect(fake.users.created).toEqual([member]);
  });

  test("answers every environment's server", async () => {
    const fake = createProficientFake();
    for (const environment of ["production", "staging", "development"] as const) {
      const proficient = createProficientClient({
        secretKey: SECRET_KEY,
        environment,
        fetch: fake.fetch,
      });
      await proficient.users.create({ external_id: environment });
    }
    expect(fake.users.create.requests.map((request) => request.url)).toEqual([
      "https://api.proficientai.com/users",
      "https://main-64bxvpctea-uc.a.run.app/users",
      "http://localhost:8080/users",
    ]);
  });

  test("answers the spec's servers, and a baseUrl given with a trailing slash", async () => {
    expect(createProficientFake().servers).toEqual([
      "https://api.proficientai.com",
      "https://main-64bxvpctea-uc.a.run.app",
      "http://localhost:8080",
    ]);
    const fake = createProficientFake({ baseUrl: "https://proficient.proxy.test/" });
    const proficient = createProficientClient({
      secretKey: SECRET_KEY,
      baseUrl: "https://proficient.proxy.test",
      fetch: fake.fetch,
    });
    expect(await proficient.users.create({ external_id: "42" })).toMatchObject({
      external_id: "42",
    });
    expect(fake.servers).toHaveLength(4);
    expect(fake.servers[3]).toBe("https://proficient.proxy.test/");
  });

  test("a client pointed elsewhere fails with a message naming every server of the fake", async () => {
    const fake = createProficientFake();
    const proficient = createProficientClient({
      secretKey: SECRET_KEY,
      baseUrl: "https://elsewhere.test",
      fetch: fake.fetch,
      maxRetries: 0,
    });
    const error = await rejection(proficient.users.create({ external_id: "42" }));
    expect(error.code).toBe("connection_error");
    expect(error.message).toContain(
      "The Proficient fake has no server at https://elsewhere.test/users; it answers " +
        "https://api.proficientai.com, https://main-64bxvpctea-uc.a.run.app, http://localhost:8080. " +
        "Pass baseUrl to the fake to answer another.",
    );
  });

  test("records bearer and redacts the key", async () => {
    const { fake, proficient } = setup();
    await proficient.users.create({ external_id: "42" });
    const [request] = fake.users.create.requests;
    expect([request!.auth, request!.headers.authorization]).toEqual([
      "bearer",
      "Bearer [redacted]",
    ]);
    expect(JSON.stringify(fake.users.create.requests)).not.toContain(SECRET_KEY);
  });

  test("respond() overrides fields for every later success", async () => {
    const { fake, proficient } = setup();
    fake.users.create.respond((request) => ({ id: `usr_${request.body.external_id}` }));
    expect(await proficient.users.create({ external_id: "42" })).toMatchObject({
      id: "usr_42",
      external_id: "42",
    });
  });
});

describe("the Proficient fake's named failures, in its { error: { code, message } } format", () => {
  test("conflict: HTTP 400 with the code conflict, which the client keeps", async () => {
    const { fake, proficient } = setup();
    fake.users.create.failNext("conflict", { message: "external_id 42 is taken" });
    expect(await rejection(proficient.users.create({ external_id: "42" }))).toMatchObject({
      code: "conflict",
      status: 400,
      message: "external_id 42 is taken",
      body: { error: { code: "conflict", message: "external_id 42 is taken" } },
    });
  });

  test("invalid_request and invalid_credentials carry their codes", async () => {
    const { fake, proficient } = setup();
    fake.users.create.failNext("invalid_request").failNext("invalid_credentials");
    expect(await rejection(proficient.users.create({ external_id: "42" }))).toMatchObject({
      code: "invalid_request",
      status: 400,
      body: { error: { code: "invalid_request", message: "Bad Request" } },
    });
    expect(await rejection(proficient.users.create({ external_id: "42" }))).toMatchObject({
      code: "invalid_credentials",
      status: 401,
    });
  });

  test("unavailable: HTTP 500 with the code unavailable, which a create does not repeat", async () => {
    const { fake, proficient } = setup();
    fake.users.create.failNext("unavailable");
    expect(await rejection(proficient.users.create({ external_id: "42" }))).toMatchObject({
      code: "unavailable",
      status: 500,
      vendorActed: "maybe",
      attempts: 1,
      body: { error: { code: "unavailable", message: "Service Unavailable" } },
    });
    expect(fake.users.create.requests.map((request) => request.answer)).toEqual(["unavailable"]);
  });

  test("rate_limited: retried after Retry-After, the vendor having certainly not acted", async () => {
    const { fake, proficient } = setup();
    fake.users.create.failNext("rate_limited", { retryAfterSeconds: 0 });
    expect(await proficient.users.create({ external_id: "42" })).toMatchObject({
      external_id: "42",
    });
    expect(fake.users.create.requests.map((request) => request.answer)).toEqual([
      "rate_limited",
      "success",
    ]);
  });

  test("rate_limited: HTTP 429 with Retry-After and the code unknown, its spec having none for it", async () => {
    const { fake, proficient } = setup({ maxRetries: 0 });
    fake.users.create.failNext("rate_limited", { retryAfterSeconds: 3 });
    const error = await rejection(proficient.users.create.withResponse({ external_id: "42" }));
    expect(error).toMatchObject({
      code: "unknown",
      status: 429,
      body: { error: { code: "unknown", message: "Too Many Requests" } },
    });
  });

  test("the flat { code, message } shape of the older admin API, on request", async () => {
    const { fake, proficient } = setup({ errorShape: "flat" });
    fake.users.create.failNext("conflict");
    expect(await rejection(proficient.users.create({ external_id: "42" }))).toMatchObject({
      code: "conflict",
      status: 400,
      body: { code: "conflict", message: "Conflict" },
    });
  });

  test("answer_lost: the call fails with connection_error, not repeated, yet Proficient holds the user", async () => {
    const { fake, proficient } = setup();
    fake.users.create.failNext("answer_lost");
    expect(await rejection(proficient.users.create({ external_id: "42" }))).toMatchObject({
      code: "connection_error",
      vendorActed: "maybe",
      attempts: 1,
    });
    expect(fake.users.created.map((user) => user.external_id)).toEqual(["42"]);
  });

  test("refuses a key that is not a secret key: 401 in Proficient's format", async () => {
    const fake = createProficientFake();
    const response = await fake.fetch("https://api.proficientai.com/users", {
      method: "POST",
      headers: { authorization: "Bearer pk_public" },
      body: JSON.stringify({ external_id: "42" }),
    });
    expect([response.status, await response.json()]).toEqual([
      401,
      { error: { code: "invalid_credentials", message: "Unauthorized" } },
    ]);
  });

  test("refuses a secret key behind another scheme", async () => {
    const fake = createProficientFake();
    const response = await fake.fetch("https://api.proficientai.com/users", {
      method: "POST",
      headers: { authorization: `Token Bearer ${SECRET_KEY}` },
      body: JSON.stringify({ external_id: "42" }),
    });
    expect(response.status).toBe(401);
    expect(fake.users.create.requests.map(({ auth, answer }) => [auth, answer])).toEqual([
      ["other", "invalid_credentials"],
    ]);
  });
});
