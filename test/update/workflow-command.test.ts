/**
 * `specs:workflow` in small repository layouts on disk (manifests only, nothing installed): where
 * it writes the workflow for each layout, and what it refuses to overwrite.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runWorkflowCommand } from "../../scripts/update/workflow-command.js";
import { renderWorkflow, WORKFLOW_PATH } from "../../scripts/update/workflow-file.js";

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "api-clients-workflow-"));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** A git repository at `directory` with an npm workspace at `workspacePath` and the package in it. */
async function monorepo(options: { workspacePath?: string; git?: boolean } = {}) {
  if (options.git ?? true) execFileSync("git", ["init", "--quiet", directory]);
  const workspace = join(directory, options.workspacePath ?? "");
  await writeJson(join(workspace, "package.json"), {
    name: "monorepo",
    private: true,
    workspaces: ["packages/*", "apps/*"],
  });
  await writeJson(join(workspace, "apps/server/package.json"), { name: "server" });
  const packageRoot = join(workspace, "packages/api-clients");
  await writeJson(join(packageRoot, "package.json"), { name: "api-clients" });
  return packageRoot;
}

async function workflowCommand(root: string, argv: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await runWorkflowCommand({
    argv,
    root,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { exitCode, out, err };
}

describe("specs:workflow", () => {
  test("writes the job at the repository root of a monorepo, for the package's folder", async () => {
    const packageRoot = await monorepo();

    const result = await workflowCommand(packageRoot);

    expect(result.exitCode).toBe(0);
    expect(result.err).toEqual([]);
    expect(result.out[0]).toBe(
      `layout: the package is packages/api-clients in the npm workspace at the root of the repository ${directory}`,
    );
    expect(await readFile(join(directory, WORKFLOW_PATH), "utf8")).toBe(
      renderWorkflow({ packagePath: "packages/api-clients", installPath: "" }),
    );
    const again = await workflowCommand(packageRoot);
    expect([again.exitCode, again.out[1]]).toEqual([0, `up to date: ${WORKFLOW_PATH}`]);
  });

  test("installs at a workspace root below the repository root", async () => {
    const packageRoot = await monorepo({ workspacePath: "js" });

    expect((await workflowCommand(packageRoot)).exitCode).toBe(0);

    expect(await readFile(join(directory, WORKFLOW_PATH), "utf8")).toBe(
      renderWorkflow({ packagePath: "js/packages/api-clients", installPath: "js" }),
    );
  });

  test("writes the checked-in shape when the package is the repository", async () => {
    execFileSync("git", ["init", "--quiet", directory]);
    await writeJson(join(directory, "package.json"), { name: "api-clients" });

    const result = await workflowCommand(directory);

    expect(result.exitCode).toBe(0);
    expect(result.out[0]).toBe(`layout: the package is the repository (${directory})`);
    expect(await readFile(join(directory, WORKFLOW_PATH), "utf8")).toBe(
      await readFile(new URL(`../../${WORKFLOW_PATH}`, import.meta.url), "utf8"),
    );
  });

  test("writes at the workspace root, and says so, outside a git repository", async () => {
    const packageRoot = await monorepo({ git: false });

    const result = await workflowCommand(packageRoot);

    expect(result.exitCode).toBe(0);
    expect(result.out[1]).toBe(
      `no git repository around the package: writing where one would be, ${directory}`,
    );
    expect(await readFile(join(directory, WORKFLOW_PATH), "utf8")).toContain(
      "PACKAGE_DIR: packages/api-clients",
    );
  });

  test("refuses to overwrite a workflow it did not write, and leaves it as it was", async () => {
    const packageRoot = await monorepo();
    const path = join(directory, WORKFLOW_PATH);
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, "name: Our own spec update\n");

    const result = await workflowCommand(packageRoot);

    expect(result.exitCode).toBe(1);
    expect(result.err).toEqual([
      `specs:workflow: ${path} exists and was not written by specs:workflow (its first line is not "# Written by \`npm run specs:workflow\` (package: packages/api-clients). Run it again to update this file."); nothing written. Rename or delete that file, then run npm run specs:workflow again.`,
    ]);
    expect(await readFile(path, "utf8")).toBe("name: Our own spec update\n");
  });

  test("refuses to overwrite the workflow it wrote for another package of the monorepo", async () => {
    const packageRoot = await monorepo();
    const path = join(directory, WORKFLOW_PATH);
    const other = renderWorkflow({ packagePath: "packages/other-clients", installPath: "" });
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, other);

    const result = await workflowCommand(packageRoot);

    expect(result.exitCode).toBe(1);
    expect(result.err).toEqual([
      `specs:workflow: ${path} was written for the package in packages/other-clients, not this one in packages/api-clients; nothing written. Delete it if that package is gone.`,
    ]);
    expect(await readFile(path, "utf8")).toBe(other);
  });

  test("with --check, writes nothing and fails while the file is missing or out of date", async () => {
    const packageRoot = await monorepo();
    const path = join(directory, WORKFLOW_PATH);

    const missing = await workflowCommand(packageRoot, ["--check"]);
    expect([missing.exitCode, missing.err]).toEqual([
      1,
      [`specs:workflow --check: ${path} is missing; run npm run specs:workflow`],
    ]);
    await expect(readFile(path, "utf8")).rejects.toThrow(/ENOENT/);

    expect((await workflowCommand(packageRoot)).exitCode).toBe(0);
    expect((await workflowCommand(packageRoot, ["--check"])).exitCode).toBe(0);
    await writeFile(
      path,
      (await readFile(path, "utf8")).replace("node-version: 24", "node-version: 22"),
    );
    const stale = await workflowCommand(packageRoot, ["--check"]);
    expect([stale.exitCode, stale.err]).toEqual([
      1,
      [`specs:workflow --check: ${path} is out of date; run npm run specs:workflow`],
    ]);
  });

  test("rejects an unknown option with exit code 2", async () => {
    const result = await workflowCommand(directory, ["--force"]);
    expect(result.exitCode).toBe(2);
    expect(result.err[0]).toMatch(/^Unknown option '--force'/);
  });
});
