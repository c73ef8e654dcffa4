/**
 * The clients against a server that misbehaves on purpose, on 127.0.0.1: endless and huge
 * bodies, redirects to another origin, JSON nested beyond any stack, dates in every form.
 */
import { getEventListeners } from "node:events";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createJoyfillClient, type JoyfillClientOptions } from "../../src/joyfill.js";
import { createProficientClient } from "../../src/proficient.js";
import { startHostileServer, type HostileServer } from "./hostile-server.js";
import { mayHaveActed, rejection } from "../support/rejection.js";

const TOKEN = "at_hostile_token_0123456789";
const KiB = 1024;
const MiB = 1024 * KiB;

let server: HostileServer;
let elsewhere: HostileServer;
beforeAll(async () => {
  [server, elsewhere] = await Promise.all([startHostileServer(), startHostileServer()]);
});
afterEach(() => {
  server.reset();
  elsewhere.reset();
});
afterAll(() => Promise.all([server.close(), elsewhere.close()]));

function joyfill(options: JoyfillClientOptions = {}) {
  return createJoyfillClient({ accessToken: TOKEN, baseUrl: server.url, ...options });
}

/** JSON text of `depth` nested objects `{"a":…}` around `leaf`. */
function nestedObjects(depth: number, leaf: string): string {
  return '{"a":'.repeat(depth) + leaf + "}".repeat(depth);
}

/** How many levels of `{ a: … }` a value has, counted without recursion. */
function depthOf(value: unknown): { depth: number; leaf: unknown } {
  let depth = 0;
  let current = value;
  while (typeof current === "object" && current !== null && "a" in current) {
    current = (current as { a: unknown }).a;
    depth++;
  }
  return { depth, leaf: current };
}

