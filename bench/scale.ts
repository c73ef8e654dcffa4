/**
 * Benchmark 3: GitHub's REST spec through `npm run generate` in a temporary copy of the project,
 * at a quarter, half and all of its paths, each a fresh process: wall time and peak memory, and
 * how they grow with the size of the spec.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { npmScriptCommand } from "./generation.js";
import { describeStages, stageMilliseconds } from "./pipeline-stages.js";
import { timeProcess } from "./processes.js";
import { prepareToolChainDirectory, runToolChain } from "./tool-chain.js";
import { copyProject } from "./project-copy.js";
import { pruneSpec, type OpenApiDocument } from "./prune-spec.js";
import type { Row } from "./results.js";
import { PROJECT_ROOT, type Suite, type SuiteOptions } from "./suite.js";

const GITHUB_SPEC = join(
  PROJECT_ROOT,
  "node_modules/@octokit/openapi/generated/api.github.com.json",
);

/**
 * Rules of Redocly's `recommended` set that GitHub's spec breaks as errors (135 nullable
 * siblings, 1493 operations without a defined security scheme, 2 identical paths): lowered to
 * warnings so the run goes through every stage, doing the same linting work.
 */
const GITHUB_RULES = {
  "nullable-type-sibling": "warn",
  "security-defined": "warn",
  "no-identical-paths": "warn",
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

async function runScale(options: SuiteOptions): Promise<Row[]> {
  const fractions = options.quick ? QUICK_FRACTIONS : FULL_FRACTIONS;
  const group = "scale: GitHub REST spec";
  const github = JSON.parse(await readFile(GITHUB_SPEC, "utf8")) as OpenApiDocument;
  const project = await copyProject();
  try {
    await writeFile(join(project.path, "redocly.yaml"), await githubConfig());
    const generate = await npmScriptCommand(project.path, "generate");
    const rows: Row[] = [];
    const times: number[] = [];
    const stageSeconds: number[] = [];
    const memory: number[] = [];
    for (const { label, fraction } of fractions) {
      const pruned = pruneSpec(github, fraction);
      // Indented like the package's own file, so line:col lookups cost what they would there.
      await writeFile(
        join(project.path, "specs/github.json"),
        JSON.stringify(pruned.document, null, 2),
      );
      await rm(join(project.path, "generated"), { recursive: true, force: true });
      await mkdir(join(project.path, "generated"));
      const run = await timeProcess({
        command: generate.command,
        args: generate.args,
        cwd: project.path,
      });
      const seconds = run.wallMs / 1000;
      const mebibytes = run.maxRssBytes === undefined ? Number.NaN : run.maxRssBytes / 2 ** 20;
      times.push(seconds);
      memory.push(mebibytes);
      const size = `${pruned.paths} paths, ${pruned.components} components`;
      const stageTimes = stageMilliseconds(run.stdout);
      const stages = describeStages(stageTimes);
      stageSeconds.push([...stageTimes.values()].reduce((sum, ms) => sum + ms, 0) / 1000);
      const isWhole = fraction === 1;
      rows.push(
        {
          group,
          name: `${label} of paths, time`,
          value: seconds,
          unit: "s",
          note: stages === "" ? size : `${size}; ${stages}`,
          ...(isWhole ? { target: { max: 15 } } : {}),
        },
        {
          group,
          name: `${label} of paths, peak RSS`,
          value: mebibytes,
          unit: "MiB",
          note: "/usr/bin/time, largest process",
          ...(isWhole ? { target: { max: 1024 } } : {}),
        },
      );
      options.log(`scale: ${label} of paths (${size}) in ${seconds.toFixed(1)} s`);
    }
    // The tools' own CLIs on the largest spec, for what the same work costs without the pipeline.
    const largest = fractions[fractions.length - 1]!;
    const chainDirectory = await prepareToolChainDirectory([
      join(project.path, "specs/github.json"),
    ]);
    try {
      const chain = await runToolChain(chainDirectory.path, ["github.json"]);
      const chainMebibytes =
        chain.maxRssBytes === undefined ? Number.NaN : chain.maxRssBytes / 2 ** 20;
      const note = `${chain.processes} processes (lint, bundle, openapi-typescript, prettier)`;
      rows.push(
        {
          group,
          name: `${largest.label} of paths, tool CLI chain time`,
          value: chain.wallMs / 1000,
          unit: "s",
          note: `${note}, summed`,
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
          value: times[times.length - 1]! / (chain.wallMs / 1000),
          unit: "×",
        },
      );
      options.log(
        `scale: tool CLI chain on ${largest.label} of paths in ${(chain.wallMs / 1000).toFixed(1)} s`,
      );
    } finally {
      await chainDirectory.remove();
    }
    for (let step = 1; step < fractions.length; step++) {
      const sizeRatio = fractions[step]!.fraction / fractions[step - 1]!.fraction;
      const name = `${fractions[step]!.label} / ${fractions[step - 1]!.label}`;
      rows.push(
        {
          group,
          name: `whole-process time growth, ${name}`,
          value: times[step]! / times[step - 1]!,
          unit: "×",
          target: { max: sizeRatio },
          note: `linear would be ${sizeRatio}×`,
        },
        {
          group,
          name: `stage time growth, ${name}`,
          value: stageSeconds[step]! / stageSeconds[step - 1]!,
          unit: "×",
          target: { max: sizeRatio },
          note: "lint+bundle+types+format only, start-up excluded",
        },
        {
          group,
          name: `memory growth, ${name}`,
          value: memory[step]! / memory[step - 1]!,
          unit: "×",
          target: { max: sizeRatio },
        },
      );
    }
    return rows;
  } finally {
    await project.remove();
  }
}

/** Benchmark 3: scale with GitHub's REST spec. */
export const scale: Suite = {
  name: "scale",
  summary: "GitHub's REST spec through the pipeline at 1/4, 1/2 and all paths: time, peak memory",
  run: runScale,
};
