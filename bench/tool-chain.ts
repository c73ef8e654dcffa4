/**
 * The reference the pipeline is measured against: the four tools' own CLIs doing the same work
 * (lint, bundle, openapi-typescript, prettier), one process after another, in a directory with
 * no redocly.yaml (openapi-typescript's CLI would read one).
 */
import { copyFile, rm } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { timeProcess } from "./processes.js";
import { createProject, type Project } from "../test/support/project.js";
import { PROJECT_ROOT } from "./suite.js";
import { redoclyCliScript, TOOL_SCRIPTS } from "./tool-paths.js";

/** What one run of the chain took. */
export interface ToolChainRun {
  /** Wall time of all its processes, summed. */
  wallMs: number;
  /** Peak RSS of its largest process, `undefined` without GNU time. */
  maxRssBytes: number | undefined;
  processes: number;
}

/** A directory to run the chain in, holding copies of the specs and the prettier config. */
export async function prepareToolChainDirectory(specPaths: readonly string[]): Promise<Project> {
  const directory = await createProject({ label: "bench-chain" });
  for (const path of specPaths) await copyFile(path, join(directory.root, basename(path)));
  await copyFile(join(PROJECT_ROOT, ".prettierrc.json"), join(directory.root, ".prettierrc.json"));
  return directory;
}

/**
 * Runs the chain on `specFiles` (names inside `directory`) in the fewest processes each CLI
 * allows: one lint and one bundle for all specs, openapi-typescript once per spec (its CLI takes
 * one input without a redocly.yaml), one prettier for all outputs; each CLI as it ships, on `node`.
 */
export async function runToolChain(
  directory: string,
  specFiles: readonly string[],
  /** The `node` executable the CLIs run on. @default this process's */
  node: string = process.execPath,
): Promise<ToolChainRun> {
  await rm(join(directory, "bundled"), { recursive: true, force: true });
  const bundled = specFiles.map((file) => join("bundled", file));
  const typeFiles = specFiles.map((file) => `${basename(file, extname(file))}.ts`);
  // With one spec, --output names the file; with several, the directory.
  const bundleOutput = specFiles.length === 1 ? bundled[0]! : "bundled";
  const redocly = await redoclyCliScript();
  const steps: string[][] = [
    [redocly, "lint", ...specFiles],
    [redocly, "bundle", ...specFiles, "--output", bundleOutput],
    ...bundled.map((input, index) => [
      TOOL_SCRIPTS.openapiTypescript,
      input,
      "--output",
      typeFiles[index]!,
    ]),
    [TOOL_SCRIPTS.prettier, "--write", ...typeFiles],
  ];
  const total: ToolChainRun = { wallMs: 0, maxRssBytes: undefined, processes: steps.length };
  for (const args of steps) {
    // Lint exits 1 when a spec has errors under the built-in `recommended` rules; the work is done.
    const expectExitCodes = args[1] === "lint" ? [0, 1] : [0];
    const run = await timeProcess({
      command: node,
      args,
      cwd: directory,
      expectExitCodes,
    });
    total.wallMs += run.wallMs;
    if (run.maxRssBytes !== undefined) {
      total.maxRssBytes = Math.max(total.maxRssBytes ?? 0, run.maxRssBytes);
    }
  }
  return total;
}
