/**
 * Smoke run of `npm run bench -- --quick`: every suite still runs end to end and measures every
 * subject. Figures are not asserted (quick counts make them meaningless), except the one that is
 * not a timing: the Joyfill bundle carries no Proficient code.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../../bench/suite.js";
import { installedBin } from "../../scripts/installed-packages.js";

interface JsonRow {
  group: string;
  name: string;
  value: number | null;
  note?: string;
  target?: { min?: number; max?: number };
  verdict: string;
}

/** The per-call rows every socket mode has: each subject's time, then the ratios. */
const CALL_ROWS = [
  "fetch",
  "openapi-fetch",
  "joyfill facade",
  "proficient facade",
  "joyfill facade, checks report",
  "proficient facade, checks report",
  "openapi-fetch / fetch",
  "joyfill facade / openapi-fetch",
  "joyfill facade / fetch",
  "proficient facade / openapi-fetch",
  "proficient facade / fetch",
  "joyfill facade, checks report / joyfill facade",
  "proficient facade, checks report / proficient facade",
];

describe("npm run bench -- --quick", () => {
  const directory = mkdtempSync(join(tmpdir(), "api-clients-bench-test-"));
  const jsonFile = join(directory, "bench.json");
  let run: ReturnType<typeof spawnSync>;
  let rows: JsonRow[];

  beforeAll(() => {
    run = spawnSync(
      process.execPath,
      [installedBin("tsx", "tsx"), "bench/run.ts", "--quick", "--json", jsonFile],
      { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 600_000 },
    );
    rows = (JSON.parse(readFileSync(jsonFile, "utf8")) as { rows: JsonRow[] }).rows;
  }, 620_000);

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  test("exits 0 and prints the table with the machine above it", () => {
    expect(run.stderr).not.toContain("suite failed");
    expect(run.status).toBe(0);
    const stdout = String(run.stdout);
    expect(stdout).toMatch(
      /^\d+ × .+, Node v\d+\.\d+\.\d+, \d{4}-\d\d-\d\dT.+\(quick: figures mean nothing\)\n/,
    );
    expect(stdout).toContain("benchmark  ");
    expect(stdout).toContain("verdict");
  });

  test("has rows for every suite, each with a measured value", () => {
    expect([...new Set(rows.map((row) => row.group))]).toEqual([
      "calls, sequential",
      "calls, 16 in flight",
      "calls, server in this process",
      "calls, fetch answered in memory",
      "generate, 2 specs",
      "scale: GitHub REST spec",
      "scale: wide spec",
      "bundle (esbuild, min, ESM, browser)",
      "type check (tsc, one call)",
      "consumer impact (specs:update, monorepo)",
    ]);
    expect(rows.filter((row) => row.value === null)).toEqual([]);
  });

  test("measures every call subject and the ratios against both baselines", () => {
    const names = rows.filter((row) => row.group === "calls, sequential").map((row) => row.name);
    expect(names).toEqual([
      ...CALL_ROWS,
      "joyfill facade / openapi-fetch, client CPU",
      "joyfill facade / fetch, client CPU",
      "proficient facade / openapi-fetch, client CPU",
      "proficient facade / fetch, client CPU",
    ]);
  });

  test("with the server in this process, measures the same subjects and ratios against a 1.05× target, without client CPU", () => {
    const inProcess = rows.filter((row) => row.group === "calls, server in this process");
    expect(inProcess.map((row) => row.name)).toEqual(CALL_ROWS);
    expect(inProcess.find((row) => row.name === "joyfill facade / openapi-fetch")?.target).toEqual({
      max: 1.05,
    });
  });

  test("measures what report-mode response checks add per call, against a 1.1× target", () => {
    const checked = rows.filter(
      (row) =>
        row.group === "calls, server in this process" && row.name.includes(", checks report /"),
    );
    expect(checked.map((row) => row.target)).toEqual([{ max: 1.1 }, { max: 1.1 }]);
  });

  test("generates response checks for GitHub's spec, and measures the bytes checking adds to a bundle", () => {
    const checks = rows.find(
      (row) => row.group === "scale: GitHub REST spec" && row.name.endsWith("generated checks.ts"),
    );
    expect(checks?.value).toBeGreaterThan(0);
    expect(checks?.note).toMatch(
      /^[1-9]\d* operations with a checked 2xx body; bundles with esbuild$/,
    );
    const bundle = rows.find((row) => row.name === "response checks (report): what they add, gzip");
    expect(bundle?.value).toBeGreaterThan(0);
  });

  test("finds no Proficient code in the Joyfill bundle", () => {
    const leak = rows.find((row) => row.name === "Proficient strings in the Joyfill bundle");
    expect(leak).toMatchObject({ value: 0, verdict: "met" });
  });
});
