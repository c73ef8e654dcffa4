/**
 * `npm run test:mutation [-- --since REF] [-- --force] [-- --static]`: StrykerJS over `src/`, with
 * the suites that run the runtime in process (test/mutation/vitest.config.ts) and the TypeScript
 * checker.
 *
 * - With no flag, every file of `src/` is mutated; results of mutants whose code and tests did
 *   not change since the last run are reused (Stryker's incremental mode, kept in
 *   `.tmp/mutation/incremental.json`).
 * - `--since REF` mutates only the files of `src/` that differ from REF (committed or not).
 * - `--force` ignores the saved results and runs every mutant again.
 * - `--static` also runs the static mutants: changes to what a module computes once, when it is
 *   loaded (its constant tables and patterns). Each needs the whole suite run afresh, about 40 s
 *   on two cores, so they are left out unless asked for, and counted apart. Those that survived
 *   the last run are run again (see {@link forgetUndetectedStaticMutants}).
 *
 * Prints the score per file and overall, counting equivalent mutants (marked in the source with
 * a `Stryker disable` comment that says why, and listed in docs/testing.md) and static mutants not
 * run as neither killed nor survived, and exits 1 when the score is under {@link MINIMUM_SCORE}.
 *
 * @packageDocumentation
 */
import { spawn, spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureToolSet } from "../../scripts/tool-sets.js";

/** The score, in percent, under which the run fails. */
export const MINIMUM_SCORE = 97;

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CONFIG = "test/mutation/stryker.config.mjs";
const REPORT = join(PROJECT, ".tmp", "mutation", "report.json");
/** Stryker's saved results, which its incremental mode reuses (see stryker.config.mjs). */
const INCREMENTAL = join(PROJECT, ".tmp", "mutation", "incremental.json");

/** What the command line asks for. */
export interface MutationOptions {
  /** Mutate only the files of `src/` that differ from this git revision. */
  since?: string | undefined;
  /** Run every mutant again instead of reusing the last run's results. */
  force: boolean;
  /** Also run the static mutants, each with the whole suite. */
  static: boolean;
}

/**
 * Reads `--since REF`, `--force` and `--static`.
 * @throws Error naming an unknown flag or a `--since` without a revision.
 */
export function parseMutationArguments(args: readonly string[]): MutationOptions {
  const options: MutationOptions = { force: false, static: false };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === "--force") options.force = true;
    else if (arg === "--static") options.static = true;
    else if (arg === "--since") {
      const revision = args[++index];
      if (revision === undefined || revision.startsWith("--")) {
        throw new Error("--since needs a git revision, e.g. --since main");
      }
      options.since = revision;
    } else throw new Error(`unknown argument ${arg}; use --since REF, --force and/or --static`);
  }
  return options;
}

/** One file's counts from Stryker's JSON report (mutation-testing-report-schema). */
export interface FileScore {
  file: string;
  killed: number;
  survived: number;
  noCoverage: number;
  /** Marked equivalent in the source (a `Stryker disable` comment). */
  equivalent: number;
  /** Static mutants left out of this run (see `--static`). */
  staticNotRun: number;
  /** Killed and timed-out mutants over all that were run and compile; `NaN` for none. */
  score: number;
}

interface ReportMutant {
  status: string;
  /** Whether the mutant changes what a module computes when it loads. */
  static?: boolean | undefined;
  statusReason?: string | undefined;
}

/** Stryker's reason for an ignored mutant that is static and was not run. */
const STATIC_NOT_RUN = /^Static mutant/;

/**
 * Scores per file, sorted by path: a mutant counts as detected when killed or timed out, as
 * undetected when it survived or no test ran it; ignored ones (equivalents, and static mutants
 * left out) and ones that do not compile count for neither.
 */
