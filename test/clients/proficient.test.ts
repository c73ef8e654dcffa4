import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { servers } from "../../generated/proficient/servers.js";
import { createProficientClient, type ProficientEnvironment } from "../../src/proficient.js";
import { mayHaveActed, rejection } from "../support/rejection.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const USER = {
  id: "usr_1",
  object: "user",
  created_at: 1_700_000_000_000,
  external_id: "42",
  first_name: "Ada",
  last_name: "Lovelace",
  live_mode: false,
  updated_at: 1_700_000_000_000,
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  server.reset();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});
afterAll(() => server.close());

function client(options: Parameters<typeof createProficientClient>[0] = {}) {
  return createProficientClient({ secretKey: "sk_test_1", baseUrl: server.url, ...options });
}

describe("authentication", () => {
  test("sends the secret key as Authorization: Bearer", async () => {
    server.reply({ json: USER });
    await client().users.create({ external_id: "42" });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk_test_1");
  });

  test("reads PROFICIENT_SECRET_KEY, trimmed", async () => {
    vi.stubEnv("PROFICIENT_SECRET_KEY", "  sk_env  ");
    await createProficientClient({ baseUrl: server.url }).users.create({ external_id: "42" });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk_env");
  });

  test("throws at creation, naming the option and env var, without a key", () => {
    vi.stubEnv("PROFICIENT_SECRET_KEY", "");
    expect(() => createProficientClient()).toThrow(
      new Error(
        "Proficient API: no credentials. Pass secretKey in the options, or set PROFICIENT_SECRET_KEY.",
      ),
    );
  });

  test("refuses a key that is not a secret key, without echoing it", () => {
    expect(() => createProficientClient({ secretKey: "pk_live_abc" })).toThrow(
      new Error(
        "Proficient API: the key given does not start with sk_; check that it is the right key.",
      ),
    );
  });

  test("refuses the secret key in a browser without dangerouslyAllowBrowser", () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    expect(() => client()).toThrow(/^Proficient API: refusing to send a secret key/);
    expect(client({ dangerouslyAllowBrowser: true }).baseUrl).toBe(server.url);
  });
});

describe("environments", () => {
  test.each<[ProficientEnvironment, number]>([
    ["production", 0],
    ["staging", 1],
    ["development", 2],
  ])("maps %s to the spec's server %i", (environment, index) => {
    const { baseUrl } = createProficientClient({ secretKey: "sk_1", environment });
    expect(baseUrl).toBe(servers[index]?.url);
  });

  test("defaults to production", () => {
    expect(createProficientClient({ secretKey: "sk_1" }).baseUrl).toBe(
      "https://api.proficientai.com",
    );
  });

  test("lets baseUrl override the environment", () => {
    expect(client({ environment: "staging" }).baseUrl).toBe(server.url);
  });

  test("throws for an environment the spec does not have", () => {
    const environment = "qa" as ProficientEnvironment;
    expect(() => createProficientClient({ secretKey: "sk_1", environment })).toThrow(
      new Error(
        'Proficient API: unknown environment "qa"; use one of production, staging, development.',
      ),
    );
  });
});

describe("users.create", () => {
  test("posts the body as JSON to /users and resolves to the user", async () => {
    server.reply({ json: USER });
    const user = await client().users.create({ external_id: "42", first_name: "Ada" });
    expect(user).toEqual(USER);
    expect(server.requests).toMatchObject([
      { method: "POST", url: "/users", body: '{"external_id":"42","first_name":"Ada"}' },
    ]);
  });

  test("sends per-call headers", async () => {
    await client().users.create({ external_id: "42" }, { headers: { "idempotency-key": "k1" } });
    expect(server.requests[0]?.headers["idempotency-key"]).toBe("k1");
  });

  test("understands { error: { code, message } } and keeps the vendor's code", async () => {
    const body = { error: { code: "resource_not_found", message: "No such project" } };
    server.reply({ status: 400, headers: { "request-id": "req_7" }, json: body });
    expect(await rejection(client().users.create({ external_id: "42" }))).toMatchObject({
      api: "proficient",
      status: 400,
      code: "resource_not_found",
      message: "No such project",
      requestId: "req_7",
      body,
    });
  });

  test("understands the older flat { code, message }", async () => {
    server.reply({ status: 403, json: { code: "forbidden", message: "Live mode is locked" } });
    expect(await rejection(client().users.create({ external_id: "42" }))).toMatchObject({
      status: 403,
      code: "forbidden",
      message: "Live mode is locked",
    });
  });

  test("retries a 500 with the vendor code unavailable when the call carries a key, and then succeeds", async () => {
    server.reply(
      {
        status: 500,
        headers: { "retry-after": "0" },
        json: { error: { code: "unavailable", message: "Busy" } },
      },
      { json: USER },
    );
    await expect(
      client().users.create({ external_id: "42" }, { idempotencyKey: "create-42" }),
    ).resolves.toEqual(USER);
    expect(server.requests.map((request) => request.headers["idempotency-key"])).toEqual([
      "create-42",
      "create-42",
    ]);
  });

  test("does not retry a 500 with another code", async () => {
    server.reply({ status: 500, json: { error: { code: "unknown", message: "Oops" } } });
    expect(await rejection(client().users.create({ external_id: "42" }))).toMatchObject({
      status: 500,
      code: "unknown",
      message: `Oops${mayHaveActed()}`,
      vendorActed: "maybe",
    });
    expect(server.requests).toHaveLength(1);
  });
});
