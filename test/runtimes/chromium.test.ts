/**
 * The built package in Chromium, in a page and in a dedicated web worker: the scenarios bundled
 * from the consumer project as a front end's bundler would, served from one 127.0.0.1 origin, and
 * calling the fake API on another (so every call is a CORS request). Always the Chromium of the
 * `browser` tool set, even where Debian's is installed, so that the version tested is the pinned one.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { findChromium, launchChromium } from "../support/chromium.js";
import { compileEntry, REPO_ROOT } from "./consumer-project.js";
import { describeRuntimeMatrix } from "./runtime-suite.js";
import type { ScenarioInput, ScenarioReport } from "./scenarios.js";

const browser = await launchChromium(await findChromium({ from: "npm-only" }));
const version = browser.version();

const pageHtml = `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>api-clients runtime matrix</title></head>
  <body><pre id="outcome"></pre><script type="module" src="/page.js"></script></body>
</html>`;

let site: Server;
let siteOrigin: string;

beforeAll(async () => {
  const project = inject("consumerProject");
  const [pageScript, workerScript] = await Promise.all(
    ["browser-page.js", "web-worker.js"].map(async (entry) =>
      readFile(await compileEntry({ project, entry, packageResolution: "bundle" }), "utf8"),
    ),
  );
  const scripts: Record<string, string | undefined> = {
    "/page.js": pageScript,
    "/web-worker.js": workerScript,
  };
  site = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://site.test").pathname;
    const script = scripts[path];
    if (script !== undefined) {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      response.end(script);
    } else if (path === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(pageHtml);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await browser.close();
  if (site) {
    site.closeAllConnections();
    await new Promise<void>((resolve) => site.close(() => resolve()));
  }
});

/** Opens the page for `context` and resolves to the report it shows. */
async function runInChromium(
  context: "page" | "worker",
  input: ScenarioInput,
): Promise<ScenarioReport> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  try {
    const query = new URLSearchParams({ context, input: JSON.stringify(input) });
    await page.goto(`${siteOrigin}/?${query}`);
    await page.waitForSelector("body[data-state]", { timeout: 60_000 });
    const state = await page.getAttribute("body", "data-state");
    const shown = (await page.textContent("#outcome")) ?? "";
    if (state !== "done" || pageErrors.length > 0) {
      throw new Error(`the ${context} failed: ${shown} ${pageErrors.join("\n")}`);
    }
    return JSON.parse(shown) as ScenarioReport;
  } finally {
    await page.close();
  }
}

/** User agents carry the major version only (`HeadlessChrome/150.0.0.0`) since Chrome's UA reduction. */
const reports = new RegExp(`HeadlessChrome/${version.split(".")[0]}\\.[\\d.]+ `);

describeRuntimeMatrix({
  title: `Chromium ${version}, page`,
  reports,
  kind: "browser",
  fromEnvironment: false,
  run: (input) => runInChromium("page", input),
});

describeRuntimeMatrix({
  title: `Chromium ${version}, dedicated web worker`,
  reports,
  kind: "browser",
  fromEnvironment: false,
  run: (input) => runInChromium("worker", input),
});

describe("README.md, Tested runtimes", () => {
  test("names the version of the Chromium that @sparticuz/chromium carries", async () => {
    const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
    expect(readme).toContain(`| Chromium | ${version} (\`@sparticuz/chromium\``);
  });
});
