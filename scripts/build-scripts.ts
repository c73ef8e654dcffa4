/**
 * Compiles `scripts/` ahead: every TypeScript file becomes one JavaScript file under
 * `build/scripts/` (same layout, imports unchanged), which `npm run generate` runs with plain
 * Node, without a TypeScript loader. `npm install` runs it (the `prepare` script); the generate
 * command runs it again by itself when a source changed since (see {@link isBuildStale}).
 *
 * @packageDocumentation
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { relativePath, sha256, writeFilesAtomically } from "./pipeline/files.js";
import { SCRIPTS_BUILD_DIRECTORY, SCRIPTS_SOURCE_DIRECTORY } from "./pipeline/layout.js";

/** The build's record of its sources, `build/scripts/build-stamp.json`. */
const STAMP_FILE = "build-stamp.json";

/** Options of {@link buildScripts} and {@link isBuildStale}. */
export interface BuildScriptsOptions {
  /**
   * The TypeScript sources.
   * @default SCRIPTS_SOURCE_DIRECTORY (`scripts/`)
   */
  sourceDirectory?: string;
  /**
   * Where the JavaScript goes. Files are replaced, never removed: a file left from a source
   * since deleted is imported by nothing.
   * @default SCRIPTS_BUILD_DIRECTORY (`build/scripts/`)
   */
  buildDirectory?: string;
}

/**
 * Compiles every `.ts` file under the source folder with esbuild (no bundling, no type checking:
 * `npm run typecheck` does that), and records each source's hash, size and modification time.
 *
 * @returns the number of files compiled.
 */
export async function buildScripts(options: BuildScriptsOptions = {}): Promise<number> {
  const sourceDirectory = options.sourceDirectory ?? SCRIPTS_SOURCE_DIRECTORY;
  const buildDirectory = options.buildDirectory ?? SCRIPTS_BUILD_DIRECTORY;
  const { build } = await import("esbuild");
  const sources = await listSources(sourceDirectory);
  const stamp = JSON.stringify(await fingerprint(sourceDirectory, sources));
  const { outputFiles } = await build({
    entryPoints: sources,
    outbase: sourceDirectory,
    outdir: buildDirectory,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    logLevel: "error",
    write: false,
  });
  // Each file through a temporary file and a rename: another process may be importing the build
  // while this one refreshes it, and must never read half a file.
  await writeFilesAtomically([
    ...outputFiles.map((file) => ({ path: file.path, content: file.text })),
    { path: join(buildDirectory, STAMP_FILE), content: `${stamp}\n` },
  ]);
  return sources.length;
}

/**
 * Whether the build is missing or was made from other sources than those now in the folder: a
 * source added, removed or changed. Costs one `stat` per source while their sizes and
 * modification times are those recorded; only then does it read and hash them (a copy or a
 * checkout that rewrote files unchanged is still fresh, and its times are recorded for next time).
 */
export async function isBuildStale(options: BuildScriptsOptions = {}): Promise<boolean> {
  const sourceDirectory = options.sourceDirectory ?? SCRIPTS_SOURCE_DIRECTORY;
  const buildDirectory = options.buildDirectory ?? SCRIPTS_BUILD_DIRECTORY;
  const stampPath = join(buildDirectory, STAMP_FILE);
  const recorded = await readFile(stampPath, "utf8").then(
    (text) => JSON.parse(text) as Record<string, SourceRecord>,
    () => undefined,
  );
  if (recorded === undefined) return true;
  const sources = await listSources(sourceDirectory);
  const names = sources.map((source) => relativePath(sourceDirectory, source));
  if (
    names.length !== Object.keys(recorded).length ||
    !names.every((name) => Object.hasOwn(recorded, name))
  )
    return true;
  const stats = await Promise.all(sources.map((source) => stat(source)));
  if (
    names.every(
      (name, index) =>
        recorded[name]!.size === stats[index]!.size &&
        recorded[name]!.mtimeMs === stats[index]!.mtimeMs,
    )
  ) {
    return false;
  }
  const now = await fingerprint(sourceDirectory, sources);
  if (names.some((name) => now[name]!.sha256 !== recorded[name]!.sha256)) return true;
  await writeFilesAtomically([{ path: stampPath, content: `${JSON.stringify(now)}\n` }]);
  return false;
}

/** What the stamp records of one source. */
interface SourceRecord {
  sha256: string;
  size: number;
  mtimeMs: number;
}

/** Every `.ts` file under the folder (declarations and tests aside), sorted. */
async function listSources(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter(
      (entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"),
    )
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Each source's hash, size and modification time, by its path in the folder. */
async function fingerprint(
  directory: string,
  sources: readonly string[],
): Promise<Record<string, SourceRecord>> {
  const [contents, stats] = await Promise.all([
    Promise.all(sources.map((source) => readFile(source))),
    Promise.all(sources.map((source) => stat(source))),
  ]);
  return Object.fromEntries(
    sources.map((source, index) => [
      relativePath(directory, source),
      {
        sha256: sha256(contents[index]!),
        size: stats[index]!.size,
        mtimeMs: stats[index]!.mtimeMs,
      },
    ]),
  );
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const startedAt = performance.now();
  const count = await buildScripts();
  // To standard error: npm runs this as `prepare` inside `npm pack --json`, whose standard output is JSON.
  console.error(
    `compiled ${count} files of scripts/ into build/scripts/ (${((performance.now() - startedAt) / 1000).toFixed(2)} s)`,
  );
}
