/**
 * The project the runtime matrix runs in: a temporary folder where the package is installed from
 * the tarball `npm pack` makes of the current build, as a user's project would have it, and where
 * each runtime's entry is compiled next to it.
 *
 * @packageDocumentation
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The repository's root folder. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** What a finished command printed. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** Working directory. */
  cwd: string;
  /**
   * The whole environment of the command (nothing is inherited when given).
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Kills the command after this long and rejects.
   * @default 60000
   */
  timeoutMs?: number;
}

/**
 * Runs a command and resolves to what it printed; rejects with the command line, its exit status
 * and both outputs when it fails or times out.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandOutput> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: timeoutMs,
        killSignal: "SIGKILL",
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          const status = error.killed
            ? `killed after ${timeoutMs} ms`
            : `exit ${String(error.code)}`;
          reject(
            new Error(
              `${command} ${args.join(" ")} failed (${status}) in ${options.cwd}:\n` +
                `--- stdout\n${stdout}\n--- stderr\n${stderr}`,
            ),
          );
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

/**
 * Builds the package (`tsc -p tsconfig.build.json`, as `npm run build` does), packs it and installs
 * the tarball into a new temporary project, with its dependencies at the versions of the
 * repository's lockfile. Resolves to the project's folder.
 */
export async function installBuiltPackage(): Promise<string> {
  const project = await mkdtemp(join(tmpdir(), "api-clients-runtimes-"));
  await runCommand("npm", ["run", "build"], { cwd: REPO_ROOT, timeoutMs: 300_000 });
  const { stdout } = await runCommand("npm", ["pack", "--json", "--pack-destination", project], {
    cwd: REPO_ROOT,
  });
  const [packed] = JSON.parse(stdout) as PackResult[];
  if (!packed) throw new Error(`npm pack printed no tarball:\n${stdout}`);
  await writeProject(project, packed);
  await runCommand(
    "npm",
    ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"],
    { cwd: project, timeoutMs: 300_000 },
  );
  return project;
}

/** Options of {@link compileEntry}. */
export interface CompileEntryOptions {
  /** The consumer project from {@link installBuiltPackage}. */
  project: string;
  /** File name of the entry under `test/runtimes/entries/`, e.g. `"command-line.js"`. */
  entry: string;
  /**
   * `"runtime"` leaves `api-clients` as an import for the runtime to resolve from the project's
   * `node_modules` (Node, Bun, Deno); `"bundle"` resolves it there now and inlines the package and
   * its dependencies, as wrangler, Next.js or a front end's bundler would (workerd, edge runtimes,
   * browsers).
   */
  packageResolution: "runtime" | "bundle";
  /**
   * Output format of a `"bundle"`: an ES module, or a classic script for runtimes that evaluate
   * one (edge-runtime's service worker).
   * @default "esm"
   */
  bundleFormat?: "esm" | "iife";
}

/**
 * Compiles an entry and the scenarios it imports into one ES module in the project, and resolves
 * to its path. Bundling happens in two steps so that, either way, the package comes from the
 * project's `node_modules` (the installed tarball) and never from the repository's sources.
 */
export async function compileEntry(options: CompileEntryOptions): Promise<string> {
  const name = basename(options.entry, ".js");
  const withExternalPackage = join(options.project, `${name}.js`);
  await build({
    entryPoints: [fileURLToPath(new URL(`entries/${options.entry}`, import.meta.url))],
    outfile: withExternalPackage,
    bundle: true,
    external: ["api-clients", "api-clients/*"],
    format: "esm",
    platform: "neutral",
    target: "es2022",
    logLevel: "silent",
  });
  if (options.packageResolution === "runtime") return withExternalPackage;

  const bundled = join(options.project, `${name}.bundle.js`);
  await build({
    entryPoints: [withExternalPackage],
    absWorkingDir: options.project,
    outfile: bundled,
    bundle: true,
    format: options.bundleFormat ?? "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["worker", "browser"],
    target: "es2022",
    logLevel: "silent",
  });
  return bundled;
}

/** The part of `npm pack --json` output used here. */
interface PackResult {
  filename: string;
  integrity: string;
}

interface LockEntry {
  version: string;
  resolved?: string;
  dependencies?: Record<string, string>;
}

/**
 * Writes the project's package.json, depending on the tarball, and a complete lockfile. With every
 * tarball's URL and integrity locked, `npm ci --prefer-offline` installs from the cache that the
 * repository's own `npm ci` filled.
 */
async function writeProject(project: string, packed: PackResult): Promise<void> {
  const ownManifest = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as {
    version: string;
    dependencies: Record<string, string>;
  };
  const ownLock = JSON.parse(await readFile(join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const { stdout } = await runCommand("npm", ["config", "get", "registry"], { cwd: REPO_ROOT });
  const registry = stdout.trim().replace(/\/?$/, "/");
  const tarball = `file:${packed.filename}`;
  const dependencies = { "api-clients": tarball };
  const manifest = { name: "runtime-matrix", private: true, type: "module", dependencies };
  const lock = {
    name: "runtime-matrix",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "runtime-matrix", dependencies },
      "node_modules/api-clients": {
        version: ownManifest.version,
        resolved: tarball,
        integrity: packed.integrity,
        dependencies: ownManifest.dependencies,
      },
      ...lockedDependencyTree(ownLock.packages, Object.keys(ownManifest.dependencies), registry),
    },
  };
  await writeFile(join(project, "package.json"), JSON.stringify(manifest, null, 2));
  await writeFile(join(project, "package-lock.json"), JSON.stringify(lock, null, 2));
}

/**
 * The lockfile entries of `names` and of everything they depend on, found the way Node resolves a
 * package (the dependent's own node_modules first, then each enclosing one), each with the
 * registry's tarball URL so that npm asks the registry for no metadata.
 */
function lockedDependencyTree(
  packages: Record<string, LockEntry>,
  names: readonly string[],
  registry: string,
): Record<string, LockEntry> {
  const tree: Record<string, LockEntry> = {};
  const visit = (name: string, dependent: string): void => {
    for (let scope = dependent; ; scope = enclosingScope(scope)) {
      const key = `${scope === "" ? "" : `${scope}/`}node_modules/${name}`;
      const entry = packages[key];
      if (entry) {
        if (key in tree) return;
        const file = `${name.slice(name.lastIndexOf("/") + 1)}-${entry.version}.tgz`;
        tree[key] = { resolved: new URL(`${name}/-/${file}`, registry).href, ...entry };
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
