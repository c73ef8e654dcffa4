/**
 * Benchmark 3: GitHub's REST spec through `npm run generate` in a temporary copy of the project,
 * at a quarter, half and all of its paths, each a fresh process: wall time and peak memory, and
 * how they grow with the size of the spec.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { parse, stringify } from "yaml";
import { npmScriptCommand } from "./generation.js";
import { describeStages, stageMilliseconds } from "./pipeline-stages.js";
import { timeProcess } from "./processes.js";
import { prepareToolChainDirectory, runToolChain } from "./tool-chain.js";
import { createProject } from "../test/support/project.js";
import { pruneSpec, type OpenApiDocument } from "./prune-spec.js";
import { median, medianRatio, type Row } from "./results.js";
import { PROJECT_ROOT, type Suite, type SuiteOptions } from "./suite.js";
import { githubSpecPath } from "./tool-paths.js";
import { wideSpec } from "./wide-spec.js";

/**
 * The wide spec that once overflowed the stack in the format stage, at full size: 13,584 schemas
 * of 20 properties with 150-character descriptions, 67 MiB as indented JSON (the size the
 * overflow was reported at, about 56 MB, written more compactly). Quick runs use a sixteenth of it.
 */
const WIDE_SCHEMAS = 13_584;

/**
 * Rules of Redocly's `recommended` set that GitHub's spec breaks as errors (135 nullable
 * siblings, 1493 operations without a defined security scheme, 2 identical paths): lowered to
 * warnings so the run goes through every stage, doing the same linting work. And the three
 * example-validation rules, off.
 */
const GITHUB_RULES = {
  "nullable-type-sibling": "warn",
  "security-defined": "warn",
  "no-identical-paths": "warn",
  // The per-API choice docs/pipeline.md describes: validating GitHub's 1,751 examples is about two
  // thirds of lint's time and much of its memory, and the generated types do not depend on them.
  "no-invalid-media-type-examples": "off",
  "no-invalid-parameter-examples": "off",
  "no-invalid-schema-examples": "off",
} as const;

/** The fractions of the paths to run, labelled. Quick runs use tiny ones. */
const FULL_FRACTIONS = [
  { label: "1/4", fraction: 1 / 4 },
  { label: "1/2", fraction: 1 / 2 },
  { label: "all", fraction: 1 },
] as const;
const QUICK_FRACTIONS = [
  { label: "1/64", fraction: 1 / 64 },
  { label: "1/32", fraction: 1 / 32 },
  { label: "1/16", fraction: 1 / 16 },
] as const;

/**
 * The project's redocly.yaml with its `apis` replaced by one `github` entry (top-level settings
 * such as plugins and the extended rule sets are kept).
 */
async function githubConfig(): Promise<string> {
  const config = parse(await readFile(join(PROJECT_ROOT, "redocly.yaml"), "utf8")) as Record<
    string,
    unknown
  >;
  return stringify({
    ...config,
    apis: { github: { root: "specs/github.json", rules: GITHUB_RULES } },
  });
}

/** The figures of every run at one fraction of the paths, one entry per round. */
interface FractionRuns {
  label: string;
  paths: number;
  components: number;
  /** The pruned spec as written to `specs/github.json`. */
  text: string;
  seconds: number[];
  mebibytes: number[];
  /** Each round's stage timings, as the pipeline prints them. */
  stages: Map<string, number>[];
}

function stageSum(stages: ReadonlyMap<string, number>): number {
  return [...stages.values()].reduce((sum, ms) => sum + ms, 0) / 1000;
}

/** Median milliseconds per stage over the rounds. */
function medianStages(rounds: readonly ReadonlyMap<string, number>[]): Map<string, number> {
  const names = [...new Set(rounds.flatMap((stages) => [...stages.keys()]))];
  return new Map(
    names.map((name) => [name, median(rounds.map((stages) => stages.get(name) ?? 0))]),
  );
}

/** A script running `runPipeline` of the project's compiled scripts with the lint thread on or off. */
const LINT_THREAD_SCRIPT = "lint-thread.mjs";

/**
 * `runPipeline` as a fresh process in `root`, with the root spec linted on a worker thread
 * (`lintThreadMinBytes` 0) or on the main thread (`Infinity`). A file rather than `--eval`, whose
 * flags the worker thread would inherit.
 */
async function pipelineCommand(
  root: string,
  lintOnThread: boolean,
): Promise<{ command: string; args: string[] }> {
  const script = [
    'import { runPipeline } from "./build/scripts/pipeline/run.js";',
    'const lintThreadMinBytes = process.argv[2] === "thread" ? 0 : Number.POSITIVE_INFINITY;',
    "process.exitCode = await runPipeline({ root: process.cwd(), lintThreadMinBytes });",
    "",
  ].join("\n");
  await writeFile(join(root, LINT_THREAD_SCRIPT), script);
  return {
    command: process.execPath,
    args: [LINT_THREAD_SCRIPT, lintOnThread ? "thread" : "main"],
  };
}

/**
 * Whether the lint thread pays on the spec now in `root`: runs with lint on a worker thread and on
 * the main thread, alternating, 2 of each (1 in quick runs), and their median times and ratio.
 */
