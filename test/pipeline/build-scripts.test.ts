import { spawnSync } from "node:child_process";
import { cp, mkdtemp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { buildScripts, isBuildStale } from "../../scripts/build-scripts.js";
import { linkInstalledPackages } from "../../scripts/installed-packages.js";
import { REPOSITORY } from "../support/project.js";

let root: string;
let sourceDirectory: string;
let buildDirectory: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "build-scripts-"));
  sourceDirectory = join(root, "scripts");
  buildDirectory = join(root, "build", "scripts");
  await mkdir(join(sourceDirectory, "pipeline"), { recursive: true });
  await writeFile(
    join(sourceDirectory, "pipeline", "double.ts"),
    "export const double = (n: number): number => n * 2;\n",
  );
  await writeFile(
    join(sourceDirectory, "main.ts"),
    'import { double } from "./pipeline/double.js";\nimport type { Stats } from "node:fs";\nexport const answer: number = double(21);\nexport type S = Stats;\n',
  );
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("buildScripts", { timeout: 60_000 }, () => {
  test("compiles every .ts file to a .js file in the same layout, which plain Node runs", async () => {
    expect(await buildScripts({ sourceDirectory, buildDirectory })).toBe(2);
    const files = (await readdir(buildDirectory, { recursive: true }))
      .filter((name) => name.endsWith(".js"))
      .sort();
    expect(files).toEqual(["main.js", "pipeline/double.js"]);
    const compiled = (await import(pathToFileURL(join(buildDirectory, "main.js")).href)) as {
      answer: number;
    };
    expect(compiled.answer).toBe(42);
  });

  test("a build is fresh until a source changes, is added or is removed", async () => {
    expect(await isBuildStale({ sourceDirectory, buildDirectory })).toBe(true);
    await buildScripts({ sourceDirectory, buildDirectory });
    expect(await isBuildStale({ sourceDirectory, buildDirectory })).toBe(false);

    await writeFile(
      join(sourceDirectory, "pipeline", "double.ts"),
      "export const double = (n: number): number => n + n;\n",
    );
    expect(await isBuildStale({ sourceDirectory, buildDirectory })).toBe(true);
    await buildScripts({ sourceDirectory, buildDirectory });
    expect(await isBuildStale({ sourceDirectory, buildDirectory })).toBe(false);

    await writeFile(join(sourceDirectory, "extra.ts"), "export {};\n");
    expect(await isBuildStale({ sourceDirectory, buildDirectory })).toBe(true);
    await buildScripts({ sourceDirectory, buildDirectory });
    await rm(join(sourceDirectory, "extra.ts"));
    expect(await isBuildStale({ sourceDirectory, buildDirectory })).toBe(true);
  });
});

test("scripts/ holds TypeScript only: no JavaScript twins, no hand-written declarations", async () => {
  const files = await readdir(join(REPOSITORY, "scripts"), { recursive: true });
  // The two exceptions run before anything is compiled: the install hook (possibly without the
  // dev dependencies that could run TypeScript), and the launcher that compiles scripts/ where
  // that hook never ran.
  expect(files.filter((name) => /\.(m?js|d\.m?ts|cjs)$/.test(name)).sort()).toEqual([
    "build.mjs",
    "run-compiled.mjs",
  ]);
});

test(
  "a run right after a source change uses only the new build, even for modules it loaded before rebuilding",
  { timeout: 120_000 },
  async () => {
    // A copy of the checkout's scripts/ and build/scripts/, with the installed packages linked.
    await cp(join(REPOSITORY, "scripts"), join(root, "scripts"), { recursive: true });
    await cp(join(REPOSITORY, "build", "scripts"), join(root, "build", "scripts"), {
      recursive: true,
    });
    await linkInstalledPackages(root);
    // layout.ts is loaded before the rebuild; cli-arguments.ts, loaded after it, uses a new export.
    const layout = join(root, "scripts", "pipeline", "layout.ts");
    await writeFile(
      layout,
      `${await readFile(layout, "utf8")}\nexport const USAGE_PREFIX = "usage (fresh build):";\n`,
    );
    const cliArguments = join(root, "scripts", "pipeline", "cli-arguments.ts");
    const source = await readFile(cliArguments, "utf8");
    expect(source).toContain('export const USAGE = "usage: npm run generate');
    await writeFile(
      cliArguments,
      `import { USAGE_PREFIX } from "./layout.js";\n${source.replace('export const USAGE = "usage:', 'export const USAGE = USAGE_PREFIX + "')}`,
    );

    const run = spawnSync(
      process.execPath,
      [join(root, "build", "scripts", "generate.js"), "--no-such-flag"],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    expect(run.stderr).toMatch(
      /^scripts\/ changed since the last build: recompiled \d+ files into build\/scripts\/\n/,
    );
    expect(run.stderr).toContain(
      "usage (fresh build): npm run generate -- [--check] [--report FILE] [api …]",
    );
    expect(run.status).toBe(2);
  },
);
