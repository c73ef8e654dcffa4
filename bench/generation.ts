/**
 * Benchmark 2: `npm run generate` for the two vendor specs, whole process, against the chain of
 * the four tools' own CLIs doing the same work (lint, bundle, types, format). Both run in
 * temporary directories; every round runs every variant, and the ratio is taken round by round.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { median, medianRatio, type Row } from "./results.js";
import { stageMilliseconds } from "./pipeline-stages.js";
import { timeProcess, type ProcessRun } from "./processes.js";
import { createProject } from "../test/support/project.js";
import { PROJECT_ROOT, type Suite, type SuiteOptions } from "./suite.js";
import { prepareToolChainDirectory, runToolChain } from "./tool-chain.js";
import { BIN_DIRECTORY } from "./tool-paths.js";

const SPECS = ["joyfill", "proficient"] as const;

/** A script that only imports the tools the pipeline runs, to time module loading alone. */
const LOAD_TOOLS_FILE = "load-tools.mjs";
const LOAD_TOOLS_SOURCE = [
  'await import("@redocly/openapi-core");',
  'await import("openapi-typescript");',
  'await import("prettier");',
  "",
].join("\n");

/** The same tools loaded as the pipeline loads them: openapi-typescript on a thread of its own. */
const LOAD_TOOLS_THREADED_FILE = "load-tools-threaded.mjs";
const LOAD_TOOLS_THREADED_SOURCE = [
  'import { Worker } from "node:worker_threads";',
  'import { createRequire } from "node:module";',
  "const require = createRequire(import.meta.url);",
  'const worker = new Worker(`require(${JSON.stringify(require.resolve("openapi-typescript"))}); require(${JSON.stringify(require.resolve("typescript"))});`, { eval: true });',
  'const exited = new Promise((done) => worker.once("exit", done));',
  'require("@redocly/openapi-core");',
  'await import("prettier");',
  "await exited;",
  "",
].join("\n");

/**
 * The tools loaded as the pipeline loads them now: from their bundles under build/tool-bundles/,
 * through the compile cache, openapi-typescript on a worker thread. Runs in the project copy
 * after a full run has made the bundles and the cache.
 */
const LOAD_BUNDLES_THREADED_FILE = "load-bundles-threaded.mjs";
const LOAD_BUNDLES_THREADED_SOURCE = [
  'import { Worker } from "node:worker_threads";',
  'const toolBundles = new URL("./build/scripts/pipeline/tool-bundles.js", import.meta.url).href;',
  'const compileCache = new URL("./build/scripts/pipeline/compile-cache.js", import.meta.url).href;',
  "const worker = new Worker(",
  '  `import(${JSON.stringify(toolBundles)}).then(({ requireTool }) => { requireTool("openapi-typescript"); return import(${JSON.stringify(compileCache)}); }).then(({ installCompileCache }) => installCompileCache()?.flush());`,',
  "  { eval: true },",
  ");",
  'const exited = new Promise((done) => worker.once("exit", done));',
  "const { requireTool } = await import(toolBundles);",
  'requireTool("redocly");',
  'requireTool("prettier");',
  "await exited;",
  "",
].join("\n");

/** Environment of a full run with the tool bundles and the compile cache turned off. */
const UNBUNDLED_UNCACHED_ENV = {
  API_CLIENTS_TOOL_BUNDLES: "off",
  API_CLIENTS_COMPILE_CACHE: "off",
};

