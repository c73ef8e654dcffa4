/**
 * openapi-fetch middleware registered with `raw.use(…)` works through facade calls as
 * openapi-fetch documents it: `onRequest` receives a real `Request` it may read, clone, change
 * the headers of or replace; `onResponse` may read the response and return a new one.
 */
import type { Middleware } from "openapi-fetch";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createJoyfillClient } from "../../src/joyfill.js";
import { createProficientClient } from "../../src/proficient.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const facades = {
  joyfill: (middleware: Middleware) => {
    const client = createJoyfillClient({ accessToken: "at_1", baseUrl: server.url });
    client.raw.use(middleware);
    return { call: () => client.users.create({ identifier: "u_1" }), body: '{"identifier":"u_1"}' };
  },
  proficient: (middleware: Middleware) => {
    const client = createProficientClient({ secretKey: "sk_1", baseUrl: server.url });
    client.raw.use(middleware);
    return { call: () => client.users.create({ external_id: "42" }), body: '{"external_id":"42"}' };
  },
};

describe.each(["joyfill", "proficient"] as const)("%s users.create with middleware", (api) => {
  test("onRequest may return new Request(request, { headers }) with a header of its own", async () => {
    server.reply({ json: { id: "u" } });
    const { call, body } = facades[api]({
      onRequest({ request }) {
        const headers = new Headers(request.headers);
        headers.set("x-tenant", "t-1");
        return new Request(request, { headers });
      },
    });
    await expect(call()).resolves.toEqual({ id: "u" });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: "POST", url: "/users", body });
    expect(server.requests[0]?.headers["x-tenant"]).toBe("t-1");
  });

  test("onRequest may read the body with request.clone().text(), and it is still sent", async () => {
    server.reply({ json: { id: "u" } });
    const seen: string[] = [];
    const { call, body } = facades[api]({
      async onRequest({ request }) {
        seen.push(await request.clone().text());
      },
    });
    await expect(call()).resolves.toEqual({ id: "u" });
    expect(seen).toEqual([body]);
    expect(server.requests[0]?.body).toBe(body);
  });

  test("onRequest may set headers on the request it was given", async () => {
    server.reply({ json: { id: "u" } });
    const { call } = facades[api]({
      onRequest({ request }) {
        request.headers.set("x-trace-id", `${request.method} ${new URL(request.url).pathname}`);
      },
    });
    await call();
    expect(server.requests[0]?.headers["x-trace-id"]).toBe("POST /users");
  });

  test("onResponse may read the response and return a new Response", async () => {
    server.reply({ json: { id: "u" }, headers: { "x-served-by": "a" } });
    const { call } = facades[api]({
      async onResponse({ response }) {
        const user = (await response.clone().json()) as Record<string, unknown>;
        const served = response.headers.get("x-served-by");
        return new Response(JSON.stringify({ ...user, served }), response);
      },
    });
    await expect(call()).resolves.toEqual({ id: "u", served: "a" });
  });
});
