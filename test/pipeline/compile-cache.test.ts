import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";
import { Worker } from "node:worker_threads";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  COMPILE_CACHE_ENV,
  installCompileCache,
  type CompileCache,
  type CompileCacheStats,
} from "../../scripts/pipeline/compile-cache.js";

let root: string;
let cacheDirectory: string;
let compiledModule: string;
let installedHere: CompileCache | undefined;
const require = createRequire(import.meta.url);

beforeAll(async () => {
  // Each run happens on a worker thread, a V8 isolate of its own like a new process: an isolate
  // that compiled a source once keeps it in memory and never looks at cached data for it again.
  const { build } = await import("esbuild");
  compiledModule = join(
    await mkdtemp(join(tmpdir(), "compile-cache-module-")),
    "compile-cache.mjs",
  );
  await build({
    entryPoints: [
      fileURLToPath(new URL("../../scripts/pipeline/compile-cache.ts", import.meta.url)),
    ],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: compiledModule,
    logLevel: "error",
  });
});
afterAll(() => rm(dirname(compiledModule), { recursive: true, force: true }));

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "compile-cache-"));
  cacheDirectory = join(root, "cache");
  await writeFile(join(root, "double.cjs"), "module.exports = (n) => n * 2;\n");
  await writeFile(
    join(root, "answer.cjs"),
    '#!/usr/bin/env node\nconst double = require("./double.cjs");\nmodule.exports = { answer: double(21), resolved: require.resolve("./double.cjs"), file: __filename };\n',
  );
});
afterEach(async () => {
  installedHere?.uninstall();
  installedHere = undefined;
  delete process.env[COMPILE_CACHE_ENV];
  await rm(root, { recursive: true, force: true });
});

interface Run {
  exports: unknown;
  stats: CompileCacheStats;
}

/**
 * Loads answer.cjs (and the double.cjs it requires) as a run of the pipeline would, on a fresh
 * worker thread: installs the cache, requires, flushes.
 */
async function run(directory = cacheDirectory): Promise<Run> {
  const source = `(async () => {
    const { installCompileCache } = await import(${JSON.stringify(pathToFileURL(compiledModule).href)});
    const cache = installCompileCache({ directory: ${JSON.stringify(directory)}, include: (path) => path.startsWith(${JSON.stringify(root)}) });
    const loaded = require(${JSON.stringify(join(root, "answer.cjs"))});
    cache.flush();
    require("node:worker_threads").parentPort.postMessage({ exports: loaded, stats: cache.stats });
  })();`;
  const worker = new Worker(source, { eval: true });
  try {
    return await new Promise<Run>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
  } finally {
    await worker.terminate();
  }
}

const expectedExports = () => ({
  answer: 42,
  resolved: join(root, "double.cjs"),
  file: join(root, "answer.cjs"),
});
const NONE: CompileCacheStats = { hits: 0, misses: 0, rejected: 0, written: 0, writeFailures: 0 };

async function cacheFiles(): Promise<string[]> {
  return (await readdir(cacheDirectory)).filter((name) => name.endsWith(".bin")).sort();
}

