import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { parseArguments } from "../../scripts/pipeline/cli-arguments.js";
import { createProject, fixtureText, REPOSITORY, type Project } from "../support/project.js";

/** What `npm run generate` runs: the launcher of the pipeline compiled ahead (rebuilt first if stale). */
const GENERATE = join(REPOSITORY, "scripts", "run-compiled.mjs");

describe("parseArguments", () => {
  test("reads --check, --report FILE and API names, with the working directory as the root", () => {
    expect(parseArguments(["--check", "--report", "out/report.md", "joyfill"], "/work")).toEqual({
      root: "/work",
      check: true,
      reportFile: "/work/out/report.md",
      apis: ["joyfill"],
    });
    expect(parseArguments(["--report=r.md"], "/work")).toEqual({
      root: "/work",
      check: false,
      reportFile: "/work/r.md",
    });
  });

  test("rejects an unknown option and a --report without a file", () => {
    expect(parseArguments(["--force"], "/work")).toBe("unknown option --force");
    expect(parseArguments(["--report"], "/work")).toBe("--report needs a file name");
  });
});

describe("npm run generate, as a process", { timeout: 120_000 }, () => {
  let project: Project;
  beforeEach(async () => {
    project = await createProject({ copy: [".prettierrc.json"] });
  });
  afterEach(() => project.remove());

  /** Runs the launcher in the project, as `npm run generate` does. */
  const run = (args: string[], options: { env?: NodeJS.ProcessEnv } = {}) =>
    promisify(execFile)(process.execPath, [GENERATE, "generate", ...args], {
      cwd: project.root,
      env: { ...process.env, ...options.env },
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );

  /**
   * Runs the command with Node's module debug logs on, which name every module loaded, ES and
   * CommonJS: `typeScript` says whether any TypeScript module, or tsx, was among them; `tools`
   * whether any package from node_modules was.
   */
  const runTracingModules = async (args: string[]) => {
    const { code, stdout, stderr } = await run(args, { env: { NODE_DEBUG: "esm,module" } });
    if (!stderr.includes("/build/scripts/generate.js")) {
      throw new Error(`NODE_DEBUG did not name the command; cannot tell what loaded:\n${stderr}`);
    }
    const modules = stderr.match(/(?:file:\/\/)?\/[^\s'"]+\.[cm]?[jt]s\b/g) ?? [];
    const typeScript = modules.some((path) => /\.m?ts$|\/node_modules\/tsx\//.test(path));
    const tools = modules.some((path) => path.includes("/node_modules/"));
    return { code, stdout, typeScript, tools, modules };
  };

  const generatePets = async () => {
    await project.write("specs/pets.yaml", await fixtureText("pipeline/pets-3.1.yaml"));
    await project.writeConfig({ apis: { pets: { root: "specs/pets.yaml" } } });
    const generated = await runTracingModules([]);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(
      /^generated 1 APIs: 6 files written, 0 unchanged \(\d+\.\d\d s\)$/m,
    );
    expect(generated.typeScript).toBe(false);
    expect(generated.tools).toBe(true);
  };

  test("generates in the working directory, then --check exits 0", async () => {
    await generatePets();
    const checked = await run(["--check"]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/^in sync: 6 files match what 1 APIs generate/m);
  });

  test("with nothing changed, answers up to date without loading TypeScript or any tool", async () => {
    await generatePets();
    const before = await project.snapshotGenerated();
    const again = await runTracingModules([]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^up to date: pets \(no input changed since the last run\) in \d+\.\d\d s\n$/,
    );
    expect(again.typeScript).toBe(false);
    expect(again.tools).toBe(false);
    expect(await project.snapshotGenerated()).toEqual(before);
  });

  test("with nothing changed, writes an empty change report when asked, without loading any tool", async () => {
    await generatePets();
    await project.write("report.md", "an old report");
    const again = await runTracingModules(["--report", "report.md"]);
    expect(again.code).toBe(0);
    expect(again.tools).toBe(false);
    expect(await project.read("report.md")).toBe("");
  });

  test("after a spec edit, loads the tools and regenerates, still without TypeScript", async () => {
    await generatePets();
    await project.write(
      "specs/pets.yaml",
      (await fixtureText("pipeline/pets-3.1.yaml")).replace("tag:", "nickname:"),
    );
    const again = await runTracingModules([]);
    expect(again.code).toBe(0);
    expect(again.typeScript).toBe(false);
    expect(again.tools).toBe(true);
    expect(again.stdout).toMatch(/^wrote generated\/pets\/schema\.ts$/m);
    expect(await project.read("generated/pets/schema.ts")).toContain("nickname?: string | null;");
  });

  test("--check never takes the fast path: with nothing changed it still regenerates and compares", async () => {
    await generatePets();
    const checked = await runTracingModules(["--check"]);
    expect(checked.code).toBe(0);
    expect(checked.tools).toBe(true);
    expect(checked.stdout).toMatch(/^pets {2}lint +\d+ ms {2}0 errors, 0 warnings$/m);
    expect(checked.stdout).toMatch(/^in sync: 6 files match what 1 APIs generate/m);
  });

  test("a full run loads each tool through its package's entry points, never a file of its dist/ by path", async () => {
    await project.write("specs/pets.yaml", await fixtureText("pipeline/pets-3.1.yaml"));
    await project.writeConfig({ apis: { pets: { root: "specs/pets.yaml" } } });
    const { code, modules } = await runTracingModules([]);
    expect(code).toBe(0);
    const entries = new Set(
      modules
        .filter((path) =>
          /\/node_modules\/(@redocly\/openapi-core|openapi-typescript|prettier)\//.test(path),
        )
        .map((path) => path.replace(/^.*\/node_modules\//, "")),
    );
    expect(entries).toContain("@redocly/openapi-core/lib/index.js");
    expect(entries).toContain("openapi-typescript/dist/index.mjs");
    expect(entries).toContain("prettier/standalone.mjs");
    expect([...entries].filter((path) => /tool-bundles|\.cache/.test(path))).toEqual([]);
  });

  test("exits 2 with the usage on an unknown option", async () => {
    const { code, stdout, stderr } = await run(["--force"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "usage error: unknown option --force\nusage: npm run generate -- [--check] [--report FILE] [api …]\n",
    );
  });
});

describe(
  "npm run generate in a clone installed without install scripts",
  { timeout: 240_000 },
  () => {
    test("compiles scripts/ on first use, saying so in one line, then checks generated/", async () => {
      const project = await createProject({ copy: "project", label: "no-build" });
      try {
        // What `npm ci --ignore-scripts` leaves: no build/, since the prepare script never ran.
        await rm(join(project.root, "build"), { recursive: true, force: true });
        const run = () =>
          promisify(execFile)("npm", ["run", "--silent", "generate", "--", "--check"], {
            cwd: project.root,
            maxBuffer: 16 * 1024 * 1024,
          });
        const first = await run();
        expect(first.stderr).toBe(
          "api-clients: compiling scripts/ into build/scripts/ first (npm install's prepare script has not run here)\n",
        );
        expect(first.stdout).toMatch(
          /^in sync: 11 files match what 2 APIs generate \(\d+\.\d\d s\)$/m,
        );
        const second = await run();
        expect(second.stderr).toBe("");
        expect(second.stdout).toMatch(/^in sync: 11 files match/m);
      } finally {
        await project.remove();
      }
    });
  },
);