describe("response size", () => {
  test("an endless 200 body fails with unknown once maxResponseBytes is read, and is not retried", async () => {
    let ended: Promise<void> | undefined;
    server.handle((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"identifier":"');
      ended = server.streamEndlessly(response, "x".repeat(64 * KiB));
    });
    const error = await rejection(joyfill({ maxResponseBytes: MiB }).users.create({}));
    // The client cancels the download: the server sees the connection close (else this waits
    // until the test's timeout).
    await ended;
    expect(error).toMatchObject({
      status: 200,
      code: "unknown",
      message:
        "Joyfill API POST /users answered HTTP 200 OK with a body over maxResponseBytes (1 MiB).",
      body: undefined,
    });
    expect(server.requests).toBe(1);
    // The server stops once the client cancels: what it sent is the limit plus socket buffers.
    expect(server.bytesSent).toBeLessThan(64 * MiB);
  });

  test("the default limit is 8 MiB", async () => {
    server.handle((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      void server.streamEndlessly(response, "[".repeat(256 * KiB));
    });
    const error = await rejection(joyfill().users.create({}));
    expect(error.message).toBe(
      "Joyfill API POST /users answered HTTP 200 OK with a body over maxResponseBytes (8 MiB).",
    );
    expect(server.bytesSent).toBeLessThan(128 * MiB);
  });

  test("a call's maxResponseBytes overrides the client's, counting bytes, not characters", async () => {
    const identifier = "é".repeat(500); // 1000 bytes of UTF-8
    const body = JSON.stringify({ identifier });
    server.handle((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(body);
    });
    const size = Buffer.byteLength(body);
    const client = joyfill({ maxResponseBytes: 10 });
    await expect(client.users.create({}, { maxResponseBytes: size })).resolves.toEqual({
      identifier,
    });
    const error = await rejection(client.users.create({}, { maxResponseBytes: size - 1 }));
    expect(error.message).toBe(
      `Joyfill API POST /users answered HTTP 200 OK with a body over maxResponseBytes (${size - 1} bytes).`,
    );
  });

  test("an endless 500 body is read up to 64 KiB and kept cut, with the cut marked", async () => {
    server.handle((_, response) => {
      response.writeHead(500, { "content-type": "text/plain" });
      void server.streamEndlessly(response, "x".repeat(16 * KiB));
    });
    const error = await rejection(joyfill().users.create({}));
    expect(error).toMatchObject({
      status: 500,
      code: "unknown",
      message: `Joyfill API POST /users failed with HTTP 500 Internal Server Error.${mayHaveActed()}`,
      body: `${"x".repeat(64 * KiB)}…[truncated]`,
    });
    expect(JSON.stringify(error).length).toBeLessThan(66 * KiB);
    expect(server.requests).toBe(1);
  });

  test("an endless 502 is retried as a 502 with a key, each attempt reading no more than the cap", async () => {
    server.handle((_, response) => {
      response.writeHead(502, { "retry-after": "0" });
      void server.streamEndlessly(response, "<html>".repeat(4 * KiB), 256 * MiB);
    });
    const error = await rejection(
      joyfill({ maxRetries: 2 }).users.create({}, { idempotencyKey: "k" }),
    );
    expect(error).toMatchObject({ status: 502, code: "unavailable" });
    expect((error.body as string).endsWith("…[truncated]")).toBe(true);
    expect(server.requests).toBe(3);
    expect(server.bytesSent).toBeLessThan(3 * 32 * MiB);
  });

  test("error bodies are cut at maxResponseBytes when that is below 64 KiB", async () => {
    server.handle((_, response) => {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: "y".repeat(4000) }));
    });
    const error = await rejection(joyfill({ maxResponseBytes: 1000 }).users.create({}));
    expect(error).toMatchObject({
      status: 400,
      code: "invalid_request",
      message: "Joyfill API POST /users failed with HTTP 400 Bad Request.",
      body: `{"message":"${"y".repeat(1000 - 12)}…[truncated]`,
    });
  });

  test("a body cut in the middle of an echoed token keeps no part of it", async () => {
    const before = "x".repeat(64 * KiB - 10);
    server.handle((_, response) => {
      response.writeHead(401, { "content-type": "text/plain" });
      response.end(`${before}${TOKEN} is not valid`);
    });
    const error = await rejection(joyfill().users.create({}));
    expect(error.body).toBe(`${before}…[truncated]`);
  });

  test("a 2xx cut at maxResponseBytes in the middle of an echoed token shows hooks no part of it", async () => {
    const start = '{"identifier":"';
    server.handle((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(`${start}${TOKEN}"}`);
    });
    const bodies: unknown[] = [];
    const client = joyfill({
      maxResponseBytes: start.length + 10,
      hooks: { onResponse: (event) => bodies.push(event.body) },
    });
    const error = await rejection(client.users.create({}));
    expect(error.message).toBe(
      "Joyfill API POST /users answered HTTP 200 OK with a body over maxResponseBytes (25 bytes).",
    );
    expect(bodies).toEqual([start]);
  });

  test("a 2xx cut off mid-body, then a 502 on the retry: the call says the vendor acted", async () => {
    server.handle((_, response, index) => {
      if (index > 0) {
        response.writeHead(502);
        response.end();
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"identifier":', () => response.destroy());
    });
    const call = joyfill({ maxRetries: 1 }).users.create({}, { idempotencyKey: "k" });
    expect(await rejection(call)).toMatchObject({
      status: 502,
      vendorActed: "yes",
      attempts: 2,
      message: "Joyfill API POST /users failed with HTTP 502 Bad Gateway.",
    });
    expect(server.requests).toBe(2);
  });

  test("a 2xx cut off mid-body says the vendor answered, not that it could not be reached", async () => {
    server.handle((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"identifier":', () => response.destroy());
    });
    const error = await rejection(joyfill().users.create({}));
    expect(error).toMatchObject({ code: "connection_error", vendorActed: "yes", attempts: 1 });
    expect(error.message).toBe(
      `Joyfill API POST /users was answered HTTP 200 OK by ${server.url}, then failed: ` +
        "other side closed.",
    );
  });

  test("a 2xx of the wrong shape keeps at most 64 KiB of its text in body", async () => {
    server.handle((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(Array.from({ length: 30_000 }, (_, index) => index)));
    });
    const error = await rejection(joyfill().users.create({}));
    expect(error.message).toBe(
      "Joyfill API POST /users answered HTTP 200 OK with a body of an unexpected shape.",
    );
    expect(error.body).toMatch(/^\[0,1,2,.*…\[truncated\]$/);
    expect(Buffer.byteLength(error.body as string)).toBe(
      64 * KiB + Buffer.byteLength("…[truncated]"),
    );
  });
});

