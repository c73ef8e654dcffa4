import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { installedBin } from "../../scripts/installed-packages.js";
import {
  prepareToolBundles,
  requireTool,
  TOOL_BUNDLES_ENV,
} from "../../scripts/pipeline/tool-bundles.js";

let directory: string;
let warnings: string[];
const warn = (message: string) => warnings.push(message);
const require = createRequire(import.meta.url);

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "tool-bundles-"));
  warnings = [];
});
afterEach(async () => {
  delete process.env[TOOL_BUNDLES_ENV];
  await rm(directory, { recursive: true, force: true });
});

interface Stamp {
  inputs: Record<string, [number, number]>;
  bundleCacheable: boolean;
  cacheableExternals: string[];
}

const readStamp = async (name: string) =>
  JSON.parse(await readFile(join(directory, `${name}.json`), "utf8")) as Stamp;

describe("requireTool", { timeout: 60_000 }, () => {
  test("makes a tool's bundle on first use, which formats as the tool does, and keeps it while its inputs are unchanged", async () => {
    const { prettier, plugins } = requireTool("prettier", { directory, warn });
    expect(await prettier.format("const a   =  {b:1}", { parser: "babel-ts", plugins })).toBe(
      "const a = { b: 1 };\n",
    );
    const made = await stat(join(directory, "prettier.cjs"));
    const inputs = Object.keys((await readStamp("prettier")).inputs);
    expect(inputs).toContain(require.resolve("prettier/standalone"));
    expect(inputs).toContain(require.resolve("prettier/plugins/babel"));

    requireTool("prettier", { directory, warn });
    expect((await stat(join(directory, "prettier.cjs"))).mtimeMs).toBe(made.mtimeMs);
    expect(warnings).toEqual([]);
  });

  test("remakes the bundle when a file it was made from changed since (an upgraded tool)", async () => {
    requireTool("prettier", { directory, warn });
    const stamp = await readStamp("prettier");
    const [input, [size, mtimeMs]] = Object.entries(stamp.inputs)[0]!;
    stamp.inputs[input] = [size + 1, mtimeMs];
    await writeFile(join(directory, "prettier.json"), JSON.stringify(stamp));
    const before = (await stat(join(directory, "prettier.cjs"))).mtimeMs;

    requireTool("prettier", { directory, warn });
    expect((await readStamp("prettier")).inputs[input]).toEqual([size, mtimeMs]);
    expect((await stat(join(directory, "prettier.cjs"))).mtimeMs).not.toBe(before);
  });

  test("loads the tool's own modules, without a warning, when the folder cannot be written", async () => {
    // A regular file where the folder should be: no user, root included, can create files in it.
    await writeFile(join(directory, "blocked"), "");
    const tool = requireTool("prettier", {
      directory: join(directory, "blocked", "bundles"),
      warn,
    });
    expect(tool.prettier).toBe(require("prettier/standalone"));
    expect(warnings).toEqual([]);
  });

  test(`${TOOL_BUNDLES_ENV}=off loads the tool's own modules and makes no bundle`, async () => {
    process.env[TOOL_BUNDLES_ENV] = "off";
    const tool = requireTool("prettier", { directory, warn });
    expect(tool.prettier).toBe(require("prettier/standalone"));
    await expect(stat(join(directory, "prettier.cjs"))).rejects.toThrow(/ENOENT/);
  });

  test("bundles Redocly and openapi-typescript, with the compiler openapi-typescript resolves left outside, as one instance", () => {
    const redocly = requireTool("redocly", { directory, warn });
    expect(redocly.parseYaml("a: [1, 2]")).toEqual({ a: [1, 2] });

    const { openapiTypescript, typescript } = requireTool("openapi-typescript", {
      directory,
      warn,
    });
    const compiler = createRequire(require.resolve("openapi-typescript")).resolve("typescript");
    expect(typescript).toBe(require(compiler));
    const node = typescript.factory.createTypeAliasDeclaration(
      undefined,
      "A",
      undefined,
      typescript.factory.createKeywordTypeNode(typescript.SyntaxKind.StringKeyword),
    );
    expect(openapiTypescript.astToString([node])).toBe("type A = string;\n");
    expect(warnings).toEqual([]);
  });

  test("leaves openapi-typescript's own Redocly, which only openapiTS() needs, out of its bundle", async () => {
    requireTool("openapi-typescript", { directory, warn });
    const inputs = Object.keys((await readStamp("openapi-typescript")).inputs);
    expect(inputs.filter((path) => path.endsWith("/@redocly/openapi-core/lib/index.js"))).toEqual(
      [],
    );
    expect(
      inputs.some((path) => path.endsWith("/openapi-typescript/dist/transform/index.mjs")),
    ).toBe(true);
  });
});

