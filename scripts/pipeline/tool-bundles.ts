/**
 * The tools the pipeline runs, each bundled by esbuild into one CommonJS file under
 * `build/tool-bundles/`. Redocly is a few hundred ES modules and openapi-typescript a few hundred
 * CommonJS modules (its own Redocly among them); loading one file instead skips resolving and
 * reading each of them, and lets the compile cache (`compile-cache.ts`) serve the whole tool from
 * one cache file. The TypeScript compiler stays outside the bundle: it is one file already.
 *
 * A bundle is made on first use and again whenever one of the files it was made from changed
 * (an upgraded or reinstalled tool), was moved, or the bundling itself changed: its stamp records
 * the path, size and modification time of every input. The tools are found by module resolution
 * from this folder, so a workspace that hoists them to a parent `node_modules` bundles those.
 * When the folder cannot be written or esbuild fails, the tool is loaded unbundled, as Node
 * loads it; `API_CLIENTS_TOOL_BUNDLES=off` (or `0`, `false`) always does that.
 *
 * @packageDocumentation
 */
import { accessSync, constants, mkdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread } from "node:worker_threads";
import { installCompileCache, switchedOff, type CompileCache } from "./compile-cache.js";
import { writeFileAtomicallySync } from "./files.js";
import { SCRIPTS_BUILD_DIRECTORY } from "./layout.js";

/** The environment variable that loads the tools unbundled: `off`, `0` or `false`. */
export const TOOL_BUNDLES_ENV = "API_CLIENTS_TOOL_BUNDLES";

/** `build/tool-bundles/`, next to the compiled scripts (git-ignored with the rest of `build/`). */
export const TOOL_BUNDLE_DIRECTORY = join(dirname(SCRIPTS_BUILD_DIRECTORY), "tool-bundles");

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** What each bundle exports, as `require` of its source would. */
export interface BundledTools {
  /** `@redocly/openapi-core`: lint, bundle, YAML, problem locations. */
  redocly: typeof import("@redocly/openapi-core");
  /**
   * The parts of openapi-typescript the types stage calls, and the TypeScript compiler they build
   * their AST with (the same instance).
   */
  "openapi-typescript": {
    openapiTypescript: Pick<
      typeof import("openapi-typescript"),
      "astToString" | "resolveRef" | "scanDiscriminators" | "transformSchema"
    >;
    typescript: typeof import("typescript");
  };
  /**
   * Prettier's standalone build with the two plugins that format TypeScript (the `babel-ts`
   * parser and the estree printer): the same formatter as `prettier`, without its configuration
   * and plugin loading, which `format.ts` uses only when the configuration needs them.
   */
  prettier: {
    prettier: typeof import("prettier/standalone");
    plugins: import("prettier").Plugin[];
  };
}

/** A bundle's name. */
export type BundledToolName = keyof BundledTools;

/**
 * Where an external of a bundle is: `request` (by default the specifier itself) resolved from the
 * package `resolveFrom`, as that package's own code would find it.
 */
interface External {
  resolveFrom: string;
  request?: string;
}

/**
 * Each bundle's entry, resolved from this folder. `externals` (by the specifier the bundled code
 * imports them with) are left out of the bundle and required by their absolute path.
 */
