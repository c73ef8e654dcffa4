/**
 * The built package in Vercel's edge-runtime (the runtime of Vercel Edge Functions and Next.js
 * middleware), from the `runtimes` tool set: the scenarios bundled as a service worker script,
 * evaluated in an edge-runtime context and driven by a dispatched fetch event.
 */
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { inject } from "vitest";
import { ensureToolSet } from "../../scripts/tool-sets.js";
import { compileEntry } from "./consumer-project.js";
import { describeRuntimeMatrix, pinnedVersion } from "./runtime-suite.js";
import type { ScenarioInput, ScenarioReport } from "./scenarios.js";

const version = pinnedVersion("edge-runtime");

/** The part of edge-runtime's `EdgeRuntime` class used here. */
interface EdgeRuntimeClass {
  new (options: { initialCode: string }): {
    dispatchFetch(
      url: string,
      init: { method: string; headers: Record<string, string>; body: string },
    ): Promise<Response & { waitUntil(): Promise<unknown> }>;
  };
}

async function runInEdgeRuntime(input: ScenarioInput): Promise<ScenarioReport> {
  const project = inject("consumerProject");
  const tools = await ensureToolSet("runtimes");
  const module = (await import(pathToFileURL(tools.resolve("edge-runtime")).href)) as {
    EdgeRuntime: EdgeRuntimeClass;
  };
  const script = await compileEntry({
    project,
    entry: "service-worker.js",
    packageResolution: "bundle",
    bundleFormat: "iife",
  });
  const runtime = new module.EdgeRuntime({ initialCode: await readFile(script, "utf8") });
  const response = await runtime.dispatchFetch("http://edge-runtime.test/", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  await response.waitUntil();
  const text = await response.text();
  if (!response.ok) throw new Error(`the edge function answered HTTP ${response.status}: ${text}`);
  return JSON.parse(text) as ScenarioReport;
}

describeRuntimeMatrix({
  title: `edge-runtime ${version}`,
  reports: "EdgeRuntime edge-runtime",
  kind: "server",
  fromEnvironment: false,
  run: runInEdgeRuntime,
});
