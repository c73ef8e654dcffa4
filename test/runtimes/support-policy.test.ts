/**
 * The support policy says the same everywhere it is written, and the matrix runs what it says:
 * docs/support.md, `engines` in package.json and the README's "Tested runtimes" table are checked
 * against `support-matrix.ts` and the versions the tool sets pin, which the matrix's rows run.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "./consumer-project.js";
import { pinnedVersion, WORKERD_COMPATIBILITY_DATE } from "./runtime-suite.js";
import {
  DEVELOPMENT_NODE_MAJOR,
  enginesRange,
  NODE_LINES,
  nodeExecutable,
  OLDEST_TYPESCRIPT,
  PIPELINE_NODE_MAJOR,
  pinnedNodeReleases,
  pinnedTypeScriptReleases,
  planNodeRows,
} from "./support-matrix.js";

const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const supportDoc = readFileSync(join(REPO_ROOT, "docs/support.md"), "utf8");
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const browserPins = JSON.parse(
  readFileSync(join(REPO_ROOT, "tools/browser/package.json"), "utf8"),
) as { dependencies: Record<string, string> };

/** The rows of the first Markdown table after `heading`, as arrays of trimmed cells. */
function tableAfter(markdown: string, heading: RegExp): string[][] {
  const start = markdown.search(heading);
  if (start === -1) throw new Error(`No heading matching ${heading} found.`);
  const rest = markdown.slice(start).split("\n").slice(1);
  const first = rest.findIndex((line) => line.startsWith("|"));
  const rows: string[][] = [];
  for (const line of rest.slice(first)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .slice(1, -1)
        .split(" | ")
        .map((cell) => cell.trim()),
    );
  }
  return rows.slice(2);
}

/** The version each supported line's rows run, one per line whatever the platform. */
function pinnedVersionOfLine(major: number): string {
  const versions = new Set(
    pinnedNodeReleases()
      .filter((release) => release.major === major)
      .map((release) => release.version),
  );
  if (versions.size !== 1) {
    throw new Error(`tools/node pins ${versions.size} versions of Node.js ${major}; pin one.`);
  }
  return [...versions][0]!;
}

const pinnedLines = NODE_LINES.filter((line) => line.major !== DEVELOPMENT_NODE_MAJOR);

describe("the Node.js lines", () => {
  test("package.json engines admits exactly the lines of the policy", () => {
    expect(manifest.engines.node).toBe(enginesRange());
  });

  test("tools/node pins one release of every line but the development one, for linux-x64 at least", () => {
    const plan = planNodeRows({ releases: pinnedNodeReleases(), platform: "linux", arch: "x64" });
    expect(plan.skipped).toEqual([]);
    expect(plan.rows.map((release) => release.major)).toEqual(
      pinnedLines.map((line) => line.major),
    );
  });

  test("every pinned release is within engines: of its line, and no older than its minimum", () => {
    for (const line of pinnedLines) {
      const [major, minor, patch] = pinnedVersionOfLine(line.major).split(".").map(Number);
      const [, minimumMinor, minimumPatch] = line.minimum.split(".").map(Number);
      expect(major).toBe(line.major);
      expect(minor! * 1000 + patch!).toBeGreaterThanOrEqual(minimumMinor! * 1000 + minimumPatch!);
    }
  });

  test("the machine's Node, which runs the development tools, is on a line the policy admits", () => {
    const major = Number(process.versions.node.split(".")[0]);
    expect(NODE_LINES.map((line) => line.major)).toContain(major);
  });

  const plan = planNodeRows({
    releases: pinnedNodeReleases(),
    platform: process.platform,
    arch: process.arch,
  });
  const ltsName = (major: number): string | undefined => {
    const release = plan.rows.find((row) => row.major === major);
    if (!release) throw new Error(`no Node.js ${major} binary for this platform`);
    const node = nodeExecutable(join(REPO_ROOT, "tools/node"), release);
    const name = execFileSync(node, ["-p", "process.release.lts ?? ''"], { encoding: "utf8" });
    return name.trim() || undefined;
  };

  test.runIf(plan.skipped.length === 0)(
    `the pipeline's line, ${PIPELINE_NODE_MAJOR}, is the newest LTS line pinned`,
    () => {
      const newer = pinnedLines.filter((line) => line.major > PIPELINE_NODE_MAJOR);
      expect({
        pipeline: ltsName(PIPELINE_NODE_MAJOR) !== undefined,
        newer: newer.map((line) => [line.major, ltsName(line.major)]),
      }).toEqual({ pipeline: true, newer: newer.map((line) => [line.major, undefined]) });
    },
  );
});