async function lintThreadRows(
  root: string,
  label: string,
  group: string,
  options: SuiteOptions,
): Promise<Row[]> {
  const seconds = { thread: [] as number[], main: [] as number[] };
  for (let round = 0; round < (options.quick ? 1 : 2); round++) {
    for (const where of ["thread", "main"] as const) {
      await rm(join(root, "generated"), { recursive: true, force: true });
      await mkdir(join(root, "generated"));
      const run = await timeProcess({
        ...(await pipelineCommand(root, where === "thread")),
        cwd: root,
      });
      seconds[where].push(run.wallMs / 1000);
      options.log(
        `scale: lint on ${where === "thread" ? "a worker thread" : "the main thread"}, ${label} of paths in ${(run.wallMs / 1000).toFixed(1)} s`,
      );
    }
  }
  const note = `${seconds.main.length === 1 ? "1 run" : `median of ${seconds.main.length} runs`}, alternating; runPipeline with lintThreadMinBytes`;
  const ratio = median(seconds.thread) / median(seconds.main);
  return [
    {
      group,
      name: `${label} of paths, lint on a worker thread`,
      value: median(seconds.thread),
      unit: "s",
      note: `${note} 0`,
    },
    {
      group,
      name: `${label} of paths, lint on the main thread`,
      value: median(seconds.main),
      unit: "s",
      note: `${note} Infinity`,
    },
    {
      group,
      name: `${label} of paths, lint thread / main thread`,
      value: ratio,
      unit: "×",
      note:
        ratio < 1
          ? `the thread saves ${((1 - ratio) * 100).toFixed(0)} % (used for specs of 1 MiB or more)`
          : "the thread does not pay here (used for specs of 1 MiB or more)",
    },
  ];
}

async function runScale(options: SuiteOptions): Promise<Row[]> {
  const fractions = options.quick ? QUICK_FRACTIONS : FULL_FRACTIONS;
  const rounds = options.quick ? 1 : 3;
  const group = "scale: GitHub REST spec";
  const github = JSON.parse(await readFile(await githubSpecPath(), "utf8")) as OpenApiDocument;
  const runs: FractionRuns[] = fractions.map(({ label, fraction }) => {
    const pruned = pruneSpec(github, fraction);
    return {
      label,
      paths: pruned.paths,
      components: pruned.components,
      // Indented like the package's own file, so line:col lookups cost what they would there.
      text: JSON.stringify(pruned.document, null, 2),
      seconds: [],
      mebibytes: [],
      stages: [],
    };
  });
  const project = await createProject({ copy: "project", label: "bench-project" });
  const specPath = join(project.root, "specs/github.json");
  try {
    await writeFile(join(project.root, "redocly.yaml"), await githubConfig());
    const generate = await npmScriptCommand(project.root, "generate");
    // Every round runs every size, so a busy spell of the machine hits all sizes of one round.
    for (let round = 0; round < rounds; round++) {
      for (const fraction of runs) {
        await writeFile(specPath, fraction.text);
        await rm(join(project.root, "generated"), { recursive: true, force: true });
        await mkdir(join(project.root, "generated"));
        const run = await timeProcess({
          command: generate.command,
          args: generate.args,
          cwd: project.root,
        });
        fraction.seconds.push(run.wallMs / 1000);
        fraction.mebibytes.push(
          run.maxRssBytes === undefined ? Number.NaN : run.maxRssBytes / 2 ** 20,
        );
        fraction.stages.push(stageMilliseconds(run.stdout));
        options.log(
          `scale: round ${round + 1}/${rounds}, ${fraction.label} of paths in ${(run.wallMs / 1000).toFixed(1)} s`,
        );
      }
    }
    const rows: Row[] = [await checksRow(project.root, runs[runs.length - 1]!.label, group)];
    const note = `${rounds === 1 ? "1 run" : `median of ${rounds} runs`}`;
    for (const fraction of runs) {
      const isWhole = fraction === runs[runs.length - 1] && !options.quick;
      const stages = describeStages(medianStages(fraction.stages));
      rows.push(
        {
          group,
          name: `${fraction.label} of paths, time`,
          value: median(fraction.seconds),
          unit: "s",
          note: `${note}; ${fraction.paths} paths, ${fraction.components} components${stages === "" ? "" : `; ${stages}`}`,
          ...(isWhole ? { target: { max: 12 } } : {}),
        },
        {
          group,
          name: `${fraction.label} of paths, peak RSS`,
          value: median(fraction.mebibytes),
          unit: "MiB",
          note: "/usr/bin/time, largest process",
          ...(isWhole ? { target: { max: 768 } } : {}),
        },
      );
    }
    // The tools' own CLIs on the largest spec, for what the same work costs without the pipeline.
    const largest = runs[runs.length - 1]!;
    await writeFile(specPath, largest.text);
    rows.push(...(await lintThreadRows(project.root, largest.label, group, options)));
    const chainDirectory = await prepareToolChainDirectory([specPath]);
    try {
      const chain = await runToolChain(chainDirectory.root, ["github.json"]);
      const chainMebibytes =
        chain.maxRssBytes === undefined ? Number.NaN : chain.maxRssBytes / 2 ** 20;
      rows.push(
        {
          group,
          name: `${largest.label} of paths, tool CLI chain time`,
          value: chain.wallMs / 1000,
          unit: "s",
          note: `1 run; ${chain.processes} processes (lint, bundle, openapi-typescript, prettier), summed`,
        },
        {
          group,
          name: `${largest.label} of paths, tool CLI chain peak RSS`,
          value: chainMebibytes,
          unit: "MiB",
          note: "largest of its processes",
        },
        {
          group,
          name: `${largest.label} of paths, pipeline / tool CLI chain time`,
          value: median(largest.seconds) / (chain.wallMs / 1000),
          unit: "×",
        },
      );
      options.log(
        `scale: tool CLI chain on ${largest.label} of paths in ${(chain.wallMs / 1000).toFixed(1)} s`,
      );
    } finally {
      await chainDirectory.remove();
    }
    // Linear growth means cost in proportion to the input, measured in bytes of spec.
    for (let step = 1; step < runs.length; step++) {
      const [smaller, larger] = [runs[step - 1]!, runs[step]!];
      const linear = larger.text.length / smaller.text.length;
      const name = `${larger.label} / ${smaller.label}`;
      const bound = { unit: "×" as const, target: { max: linear } };
      rows.push(
        {
          group,
          name: `whole-process time growth, ${name}`,
          value: medianRatio(larger.seconds, smaller.seconds),
          ...bound,
          note: `linear: ${linear.toFixed(2)}×, the growth of the spec in bytes`,
        },
        {
          group,
          name: `stage time growth, ${name}`,
          value: medianRatio(larger.stages.map(stageSum), smaller.stages.map(stageSum)),
          ...bound,
          note: "lint+bundle+types+format only, start-up excluded",
        },
        {
          group,
          name: `memory growth, ${name}`,
          value: medianRatio(larger.mebibytes, smaller.mebibytes),
          ...bound,
        },
      );
    }
    rows.push(...(await runWide({ options, projectPath: project.root, generate })));
    return rows;
  } finally {
    await project.remove();
  }
}

