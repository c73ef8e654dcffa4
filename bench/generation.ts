/**
 * Benchmark 2: `npm run generate` for the two vendor specs, whole process, against the chain of
 * the four tools' own CLIs doing the same work (lint, bundle, types, format). Both run in
 * temporary directories; every round runs every variant, and the ratio is taken round by round.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { median, medianRatio, notMeasured, type Row } from "./results.js";
import { stageMilliseconds } from "./pipeline-stages.js";
import { timeProcess, type ProcessRun } from "./processes.js";
import { createProject } from "../test/support/project.js";
import { PROJECT_ROOT, type Suite, type SuiteOptions } from "./suite.js";
import { prepareToolChainDirectory, runToolChain } from "./tool-chain.js";
import { BIN_DIRECTORY } from "./tool-paths.js";
import { ensureToolSet } from "../scripts/tool-sets.js";
import {
  nodeExecutable,
  pipelineNodePlan,
  PIPELINE_NODE_MAJOR,
} from "../test/runtimes/support-matrix.js";

const SPECS = ["joyfill", "proficient"] as const;

/** A script that only imports the tools, through the entry points the pipeline imports them by. */
const LOAD_TOOLS_FILE = "load-tools.mjs";
const LOAD_TOOLS_SOURCE = [
  'await import("@redocly/openapi-core");',
  'await import("openapi-typescript");',
  'await import("prettier/standalone");',
  'await import("prettier/plugins/babel");',
  'await import("prettier/plugins/estree");',
  "",
].join("\n");

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

/**
 * The pinned Node.js of the pipeline's line, which has `module.enableCompileCache()`, from the
 * `node` tool set; `undefined` where no binary of it runs on this machine.
 */
async function compileCacheNode(): Promise<{ path: string; version: string } | undefined> {
  const [release] = pipelineNodePlan().rows;
  if (release === undefined) return undefined;
  const tools = await ensureToolSet("node");
  return { path: nodeExecutable(tools.directory, release), version: release.version };
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
    // The floor under any in-process pipeline: importing the tools.
    await writeFile(join(project.root, LOAD_TOOLS_FILE), LOAD_TOOLS_SOURCE);
    const loadTools = () =>
      timeProcess({ command: process.execPath, args: [LOAD_TOOLS_FILE], cwd: project.root });
    // The floor under a no-change run: Node starting on an empty file.
    const emptyScript = "empty.mjs";
    await writeFile(join(project.root, emptyScript), "export {};\n");
    const runEmptyScript = () =>
      timeProcess({ command: process.execPath, args: [emptyScript], cwd: project.root });
    // The same full run and chain on a Node with the compile cache, its cache kept in the project.
    const cachedNode = await compileCacheNode();
    const runCachedFull = async (node: string) => {
      await emptyDirectory(join(project.root, "generated"));
      return timeProcess({
        command: node,
        args: generate.args,
        cwd: project.root,
        env: { NODE_COMPILE_CACHE: join(project.root, ".compile-cache") },
      });
    };
    const runNpm = () =>
      timeProcess({ command: "npm", args: ["run", "--silent", "generate"], cwd: project.root });
    const times = {
      full: [] as number[],
      noChange: [] as number[],
      check: [] as number[],
      npm: [] as number[],
      chain: [] as number[],
      load: [] as number[],
      emptyScript: [] as number[],
      cachedFull: [] as number[],
      cachedChain: [] as number[],
    };
    const stagesOfFullRuns: number[] = [];
    // One untimed pass of each fills the file-system cache (and builds build/scripts/ if needed).
    const warmup = options.quick ? 0 : 1;
    for (let round = -warmup; round < rounds; round++) {
      await emptyDirectory(join(project.root, "generated"));
      const full = await runGenerate([]);
      const noChange = await runGenerate([]);
      const check = await runGenerate(["--check"]);
      const npm = await runNpm();
      const chain = await runToolChain(chainDirectory.root, specFiles);
      const load = await loadTools();
      const empty = await runEmptyScript();
      const cachedFull = cachedNode && (await runCachedFull(cachedNode.path));
      const cachedChain =
        cachedNode && (await runToolChain(chainDirectory.root, specFiles, cachedNode.path));
      if (round < 0) continue;
      if (cachedFull && cachedChain) {
        times.cachedFull.push(cachedFull.wallMs);
        times.cachedChain.push(cachedChain.wallMs);
      }
      times.full.push(full.wallMs);
      stagesOfFullRuns.push(
        [...stageMilliseconds(full.stdout).values()].reduce((sum, ms) => sum + ms, 0),
      );
      times.noChange.push(noChange.wallMs);
      times.check.push(check.wallMs);
      times.npm.push(npm.wallMs);
      times.chain.push(chain.wallMs);
      times.load.push(load.wallMs);
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
        note: `${note}, Node ${process.versions.node}`,
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
        name: "importing the tools (their public entry points)",
        value: median(times.load) / 1000,
        unit: "s",
        note: "@redocly/openapi-core, openapi-typescript, prettier/standalone + 2 plugins",
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
        name: "node start-up (an empty file)",
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
        name: "importing the tools / tool CLI chain",
        value: medianRatio(times.load, times.chain),
        unit: "×",
        note: "the floor for any in-process pipeline",
      },
      {
        group,
        name: "full run / tool CLI chain",
        value: medianRatio(times.full, times.chain),
        unit: "×",
        target: { max: 0.35 },
      },
      ...(cachedNode === undefined
        ? [
            notMeasured(
              {
                group,
                name: "full run / tool CLI chain, on a Node with the compile cache",
                unit: "×",
              },
              `no pinned Node.js ${PIPELINE_NODE_MAJOR} binary runs on ${process.platform}-${process.arch}`,
            ),
          ]
        : ([
            {
              group,
              name: `full run on Node ${cachedNode.version}, compile cache on`,
              value: median(times.cachedFull) / 1000,
              unit: "s",
              note: `${note}; module.enableCompileCache()${warmup > 0 ? ", its cache filled by the untimed round" : ""}`,
            },
            {
              group,
              name: `tool CLI chain on Node ${cachedNode.version}`,
              value: median(times.cachedChain) / 1000,
              unit: "s",
              note: "the CLIs as they ship",
            },
            {
              group,
              name: `full run / tool CLI chain, on Node ${cachedNode.version}`,
              value: medianRatio(times.cachedFull, times.cachedChain),
              unit: "×",
              note: "the target's figure on a Node that has enableCompileCache",
            },
          ] satisfies Row[])),
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
