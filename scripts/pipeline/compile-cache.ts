/**
 * A V8 code cache for the CommonJS modules the pipeline loads: the TypeScript compiler (9 MB of
 * JavaScript that V8 otherwise parses on every run), openapi-typescript and the tool bundles of
 * `tool-bundles.ts`. Node 20 has no built-in compile cache (`module.enableCompileCache` arrived in
 * Node 22.1), so this module serves `Module.prototype._compile` itself, in the manner of the
 * `v8-compile-cache` package: each module is compiled as a `vm.Script` with the cached data of the
 * previous run, and the data of every module that had none, or whose data V8 refused, is written
 * after the run's work, when it also holds the functions that ran.
 *
 * One file per module under the cache folder, named by a hash of the module's path, holding a
 * header (path, size, modification time, length, Node and V8 versions, architecture) and V8's
 * data. A module whose file changed since (an upgraded tool) or a file written by another Node
 * misses and is written again; the data itself is never trusted blindly: V8 checks it and refuses
 * data made from other source text or by another V8, and a refused file is rewritten. A corrupt
 * file is a miss; a folder that cannot be written only means nothing is saved. ES modules do not
 * pass through `_compile` and are loaded as Node loads them.
 *
 * Only the modules a thread lets in ({@link CompileCache.allow}, or the `include` option) are
 * served; every other one is compiled by Node as usual. On Node 20, a script compiled from cached
 * data loses its `import()` callback (`ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING`), so only a module
 * known to make no dynamic import may be let in: `tool-bundles.ts` checks each bundle and the
 * files it requires when it makes the bundle.
 *
 * `API_CLIENTS_COMPILE_CACHE=off` (or `0`, `false`) turns it off.
 *
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import vm from "node:vm";
import { writeFileAtomicallySync } from "./files.js";
import { SCRIPTS_BUILD_DIRECTORY } from "./layout.js";

/** The environment variable that turns the cache off: `off`, `0` or `false`. */
export const COMPILE_CACHE_ENV = "API_CLIENTS_COMPILE_CACHE";

/** Whether the environment variable `name` is `off`, `0` or `false` (any case, spaces around). */
export function switchedOff(name: string): boolean {
  return /^(?:off|0|false)$/i.test(process.env[name]?.trim() ?? "");
}

/** `build/compile-cache/`, next to the compiled scripts (git-ignored with the rest of `build/`). */
export const COMPILE_CACHE_DIRECTORY = join(dirname(SCRIPTS_BUILD_DIRECTORY), "compile-cache");

/** Options of {@link installCompileCache}. */
export interface CompileCacheOptions {
  /**
   * Where the cache files are.
   * @default COMPILE_CACHE_DIRECTORY (`build/compile-cache/`)
   */
  directory?: string;
  /**
   * Which modules the cache serves, besides those let in with {@link CompileCache.allow}: only
   * modules that make no dynamic `import()` (see above).
   * @default none
   */
  include?: (filename: string) => boolean;
  /**
   * Whether to install the cache at all.
   * @default true, unless the environment variable `API_CLIENTS_COMPILE_CACHE` is `off`, `0` or `false`
   */
  enabled?: boolean;
}

/** What the cache did in this thread since it was installed. */
export interface CompileCacheStats {
  /** Modules compiled from cached data V8 accepted. */
  hits: number;
  /** Modules with no usable cache file: none, corrupt, or made from another file or Node. */
  misses: number;
  /** Modules whose cache file matched but whose data V8 refused. */
  rejected: number;
  /** Cache files written by {@link CompileCache.flush}. */
  written: number;
  /** Cache files that could not be written (a read-only folder, a full disk). */
  writeFailures: number;
}

/** The installed cache of one thread; see {@link installCompileCache}. */
export interface CompileCache {
  /** The folder of the cache files. */
  readonly directory: string;
  /** Counts since installation. */
  readonly stats: Readonly<CompileCacheStats>;
  /** Lets the module at this absolute path be served from now on; it must make no dynamic `import()`. */
  allow(filename: string): void;
  /**
   * Writes the cache file of every module compiled without usable data since the last flush,
   * each through a temporary file and a rename. Never throws: a file that cannot be written is
   * counted in `stats.writeFailures`. Called once the run's work is done, so the data holds the
   * functions that ran, not only those V8 compiled up front. A flush that wrote something also
   * removes the files of modules that no longer exist (a tool moved or uninstalled, the bundles
   * of a deleted copy of the project), so the folder does not grow without bound.
   *
   * @returns the number of files written.
   */
  flush(): number;
  /** Puts Node's own `_compile` back (for tests); modules already loaded stay loaded. */
  uninstall(): void;
}

/** The header at the start of a cache file, after its 4-byte length. */
interface CacheHeader {
  filename: string;
  size: number;
  mtimeMs: number;
  sourceLength: number;
  node: string;
  v8: string;
  arch: string;
}

interface PendingWrite {
  file: string;
  header: CacheHeader;
  script: vm.Script;
}

type Compile = (this: Module, content: string, filename: string, format?: string) => unknown;

/** Internals of `node:module` the hook calls, as `v8-compile-cache` does. */
interface ModuleInternals {
  prototype: { _compile: Compile; require(id: string): unknown };
  _resolveFilename(
    request: string,
    parent: Module,
    isMain: boolean,
    options?: { paths?: string[] },
  ): string;
  _resolveLookupPaths(request: string, parent: Module): string[] | null;
  _extensions: unknown;
  _cache: unknown;
  wrap(script: string): string;
}

