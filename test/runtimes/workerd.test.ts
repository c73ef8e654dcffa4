/**
 * The built package in workerd, Cloudflare Workers' runtime, from the `runtimes` tool set: the
 * scenarios bundled as a module worker (as wrangler bundles one), served on 127.0.0.1, whose only
 * outbound network is 127.0.0.1.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { inject } from "vitest";
import { ensureToolSet } from "../../scripts/tool-sets.js";
import { compileEntry } from "./consumer-project.js";
import {
  describeRuntimeMatrix,
  pinnedVersion,
  WORKERD_COMPATIBILITY_DATE,
} from "./runtime-suite.js";
import type { ScenarioInput, ScenarioReport } from "./scenarios.js";

const version = pinnedVersion("workerd");

/**
 * A module worker whose global `fetch` goes through a network service that allows 127.0.0.1
 * only, served on an ephemeral port of 127.0.0.1 that workerd reports on its control descriptor.
 */
const config = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "matrix", worker = .matrixWorker),
    (name = "loopback", network = (allow = ["127.0.0.1/32"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "matrix")],
);

const matrixWorker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${WORKERD_COMPATIBILITY_DATE}",
  globalOutbound = "loopback",
);
`;

/** How long workerd may take to compile the worker and listen. */
const START_TIMEOUT_MS = 30_000;

async function runInWorkerd(input: ScenarioInput): Promise<ScenarioReport> {
  const project = inject("consumerProject");
  const workerd = (await ensureToolSet("runtimes")).bin("workerd");
  const directory = join(project, "workerd");
  await mkdir(directory, { recursive: true });
  const bundle = await compileEntry({
    project,
    entry: "module-worker.js",
    packageResolution: "bundle",
  });
  await copyFile(bundle, join(directory, "worker.js"));
  await writeFile(join(directory, "config.capnp"), config);

  const child = spawn(workerd, ["serve", "config.capnp", "--control-fd=3"], {
    cwd: directory,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
    env: { PATH: process.env["PATH"] },
  });
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
  try {
    const port = await listeningPort(child, output);
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`the worker answered HTTP ${response.status}: ${text}\n${output.join("")}`);
    }
    return JSON.parse(text) as ScenarioReport;
  } finally {
    await stop(child);
  }
}

/** Resolves to the port workerd listens on, from its `{"event":"listen"}` control message. */
function listeningPort(child: ChildProcess, output: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(`workerd did not listen within ${START_TIMEOUT_MS} ms:\n${output.join("")}`),
      );
    }, START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdio[3] as Readable });
    lines.on("line", (line) => {
      const message = JSON.parse(line) as { event?: string; socket?: string; port?: number };
      if (message.event === "listen" && message.socket === "http" && message.port !== undefined) {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `workerd exited (${signal ?? `exit ${code}`}) before listening:\n${output.join("")}`,
        ),
      );
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

describeRuntimeMatrix({
  title: `workerd ${version} (compatibility date ${WORKERD_COMPATIBILITY_DATE})`,
  reports: "workerd",
  kind: "server",
  fromEnvironment: false,
  run: runInWorkerd,
});
