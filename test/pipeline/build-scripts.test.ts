import { mkdtemp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { buildScripts, isBuildStale } from "../../scripts/build-scripts.js";
import { REPOSITORY } from "./temp-project.js";

let root: string;
let sourceDirectory: string;
let buildDirectory: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "build-scripts-"));
  sourceDirectory = join(root, "scripts");
  buildDirectory = join(root, "build", "scripts");
  await mkdir(join(sourceDirectory, "pipeline"), { recursive: true });
  await writeFile(join(sourceDirectory, "pipeline", "double.ts"), "export const double = (n: number): number => n * 2;\n");
  await writeFile(
    join(sourceDirectory, "main.ts"),
    'import { double } from "./pipeline/double.js";\nimport type { Stats } from "node:fs";\nexport const answer: number = double(21);\nexport type S = Stats;\n',
  );
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("buildScripts", { timeout: 60_000 }, () => {
  test("compiles every .ts file to a .js file in the same layout, which plain Node runs", async () => {
    expect(await buildScripts({ sourceDirectory, buildDirectory })).toBe(2);
    const files = (await readdir(buildDirectory, { recursive: true })).filter((name) => name.endsWith(".js")).sort();
    expect(files).toEqual(["main.js", "pipeline/double.js"]);
    const compiled = (await import(pathToFileURL(join(buildDirectory, "main.js")).href)) as { answer: number };
    expect(compiled.answer).toBe(42);
  });

  test("a build is fresh until a source changes, is added or is removed", async () => {
    expect(await isBuildStale({ sourceDirectory, buildDirectory })).toBe(true);
    await buildScripts({ sourceDirectory, buildDirectory });
    expect(await isBuildStale({ sourceDirectory, buildDirectory })).toBe(false);

    await writeFile(join(sourceDirectory, "pipeline", "double.ts"), "export const double = (n: number): number => n + n;\n");
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
  // The one exception: the install hook, which npm runs before anything is compiled and possibly
  // without the dev dependencies that could run TypeScript.
  expect(files.filter((name) => /\.(m?js|d\.m?ts|cjs)$/.test(name))).toEqual(["build.mjs"]);
});