const BUNDLES: Record<BundledToolName, { source: string; externals: Record<string, External> }> = {
  // Redocly's plugin loader stays outside, loaded by Node as the ES module it is: it imports each
  // plugin with `import()`, which a script compiled from cached data cannot run on Node 20 (see
  // compile-cache.ts). Only a plugin listed in a config that redocly.yaml extends reaches it; the
  // pipeline imports redocly.yaml's own plugins itself.
  redocly: {
    source: 'module.exports = require("@redocly/openapi-core");\n',
    externals: {
      "./plugins-cache.js": {
        resolveFrom: "@redocly/openapi-core",
        request: "./config/plugins-cache.js",
      },
    },
  },
  // From the ES modules of the four functions the types stage calls, rather than the package's
  // entry: the entry also loads openapi-typescript's own Redocly (for `openapiTS()`, which the
  // pipeline does not call), a third of the bundle and of its load time. A later version that
  // moves these files fails to bundle, and the package is then loaded whole, unbundled.
  "openapi-typescript": {
    source: [
      'import { astToString } from "openapi-typescript/dist/lib/ts.mjs";',
      'import { resolveRef, scanDiscriminators } from "openapi-typescript/dist/lib/utils.mjs";',
      'import transformSchema from "openapi-typescript/dist/transform/index.mjs";',
      'import typescript from "typescript";',
      "export const openapiTypescript = { astToString, resolveRef, scanDiscriminators, transformSchema };",
      "export { typescript };",
      "",
    ].join("\n"),
    externals: { typescript: { resolveFrom: "openapi-typescript" } },
  },
  prettier: {
    source:
      'module.exports = { prettier: require("prettier/standalone"), plugins: [require("prettier/plugins/babel"), require("prettier/plugins/estree")] };\n',
    externals: {},
  },
};

/** Bumped when the way bundles are made changes, so older bundles are made again. */
const BUNDLE_FORMAT = 4;

/** Options of {@link requireTool}. */
export interface RequireToolOptions {
  /**
   * Where the bundles and their stamps are.
   * @default TOOL_BUNDLE_DIRECTORY (`build/tool-bundles/`)
   */
  directory?: string;
  /**
   * Whether to load the bundle (made or remade when stale) rather than the tool's own modules.
   * @default true, unless the environment variable `API_CLIENTS_TOOL_BUNDLES` is `off`, `0` or `false`
   */
  enabled?: boolean;
  /**
   * Told why a bundle could not be made, when the tool is loaded unbundled instead.
   * @default a line on standard error
   */
  warn?: (message: string) => void;
}

/** A bundle's record of what it was made from, `<name>.json` beside `<name>.cjs`. */
interface BundleStamp {
  format: number;
  esbuild: string;
  source: string;
  externals: Record<string, string>;
  /** Every input file and every external: `[size, mtimeMs]` by absolute path. */
  inputs: Record<string, [number, number]>;
  /**
   * Whether the bundle, and which externals, make no dynamic `import()`, checked with esbuild's
   * parser when the bundle was made: the files the compile cache may serve. The bundle by a flag,
   * not its path, so a copy of the build folder (a staging copy of the project) is served too.
   */
  bundleCacheable: boolean;
  cacheableExternals: string[];
}

/**
 * Loads a tool from its bundle, making the bundle first when it is missing or stale; the tool's
 * own modules when bundles are off or the bundle cannot be made. The bundle, and the files it
 * requires by path, are served by this thread's compile cache when they make no dynamic
 * `import()`; a tool's own modules are compiled by Node as usual.
 */
export function requireTool<Name extends BundledToolName>(
  name: Name,
  options: RequireToolOptions = {},
): BundledTools[Name] {
  const cache = useCompileCache();
  const enabled = options.enabled ?? !switchedOff(TOOL_BUNDLES_ENV);
  const externals = resolveExternals(name);
  if (enabled) {
    const directory = options.directory ?? TOOL_BUNDLE_DIRECTORY;
    const bundle = freshBundle(name, {
      directory,
      externals,
      warn: options.warn ?? ((message) => console.error(message)),
    });
    if (bundle !== undefined) {
      for (const path of bundle.cacheable) cache?.allow(path);
      return require(bundle.path) as BundledTools[Name];
    }
  }
  return loadUnbundled(name, externals);
}

/**
 * Makes every bundle that is missing or stale, without loading any tool: the install does it
 * (`scripts/build-scripts.ts`), so the first run does not.
 *
 * @returns the names of the bundles that are ready to load.
 */
