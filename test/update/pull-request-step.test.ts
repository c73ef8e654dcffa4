/**
 * The workflow's "Open or update the pull request" step, run with bash as the runner runs it, in
 * a git repository with a local bare "origin", and a stand-in `gh` that records its arguments:
 * what it commits, pushes and asks `gh` to do for each outcome of specs:update.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { parse } from "yaml";
import type { UpdateSummary } from "../../scripts/update/update-specs.js";
import { readGhCalls, writeStandInGh } from "../support/stand-in-gh.js";

const BRANCH = "spec-update/vendor-specs";
/** git and bash processes: seconds each on a busy machine. */
const slow = { timeout: 60_000 };
const TITLE = "Breaking vendor spec change: proficient (0.1.0 → 0.2.0)";

let directory: string;
let work: string;
let origin: string;

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null" },
  }).trim();

async function stepScript(): Promise<string> {
  const text = await readFile(
    new URL("../../.github/workflows/spec-update.yml", import.meta.url),
    "utf8",
  );
  const workflow = parse(text) as {
    jobs: Record<string, { steps: { name?: string; run?: string }[] }>;
  };
  const step = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .find((candidate) => candidate.name === "Open or update the pull request");
  if (!step?.run)
    throw new Error("the workflow has no step named 'Open or update the pull request'");
  return step.run;
}

function summaryOf(changed: boolean): UpdateSummary {
  return {
    changed,
    dryRun: false,
    verdict: changed ? "breaking" : "none",
    breaking: changed,
    version: changed
      ? {
          previous: "0.1.0",
          next: "0.2.0",
          bump: "minor",
          reason: "minor (breaking change, below 1.0.0)",
        }
      : null,
    apis: [],
    facades: { checked: changed, files: 14, errors: [] },
    consumers: { checked: changed, package: "api-clients", workspace: null, apps: [] },
    files: changed ? ["specs/proficient.yaml", "package.json"] : [],
    pullRequest: changed
      ? { title: TITLE, label: "vendor-spec: breaking", staleLabel: "vendor-spec: non-breaking" }
      : null,
  };
}

