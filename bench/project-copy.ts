/**
 * A throw-away copy of the project in the system's temporary directory, so the generation
 * benchmarks can empty and rewrite `generated/` without touching the checkout. `node_modules` is
 * a symlink to the folder the checkout's dev dependencies are installed in (its own, or a
 * workspace root's), so the copy runs exactly the installed tools.
 */
import { cp, mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "./suite.js";
import { NODE_MODULES } from "./tool-paths.js";

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

/** Symlinks the `node_modules` holding the checkout's dev dependencies into `directory`. */
export async function linkNodeModules(directory: string): Promise<void> {
  await symlink(NODE_MODULES, join(directory, "node_modules"), "dir");
}

/**
 * Copies the project (specs, config, scripts, sources, generated output, package.json) into a new
 * temporary directory, with `node_modules` linked to the folder holding the checkout's dev
 * dependencies.
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