describe(".github/workflows/spec-update.yml", () => {
  test("sets up the pipeline's line, the newest LTS, for the scheduled update", () => {
    const workflow = parse(
      readFileSync(join(REPO_ROOT, ".github/workflows/spec-update.yml"), "utf8"),
    ) as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> };
    const nodeVersions = Object.values(workflow.jobs).flatMap((job) =>
      job.steps
        .filter((step) => step.uses?.startsWith("actions/setup-node@"))
        .map((step) => step.with?.["node-version"]),
    );
    expect(nodeVersions).toEqual([PIPELINE_NODE_MAJOR]);
  });
});

describe("docs/support.md", () => {
  test("its Node.js table gives each line's status, end of life and tested release", () => {
    const rows = tableAfter(supportDoc, /^## Node\.js$/m);
    expect(rows.map((cells) => cells.slice(0, 3))).toEqual(
      NODE_LINES.map((line) => [
        String(line.major),
        line.status === "development"
          ? "end-of-life; development only"
          : line.major === PIPELINE_NODE_MAJOR
            ? "supported, newest LTS"
            : "supported",
        line.endOfLife ?? "not yet set",
      ]),
    );
    for (const line of pinnedLines) {
      const row = rows.find((cells) => cells[0] === String(line.major));
      expect(row?.[3]).toMatch(new RegExp(`^${pinnedVersionOfLine(line.major)}: `));
    }
  });

  test("quotes engines as package.json has it", () => {
    expect(supportDoc).toContain(`\`"node": "${manifest.engines.node}"\``);
  });

  test("its TypeScript table lists the releases tools/typescript pins, the oldest first", () => {
    const rows = tableAfter(supportDoc, /^## TypeScript$/m);
    const releases = pinnedTypeScriptReleases();
    expect(rows.map((cells) => cells.slice(0, 2))).toEqual(
      releases.map((release) => [release.minor, release.version]),
    );
    expect(releases[0]?.minor).toBe(OLDEST_TYPESCRIPT);
  });

  test("the package's own TypeScript is one of the releases the matrix pins", () => {
    expect(pinnedTypeScriptReleases().map((release) => release.version)).toContain(
      manifest.devDependencies["typescript"],
    );
  });
});

describe("README.md, Tested runtimes", () => {
  const table = Object.fromEntries(
    tableAfter(readme, /^### Tested runtimes$/m).map(([runtime, version]) => [
      runtime!,
      version ?? "",
    ]),
  );

  test("lists exactly the runtimes of the matrix", () => {
    expect(Object.keys(table)).toEqual([
      ...NODE_LINES.map((line) => `Node.js ${line.major}`),
      "Chromium",
      "Bun",
      "Deno",
      "workerd (Cloudflare Workers)",
      "Vercel edge-runtime",
    ]);
  });

  test("names the versions the tool sets pin", () => {
    expect({
      node: pinnedLines.map((line) => table[`Node.js ${line.major}`]),
      Bun: table["Bun"],
      Deno: table["Deno"],
      workerd: table["workerd (Cloudflare Workers)"],
      edgeRuntime: table["Vercel edge-runtime"],
      chromiumPackage: /\(`@sparticuz\/chromium` ([^)]+)\)/.exec(table["Chromium"] ?? "")?.[1],
    }).toEqual({
      node: pinnedLines.map((line) => pinnedVersionOfLine(line.major)),
      Bun: pinnedVersion("bun"),
      Deno: pinnedVersion("deno"),
      workerd: `${pinnedVersion("workerd")}, compatibility date ${WORKERD_COMPATIBILITY_DATE}`,
      edgeRuntime: pinnedVersion("edge-runtime"),
      chromiumPackage: browserPins.dependencies["@sparticuz/chromium"],
    });
  });

  test("names a release of the development line for the machine's Node", () => {
    expect(table[`Node.js ${DEVELOPMENT_NODE_MAJOR}`]).toMatch(
      new RegExp(`^${DEVELOPMENT_NODE_MAJOR}\\.\\d+\\.\\d+$`),
    );
  });

  test("names the TypeScript releases the consumer is type-checked with, and the oldest promised", () => {
    const versions = pinnedTypeScriptReleases().map((release) => release.version);
    const listed = `${versions.slice(0, -1).join(", ")} and ${versions.at(-1)}`;
    expect(readme).toContain(`type-checks with TypeScript ${listed}`);
    expect(readme).toContain(`TypeScript ${OLDEST_TYPESCRIPT} or newer`);
  });
});