const internals = Module as unknown as ModuleInternals;
/** The length of the wrapper's text before a module's source (its closing part starts with a line break). */
const WRAPPER_PREFIX_LENGTH = internals.wrap("").indexOf("\n");
let installed: CompileCache | undefined;

/**
 * Serves this thread's CommonJS `require`s from the code cache; each thread that loads a tool
 * installs it for itself. Returns the thread's cache when one is already installed, and
 * `undefined` when it is turned off.
 */
export function installCompileCache(options: CompileCacheOptions = {}): CompileCache | undefined {
  const enabled = options.enabled ?? !switchedOff(COMPILE_CACHE_ENV);
  if (!enabled) return undefined;
  if (installed) return installed;
  const directory = options.directory ?? COMPILE_CACHE_DIRECTORY;
  const stats: CompileCacheStats = {
    hits: 0,
    misses: 0,
    rejected: 0,
    written: 0,
    writeFailures: 0,
  };
  const pending: PendingWrite[] = [];
  const allowed = new Set<string>();
  const include = options.include ?? (() => false);
  const original = internals.prototype._compile;

  internals.prototype._compile = function compileWithCache(
    this: Module,
    content,
    filename,
    format,
  ) {
    if (format === "module" || !(allowed.has(filename) || include(filename))) {
      return original.call(this, content, filename, format);
    }
    const header = headerOf(filename, content);
    if (header === undefined) return original.call(this, content, filename, format);
    const file = join(
      directory,
      `${createHash("sha256").update(filename).digest("hex").slice(0, 40)}.bin`,
    );
    const cachedData = readCachedData(file, header);
    let script: vm.Script;
    try {
      script = new vm.Script(internals.wrap(withoutHashbang(content)), {
        filename,
        // The wrapper opens on the module's first line: stack traces give that line's own columns.
        columnOffset: -WRAPPER_PREFIX_LENGTH,
        ...(cachedData === undefined ? {} : { cachedData }),
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      // Not CommonJS after all (ES module syntax Node detects), or a real syntax error: Node's own
      // compile handles both and reports the error as it always does.
      return original.call(this, content, filename, format);
    }
    if (cachedData === undefined) stats.misses++;
    else if (script.cachedDataRejected) stats.rejected++;
    else stats.hits++;
    if (cachedData === undefined || script.cachedDataRejected)
      pending.push({ file, header, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (
      ...args: unknown[]
    ) => unknown;
    return wrapper.call(
      this.exports,
      this.exports,
      makeRequire(this),
      this,
      filename,
      dirname(filename),
    );
  };

  installed = {
    directory,
    stats,
    allow: (filename) => void allowed.add(filename),
    flush() {
      let written = 0;
      for (const { file, header, script } of pending.splice(0)) {
        try {
          writeFileAtomicallySync(file, encode(header, script.createCachedData()));
          written++;
        } catch {
          stats.writeFailures++;
        }
      }
      stats.written += written;
      if (written > 0) removeOrphans(directory);
      return written;
    },
    uninstall() {
      if (internals.prototype._compile !== original) internals.prototype._compile = original;
      installed = undefined;
    },
  };
  return installed;
}

/** The header a module's cache file must carry, or `undefined` when the file cannot be stat'ed. */
function headerOf(filename: string, content: string): CacheHeader | undefined {
  const stats = statSync(filename, { throwIfNoEntry: false });
  if (stats === undefined) return undefined;
  return {
    filename,
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    sourceLength: content.length,
    node: process.version,
    v8: process.versions.v8,
    arch: process.arch,
  };
}

/** Removes every cache file whose module no longer exists, or that has no readable header. */
function removeOrphans(directory: string): void {
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.endsWith(".bin"));
  } catch {
    return;
  }
  for (const name of names) {
    const file = join(directory, name);
    const filename = readHeader(file)?.filename;
    if (typeof filename === "string" && statSync(filename, { throwIfNoEntry: false }) !== undefined)
      continue;
    rmSync(file, { force: true });
  }
}

/** The header of a cache file, reading only its first bytes; `undefined` when unreadable. */
function readHeader(file: string): Partial<CacheHeader> | undefined {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, "r");
    const length = Buffer.alloc(4);
    if (readSync(descriptor, length, 0, 4, 0) < 4) return undefined;
    const header = Buffer.alloc(Math.min(length.readUInt32LE(0), 64 * 1024));
    readSync(descriptor, header, 0, header.length, 4);
    return JSON.parse(header.toString("utf8")) as Partial<CacheHeader>;
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** The cached data in `file` when its header matches `expected` exactly; otherwise `undefined`. */
function readCachedData(file: string, expected: CacheHeader): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length < 4) return undefined;
  const headerLength = bytes.readUInt32LE(0);
  if (headerLength > bytes.length - 4) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(bytes.toString("utf8", 4, 4 + headerLength));
  } catch {
    return undefined;
  }
  const matches =
    typeof header === "object" &&
    header !== null &&
    (Object.keys(expected) as (keyof CacheHeader)[]).every(
      (key) => (header as Record<string, unknown>)[key] === expected[key],
    );
  return matches ? bytes.subarray(4 + headerLength) : undefined;
}

function encode(header: CacheHeader, data: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length, 0);
  return Buffer.concat([length, json, data]);
}

/** A `#!` line is valid only at the very start of a script; the module wrapper comes before it. */
function withoutHashbang(content: string): string {
  return content.startsWith("#!") ? `//${content.slice(2)}` : content;
}

/** The `require` a CommonJS module sees, bound to it as Node's own is. */
function makeRequire(module: Module): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    internals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => internals._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = internals._extensions as NodeJS.Require["extensions"];
  require.cache = internals._cache as NodeJS.Require["cache"];
  return require;
}
