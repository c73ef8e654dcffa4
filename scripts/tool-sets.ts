/**
 * On-demand tool sets: npm packages that only one activity needs (the benchmarks' fixtures and
 * anchor CLIs, the contract tests' mock server, the runtime matrix's Bun/Deno/workerd, Node.js
 * releases and TypeScript releases, mutation testing's StrykerJS, a browser for the browser
 * test), kept out of the package's own dependencies so that installing the
 * package, or a monorepo containing it, never downloads them.
 *
 * Each set is a folder `tools/<name>/` with a `package.json` and a committed `package-lock.json`
 * (exact versions). {@link ensureToolSet} runs `npm ci` there the first time the set is needed and
 * again whenever its lockfile changes; otherwise it costs one small file read.
 *
 * ```ts
 * const bench = await ensureToolSet("bench");
 * const githubSpec = bench.resolve("@octokit/openapi/generated/api.github.com.json");
 * ```
 *
 * @packageDocumentation
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder that holds one folder per tool set. */
export const TOOL_SETS_DIRECTORY = resolve(dirname(fileURLToPath(import.meta.url)), "..", "tools");

/** Names of the tool sets, one per folder under `tools/`. */
export type ToolSetName =
  "bench" | "browser" | "contract" | "mutation" | "node" | "runtimes" | "typescript";

/** Options for {@link ensureToolSet}. */
export interface EnsureToolSetOptions {
  /**
   * Called with one line when an install starts and when it ends.
   * @default writes to standard error
   */
  log?: (line: string) => void;
  /**
   * Folder holding the tool sets (tests point it at a temporary copy).
   * @default TOOL_SETS_DIRECTORY
   */
  directory?: string;
  /**
   * How long to wait for another process that is installing the same set.
   * @default 600000
   */
  waitMs?: number;
}

/** An installed tool set. */
export interface ToolSet {
  /** The set's folder, e.g. `tools/bench`; its packages are in `node_modules/` below it. */
  readonly directory: string;
  /**
   * Resolves a module specifier or a package file (`"@octokit/openapi/package.json"`) from the
   * set's `node_modules`, the way Node's `require.resolve` would from inside the set.
   */
  resolve(specifier: string): string;
  /** Absolute path of an executable the set's packages install into `node_modules/.bin`. */
  bin(name: string): string;
}

const STAMP_FILE = ".tool-set-stamp";
const LOCK_DIRECTORY = ".installing";
/** A lock older than this was left by a process that died mid-install. */
const STALE_LOCK_MS = 15 * 60_000;

/**
 * Installs the tool set `name` from its lockfile when it is missing or out of date, and returns
 * it. Safe to call from several processes at once: one installs, the others wait for it.
 *
 * @throws Error naming the set and npm's output when the install fails, or when the set's
 *   `package-lock.json` is missing.
 */
export async function ensureToolSet(
  name: ToolSetName,
  options: EnsureToolSetOptions = {},
): Promise<ToolSet> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const directory = join(options.directory ?? TOOL_SETS_DIRECTORY, name);
  const wanted = await lockfileStamp(directory, name);
  const stampPath = join(directory, "node_modules", STAMP_FILE);
  if ((await readStamp(stampPath)) !== wanted) {
    await withInstallLock(directory, options.waitMs ?? 600_000, async () => {
      if ((await readStamp(stampPath)) === wanted) return;
      log(`tools/${name}: installing its pinned packages (npm ci), once per lockfile change`);
      const startedAt = performance.now();
      await runNpmCi(directory, name);
      await writeFile(stampPath, wanted);
      log(`tools/${name}: installed in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
    });
  }
  const require = createRequire(join(directory, "package.json"));
  return {
    directory,
    resolve: (specifier) => require.resolve(specifier),
    bin: (binName) => join(directory, "node_modules", ".bin", binName),
  };
}

async function lockfileStamp(directory: string, name: string): Promise<string> {
  const hash = createHash("sha256");
  for (const file of ["package.json", "package-lock.json"]) {
    const text = await readFile(join(directory, file), "utf8").catch(() => undefined);
    if (text === undefined) {
      throw new Error(
        `tools/${name}/${file} is missing: a tool set needs a package.json and a committed lockfile.`,
      );
    }
    hash.update(text);
  }
  return `${hash.digest("hex")} node ${process.versions.node.split(".")[0]}`;
}

async function readStamp(path: string): Promise<string | undefined> {
  return readFile(path, "utf8").catch(() => undefined);
}

async function withInstallLock(
  directory: string,
  waitMs: number,
  work: () => Promise<void>,
): Promise<void> {
  const lock = join(directory, LOCK_DIRECTORY);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const since = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (since > STALE_LOCK_MS) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Timed out waiting for another process installing ${directory} (remove ${lock} if none is).`,
        );
      }
      await new Promise((done) => setTimeout(done, 250));
    }
  }
  try {
    await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/**
 * `npm ci` in the set's folder, as a project of its own: `--workspaces=false` so that a monorepo
 * around the package never adopts the set, and npm's own script path when we run under npm.
 */
async function runNpmCi(directory: string, name: string): Promise<void> {
  const npmCli = process.env["npm_execpath"];
  const [command, prefix] =
    npmCli !== undefined && /npm-cli\.js$/.test(npmCli)
      ? [process.execPath, [npmCli]]
      : ["npm", []];
  const args = [
    ...prefix,
    "ci",
    "--no-audit",
    "--no-fund",
    "--workspaces=false",
    "--include-workspace-root=false",
  ];
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(command, args, {
      cwd: directory,
      stdio: ["ignore", "pipe", "pipe"],
      env: withoutNpmProjectVariables(process.env),
    });
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    child.on("error", fail);
    child.on("close", done);
  });
  if (code !== 0) {
    throw new Error(
      `tools/${name}: npm ci failed (exit ${code}):\n${output.join("").trim().split("\n").slice(-20).join("\n")}`,
    );
  }
}

/**
 * npm passes the running project's settings down to scripts as `npm_config_*` and `npm_package_*`
 * variables; a nested `npm ci` would read some of them (the prefix, workspace flags) as its own.
 */
function withoutNpmProjectVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([key]) =>
        !/^npm_(config_(prefix|workspace|workspaces|include_workspace_root|global|local_prefix)|package_)/i.test(
          key,
        ),
    ),
  );
}
