import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { parseArguments } from "../../scripts/pipeline/cli-arguments.js";
import { createTempProject, readFixture, REPOSITORY, type TempProject } from "./temp-project.js";

const TSX = join(REPOSITORY, "node_modules", ".bin", "tsx");
const GENERATE = join(REPOSITORY, "scripts", "generate.ts");

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
  let project: TempProject;
  beforeEach(async () => {
    project = await createTempProject();
  });
  afterEach(() => project.remove());

  const run = (args: string[]) =>
    promisify(execFile)(TSX, [GENERATE, ...args], { cwd: project.root }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout + error.stderr,
      }),
    );

  test("generates in the working directory, then --check exits 0", async () => {
    await project.write("specs/pets.yaml", await readFixture("pets-3.1.yaml"));
    await project.writeConfig({ apis: { pets: { root: "specs/pets.yaml" } } });
    const generated = await run([]);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(
      /^generated 1 APIs: 4 files written, 0 unchanged \(\d+\.\d\d s\)$/m,
    );
    const checked = await run(["--check"]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/^in sync: 4 files match what 1 APIs generate/m);
  });

  test("exits 2 with the usage on an unknown option", async () => {
    const { code, stdout } = await run(["--force"]);
    expect(code).toBe(2);
    expect(stdout).toBe(
      "usage error: unknown option --force\nusage: npm run generate -- [--check] [--report FILE] [api …]\n",
    );
  });
});
