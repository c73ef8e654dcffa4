import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { parseArguments } from "../../scripts/pipeline/cli-arguments.js";
import { createProject, fixtureText, REPOSITORY, type Project } from "../support/project.js";

/** What `npm run generate` runs: the pipeline compiled ahead (and rebuilt first if stale). */
const GENERATE = join(REPOSITORY, "build", "scripts", "generate.js");

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
    promisify(execFile)(process.execPath, [GENERATE, ...args], {
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
      /^generated 1 APIs: 4 files written, 0 unchanged \(\d+\.\d\d s\)$/m,
    );
    expect(generated.typeScript).toBe(false);
    expect(generated.tools).toBe(true);
  };

  test("generates in the working directory, then --check exits 0", async () => {
    await generatePets();
    const checked = await run(["--check"]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/^in sync: 4 files match what 1 APIs generate/m);
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
    expect(checked.stdout).toMatch(/^in sync: 4 files match what 1 APIs generate/m);
  });

  test("a full run loads the tools from their bundles, and the compiler from its own file", async () => {
    await project.write("specs/pets.yaml", await fixtureText("pipeline/pets-3.1.yaml"));
    await project.writeConfig({ apis: { pets: { root: "specs/pets.yaml" } } });
    const { code, modules } = await runTracingModules([]);
    expect(code).toBe(0);
    const bundles = [...new Set(modules.filter((path) => path.includes("/build/tool-bundles/")))];
    expect(bundles.map((path) => path.replace(/^.*\/build\/tool-bundles\//, "")).sort()).toEqual([
      "openapi-typescript.cjs",
      "prettier.cjs",
      "redocly.cjs",
    ]);
    const fromPackages = new Set(
      modules
        .filter((path) => path.includes("/node_modules/"))
        .map((path) => path.replace(/^.*\/node_modules\//, "")),
    );
    // Only Redocly's plugin loader and its few imports, loaded by Node as ES modules (it calls
    // `import()`, which code compiled from cached data cannot); the package's entry is named when
    // the loader's path is resolved from it, not loaded.
    expect(
      [...fromPackages]
        .filter((path) => /^(@redocly|openapi-typescript|prettier)\//.test(path))
        .sort(),
    ).toEqual([
      "@redocly/openapi-core/lib/config/plugins-cache.js",
      "@redocly/openapi-core/lib/env.js",
      "@redocly/openapi-core/lib/index.js",
      "@redocly/openapi-core/lib/logger.js",
      "@redocly/openapi-core/lib/utils/identity.js",
    ]);
    expect(fromPackages.has("typescript/lib/typescript.js")).toBe(true);
  });

  test("with the tool bundles and the compile cache off, a run writes the same bytes", async () => {
    await generatePets();
    const withBoth = await project.snapshotGenerated();
    await rm(join(project.root, "generated"), { recursive: true });
    const without = await run([], {
      env: { API_CLIENTS_TOOL_BUNDLES: "off", API_CLIENTS_COMPILE_CACHE: "off" },
    });
    expect(without.code).toBe(0);
    expect(without.stdout).toMatch(/^generated 1 APIs: 4 files written, 0 unchanged/m);
    expect(await project.snapshotGenerated()).toEqual(withBoth);
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
