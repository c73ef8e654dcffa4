/**
 * `npm run generate -- --watch [api…] [--report FILE]`: regenerates whenever a spec, a file it
 * `$ref`s, `redocly.yaml`, `.prettierrc.json` or a declared fix's source changes.
 *
 * Each regeneration is a fresh `node build/scripts/generate.js` run, so an edited fix is loaded anew
 * (Node caches imported modules for the life of a process) and a crash cannot take the watcher
 * down; it prints its stage lines and change report as usual, and a failed run leaves
 * `generated/` as it was. Changes within `debounceMs` of each other make one run, and changes
 * during a run make one more run after it.
 *
 * @packageDocumentation
 */

import { spawn, type ChildProcess } from "node:child_process";
import { watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { parse } from "yaml";
import { parseArguments, USAGE } from "../pipeline/cli-arguments.js";
import { SCRIPTS_BUILD_DIRECTORY } from "../pipeline/layout.js";
import { relativePath } from "../pipeline/files.js";
import { MANIFEST_FILE, parseManifest } from "../pipeline/manifest.js";

/** Options of {@link watchGenerate}. */
export interface WatchGenerateOptions {
  /** The project root: the directory `npm run generate` runs in. */
  root: string;
  /**
   * Arguments for each run of `build/scripts/generate.js`: API names, `--report FILE`.
   * @default none
   */
  runArguments?: readonly string[];
  /**
   * Quiet time after the last change before a run starts, in milliseconds.
   * @default 200
   */
  debounceMs?: number;
  /**
   * Where the watcher's own lines go (the runs' output: see `runOutput`).
   * @default console.log
   */
  print?: (line: string) => void;
  /**
   * Receives each run's output (its stdout and stderr, as they arrive) instead of this process's
   * stdout and stderr.
   * @default the runs write to this process's stdout and stderr
   */
  runOutput?: (text: string) => void;
  /** Stops watching when aborted; the run in progress, if any, is finished first. */
  signal: AbortSignal;
  /**
   * Stops the run in progress too when aborted (SIGTERM to its process group), for a second Ctrl-C.
   * @default never
   */
  killSignal?: AbortSignal;
}

/** The compiled generate command, which rebuilds itself first when a source under scripts/ changed. */
const GENERATE_SCRIPT = join(SCRIPTS_BUILD_DIRECTORY, "generate.js");
const sourceFile = /\.m?[tj]s$/;
const specFile = /\.ya?ml$/;

/** What to watch: directories, and per directory the names (or name patterns) that count. */
interface WatchPlan {
  /** Directory → exact file names that count. */
  files: Map<string, Set<string>>;
  /** Directory → a pattern every counting file name matches. */
  patterns: Map<string, RegExp>;
}

/**
 * Runs once, then again after every relevant change, until `signal` aborts. Resolves when the
 * watcher has stopped and no run is left running.
 */
export async function watchGenerate(options: WatchGenerateOptions): Promise<void> {
  const root = resolve(options.root);
  const print = options.print ?? ((line: string) => console.log(line));
  const debounceMs = options.debounceMs ?? 200;
  const runArguments = options.runArguments ?? [];
  const watchers = new Map<string, FSWatcher>();
  let plan: WatchPlan = { files: new Map(), patterns: new Map() };
  let timer: NodeJS.Timeout | undefined;
  let running: ChildProcess | undefined;
  let pending: string[] = [];
  let stopped = false;
  let idle: () => void = () => {};

  const counts = (directory: string, name: string) =>
    plan.files.get(directory)?.has(name) === true ||
    plan.patterns.get(directory)?.test(name) === true;

  const schedule = (path: string) => {
    if (!pending.includes(path)) pending.push(path);
    clearTimeout(timer);
    timer = setTimeout(() => void startRun(), debounceMs);
  };

  const syncWatchers = async () => {
    plan = await planWatch(root);
    const directories = new Set([...plan.files.keys(), ...plan.patterns.keys()]);
    for (const [directory, watcher] of watchers) {
      if (!directories.has(directory)) {
        watcher.close();
        watchers.delete(directory);
      }
    }
    for (const directory of directories) {
      if (watchers.has(directory)) continue;
      try {
        const watcher = watch(directory, (_event, name) => {
          if (stopped) return;
          if (name === null) schedule(relative(root, directory) || ".");
          else if (counts(directory, basename(name)))
            schedule(relativePath(root, join(directory, name)));
        });
        watcher.on("error", () => watchers.delete(directory));
        watchers.set(directory, watcher);
      } catch {
        // A folder that does not exist yet (a spec's folder named in redocly.yaml before it is
        // created): redocly.yaml's own folder is watched, and the next run plans again.
      }
    }
    const files = [...plan.files.values()].reduce((total, names) => total + names.size, 0);
    return { files, directories: watchers.size };
  };

  const startRun = async () => {
    if (stopped) return;
    if (running) return; // the run's end starts the next one
    const changed = pending;
    pending = [];
    if (changed.length > 0) print(`changed: ${changed.join(", ")}; regenerating`);
    const startedAt = performance.now();
    const child = spawn(process.execPath, [GENERATE_SCRIPT, ...runArguments], {
      cwd: root,
      // Its own process group: Ctrl-C in the terminal reaches the watcher only, which lets the
      // run finish so that generated/ is never left half written.
      detached: true,
      stdio: [
        "ignore",
        options.runOutput ? "pipe" : "inherit",
        options.runOutput ? "pipe" : "inherit",
      ],
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding("utf8").on("data", (text: string) => options.runOutput?.(text));
    }
    running = child;
    const kill = () => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
    };
    if (options.killSignal?.aborted) kill();
    options.killSignal?.addEventListener("abort", kill, { once: true });
    const code = await new Promise<number | null>((done) => {
      child.on("error", (error) => {
        print(`cannot start a run: ${error.message}`);
        done(null);
      });
      child.on("exit", (exitCode) => done(exitCode));
    });
    running = undefined;
    options.killSignal?.removeEventListener("abort", kill);
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const next = stopped ? "stopping" : "watching for changes";
    print(
      code === 0
        ? `run finished (${seconds} s); ${next}`
        : `run failed with exit code ${code ?? "unknown"} (${seconds} s); generated/ left as it was; ${next}`,
    );
    if (stopped) return idle();
    await syncWatchers();
    if (pending.length > 0) schedule(pending[0]!);
  };

  const stop = new Promise<void>((done) => {
    idle = done;
  });
  const abort = () => {
    stopped = true;
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
    if (!running) idle();
  };
  if (options.signal.aborted) return;
  options.signal.addEventListener("abort", abort, { once: true });

  const watched = await syncWatchers();
  print(`watching ${watched.files} files in ${watched.directories} folders; Ctrl-C to stop`);
  void startRun();
  await stop;
}

/**
 * The files a run depends on: redocly.yaml, .prettierrc.json, each API's root spec and every YAML
 * file beside it (a new `$ref` target), each plugin's folder of source files, and every input the
 * last successful run recorded in `generated/manifest.json` (the specs' `$ref`s among them).
 */
async function planWatch(root: string): Promise<WatchPlan> {
  const plan: WatchPlan = { files: new Map(), patterns: new Map() };
  const addFile = (path: string) => {
    const directory = dirname(path);
    const names = plan.files.get(directory) ?? new Set<string>();
    names.add(basename(path));
    plan.files.set(directory, names);
  };
  const configPath = join(root, "redocly.yaml");
  addFile(configPath);
  addFile(join(root, ".prettierrc.json"));
  let config: unknown;
  try {
    config = parse(await readFile(configPath, "utf8"));
  } catch {
    config = undefined; // the run reports the problem; the watcher waits for the next save
  }
  const record = (value: unknown) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  for (const entry of Object.values(record(record(config).apis))) {
    const specRoot = record(entry).root;
    if (typeof specRoot !== "string") continue;
    const specPath = resolve(root, specRoot);
    addFile(specPath);
    if (dirname(specPath) !== root) plan.patterns.set(dirname(specPath), specFile);
  }
  const plugins = record(config).plugins;
  for (const plugin of Array.isArray(plugins) ? plugins : []) {
    if (typeof plugin === "string") plan.patterns.set(dirname(resolve(root, plugin)), sourceFile);
  }
  const manifest = parseManifest(
    await readFile(join(root, MANIFEST_FILE), "utf8").catch(() => undefined),
  );
  for (const api of Object.values(manifest?.apis ?? {})) {
    for (const input of Object.keys(api.inputs)) addFile(resolve(root, input));
  }
  // Never react to what a run writes.
  const generated = join(root, "generated");
  for (const map of [plan.files, plan.patterns]) {
    for (const directory of map.keys())
      if (directory === generated || directory.startsWith(`${generated}/`)) map.delete(directory);
  }
  return plan;
}

/**
 * `npm run generate -- --watch …`: parses the rest of the command line like `npm run generate`
 * (API names and `--report FILE`; `--check` makes no sense here), then watches until Ctrl-C or
 * SIGTERM, and returns exit code 0; 2 for bad usage. A second Ctrl-C stops the run in progress.
 */
export async function runWatchCommand(options: {
  /** The arguments without `--watch`. */
  argv: readonly string[];
  root: string;
}): Promise<0 | 2> {
  const parsed = parseArguments(options.argv, options.root);
  if (typeof parsed === "string" || parsed.check) {
    const problem = typeof parsed === "string" ? parsed : "--watch and --check do not go together";
    console.error(`usage error: ${problem}\n${USAGE.replace("[--check]", "[--check | --watch]")}`);
    return 2;
  }
  const stop = new AbortController();
  const kill = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop.signal.aborted) {
      console.log(
        `${signal}: stopping after the run in progress, if any (again to stop it at once)`,
      );
      stop.abort();
    } else {
      console.log(`${signal}: stopping the run in progress`);
      kill.abort();
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  await watchGenerate({
    root: options.root,
    runArguments: options.argv,
    signal: stop.signal,
    killSignal: kill.signal,
  });
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  console.log("stopped watching");
  return 0;
}
