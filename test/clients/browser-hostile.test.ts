/**
 * The limits in a real browser (the system's Chromium, else the one the `browser` tool set brings
 * from npm; headless through playwright-core), where
 * `fetch`, streams and redirects are the browser's own: a page served by the hostile server
 * calls it from the same origin with an endless 200, an endless 500 and a redirect.
 */
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findChromium, launchChromium } from "../support/chromium.js";
import { bundlePageScript } from "../support/page-script.js";
import { mayHaveActed } from "../support/rejection.js";
import type { HostilePageOutcome } from "./browser-hostile-page.js";
import { startHostileServer, type HostileServer } from "./hostile-server.js";

const pageEntry = fileURLToPath(new URL("./browser-hostile-page.ts", import.meta.url));
const MiB = 1024 * 1024;

let server: HostileServer;
let browser: Browser | undefined;
let outcome: HostilePageOutcome;
/** Set once the endless 200 ended: the browser closed it, or it hit its 512 MiB stop. */
let endless200Ended: { bytes: number } | undefined;
const paths: string[] = [];

beforeAll(async () => {
  const executable = await findChromium();
  const pageScript = await bundlePageScript(pageEntry);
  server = await startHostileServer();
  server.handle((request, response) => {
    const path = request.url ?? "";
    paths.push(path);
    if (path === "/page.js") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      response.end(pageScript);
    } else if (path === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(
        '<!doctype html><meta charset="utf-8"><pre id="outcome"></pre>' +
          '<script type="module" src="/page.js"></script>',
      );
    } else if (path === "/ok/users") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"identifier":"u_1"}');
    } else if (path === "/endless-200/users") {
      response.writeHead(200, { "content-type": "application/json" });
      const before = server.bytesSent;
      void server
        .streamEndlessly(response, "[".repeat(64 * 1024), 512 * MiB)
        .then(() => (endless200Ended = { bytes: server.bytesSent - before }));
    } else if (path === "/endless-500/users") {
      response.writeHead(500, { "content-type": "text/plain" });
      void server.streamEndlessly(response, "x".repeat(16 * 1024), 512 * MiB);
    } else if (path === "/redirect/users") {
      response.writeHead(302, { location: "/elsewhere/users" });
      response.end();
    } else {
      response.writeHead(404, { "content-type": "application/json" });
      response.end('{"message":"no such path"}');
    }
  });
  browser = await launchChromium(executable);
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await page.waitForSelector("body[data-state]", { timeout: 60_000 });
  expect(await page.getAttribute("body", "data-state")).toBe("done");
  outcome = JSON.parse((await page.textContent("#outcome")) ?? "null") as HostilePageOutcome;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("in Chromium", () => {
  test("an ordinary call still resolves to the user", () => {
    expect(outcome["ok"]).toEqual({ resolved: { identifier: "u_1" } });
  });

  test("an endless 200 stops at maxResponseBytes, cancels the download and rejects saying so", async () => {
    expect(outcome["endless-200"]).toEqual({
      rejected: {
        name: "ApiError",
        status: 200,
        code: "unknown",
        message:
          "Joyfill API POST /users answered HTTP 200 OK with a body over maxResponseBytes (1 MiB).",
      },
    });
    // The browser cancels the download: the server sees the connection close, long before its
    // own 512 MiB stop (bounded wait: 200 turns of 25 ms).
    for (let turn = 0; turn < 200 && endless200Ended === undefined; turn++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(endless200Ended?.bytes).toBeLessThan(64 * MiB);
  });

  test("an endless 500 is kept as its first 64 KiB, marked as cut", () => {
    expect(outcome["endless-500"]).toEqual({
      rejected: {
        name: "ApiError",
        status: 500,
        code: "unknown",
        message: `Joyfill API POST /users failed with HTTP 500 Internal Server Error.${mayHaveActed()}`,
        body: `${64 * 1024 + "…[truncated]".length} characters ending xxxx…[truncated]`,
      },
    });
  });

  test("a redirect is not followed: the browser's opaque answer rejects, nothing reaches the target", () => {
    expect(outcome["redirect"]).toEqual({
      rejected: {
        name: "ApiError",
        status: 0,
        code: "unknown",
        message:
          "Joyfill API POST /users was redirected to a location the browser does not disclose, " +
          "which the client does not follow; set baseUrl to the final URL if the move is expected." +
          mayHaveActed(),
      },
    });
    expect(paths).not.toContain("/elsewhere/users");
  });
});
