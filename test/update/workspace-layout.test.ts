/**
 * Finding the npm workspace around the package and the workspace packages that depend on it,
 * in small layouts on disk (manifests only).
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { findWorkspace, workspaceDependents } from "../../scripts/update/workspace.js";

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "api-clients-layout-"));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function manifest(path: string, value: object): Promise<void> {
  await mkdir(join(directory, path), { recursive: true });
  await writeFile(join(directory, path, "package.json"), JSON.stringify(value));
}

const paths = (workspace: Awaited<ReturnType<typeof findWorkspace>>) =>
  workspace?.packages.map((entry) => entry.path);

describe("findWorkspace", () => {
  test("expands *, ** and !patterns, never into node_modules, and keeps folders with a package.json", async () => {
    await manifest("", { workspaces: ["packages/*", "services/**", "!services/legacy"] });
    await manifest("packages/api-clients", { name: "api-clients" });
    await mkdir(join(directory, "packages/no-manifest"), { recursive: true });
    await manifest("services/billing", { name: "billing" });
    await manifest("services/eu/checkout", { name: "checkout" });
    await manifest("services/legacy", { name: "legacy" });
    await manifest("services/billing/node_modules/left-pad", { name: "left-pad" });

    const workspace = await findWorkspace(join(directory, "packages/api-clients"));

    expect(workspace?.root).toBe(directory);
    expect(paths(workspace)).toEqual([
      "packages/api-clients",
      "services/billing",
      "services/eu/checkout",
    ]);
  });

  test("reads Yarn's { packages: [...] } shape of workspaces", async () => {
    await manifest("", { workspaces: { packages: ["libs/*"] } });
    await manifest("libs/api-clients", { name: "api-clients" });

    expect(paths(await findWorkspace(join(directory, "libs/api-clients")))).toEqual([
      "libs/api-clients",
    ]);
  });

  test("finds none when the root's patterns do not list the package", async () => {
    await manifest("", { workspaces: ["apps/*"] });
    await manifest("vendor/api-clients", { name: "api-clients" });

    expect(await findWorkspace(join(directory, "vendor/api-clients"))).toBeUndefined();
  });

  test("finds none when the package is the root of its git repository", async () => {
    await manifest("", { workspaces: ["*"] });
    await manifest("api-clients", { name: "api-clients" });
    execFileSync("git", ["init", "--quiet", join(directory, "api-clients")]);

    expect(await findWorkspace(join(directory, "api-clients"))).toBeUndefined();
  });
});

describe("workspaceDependents", () => {
  test("lists the packages naming it in any kind of dependency, and not the package itself", async () => {
    await manifest("", { workspaces: ["packages/*", "apps/*"] });
    await manifest("packages/api-clients", { name: "api-clients" });
    await manifest("apps/server", { name: "server", dependencies: { "api-clients": "*" } });
    await manifest("apps/web", { name: "web", devDependencies: { "api-clients": "*" } });
    await manifest("apps/plugin", { name: "plugin", peerDependencies: { "api-clients": "*" } });
    await manifest("apps/docs", { name: "docs", dependencies: { "api-clients-docs": "*" } });

    const workspace = await findWorkspace(join(directory, "packages/api-clients"));

    expect(workspaceDependents(workspace!, "api-clients").map((entry) => entry.path)).toEqual([
      "apps/plugin",
      "apps/server",
      "apps/web",
    ]);
  });
});