/** The command `npm run <script>` runs in `root`, with executables resolved as npm would. */
export async function npmScriptCommand(
  root: string,
  script: string,
): Promise<{ command: string; args: string[] }> {
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  const line = manifest.scripts?.[script];
  if (line === undefined) throw new Error(`package.json has no "${script}" script`);
  const [command, ...args] = line.trim().split(/\s+/);
  if (command === undefined || /[|&;<>$`"']/.test(line)) {
    throw new Error(`the "${script}" script is not a plain command: ${line}`);
  }
  // npm puts node_modules/.bin first on PATH; anything not there (e.g. `node`) comes from PATH.
  const installed = join(BIN_DIRECTORY, command);
  return { command: !command.includes("/") && existsSync(installed) ? installed : command, args };
}

/** Empties `directory` without removing it. */
async function emptyDirectory(directory: string): Promise<void> {
  for (const entry of await readdir(directory).catch(() => [])) {
    await rm(join(directory, entry), { recursive: true, force: true });
  }
}

async function runGeneration(options: SuiteOptions): Promise<Row[]> {
  const rounds = options.quick ? 1 : 5;
  const group = "generate, 2 specs";
  const project = await createProject({ copy: "project", label: "bench-project" });
  const specFiles = SPECS.map((name) => `${name}.yaml`);
  const chainDirectory = await prepareToolChainDirectory(
    specFiles.map((file) => join(PROJECT_ROOT, "specs", file)),
  );
  try {
    const generate = await npmScriptCommand(project.root, "generate");
    const runGenerate = (
      extraArgs: string[],
      options: { expectExitCodes?: number[]; env?: Record<string, string> } = {},
    ): Promise<ProcessRun> =>
      timeProcess({
        command: generate.command,
        args: [...generate.args, ...extraArgs],
        cwd: project.root,
        ...options,
      });
    // The floor under any in-process pipeline: importing the three tools, with and without tsx.
    await writeFile(join(project.root, LOAD_TOOLS_FILE), LOAD_TOOLS_SOURCE);
    await writeFile(join(project.root, LOAD_TOOLS_THREADED_FILE), LOAD_TOOLS_THREADED_SOURCE);
    const loadToolsThreaded = () =>
      timeProcess({
        command: process.execPath,
        args: [LOAD_TOOLS_THREADED_FILE],
        cwd: project.root,
      });
    await writeFile(join(project.root, LOAD_BUNDLES_THREADED_FILE), LOAD_BUNDLES_THREADED_SOURCE);
    const loadBundlesThreaded = () =>
      timeProcess({
        command: process.execPath,
        args: [LOAD_BUNDLES_THREADED_FILE],
        cwd: project.root,
      });
    // The floor under a no-change run: the script's launcher starting on an empty file.
    const launcher = basename(generate.command);
    const emptyScript = launcher === "tsx" ? "empty.ts" : "empty.mjs";
    await writeFile(join(project.root, emptyScript), "export {};\n");
    const runEmptyScript = () =>
      timeProcess({ command: generate.command, args: [emptyScript], cwd: project.root });
    const loadTools = (launcher: "node" | "tsx") =>
      timeProcess({
        command: launcher === "node" ? process.execPath : join(BIN_DIRECTORY, "tsx"),
        args: [LOAD_TOOLS_FILE],
        cwd: project.root,
      });
    const runNpm = () =>
      timeProcess({ command: "npm", args: ["run", "--silent", "generate"], cwd: project.root });
    const times = {
      full: [] as number[],
      fullUncached: [] as number[],
      fullUnbundledUncached: [] as number[],
      noChange: [] as number[],
      check: [] as number[],
      npm: [] as number[],
      chain: [] as number[],
      loadNode: [] as number[],
      loadTsx: [] as number[],
      loadThreaded: [] as number[],
      loadBundlesThreaded: [] as number[],
      emptyScript: [] as number[],
    };
    const stagesOfFullRuns: number[] = [];
    // One untimed pass of each fills the file-system cache and tsx's transform cache.
    const warmup = options.quick ? 0 : 1;
    for (let round = -warmup; round < rounds; round++) {
      await emptyDirectory(join(project.root, "generated"));
      const full = await runGenerate([]);
      await emptyDirectory(join(project.root, "generated"));
      const fullUncached = await runGenerate([], { env: { API_CLIENTS_COMPILE_CACHE: "off" } });
      await emptyDirectory(join(project.root, "generated"));
      const fullUnbundledUncached = await runGenerate([], { env: UNBUNDLED_UNCACHED_ENV });
      const noChange = await runGenerate([]);
      const check = await runGenerate(["--check"]);
      const npm = await runNpm();
      const chain = await runToolChain(chainDirectory.root, specFiles);
      const loadNode = await loadTools("node");
      const loadTsx = await loadTools("tsx");
      const loadThreaded = await loadToolsThreaded();
      const loadBundles = await loadBundlesThreaded();
      const empty = await runEmptyScript();
      if (round < 0) continue;
      times.full.push(full.wallMs);
      times.fullUncached.push(fullUncached.wallMs);
      times.fullUnbundledUncached.push(fullUnbundledUncached.wallMs);
      stagesOfFullRuns.push(
        [...stageMilliseconds(full.stdout).values()].reduce((sum, ms) => sum + ms, 0),
      );
      times.noChange.push(noChange.wallMs);
      times.check.push(check.wallMs);
      times.npm.push(npm.wallMs);
      times.chain.push(chain.wallMs);
      times.loadNode.push(loadNode.wallMs);
      times.loadTsx.push(loadTsx.wallMs);
      times.loadThreaded.push(loadThreaded.wallMs);
      times.loadBundlesThreaded.push(loadBundles.wallMs);
      times.emptyScript.push(empty.wallMs);
      options.log(`generate: round ${round + 1}/${rounds}`);
    }
    const note = `median of ${rounds} rounds`;
    const command = `${generate.command.replace(`${BIN_DIRECTORY}/`, "")} ${generate.args.join(" ")}`;
    return [
      {
        group,
        name: `full run (${command}, generated/ emptied)`,
        value: median(times.full) / 1000,
        unit: "s",
        note,
      },
      {
        group,
        name: "full run, compile cache off",
        value: median(times.fullUncached) / 1000,
        unit: "s",
        note: "API_CLIENTS_COMPILE_CACHE=off: what the cache buys",
      },
      {
        group,
        name: "full run, tool bundles and compile cache off",
        value: median(times.fullUnbundledUncached) / 1000,
        unit: "s",
        note: "each tool's own modules, compiled by V8 on every run",
      },
      {
        group,
        name: "full run, the pipeline's own stages",
        value: median(stagesOfFullRuns) / 1000,
        unit: "s",
        note: "lint+bundle+types+format as it prints them",
      },
      {
        group,
        name: "importing the 3 tools, plain node",
        value: median(times.loadNode) / 1000,
        unit: "s",
        note: "@redocly/openapi-core, openapi-typescript, prettier",
      },
      {
        group,
        name: "importing the 3 tools, under tsx",
        value: median(times.loadTsx) / 1000,
        unit: "s",
        note: "the same, through tsx's loader",
      },
      {
        group,
        name: "importing the 3 tools on 2 threads, plain node",
        value: median(times.loadThreaded) / 1000,
        unit: "s",
        note: "openapi-typescript on a worker thread, as the pipeline loads them",
      },
      {
        group,
        name: "loading the tools' bundles through the compile cache, on 2 threads",
        value: median(times.loadBundlesThreaded) / 1000,
        unit: "s",
        note: "as the pipeline loads them: the floor under a full run",
      },
      {
        group,
        name: "regeneration, no spec change",
        value: median(times.noChange) / 1000,
        unit: "s",
        target: { max: 0.3 },
        note,
      },
      {
        group,
        name: `${launcher} start-up (${emptyScript}, an empty file)`,
        value: median(times.emptyScript) / 1000,
        unit: "s",
        note: "the floor for a no-change run",
      },
      { group, name: "--check, in sync", value: median(times.check) / 1000, unit: "s", note },
      {
        group,
        name: "regeneration, no change, via `npm run`",
        value: median(times.npm) / 1000,
        unit: "s",
        note: "adds npm's own start-up",
      },
      {
        group,
        name: "tool CLI chain (lint, bundle, openapi-typescript ×2, prettier)",
        value: median(times.chain) / 1000,
        unit: "s",
        note: "5 processes, summed",
      },
      {
        group,
        name: "importing the 3 tools (plain node) / tool CLI chain",
        value: medianRatio(times.loadNode, times.chain),
        unit: "×",
        note: "the floor for any in-process pipeline",
      },
      {
        group,
        name: "full run, tool bundles and compile cache off / tool CLI chain",
        value: medianRatio(times.fullUnbundledUncached, times.chain),
        unit: "×",
      },
      {
        group,
        name: "full run / tool CLI chain",
        value: medianRatio(times.full, times.chain),
        unit: "×",
        target: { max: 0.25 },
      },
    ];
  } finally {
    await project.remove();
    await chainDirectory.remove();
  }
}

/** Benchmark 2: generation cost against the tools' own CLIs. */
export const generation: Suite = {
  name: "generate",
  summary: "npm run generate (full, no change, --check) vs the tools' own CLIs",
  run: runGeneration,
};