describe("the tool bundles under the compile cache", { timeout: 120_000 }, () => {
  test("only files that make no dynamic import() are let into the cache: Redocly's plugin loader stays out", async () => {
    requireTool("redocly", { directory, warn });
    requireTool("openapi-typescript", { directory, warn });
    const redocly = await readStamp("redocly");
    expect([redocly.bundleCacheable, redocly.cacheableExternals]).toEqual([true, []]);
    const loader = createRequire(require.resolve("@redocly/openapi-core")).resolve(
      "./config/plugins-cache.js",
    );
    expect(Object.keys(redocly.inputs)).toContain(loader);
    // The compiler's own `import(` are in strings and comments only.
    const compiler = createRequire(require.resolve("openapi-typescript")).resolve("typescript");
    const types = await readStamp("openapi-typescript");
    expect([types.bundleCacheable, types.cacheableExternals]).toEqual([true, [compiler]]);
  });

  test("Redocly still imports a plugin its config names, when its bundle is compiled from cached data", async () => {
    const cacheDirectory = join(directory, "cache");
    await writeFile(
      join(directory, "plugin.mjs"),
      'export default function plugin() { return { id: "from-config", rules: { oas3: { "no-op": () => ({}) } } }; }\n',
    );
    await writeFile(
      join(directory, "redocly.yaml"),
      "plugins:\n  - ./plugin.mjs\nrules:\n  from-config/no-op: error\n",
    );
    const module = (name: string) =>
      JSON.stringify(fileURLToPath(new URL(`../../scripts/pipeline/${name}`, import.meta.url)));
    await writeFile(
      join(directory, "load-config.mts"),
      [
        `import { installCompileCache } from ${module("compile-cache.ts")};`,
        `import { requireTool } from ${module("tool-bundles.ts")};`,
        `const cache = installCompileCache({ directory: ${JSON.stringify(cacheDirectory)} })!;`,
        'const redocly = requireTool("redocly", { directory: process.argv[2]! });',
        `const config = await redocly.loadConfig({ configPath: ${JSON.stringify(join(directory, "redocly.yaml"))} });`,
        "console.log(JSON.stringify({ plugins: config.plugins.map((plugin) => plugin.id), hits: cache.stats.hits, misses: cache.stats.misses }));",
        "",
      ].join("\n"),
    );
    const run = async (bundles = directory) => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [installedBin("tsx", "tsx"), join(directory, "load-config.mts"), bundles],
        { cwd: directory },
      );
      return JSON.parse(stdout) as { plugins: string[]; hits: number; misses: number };
    };
    expect(await run()).toMatchObject({
      plugins: expect.arrayContaining(["from-config"]),
      hits: 0,
      misses: 1,
    });
    expect(await run()).toMatchObject({
      plugins: expect.arrayContaining(["from-config"]),
      hits: 1,
      misses: 0,
    });

    // A copy of the bundles (the build folder of a staging copy of the project) is served too.
    const copy = join(directory, "copy");
    await mkdir(copy);
    for (const file of ["redocly.cjs", "redocly.json"])
      await cp(join(directory, file), join(copy, file));
    expect(await run(copy)).toMatchObject({
      plugins: expect.arrayContaining(["from-config"]),
      hits: 0,
      misses: 1,
    });
    expect(await run(copy)).toMatchObject({ hits: 1, misses: 0 });
  });
});

describe("prepareToolBundles", { timeout: 60_000 }, () => {
  test("makes every bundle without loading the tools, and leaves fresh ones as they are", async () => {
    expect(prepareToolBundles({ directory, warn })).toEqual([
      "redocly",
      "openapi-typescript",
      "prettier",
    ]);
    const times = await Promise.all(
      ["redocly", "openapi-typescript", "prettier"].map(
        async (name) => (await stat(join(directory, `${name}.cjs`))).mtimeMs,
      ),
    );
    expect(prepareToolBundles({ directory, warn })).toEqual([
      "redocly",
      "openapi-typescript",
      "prettier",
    ]);
    const again = await Promise.all(
      ["redocly", "openapi-typescript", "prettier"].map(
        async (name) => (await stat(join(directory, `${name}.cjs`))).mtimeMs,
      ),
    );
    expect(again).toEqual(times);
    expect(warnings).toEqual([]);
  });
});
