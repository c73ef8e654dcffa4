/**
 * A throw-away copy of the project in the system's temporary directory, so the generation
 * benchmarks can empty and rewrite `generated/` without touching the checkout. Its `node_modules`
 * links every package installed for the checkout (next to it, or at a workspace root), so the copy
 * runs exactly the installed tools.
 */
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { linkInstalledPackages } from "../scripts/installed-packages.js";
import { PROJECT_ROOT } from "./suite.js";

/** Entries of the checkout the pipeline never reads, or that are linked rather than copied. */
const NOT_COPIED = new Set([
  ".git",
  "node_modules",
  "dist",
  "coverage",
  ".tmp",
  "test",
  "bench",
  "tools",
]);

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

/** Links every package installed for the checkout into `directory`'s `node_modules`. */
export async function linkNodeModules(directory: string): Promise<void> {
  await linkInstalledPackages(directory);
}

/**
 * Copies the project (specs, config, scripts, sources, generated output, package.json) into a new
 * temporary directory, with the checkout's installed packages linked into its `node_modules`.
 */
export async function copyProject(): Promise<TemporaryDirectory> {
  const copy = await makeTemporaryDirectory("project");
  for (const entry of await readdir(PROJECT_ROOT)) {
    if (NOT_COPIED.has(entry)) continue;
    await cp(join(PROJECT_ROOT, entry), join(copy.path, entry), { recursive: true });
  }
  await linkNodeModules(copy.path);
  return copy;
}
