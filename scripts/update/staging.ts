/**
 * A throwaway copy of the project where `specs:update` pulls, regenerates and type-checks, so
 * that the project itself changes only once every step has passed.
 *
 * @packageDocumentation
 */

import { cp, mkdir, mkdtemp, readdir, rm, rmdir, stat, symlink } from "node:fs/promises";
import { join } from "node:path";

/** Top-level entries the pipeline and the facade check never read, or that are large. */
const skipped = new Set([
  ".git",
  "node_modules",
  "dist",
  "coverage",
  ".tmp",
  "tools",
  "test",
  "bench",
]);

/** A staging copy; {@link Staging.remove} deletes it. */
export interface Staging {
  /** The copy's root: same relative layout as the project. */
  readonly root: string;
  remove(): Promise<void>;
}

/**
 * Copies the project's top-level entries from `from` into the existing folder `to`: everything
 * but version control, dependencies, build output, tests, benchmarks and packed tarballs.
 */
export async function copyProjectFiles(options: { from: string; to: string }): Promise<void> {
  const { from, to } = options;
  for (const name of await readdir(from)) {
    if (skipped.has(name) || name.endsWith(".tgz")) continue;
    await cp(join(from, name), join(to, name), { recursive: true, verbatimSymlinks: true });
  }
}

/**
 * Copies the project ({@link copyProjectFiles}) into a new folder under `<root>/.tmp/` (git-ignored), and links its `node_modules`. Inside the
 * project rather than the system's temp folder, so that packages hoisted to a monorepo's root
 * still resolve from the copy.
 */
export async function createStaging(options: { root: string }): Promise<Staging> {
  const { root } = options;
  await mkdir(join(root, ".tmp"), { recursive: true });
  const staging = await mkdtemp(join(root, ".tmp", "specs-update-"));
  try {
    await copyProjectFiles({ from: root, to: staging });
    const modules = join(root, "node_modules");
    if (
      await stat(modules).then(
        () => true,
        () => false,
      )
    )
      await symlink(modules, join(staging, "node_modules"), "dir");
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return {
    root: staging,
    async remove() {
      await rm(staging, { recursive: true, force: true });
      // `.tmp/` too when nothing else is in it, so a run leaves the project as it found it.
      await rmdir(join(root, ".tmp")).catch(() => undefined);
    },
  };
}