export function scoresOf(report: {
  files: Record<string, { mutants: readonly ReportMutant[] }>;
}): FileScore[] {
  return Object.entries(report.files)
    .map(([file, { mutants }]) => {
      const count = (...statuses: string[]) =>
        mutants.filter((mutant) => statuses.includes(mutant.status)).length;
      const killed = count("Killed", "Timeout");
      const survived = count("Survived");
      const noCoverage = count("NoCoverage");
      const staticNotRun = mutants.filter(
        (mutant) => mutant.status === "Ignored" && STATIC_NOT_RUN.test(mutant.statusReason ?? ""),
      ).length;
      return {
        file,
        killed,
        survived,
        noCoverage,
        equivalent: count("Ignored") - staticNotRun,
        staticNotRun,
        score: (100 * killed) / (killed + survived + noCoverage),
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * Stryker's incremental mode reruns a mutant that survived only when a test that covers it was
 * added. A static mutant is covered by no test in particular, so once it survived it would be
 * reported as surviving forever, whatever tests are added. This drops the static mutants that
 * survived or were not covered from an incremental report, so that the next run tries them
 * again; what else it reuses is untouched.
 * @returns the report without them, and how many were dropped
 */
export function forgetUndetectedStaticMutants<
  Report extends { files: Record<string, { mutants: readonly ReportMutant[] }> },
>(report: Report): { report: Report; forgotten: number } {
  let forgotten = 0;
  const files = Object.fromEntries(
    Object.entries(report.files).map(([file, entry]) => {
      const mutants = entry.mutants.filter(
        (mutant) => !(mutant.static === true && UNDETECTED.has(mutant.status)),
      );
      forgotten += entry.mutants.length - mutants.length;
      return [file, { ...entry, mutants }];
    }),
  );
  return { report: { ...report, files }, forgotten };
}

const UNDETECTED = new Set(["Survived", "NoCoverage"]);

/** The overall score of several files' counts. */
export function totalScore(scores: readonly FileScore[]): number {
  const sum = (pick: (score: FileScore) => number) =>
    scores.reduce((total, score) => total + pick(score), 0);
  const killed = sum((score) => score.killed);
  return (100 * killed) / (killed + sum((score) => score.survived + score.noCoverage));
}

/**
 * The file of a package's command `name`, as its manifest (at `manifestPath`) declares it in
 * `bin`: packages need not export the path of their commands.
 * @throws Error when the manifest declares no such command.
 */
export async function binPath(manifestPath: string, name: string): Promise<string> {
  const { bin } = JSON.parse(await readFile(manifestPath, "utf8")) as {
    bin?: string | Record<string, string>;
  };
  const file = typeof bin === "string" ? bin : bin?.[name];
  if (file === undefined) throw new Error(`${manifestPath} declares no command ${name} in "bin"`);
  return join(dirname(manifestPath), file);
}

function changedSourceFiles(revision: string): string[] {
  const git = (...args: string[]) => {
    const result = spawnSync("git", args, { cwd: PROJECT, encoding: "utf8" });
    if (result.status !== 0) {
      throw new Error(`git ${args.join(" ")} failed: ${result.stderr.trim()}`);
    }
    return result.stdout.split("\n").filter((line) => line !== "");
  };
  const files = new Set([
    ...git("diff", "--name-only", "--diff-filter=AMR", revision, "--", "src"),
    ...git("ls-files", "--others", "--exclude-standard", "--", "src"),
  ]);
  return [...files].filter((file) => file.endsWith(".ts") && file !== "src/core/version.ts");
}

/** Applies {@link forgetUndetectedStaticMutants} to the saved incremental report, if any. */
async function retryUndetectedStaticMutants(): Promise<void> {
  let text: string;
  try {
    text = await readFile(INCREMENTAL, "utf8");
  } catch {
    return; // no earlier run: every mutant runs
  }
  const { report, forgotten } = forgetUndetectedStaticMutants(
    JSON.parse(text) as { files: Record<string, { mutants: ReportMutant[] }> },
  );
  if (forgotten === 0) return;
  await writeFile(INCREMENTAL, JSON.stringify(report));
  process.stdout.write(
    `test:mutation: ${forgotten} static mutant(s) that survived last time run again.\n`,
  );
}

async function main(): Promise<number> {
  let options: MutationOptions;
  try {
    options = parseMutationArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`test:mutation: ${(error as Error).message}\n`);
    return 2;
  }
  const strykerArgs = ["run", CONFIG];
  if (options.since !== undefined) {
    const files = changedSourceFiles(options.since);
    if (files.length === 0) {
      process.stdout.write(`test:mutation: no file of src/ differs from ${options.since}.\n`);
      return 0;
    }
    process.stdout.write(`test:mutation: mutating ${files.join(", ")}\n`);
    strykerArgs.push("--mutate", files.join(","));
  }
  if (options.force) strykerArgs.push("--force");
  else if (options.static) await retryUndetectedStaticMutants();
  // Read by stryker.config.mjs.
  const env = { ...process.env, API_CLIENTS_MUTATION_STATIC: options.static ? "1" : "" };
  const tools = await ensureToolSet("mutation");
  const stryker = await binPath(tools.resolve("@stryker-mutator/core/package.json"), "stryker");
  const startedAt = performance.now();
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [stryker, ...strykerArgs], {
      cwd: PROJECT,
      env,
      stdio: "inherit",
    });
    child.on("error", fail);
    child.on("close", done);
  });
  if (code !== 0) return code ?? 1;
  const scores = scoresOf(JSON.parse(await readFile(REPORT, "utf8")));
  const minutes = (performance.now() - startedAt) / 60_000;
  process.stdout.write(
    "\nfile  killed  survived  no-coverage  equivalent  static-not-run  score\n",
  );
  for (const score of scores) {
    process.stdout.write(
      `${score.file}  ${score.killed}  ${score.survived}  ${score.noCoverage}  ${score.equivalent}  ${score.staticNotRun}  ${score.score.toFixed(2)} %\n`,
    );
  }
  const total = totalScore(scores);
  const notRun = scores.reduce((sum, score) => sum + score.staticNotRun, 0);
  process.stdout.write(
    `\nmutation score ${total.toFixed(2)} % (minimum ${MINIMUM_SCORE} %) in ${minutes.toFixed(1)} min` +
      `${notRun > 0 ? `; ${notRun} static mutants not run (--static runs them)` : ""}; ` +
      `report: ${relative(PROJECT, REPORT.replace(/json$/, "html"))}\n`,
  );
  return total >= MINIMUM_SCORE ? 0 : 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
