/**
 * Where the package sits: the git repository around it, the npm workspace that lists it, and the
 * workspace packages that depend on it. `specs:workflow` writes the scheduled job at the
 * repository's root for this layout; `specs:update` type-checks the dependents.
 *
 * @packageDocumentation
 */

import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { relativePath } from "../pipeline/files.js";

/** The fields of a `package.json` this module reads. */
export interface PackageManifest {
  name?: string;
  workspaces?: string[] | { packages?: string[] };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** One package of a workspace. */
export interface WorkspacePackage {
  /** Its `name`, or its path when it has none. */
  name: string;
  /** Its folder relative to the workspace root, with `/` (`apps/server`). */
  path: string;
  /** Its folder, absolute. */
  directory: string;
  manifest: PackageManifest;
}

/** An npm workspace root and the packages its `workspaces` patterns list. */
export interface Workspace {
  /** The folder of the root `package.json`, absolute. */
  root: string;
  /** Every listed folder that holds a `package.json`, sorted by path. */
  packages: WorkspacePackage[];
}

/**
 * The nearest folder at or above `from` that holds `.git` (a folder, or a file in a worktree or a
 * submodule); `undefined` outside a git repository.
 */
export function findGitRoot(from: string): string | undefined {
  for (let directory = resolve(from); ; directory = dirname(directory)) {
    if (existsSync(join(directory, ".git"))) return directory;
    if (dirname(directory) === directory) return undefined;
  }
}

/**
 * The workspace whose root `package.json` lists `packageRoot` in its `workspaces`: the nearest such
 * root above the package, looking no higher than the git repository's root. `undefined` when the
 * package is in no workspace (the package is the repository).
 */
export async function findWorkspace(packageRoot: string): Promise<Workspace | undefined> {
  const target = resolve(packageRoot);
  const ceiling = findGitRoot(target);
  if (ceiling === target) return undefined;
  for (let directory = dirname(target); ; directory = dirname(directory)) {
    const manifest = await readManifest(directory);
    const patterns = manifest && workspacePatterns(manifest);
    if (patterns && patterns.length > 0) {
      const packages = await listWorkspacePackages(directory, patterns);
      if (packages.some((candidate) => candidate.directory === target))
        return { root: directory, packages };
    }
    if (directory === ceiling || dirname(directory) === directory) return undefined;
  }
}

/**
 * The workspace packages, other than the package named `name`, whose dependencies of any kind
 * (`dependencies`, `devDependencies`, `peerDependencies`, `optionalDependencies`) name it.
 */
export function workspaceDependents(workspace: Workspace, name: string): WorkspacePackage[] {
  return workspace.packages.filter((candidate) => {
    if (candidate.name === name) return false;
    const { dependencies, devDependencies, peerDependencies, optionalDependencies } =
      candidate.manifest;
    return [dependencies, devDependencies, peerDependencies, optionalDependencies].some(
      (group) => group !== undefined && Object.hasOwn(group, name),
    );
  });
}

/** A folder's `package.json`, or `undefined` when it has none. */
export async function readManifest(directory: string): Promise<PackageManifest | undefined> {
  const text = await readFile(join(directory, "package.json"), "utf8").catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as PackageManifest);
}

function workspacePatterns(manifest: PackageManifest): string[] | undefined {
  const { workspaces } = manifest;
  return Array.isArray(workspaces) ? workspaces : workspaces?.packages;
}

/**
 * Expands `workspaces` patterns the way npm does for the common shapes: literal folders, `*` and
 * `?` within one path segment, `**` for any depth (never into `node_modules`), and `!pattern` to
 * leave folders out.
 */
async function listWorkspacePackages(
  root: string,
  patterns: readonly string[],
): Promise<WorkspacePackage[]> {
  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const pattern of patterns) {
    const negated = pattern.startsWith("!");
    const segments = (negated ? pattern.slice(1) : pattern)
      .replace(/^\.\//, "")
      .split("/")
      .filter((segment) => segment !== "" && segment !== ".");
    for (const directory of await expandSegments(root, segments))
      (negated ? excluded : included).add(directory);
  }
  const packages: WorkspacePackage[] = [];
  for (const directory of [...included].filter((entry) => !excluded.has(entry)).sort()) {
    const manifest = await readManifest(directory);
    if (manifest === undefined) continue;
    const path = relativePath(root, directory);
    packages.push({ name: manifest.name ?? path, path, directory, manifest });
  }
  return packages;
}

async function expandSegments(directory: string, segments: readonly string[]): Promise<string[]> {
  const [segment, ...rest] = segments;
  if (segment === undefined) return [directory];
  if (segment === "**") {
    const found = await expandSegments(directory, rest);
    for (const child of await subdirectories(directory))
      found.push(...(await expandSegments(join(directory, child), segments)));
    return found;
  }
  if (!/[*?]/.test(segment)) {
    const child = join(directory, segment);
    return existsSync(child) ? expandSegments(child, rest) : [];
  }
  const pattern = new RegExp(
    `^${segment
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replaceAll("*", "[^/]*")
      .replaceAll("?", "[^/]")}$`,
  );
  const found: string[] = [];
  for (const child of await subdirectories(directory))
    if (pattern.test(child)) found.push(...(await expandSegments(join(directory, child), rest)));
  return found;
}

async function subdirectories(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  return entries
    .filter(
      (entry) =>
        entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith("."),
    )
    .map((entry) => entry.name);
}
