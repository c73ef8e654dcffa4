import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { ApiError } from "../../src/index.js";
import { createJoyfillClient } from "../../src/joyfill.js";
import { createProficientClient } from "../../src/proficient.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const joyfill = () => createJoyfillClient({ accessToken: "at_1", baseUrl: server.url });
const proficient = () => createProficientClient({ secretKey: "sk_1", baseUrl: server.url });

const member = {
  id: "usr_1",
  object: "user",
  created_at: 1,
  updated_at: 2,
  external_id: "42",
  first_name: "Ada",
  last_name: null,
  live_mode: false,
};

describe("withResponse", () => {
  test("resolves to the decoded body, the response and the x-request-id", async () => {
    server.reply({
      status: 201,
      headers: { "x-request-id": "req_joy_1", "x-ratelimit-remaining": "99" },
      json: { identifer: "u_1", group: "team-a" },
    });
    const { data, response, requestId } = await joyfill().users.create.withResponse({
      identifier: "u_1",
    });
    expect(data).toEqual({ identifier: "u_1", group: "team-a" });
    expect(requestId).toBe("req_joy_1");
    expect(response.status).toBe(201);
    expect(response.headers.get("x-ratelimit-remaining")).toBe("99");
    expect(response.bodyUsed).toBe(true);
  });

  test("reads request-id when there is no x-request-id, and undefined when neither is sent", async () => {
    server.reply({ headers: { "request-id": "req_pro_1" }, json: member }, { json: member });
    const client = proficient();
    const first = await client.users.create.withResponse({ external_id: "42" });
    const second = await client.users.create.withResponse({ external_id: "42" });
    expect([first.requestId, second.requestId]).toEqual(["req_pro_1", undefined]);
    expect(first.data).toEqual(member);
  });

  test("resolves to the same data the plain call does", async () => {
    server.fallback({ json: member });
    const client = proficient();
    const plain = await client.users.create({ external_id: "42" });
    const { data } = await client.users.create.withResponse({ external_id: "42" });
    expect(data).toEqual(plain);
  });

  test("retries like the plain call and gives the response of the attempt that succeeded", async () => {
    server.reply(
      { status: 503, headers: { "retry-after": "0", "x-request-id": "req_a" } },
      { status: 429, headers: { "retry-after": "0", "x-request-id": "req_b" } },
      { headers: { "x-request-id": "req_c" }, json: member },
    );
    const { response, requestId } = await proficient().users.create.withResponse(
      { external_id: "42" },
      { headers: { "x-trace-id": "t_1" } },
    );
    expect([response.status, requestId]).toEqual([200, "req_c"]);
    expect(server.requests.map((request) => request.headers["x-trace-id"])).toEqual([
      "t_1",
      "t_1",
      "t_1",
    ]);
  });

  test("rejects with the same ApiError as the plain call, request id included", async () => {
    server.fallback({
      status: 409,
      headers: { "x-request-id": "req_409" },
      json: { error: { code: "conflict", message: "external_id is taken" } },
    });
    const error = await proficient()
      .users.create.withResponse({ external_id: "42" })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: "conflict",
      message: "external_id is taken",
      requestId: "req_409",
    });
  });

  test("honours the call's timeoutMs, maxRetries and idempotencyKey", async () => {
    server.fallback({ hang: "before-headers" });
    const error = await joyfill()
      .users.create.withResponse({}, { timeoutMs: 50, maxRetries: 1, idempotencyKey: "k" })
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: "timeout", status: undefined });
    expect(server.requests).toHaveLength(2);
  });
});