export function prepareToolBundles(
  options: Omit<RequireToolOptions, "enabled"> = {},
): BundledToolName[] {
  const directory = options.directory ?? TOOL_BUNDLE_DIRECTORY;
  const warn = options.warn ?? ((message: string) => console.error(message));
  return (Object.keys(BUNDLES) as BundledToolName[]).filter((name) => {
    let externals: Record<string, string>;
    try {
      externals = resolveExternals(name);
    } catch (error) {
      // A tool that is not installed is the run's error to report, when a run needs it.
      warn(`could not bundle ${name}: ${(error as Error).message.split("\n")[0]}`);
      return false;
    }
    return freshBundle(name, { directory, externals, warn }) !== undefined;
  });
}

let flushesOnExit = false;

/**
 * Installs this thread's compile cache (see `compile-cache.ts`) before a tool loads. The main
 * thread writes what it learnt when the process exits, after the run's work; a worker thread,
 * which may be terminated before its process exits, calls `installCompileCache()?.flush()` once
 * its work is done.
 */
function useCompileCache(): CompileCache | undefined {
  const cache = installCompileCache();
  if (cache === undefined || !isMainThread || flushesOnExit) return cache;
  flushesOnExit = true;
  process.once("exit", () => cache.flush());
  return cache;
}

/** The absolute path of each external of the bundle, resolved as the package that imports it would. */
function resolveExternals(name: BundledToolName): Record<string, string> {
  return Object.fromEntries(
    Object.entries(BUNDLES[name].externals).map(([specifier, { resolveFrom, request }]) => [
      specifier,
      createRequire(require.resolve(resolveFrom)).resolve(request ?? specifier),
    ]),
  );
}

function loadUnbundled<Name extends BundledToolName>(
  name: Name,
  externals: Record<string, string>,
): BundledTools[Name] {
  if (name === "redocly") return require("@redocly/openapi-core") as BundledTools[Name];
  if (name === "prettier") {
    return {
      prettier: require("prettier/standalone") as typeof import("prettier/standalone"),
      plugins: [
        require("prettier/plugins/babel"),
        require("prettier/plugins/estree"),
      ] as import("prettier").Plugin[],
    } as BundledTools[Name];
  }
  const tools: BundledTools["openapi-typescript"] = {
    openapiTypescript: require("openapi-typescript") as typeof import("openapi-typescript"),
    typescript: require(externals.typescript!) as typeof import("typescript"),
  };
  return tools as BundledTools[Name];
}

/**
 * The up-to-date bundle, made now if needed, with the files of it the compile cache may serve;
 * `undefined` when it cannot be made.
 */
function freshBundle(
  name: BundledToolName,
  options: {
    directory: string;
    externals: Record<string, string>;
    warn: (message: string) => void;
  },
): { path: string; cacheable: string[] } | undefined {
  const bundlePath = join(options.directory, `${name}.cjs`);
  const stampPath = join(options.directory, `${name}.json`);
  const { source } = BUNDLES[name];
  const stamp = readStamp(stampPath);
  const esbuildVersion = installedEsbuildVersion();
  if (
    stamp !== undefined &&
    stamp.format === BUNDLE_FORMAT &&
    stamp.esbuild === esbuildVersion &&
    stamp.source === source &&
    sameRecord(stamp.externals, options.externals) &&
    Array.isArray(stamp.cacheableExternals) &&
    inputsUnchanged(stamp.inputs) &&
    statSync(bundlePath, { throwIfNoEntry: false }) !== undefined
  ) {
    return {
      path: bundlePath,
      cacheable: [...(stamp.bundleCacheable ? [bundlePath] : []), ...stamp.cacheableExternals],
    };
  }
  try {
    mkdirSync(options.directory, { recursive: true });
    accessSync(options.directory, constants.W_OK);
  } catch {
    // A read-only build folder: bundling would be wasted work on every run.
    return undefined;
  }
  if (esbuildVersion === undefined) return undefined;
  try {
    const { code, inputs } = bundle(name, options.externals);
    const externalPaths = Object.values(options.externals);
    for (const path of externalPaths) {
      const stats = statSync(path);
      inputs[path] = [stats.size, stats.mtimeMs];
    }
    const bundleCacheable = !makesDynamicImport(code);
    const cacheableExternals = externalPaths.filter(
      (path) => !makesDynamicImport(readFileSync(path, "utf8")),
    );
    const newStamp: BundleStamp = {
      format: BUNDLE_FORMAT,
      esbuild: esbuildVersion,
      source,
      externals: options.externals,
      inputs,
      bundleCacheable,
      cacheableExternals,
    };
    // The bundle first, then the stamp that vouches for it: a reader that sees the new stamp sees
    // the new bundle.
    writeFileAtomicallySync(bundlePath, code);
    writeFileAtomicallySync(stampPath, `${JSON.stringify(newStamp)}\n`);
    return {
      path: bundlePath,
      cacheable: [...(bundleCacheable ? [bundlePath] : []), ...cacheableExternals],
    };
  } catch (error) {
    options.warn(
      `could not bundle ${name} into ${bundlePath} (${(error as Error).message.split("\n")[0]}); loading it unbundled`,
    );
    return undefined;
  }
}