describe("installCompileCache", { timeout: 30_000 }, () => {
  test("a module's second run compiles from the files the first run's flush wrote, with the same exports", async () => {
    expect(await run()).toEqual({
      exports: expectedExports(),
      stats: { ...NONE, misses: 2, written: 2 },
    });
    expect(await cacheFiles()).toHaveLength(2);
    expect(await run()).toEqual({ exports: expectedExports(), stats: { ...NONE, hits: 2 } });
  });

  test("a corrupt cache file is a miss, and the flush replaces it with one the next run uses", async () => {
    await run();
    for (const name of await cacheFiles())
      await writeFile(join(cacheDirectory, name), "not a cache file");
    expect(await run()).toEqual({
      exports: expectedExports(),
      stats: { ...NONE, misses: 2, written: 2 },
    });
    expect((await run()).stats).toEqual({ ...NONE, hits: 2 });
  });

  test("data V8 refuses (made from other source) is counted as rejected, the module still loads, and the file is rewritten", async () => {
    await run();
    const foreign = new vm.Script(
      "(function () { return 'something else entirely'; })",
    ).createCachedData();
    for (const name of await cacheFiles()) {
      const bytes = await readFile(join(cacheDirectory, name));
      const headerEnd = 4 + bytes.readUInt32LE(0);
      await writeFile(
        join(cacheDirectory, name),
        Buffer.concat([bytes.subarray(0, headerEnd), foreign]),
      );
    }
    expect(await run()).toEqual({
      exports: expectedExports(),
      stats: { ...NONE, rejected: 2, written: 2 },
    });
    expect((await run()).stats).toEqual({ ...NONE, hits: 2 });
  });

  test("a module changed since (an upgraded tool) is compiled from its new source, not served the old code", async () => {
    await run();
    // Same length as before, so only the recorded modification time tells the two apart.
    await writeFile(join(root, "double.cjs"), "module.exports = (n) => n + 2;\n");
    await utimes(join(root, "double.cjs"), new Date(2001, 0, 1), new Date(2001, 0, 1));
    expect(await run()).toEqual({
      exports: { ...expectedExports(), answer: 23 },
      stats: { ...NONE, hits: 1, misses: 1, written: 1 },
    });
  });

  test("a flush that writes removes the files of modules that no longer exist, and unreadable ones", async () => {
    await run();
    await writeFile(join(root, "gone.cjs"), "module.exports = 1;\n");
    installedHere = installCompileCache({ directory: cacheDirectory });
    installedHere?.allow(join(root, "gone.cjs"));
    require(join(root, "gone.cjs"));
    expect(installedHere?.flush()).toBe(1);
    expect(await cacheFiles()).toHaveLength(3);
    installedHere?.uninstall();

    await rm(join(root, "gone.cjs"));
    await writeFile(join(cacheDirectory, "unreadable.bin"), "no header");
    await writeFile(join(root, "answer.cjs"), "module.exports = { answer: 42 };\n");
    expect((await run()).stats).toEqual({ ...NONE, misses: 1, written: 1 });
    expect(await cacheFiles()).toHaveLength(2);
  });

  test("a cache folder that cannot be written does not fail the run: the modules load and nothing is saved", async () => {
    // A regular file where the folder should be: no user, root included, can create files in it.
    const blocked = join(root, "blocked");
    await writeFile(blocked, "");
    expect(await run(join(blocked, "cache"))).toEqual({
      exports: expectedExports(),
      stats: { ...NONE, misses: 2, writeFailures: 2 },
    });
  });

  test("serves only the modules let in: another module is compiled by Node and counted nowhere", async () => {
    await writeFile(join(root, "other.cjs"), "module.exports = 7;\n");
    installedHere = installCompileCache({ directory: cacheDirectory });
    installedHere?.allow(join(root, "double.cjs"));
    expect(require(join(root, "other.cjs"))).toBe(7);
    expect((require(join(root, "double.cjs")) as (n: number) => number)(4)).toBe(8);
    expect(installedHere?.stats).toEqual({ ...NONE, misses: 1 });
    expect(installedHere?.flush()).toBe(1);
    expect(await cacheFiles()).toHaveLength(1);
  });

  test(`${COMPILE_CACHE_ENV}=off installs nothing`, () => {
    const compile = () =>
      (require("node:module") as { prototype: { _compile: unknown } }).prototype._compile;
    const before = compile();
    process.env[COMPILE_CACHE_ENV] = "off";
    expect(installCompileCache({ directory: cacheDirectory })).toBeUndefined();
    expect(compile()).toBe(before);
  });

  test("a stack trace gives the module's own line and column", async () => {
    await writeFile(join(root, "thrower.cjs"), 'const a = 1; throw new Error("thrown");\n');
    installedHere = installCompileCache({ directory: cacheDirectory });
    installedHere?.allow(join(root, "thrower.cjs"));
    let thrown: unknown;
    try {
      require(join(root, "thrower.cjs"));
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).stack?.split("\n")[1]).toContain(`${join(root, "thrower.cjs")}:1:20`);
  });

  test("a syntax error is still Node's SyntaxError, naming the file", async () => {
    await writeFile(join(root, "broken.cjs"), "module.exports = {;\n");
    installedHere = installCompileCache({ directory: cacheDirectory });
    installedHere?.allow(join(root, "broken.cjs"));
    let thrown: unknown;
    try {
      require(join(root, "broken.cjs"));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SyntaxError);
    expect((thrown as Error).stack).toContain(join(root, "broken.cjs"));
  });
});
