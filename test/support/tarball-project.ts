/**
 * A throw-away project that depends on the tarball `npm pack` made of this package, as a user's
 * project would: its `package.json` and a complete lockfile, so that
 * `npm ci --prefer-offline` installs everything from the cache the repository's own `npm ci`
 * filled, asking the configured registry only for what the cache lacks. Used by the consumer test
 * and the runtime matrix.
 *
 * @packageDocumentation
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The part of `npm pack --json` output a tarball project needs. */
export interface PackResult {
  /** The tarball's file name, relative to the project (`--pack-destination`). */
  filename: string;
  integrity: string;
}

/** Options of {@link writeTarballProject}. */
export interface TarballProjectOptions {
  /** The project's folder, where `npm pack --pack-destination` put the tarball. */
  project: string;
  /** The project's package name, e.g. `"consumer"`. */
  name: string;
  /** What `npm pack --json` printed for the tarball. */
  packed: PackResult;
}

interface LockEntry {
  version: string;
  resolved?: string;
  dependencies?: Record<string, string>;
}

/**
 * Writes `package.json` (an ES module project depending on the tarball) and `package-lock.json`
 * (the tarball, then the package's dependencies at the versions of the repository's lockfile).
 */
export async function writeTarballProject(options: TarballProjectOptions): Promise<void> {
  const { project, name, packed } = options;
  const ownManifest = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as {
    version: string;
    dependencies: Record<string, string>;
  };
  const ownLock = JSON.parse(await readFile(join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const tarball = `file:${packed.filename}`;
  const dependencies = { "api-clients": tarball };
  const manifest = { name, private: true, type: "module", dependencies };
  const lock = {
    name,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name, dependencies },
      "node_modules/api-clients": {
        version: ownManifest.version,
        resolved: tarball,
        integrity: packed.integrity,
        dependencies: ownManifest.dependencies,
      },
      ...lockedDependencyTree(ownLock.packages, Object.keys(ownManifest.dependencies)),
    },
  };
  await Promise.all([
    writeFile(join(project, "package.json"), JSON.stringify(manifest, null, 2)),
    writeFile(join(project, "package-lock.json"), JSON.stringify(lock, null, 2)),
  ]);
}

/**
 * The lockfile entries of `names` and of everything they depend on, found the way Node resolves a
 * package (the dependent's own node_modules first, then each enclosing one), copied as they are:
 * a registry entry keeps whatever `resolved` URL the repository's lockfile has (none when npm's
 * `omit-lockfile-registry-resolved` is on), so npm resolves it against the registry configured
 * for the project, which is the one the cache was filled from. No npm command is asked for the
 * registry: inside a workspace npm refuses `npm config get`.
 */
function lockedDependencyTree(
  packages: Record<string, LockEntry>,
  names: readonly string[],
): Record<string, LockEntry> {
  const tree: Record<string, LockEntry> = {};
  const visit = (name: string, dependent: string): void => {
    for (let scope = dependent; ; scope = enclosingScope(scope)) {
      const key = `${scope === "" ? "" : `${scope}/`}node_modules/${name}`;
      const entry = packages[key];
      if (entry) {
        if (key in tree) return;
        tree[key] = entry;
        for (const dependency of Object.keys(entry.dependencies ?? {})) visit(dependency, key);
        return;
      }
      if (scope === "") {
        throw new Error(`package-lock.json has no entry for ${name}; run npm install and retry.`);
      }
    }
  };
  for (const name of names) visit(name, "");
  return tree;
}

function enclosingScope(key: string): string {
  const nested = key.lastIndexOf("/node_modules/");
  return nested === -1 ? "" : key.slice(0, nested);
}