/** Runs the step with bash the way the runner does; returns its exit code and the gh calls. */
async function runStep(options: { summary: UpdateSummary; openPullRequest?: string }) {
  const summaryPath = join(directory, "spec-update.json");
  const reportPath = join(directory, "spec-update.md");
  const ghLog = join(directory, "gh.log");
  await writeFile(summaryPath, JSON.stringify(options.summary));
  await writeFile(reportPath, "Version **0.1.0 → 0.2.0**\n");
  await writeFile(ghLog, "");
  const script = join(directory, "step.sh");
  await writeFile(script, await stepScript());
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
    cwd: work,
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${join(directory, "bin")}:${process.env.PATH ?? ""}`,
      GIT_CONFIG_GLOBAL: "/dev/null",
      BRANCH,
      BASE: "main",
      SUMMARY: summaryPath,
      REPORT: reportPath,
      GH_TOKEN: "test-token",
      GH_LOG: ghLog,
      FAKE_OPEN_PR: options.openPullRequest ?? "",
    },
  });
  const calls = await readGhCalls(ghLog);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls, reportPath };
}

const listCall = [
  "pr",
  "list",
  "--head",
  BRANCH,
  "--base",
  "main",
  "--state",
  "open",
  "--json",
  "number",
  "--jq",
  ".[0].number // empty",
];
const labelCalls = [
  [
    "label",
    "create",
    "vendor-spec: breaking",
    "--force",
    "--color",
    "B60205",
    "--description",
    "A vendor spec change that breaks clients",
  ],
  [
    "label",
    "create",
    "vendor-spec: non-breaking",
    "--force",
    "--color",
    "0E8A16",
    "--description",
    "A vendor spec change that keeps clients working",
  ],
];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "api-clients-pr-step-"));
  origin = join(directory, "origin.git");
  work = join(directory, "work");
  await writeStandInGh(join(directory, "bin"));
  git(directory, "init", "--quiet", "--bare", "--initial-branch=main", origin);
  git(directory, "init", "--quiet", "--initial-branch=main", work);
  await mkdir(join(work, "specs"));
  await writeFile(join(work, "specs", "proficient.yaml"), "openapi: 3.0.1\n");
  await writeFile(join(work, "package.json"), '{ "version": "0.1.0" }\n');
  git(work, "add", ".");
  git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "base");
  git(work, "remote", "add", "origin", origin);
  git(work, "push", "--quiet", "origin", "main");
}, 60_000);

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("the workflow's pull request step", () => {
  test(
    "commits the summary's files to the branch, pushes it and opens a labelled pull request",
    slow,
    async () => {
      await writeFile(join(work, "specs", "proficient.yaml"), "openapi: 3.0.1\ninfo: {}\n");
      await writeFile(join(work, "package.json"), '{ "version": "0.2.0" }\n');
      await writeFile(join(work, "scratch.txt"), "not listed in the summary\n");

      const result = await runStep({ summary: summaryOf(true) });

      expect(result.status, result.stderr).toBe(0);
      expect(result.calls).toEqual([
        listCall,
        ...labelCalls,
        ["auth", "setup-git"],
        [
          "pr",
          "create",
          "--head",
          BRANCH,
          "--base",
          "main",
          "--title",
          TITLE,
          "--body-file",
          result.reportPath,
          "--label",
          "vendor-spec: breaking",
        ],
      ]);
      expect(git(origin, "log", "--format=%s%n%b", "-1", BRANCH)).toBe(
        `${TITLE}\nWritten by npm run specs:update.`,
      );
      expect(git(origin, "diff", "--name-only", `main..${BRANCH}`).split("\n")).toEqual([
        "package.json",
        "specs/proficient.yaml",
      ]);
      expect(git(origin, "rev-parse", `${BRANCH}~1`)).toBe(git(origin, "rev-parse", "main"));
    },
  );

  test(
    "updates the open pull request in place: one commit on the base, force-pushed, labels swapped",
    slow,
    async () => {
      await writeFile(join(work, "specs", "proficient.yaml"), "openapi: 3.0.1\ninfo: {}\n");
      expect((await runStep({ summary: summaryOf(true) })).status).toBe(0);
      git(work, "switch", "--quiet", "main");
      git(work, "checkout", "--quiet", "--", ".");
      await writeFile(
        join(work, "specs", "proficient.yaml"),
        "openapi: 3.0.1\ninfo: { title: x }\n",
      );

      const result = await runStep({ summary: summaryOf(true), openPullRequest: "7" });

      expect(result.status, result.stderr).toBe(0);
      expect(result.calls).toEqual([
        listCall,
        ...labelCalls,
        ["auth", "setup-git"],
        [
          "pr",
          "edit",
          "7",
          "--title",
          TITLE,
          "--body-file",
          result.reportPath,
          "--remove-label",
          "vendor-spec: non-breaking",
          "--add-label",
          "vendor-spec: breaking",
        ],
      ]);
      expect(git(origin, "rev-parse", `${BRANCH}~1`)).toBe(git(origin, "rev-parse", "main"));
      expect(git(origin, "show", `${BRANCH}:specs/proficient.yaml`)).toBe(
        "openapi: 3.0.1\ninfo: { title: x }",
      );
    },
  );

  test(
    "closes the open pull request when the vendors went back to what the base has",
    slow,
    async () => {
      const result = await runStep({ summary: summaryOf(false), openPullRequest: "7" });

      expect(result.status, result.stderr).toBe(0);
      expect(result.calls).toEqual([
        listCall,
        [
          "pr",
          "close",
          "7",
          "--delete-branch",
          "--comment",
          "The vendors' specs match main again, so this update is no longer needed.",
        ],
      ]);
      expect(git(origin, "branch", "--list", BRANCH)).toBe("");
    },
  );

  test(
    "does nothing but say so when nothing changed and no pull request is open",
    slow,
    async () => {
      const result = await runStep({ summary: summaryOf(false) });

      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toBe(
        "No vendor change: the specs match what main was generated from.\n",
      );
      expect(result.calls).toEqual([listCall]);
      expect(git(origin, "branch", "--list", BRANCH)).toBe("");
    },
  );
});