/** Bundles a tool with esbuild; its code and the size and modification time of every input. */
function bundle(
  name: BundledToolName,
  externals: Record<string, string>,
): { code: string; inputs: BundleStamp["inputs"] } {
  const esbuild = require("esbuild") as typeof import("esbuild");
  const result = esbuild.buildSync({
    stdin: {
      contents: BUNDLES[name].source,
      resolveDir: here,
      sourcefile: `${name}-bundle-entry.js`,
      loader: "js",
    },
    absWorkingDir: here,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // Without comments and indentation: a smaller file to read and a smaller string for V8 to
    // hold. Names stay, so a tool's errors read as they do unbundled.
    minifyWhitespace: true,
    external: Object.keys(externals),
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  let code = result.outputFiles[0]!.text;
  for (const [specifier, path] of Object.entries(externals)) {
    code = code.replaceAll(
      `require(${JSON.stringify(specifier)})`,
      `require(${JSON.stringify(path)})`,
    );
  }
  const inputs: BundleStamp["inputs"] = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.startsWith("<stdin>") || input.endsWith("-bundle-entry.js")) continue;
    const path = resolve(here, input);
    const stats = statSync(path);
    inputs[path] = [stats.size, stats.mtimeMs];
  }
  return { code, inputs };
}

/**
 * Whether the code calls `import()`, as esbuild's parser sees it: transformed twice, once as is
 * and once for a target without dynamic imports, which lowers each call to `require()`. Both drop
 * the comments and keep the strings alike, so fewer `import(` in the second means a real call.
 */
function makesDynamicImport(code: string): boolean {
  if (!code.includes("import(")) return false;
  const esbuild = require("esbuild") as typeof import("esbuild");
  const transform = (supported: Record<string, boolean>) =>
    esbuild
      .transformSync(code, { supported, format: "cjs", platform: "node", logLevel: "silent" })
      .code.split("import(").length;
  return transform({ "dynamic-import": false }) < transform({});
}

function readStamp(path: string): BundleStamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(path, "utf8")) as BundleStamp;
    return typeof stamp === "object" && stamp !== null && typeof stamp.inputs === "object"
      ? stamp
      : undefined;
  } catch {
    return undefined;
  }
}

function inputsUnchanged(inputs: BundleStamp["inputs"]): boolean {
  const entries = Object.entries(inputs);
  if (entries.length === 0) return false;
  return entries.every(([path, [size, mtimeMs]]) => {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats !== undefined && stats.size === size && stats.mtimeMs === mtimeMs;
  });
}

function sameRecord(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** The installed esbuild's version, without loading esbuild; `undefined` when it is not installed. */
function installedEsbuildVersion(): string | undefined {
  try {
    const manifest = readFileSync(
      join(dirname(require.resolve("esbuild")), "..", "package.json"),
      "utf8",
    );
    return (JSON.parse(manifest) as { version: string }).version;
  } catch {
    return undefined;
  }
}
