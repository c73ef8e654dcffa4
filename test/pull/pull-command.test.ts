import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runPullCommand } from "../../scripts/pull/pull-command.js";
import { createProject, fixtureSpec, fixtureText, type Project } from "../support/project.js";
import { startPageServer, type PageServer } from "./page-server.js";

let server: PageServer;
const projects: Project[] = [];

beforeAll(async () => {
  server = await startPageServer({
    "/joyfill.md": { status: 200, body: await fixtureText("pull/joyfill.md") },
    "/proficient.md": { status: 200, body: await fixtureText("pull/proficient-changed.md") },
  });
});

afterAll(async () => {
  await server.close();
  await Promise.all(projects.map((project) => project.remove()));
});

async function project(docsPages: Record<string, string>, specs: Record<string, string>) {
  const created = await createProject({ label: "pull", docsPages, specs });
  projects.push(created);
  return { dir: created.root, configPath: join(created.root, "redocly.yaml") };
}

/** Runs the command in-process, collecting what it prints. */
async function run(argv: string[], cwd: string) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runPullCommand({
    argv,
    cwd,
    defaultConfigPath: "/nonexistent/redocly.yaml",
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
  });
  return { code, stdout, stderr };
}

describe("runPullCommand", () => {
  test("prints one line per API, then the next step, and exits 0", async () => {
    const { dir, configPath } = await project(
      { joyfill: server.url("/joyfill.md"), proficient: server.url("/proficient.md") },
      {
        joyfill: await fixtureSpec("pull/joyfill.md"),
        proficient: await fixtureSpec("pull/proficient.md"),
      },
    );
    const bytes = Buffer.byteLength(await fixtureSpec("pull/proficient-changed.md"));

    expect(await run(["--config", configPath], dir)).toEqual({
      code: 0,
      stdout: [
        "joyfill     unchanged    specs/joyfill.yaml",
        `proficient  updated      specs/proficient.yaml (${bytes} bytes)`,
        "\nNext: npm run generate, which regenerates the clients and prints the change report.",
      ],
      stderr: [],
    });
  });

  test("exits 1 naming the API and URL when a pull fails", async () => {
    const { dir, configPath } = await project({ proficient: server.url("/gone.md") }, {});

    expect(await run(["--config", configPath], dir)).toEqual({
      code: 1,
      stdout: [
        `proficient  error        ${server.url("/gone.md")}: the server answered HTTP 404 Not Found; if the page moved, update x-api-clients.docsPage`,
      ],
      stderr: ["\nNo spec file written: 1 of 1 pulls failed."],
    });
  });

  test("exits 2 for an API the config does not declare", async () => {
    const { dir, configPath } = await project({ proficient: server.url("/proficient.md") }, {});

    expect(await run(["--config", configPath, "acme"], dir)).toEqual({
      code: 2,
      stdout: [],
      stderr: [`unknown API "acme": ${configPath} declares proficient`],
    });
  });

  test("exits 2 for a config file that does not exist", async () => {
    const result = await run([], "/");

    expect(result.code).toBe(2);
    expect(result.stderr).toEqual([
      "cannot read /nonexistent/redocly.yaml: ENOENT: no such file or directory, open '/nonexistent/redocly.yaml'",
    ]);
  });

  test("exits 2 for a timeout that is not a positive whole number", async () => {
    const result = await run(["--timeout", "soon"], "/");

    expect(result.code).toBe(2);
    expect(result.stderr[0]?.split("\n")[0]).toBe(
      "--timeout must be a positive whole number of milliseconds, got soon",
    );
  });
});

describe("npm run specs:pull", () => {
  test("runs as a script and sets the exit code", { timeout: 60_000 }, async () => {
    const { dir, configPath } = await project({ proficient: server.url("/proficient.md") }, {});
    const script = fileURLToPath(new URL("../../scripts/pull-specs.ts", import.meta.url));

    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", import.meta.resolve("tsx"), script, "--config", configPath],
      { cwd: dir, timeout: 60_000 },
    );

    const bytes = Buffer.byteLength(await fixtureSpec("pull/proficient-changed.md"));
    expect(stdout).toBe(
      `proficient  updated      specs/proficient.yaml (${bytes} bytes)\n\n` +
        "Next: npm run generate, which regenerates the clients and prints the change report.\n",
    );
    expect(stderr).toBe("");
  });
});