describe("redirects", () => {
  test.each([301, 302, 303, 307, 308])(
    "a %i is not followed: the call fails once with its status and Location",
    async (status) => {
      const location = `${elsewhere.url}/users`;
      server.handle((_, response) => {
        response.writeHead(status, {
          location,
          "retry-after": "0",
          "content-type": "application/json",
        });
        response.end('{"error":{"code":"unavailable","message":"moved"}}');
      });
      const error = await rejection(joyfill({ maxRetries: 2 }).users.create({ group: "g" }));
      const statusText = {
        301: "Moved Permanently",
        302: "Found",
        303: "See Other",
        307: "Temporary Redirect",
        308: "Permanent Redirect",
      }[status];
      expect(error).toMatchObject({
        status,
        code: "unknown",
        message:
          `Joyfill API POST /users was redirected (HTTP ${status} ${statusText}) to ${location}, ` +
          "which the client does not follow; set baseUrl to the final URL if the move is expected." +
          mayHaveActed(),
      });
      expect(server.requests).toBe(1);
      expect(elsewhere.requests).toBe(0);
    },
  );

  test("a redirect that a custom fetch follows anyway fails the call all the same", async () => {
    server.handle((_, response) => {
      response.writeHead(302, { location: `${elsewhere.url}/users` });
      response.end();
    });
    const followingFetch = async (request: Request, init?: RequestInit) =>
      fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: await request.text(),
        signal: init?.signal ?? null,
      });
    const error = await rejection(joyfill({ fetch: followingFetch }).users.create({}));
    expect(error).toMatchObject({
      status: 200,
      code: "unknown",
      message:
        `Joyfill API POST /users was redirected (HTTP 200 OK) to ${elsewhere.url}/users, which ` +
        "the client does not follow; set baseUrl to the final URL if the move is expected.",
    });
    expect(server.requests).toBe(1);
  });

  test("the raw client does not follow redirects either", async () => {
    server.handle((_, response) => {
      response.writeHead(307, { location: `${elsewhere.url}/users` });
      response.end();
    });
    const { response } = await joyfill().raw.POST("/users", { body: {} });
    expect(response.status).toBe(307);
    expect(elsewhere.requests).toBe(0);
  });
});

