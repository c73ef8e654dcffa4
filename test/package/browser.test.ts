/**
 * The clients in a real browser: Chromium (Debian's when installed, else the one the `browser` tool
 * set brings from npm), driven headless by playwright-core, loads a bundled page from one 127.0.0.1
 * origin that calls a CORS-enabled fake API on another.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { access, constants, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { pageCredentials } from "../fixtures/package/browser-credentials.js";
import type { PageOutcome } from "../fixtures/package/browser-page.js";
import { findChromium, launchChromium } from "../support/chromium.js";
import { bundlePageScript } from "../support/page-script.js";
import { startFakeApi, type FakeApi } from "./fake-api.js";

const pageEntry = fileURLToPath(new URL("../fixtures/package/browser-page.ts", import.meta.url));

const pageHtml = `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>api-clients in a browser</title></head>
  <body><pre id="outcome"></pre><script type="module" src="/page.js"></script></body>
</html>`;

const joyfillUser = { type: "user", identifier: "u_browser", group: "front-end" };
const proficientUser = {
  id: "usr_browser",
  object: "user",
  created_at: 1_700_000_000_000,
  updated_at: 1_700_000_000_000,
  external_id: "browser-1",
  first_name: null,
  last_name: null,
  live_mode: false,
};

let api: FakeApi;
let site: Server;
let siteOrigin: string;
let browser: Browser | undefined;
let state: string | null;
let outcome: PageOutcome;
let pageErrors: string[];

beforeAll(async () => {
  const executable = await findChromium();
  const pageScript = await bundlePageScript(pageEntry);
  api = await startFakeApi({
    routes: {
      "POST /joyfill/users": () => ({ status: 200, body: joyfillUser }),
      "POST /proficient/users": () => ({ status: 200, body: proficientUser }),
    },
  });
  site = createServer((request, response) => {
    if (request.url === "/page.js") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      response.end(pageScript);
    } else if (request.url?.startsWith("/?")) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(pageHtml);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  browser = await launchChromium(executable);
  const page = await browser.newPage();
  pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${siteOrigin}/?api=${encodeURIComponent(api.url)}`);
  await page.waitForSelector("body[data-state]", { timeout: 60_000 });
  state = await page.getAttribute("body", "data-state");
  outcome = JSON.parse((await page.textContent("#outcome")) ?? "null") as PageOutcome;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  if (site) {
    site.closeAllConnections();
    await new Promise<void>((resolve) => site.close(() => resolve()));
  }
});

describe("in Chromium", () => {
  test("the page runs every scenario without an uncaught error", () => {
    expect({ state, pageErrors }).toEqual({ state: "done", pageErrors: [] });
  });

  test("creates a Joyfill user with a Bearer access token across origins", () => {
    const joyfillRequests = api.requests.filter((request) => request.path === "/joyfill/users");

    expect(joyfillRequests).toHaveLength(1);
    expect(joyfillRequests[0]).toMatchObject({
      method: "POST",
      headers: {
        authorization: `Bearer ${pageCredentials.joyfillAccessToken}`,
        "content-type": "application/json",
        origin: siteOrigin,
      },
      body: { identifier: "u_browser", group: "front-end" },
    });
    expect(outcome.joyfillUser).toEqual(joyfillUser);
  });

  test("asks the API's CORS preflight for the Authorization header", () => {
    const requested = api.preflights
      .filter((preflight) => preflight.path === "/joyfill/users")
      .map((preflight) => String(preflight.headers["access-control-request-headers"]).split(","));

    expect(requested).toHaveLength(1);
    expect(requested[0]).toContain("authorization");
  });

  test("refuses a Joyfill secret key in a browser without dangerouslyAllowBrowser", () => {
    expect(outcome.joyfillSecretKeyRefusal).toMatch(/dangerouslyAllowBrowser/);
    expect(outcome.joyfillSecretKeyRefusal).not.toContain(pageCredentials.joyfillSecretKey);
  });

  test("refuses a Proficient secret key in a browser without dangerouslyAllowBrowser", () => {
    expect(outcome.proficientSecretKeyRefusal).toMatch(/dangerouslyAllowBrowser/);
    expect(outcome.proficientSecretKeyRefusal).not.toContain(pageCredentials.proficientSecretKey);
  });

  test("sends a Proficient secret key from a browser once dangerouslyAllowBrowser is set", () => {
    const proficientRequests = api.requests.filter(
      (request) => request.path === "/proficient/users",
    );

    expect(proficientRequests).toHaveLength(1);
    expect(proficientRequests[0]).toMatchObject({
      method: "POST",
      headers: {
        authorization: `Bearer ${pageCredentials.proficientSecretKey}`,
        "content-type": "application/json",
        origin: siteOrigin,
      },
      body: { external_id: "browser-1" },
    });
    expect(outcome.proficientUserWhenAllowed).toEqual(proficientUser);
  });

  test("refused clients send nothing: the API sees only the two allowed requests", () => {
    expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "POST /joyfill/users",
      "POST /proficient/users",
    ]);
  });
});

describe("finding a Chromium", () => {
  test("prefers the system browser when its path exists, unless asked for the npm build only", async () => {
    const directory = await mkdtemp(join(tmpdir(), "api-clients-chromium-"));
    const systemPath = join(directory, "chromium");
    await writeFile(systemPath, "");
    try {
      expect(await findChromium({ systemPath })).toEqual({ path: systemPath, source: "system" });
      expect(await findChromium({ systemPath, from: "npm-only" })).toMatchObject({ source: "npm" });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 180_000);

  test("falls back to the executable Chromium of the browser tool set", async () => {
    const found = await findChromium({ systemPath: "/nonexistent/chromium" });

    expect(found).toEqual({
      path: expect.stringMatching(
        /\/tools\/browser\/node_modules\/\.unpacked-chromium\/[\d.]+\/chromium$/,
      ),
      source: "npm",
    });
    await expect(access(found.path, constants.X_OK)).resolves.toBeUndefined();
  }, 180_000);
});
