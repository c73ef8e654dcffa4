/**
 * A throw-away copy of the project in the system's temporary directory, so the generation
 * benchmarks can empty and rewrite `generated/` without touching the checkout. Its `node_modules`
 * links every package installed for the checkout (next to it, or at a workspace root), so the copy
 * runs exactly the installed tools.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { linkInstalledPackages } from "../scripts/installed-packages.js";
import { copyProjectFiles } from "../scripts/update/staging.js";
import { PROJECT_ROOT } from "./suite.js";

/** A temporary directory that is removed by `remove()`. */
export interface TemporaryDirectory {
  path: string;
  remove: () => Promise<void>;
}

/** Creates an empty temporary directory whose name starts with `api-clients-bench-<label>-`. */
export async function makeTemporaryDirectory(label: string): Promise<TemporaryDirectory> {
  const path = await mkdtemp(join(tmpdir(), `api-clients-bench-${label}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * Copies the project (specs, config, scripts, sources, generated output, package.json) into a new
 * temporary directory, with the checkout's installed packages linked into its `node_modules`.
 */
export async function copyProject(): Promise<TemporaryDirectory> {
  const copy = await makeTemporaryDirectory("project");
  await copyProjectFiles({ from: PROJECT_ROOT, to: copy.path });
  await linkInstalledPackages(copy.path);
  return copy;
}