describe("deeply nested JSON", () => {
  test("a 400 nested 10 000 levels deep fails once as invalid_request, kept to 100 levels", async () => {
    server.handle((_, response) => {
      response.writeHead(400, { "content-type": "application/json" });
      // 50 kB: within the 64 KiB kept of an error body, so all of it is parsed.
      response.end(nestedObjects(10_000, `"${TOKEN}"`));
    });
    const error = await rejection(joyfill({ maxRetries: 2 }).users.create({}));
    expect(error).toMatchObject({ status: 400, code: "invalid_request" });
    expect(server.requests).toBe(1);
    expect(depthOf(error.body)).toEqual({ depth: 100, leaf: "[too deep]" });
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  test("a shallower error body is redacted all the way down", async () => {
    server.handle((_, response) => {
      response.writeHead(422, { "content-type": "application/json" });
      response.end(nestedObjects(99, `{"${TOKEN}":"${TOKEN}"}`));
    });
    const error = await rejection(joyfill().users.create({}));
    expect(depthOf(error.body)).toEqual({ depth: 99, leaf: { "[redacted]": "[redacted]" } });
  });

  test("a 2xx array nested 100 000 levels deep is unknown and not retried", async () => {
    server.handle((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end("[".repeat(100_000) + "]".repeat(100_000));
    });
    const error = await rejection(joyfill({ maxRetries: 2 }).users.create({}));
    expect(error).toMatchObject({ status: 200, code: "unknown" });
    expect(server.requests).toBe(1);
  });

  test("a 2xx object nested 100 000 levels deep is a user like any other", async () => {
    server.handle((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(`{"identifier":"u_1","extra":${nestedObjects(100_000, "1")}}`);
    });
    const user = await joyfill().users.create({});
    expect(user.identifier).toBe("u_1");
    expect(server.requests).toBe(1);
  });
});

describe("Retry-After dates", () => {
  test("an asctime date more than 60 s ahead fails at once, as its response", async () => {
    const later = new Date(Date.now() + 3_600_000).toUTCString().replace(",", "").split(" ");
    const [laterWeekday, laterDay, laterMonth, laterYear, laterTime] = later;
    const asctime = `${laterWeekday} ${laterMonth} ${String(Number(laterDay)).padStart(2, " ")} ${laterTime} ${laterYear}`;
    server.handle((_, response) => {
      response.writeHead(429, { "retry-after": asctime });
      response.end();
    });
    const error = await rejection(joyfill().users.create({}));
    expect(error).toMatchObject({ status: 429, code: "rate_limited" });
    expect(server.requests).toBe(1);
  });
});

describe("a long-lived signal", () => {
  test.each([
    ["timeoutMs Infinity", Infinity],
    ["a finite timeoutMs", 60_000],
  ])(
    "gets one listener however many calls share it, none afterwards (%s)",
    async (_, timeoutMs) => {
      const held: (() => void)[] = [];
      server.handle((_, response) => {
        held.push(() => {
          response.writeHead(200, { "content-type": "application/json" });
          response.end('{"identifier":"u_1"}');
        });
      });
      const controller = new AbortController();
      const client = createProficientClient({
        secretKey: "sk_hostile",
        baseUrl: server.url,
        timeoutMs,
      });
      const calls = Array.from({ length: 20 }, () =>
        client.users.create({ external_id: "1" }, { signal: controller.signal }),
      );
      await server.waitForRequests(20);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
      server.handle((_, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end('{"identifier":"u_1"}');
      });
      for (const answer of held) answer();
      await Promise.all(calls);
      for (let round = 0; round < 50; round++) {
        await client.users
          .create({ external_id: "1" }, { signal: controller.signal })
          .catch(() => {});
      }
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    },
  );
});

describe("credentials checked at creation", () => {
  const RULE = "only printable characters up to U+00FF can be sent.";
  test.each([
    ["CR", "sk_a\rb", "U+000D at character 5"],
    ["LF", "sk_a\nb", "U+000A at character 5"],
    ["NUL", "sk_a\0b", "U+0000 at character 5"],
    ["U+0100", "sk_aĀb", "U+0100 at character 5"],
  ])("a Proficient key with %s throws, naming where but never the key", (_, secretKey, where) => {
    const create = () => createProficientClient({ secretKey, baseUrl: server.url });
    expect(create).toThrow(new Error(`Proficient API: secretKey contains ${where}; ${RULE}`));
    const message = (() => {
      try {
        create();
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).not.toContain("sk_a");
  });

  test.each([
    ["accessToken", { accessToken: "at_x\r\nX-Injected: 1" }, "U+000D at character 5"],
    ["publicKey", { publicKey: "pk\u0101", secretKey: "sk_1" }, "U+0101 at character 3"],
    ["secretKey", { publicKey: "pk_1", secretKey: "sk_\u2603" }, "U+2603 at character 4"],
  ])("a Joyfill %s with a character no header can carry throws", (name, options, where) => {
    expect(() => createJoyfillClient({ ...options, baseUrl: server.url })).toThrow(
      new Error(`Joyfill API: ${name} contains ${where}; ${RULE}`),
    );
  });

  test('a Joyfill public key with ":" throws (RFC 7617), and nothing is ever sent', () => {
    expect(() =>
      createJoyfillClient({ publicKey: "pk:1", secretKey: "sk_1", baseUrl: server.url }),
    ).toThrow(
      new Error(
        'Joyfill API: the public key contains ":", which Basic authentication (RFC 7617) cannot carry; check that it is the right key.',
      ),
    );
    expect(server.requests).toBe(0);
  });
});

describe("a request that cannot be built", () => {
  test("fails once with invalid_request, sending nothing, when a header value has a line break", async () => {
    const error = await rejection(
      joyfill({ maxRetries: 2 }).users.create({}, { headers: { "x-trace": "a\r\nInjected: 1" } }),
    );
    expect(error).toMatchObject({
      status: undefined,
      code: "invalid_request",
      vendorActed: "no",
      attempts: 1,
    });
    expect(error.message).toBe(
      'Joyfill API POST /users could not be sent: Headers.set: "a\r\nInjected: 1" is an invalid header value.',
    );
    expect(server.requests).toBe(0);
  });
});