/**
 * The response checks generated for the largest fraction (the last one generated): their size,
 * how many operations they cover, and that the module bundles (so it parses and its imports
 * resolve).
 */
async function checksRow(projectPath: string, label: string, group: string): Promise<Row> {
  const file = join(projectPath, "generated/github/checks.ts");
  const source = await readFile(file, "utf8");
  await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: "esm",
    logLevel: "silent",
  });
  const operations = source.match(/^ {2}"[A-Z]+ \//gm)?.length ?? 0;
  return {
    group,
    name: `${label} of paths, generated checks.ts`,
    value: Buffer.byteLength(source) / 2 ** 20,
    unit: "MiB",
    note: `${operations} operations with a checked 2xx body; bundles with esbuild`,
  };
}

/** The wide spec through the pipeline once: it must generate (exit 0); its time and peak memory. */
async function runWide(context: {
  options: SuiteOptions;
  projectPath: string;
  generate: { command: string; args: string[] };
}): Promise<Row[]> {
  const { options, projectPath, generate } = context;
  const group = "scale: wide spec";
  const schemas = options.quick ? Math.round(WIDE_SCHEMAS / 16) : WIDE_SCHEMAS;
  const text = JSON.stringify(wideSpec({ schemas }), null, 2);
  await writeFile(join(projectPath, "specs/wide.json"), text);
  await writeFile(
    join(projectPath, "redocly.yaml"),
    stringify({ extends: ["recommended"], apis: { wide: { root: "specs/wide.json" } } }),
  );
  await rm(join(projectPath, "generated"), { recursive: true, force: true });
  await mkdir(join(projectPath, "generated"));
  const run = await timeProcess({
    command: generate.command,
    args: generate.args,
    cwd: projectPath,
    expectExitCodes: [0, 1, 2],
  });
  const stages = describeStages(stageMilliseconds(run.stdout));
  options.log(`scale: wide spec (${schemas} schemas) in ${(run.wallMs / 1000).toFixed(1)} s`);
  const size = `${schemas.toLocaleString("en-US")} schemas × 20 properties, ${(text.length / 2 ** 20).toFixed(1)} MiB`;
  return [
    {
      group,
      name: "generates: exit code",
      value: run.exitCode,
      unit: "count",
      target: { max: 0 },
      note: size,
    },
    {
      group,
      name: "time",
      value: run.wallMs / 1000,
      unit: "s",
      note: `1 run${stages === "" ? "" : `; ${stages}`}`,
    },
    {
      group,
      name: "peak RSS",
      value: run.maxRssBytes === undefined ? Number.NaN : run.maxRssBytes / 2 ** 20,
      unit: "MiB",
      note: "/usr/bin/time, largest process",
    },
  ];
}

/** Benchmark 3: scale with GitHub's REST spec. */
export const scale: Suite = {
  name: "scale",
  summary:
    "GitHub's REST spec through the pipeline at 1/4, 1/2 and all paths, and a 13,584-schema wide spec: time, peak memory",
  run: runScale,
};
