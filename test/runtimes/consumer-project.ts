/**
 * The project the runtime matrix runs in: a temporary folder where the package is installed from
 * the tarball `npm pack` makes of the current build, as a user's project would have it, and where
 * each runtime's entry is compiled next to it.
 *
 * @packageDocumentation
 */
import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { writeTarballProject, type PackResult } from "../support/tarball-project.js";

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
  await writeTarballProject({ project, name: "runtime-matrix", packed });
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
