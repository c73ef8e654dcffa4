import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { servers } from "../../generated/joyfill/servers.js";
import { ApiError } from "../../src/index.js";
import { createJoyfillClient } from "../../src/joyfill.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const BASIC = `Basic ${Buffer.from("pk_test:sk_test").toString("base64")}`;

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

function keyClient(options: Parameters<typeof createJoyfillClient>[0] = {}) {
  return createJoyfillClient({
    publicKey: "pk_test",
    secretKey: "sk_test",
    baseUrl: server.url,
    ...options,
  });
}

describe("authentication", () => {
  test("sends an API key pair as Authorization: Basic base64(publicKey:secretKey)", async () => {
    server.reply({ json: { type: "user", identifier: "u_1" } });
    await keyClient().users.create({ identifier: "u_1" });
    expect(server.requests[0]?.headers.authorization).toBe(BASIC);
  });

  test("sends an access token as Authorization: Bearer", async () => {
    const joyfill = createJoyfillClient({ accessToken: "at_123", baseUrl: server.url });
    await joyfill.users.create({ group: "g" });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer at_123");
  });

  test("reads JOYFILL_PUBLIC_KEY and JOYFILL_SECRET_KEY, trimmed", async () => {
    vi.stubEnv("JOYFILL_PUBLIC_KEY", " pk_test ");
    vi.stubEnv("JOYFILL_SECRET_KEY", "sk_test\n");
    await createJoyfillClient({ baseUrl: server.url }).users.create({});
    expect(server.requests[0]?.headers.authorization).toBe(BASIC);
  });

  test("reads JOYFILL_ACCESS_TOKEN when no key pair is set", async () => {
    vi.stubEnv("JOYFILL_PUBLIC_KEY", "");
    vi.stubEnv("JOYFILL_ACCESS_TOKEN", "at_env");
    await createJoyfillClient({ baseUrl: server.url }).users.create({});
    expect(server.requests[0]?.headers.authorization).toBe("Bearer at_env");
  });

  test("throws at creation, naming the options and env vars, without credentials", () => {
    vi.stubEnv("JOYFILL_PUBLIC_KEY", "");
    vi.stubEnv("JOYFILL_SECRET_KEY", " ");
    vi.stubEnv("JOYFILL_ACCESS_TOKEN", "");
    expect(() => createJoyfillClient()).toThrow(
      new Error(
        "Joyfill API: no credentials. Pass publicKey and secretKey, or accessToken in the " +
          "options, or set JOYFILL_PUBLIC_KEY and JOYFILL_SECRET_KEY, or JOYFILL_ACCESS_TOKEN.",
      ),
    );
  });

  test("throws when only half of a key pair is given", () => {
    expect(() => createJoyfillClient({ publicKey: "pk_test" })).toThrow(
      new Error("Joyfill API: publicKey and secretKey go together; secretKey is missing or blank."),
    );
  });

  test("refuses a secret key in a browser without dangerouslyAllowBrowser", () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    expect(() => keyClient()).toThrow(
      /^Joyfill API: refusing to send a secret key from a browser, where anyone can read it\./,
    );
    expect(keyClient({ dangerouslyAllowBrowser: true }).baseUrl).toBe(server.url);
  });

  test("allows an access token in a browser", () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    expect(createJoyfillClient({ accessToken: "at_123" }).baseUrl).toBe(servers[0].url);
  });

  test("the raw client sends the same Authorization", async () => {
    server.reply({ json: {} });
    const { response } = await keyClient().raw.POST("/users", { body: { identifier: "u_1" } });
    expect(response.status).toBe(200);
    expect(server.requests[0]?.headers.authorization).toBe(BASIC);
  });
});

describe("users.create", () => {
  test("posts the body as JSON to /users and resolves to the user", async () => {
    server.reply({ json: { type: "user", identifier: "u_1", group: "team-a" } });
    const user = await keyClient().users.create({ identifier: "u_1", group: "team-a" });
    expect(user).toEqual({ type: "user", identifier: "u_1", group: "team-a" });
    expect(server.requests).toMatchObject([
      {
        method: "POST",
        url: "/users",
        body: '{"identifier":"u_1","group":"team-a"}',
        headers: { "content-type": "application/json" },
      },
    ]);
  });

  test("returns identifier when the server spells it identifer, as the spec's examples do", async () => {
    server.reply({ json: { type: "user", identifer: "u_1", token: "t" } });
    const user = await keyClient().users.create({ identifier: "u_1", issueAccessToken: true });
    expect(user).toEqual({ type: "user", identifier: "u_1", token: "t" });
  });

  test("defaults to the spec's server and lets baseUrl override it", () => {
    expect(createJoyfillClient({ accessToken: "at" }).baseUrl).toBe(
      "https://api-joy.joyfill.io/v1",
    );
    expect(keyClient().baseUrl).toBe(server.url);
  });

  test("turns Joyfill's { message } error into an ApiError with that message", async () => {
    server.reply({
      status: 400,
      headers: { "x-request-id": "req_42" },
      json: { message: "Invalid Request" },
    });
    const error = await keyClient()
      .users.create({ identifier: "" })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      api: "joyfill",
      status: 400,
      code: "invalid_request",
      message: "Invalid Request",
      requestId: "req_42",
      body: { message: "Invalid Request" },
    });
  });
});
