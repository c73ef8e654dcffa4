/**
 * Reads what Node.js prints about its compile cache under `NODE_DEBUG_NATIVE=COMPILE_CACHE`
 * (Node 22.1+), to tell whether a process used it: the cache folder it resolved, and for each
 * module whether V8 accepted the cached code, rejected it, or found none yet.
 *
 * @packageDocumentation
 */

/** Options of {@link compileCacheReport}. */
export interface CompileCacheReportOptions {
  /**
   * Count only modules under this folder (the repository), so that a cache npm itself enables for
   * its own modules is not taken for the pipeline's.
   */
  under: string;
}

/** What one process did with Node's compile cache. */
export interface CompileCacheReport {
  /** Whether the process enabled the cache at all (Node printed the folder it resolved). */
  enabled: boolean;
  /** The folder of the cache, when enabled. */
  directory: string | undefined;
  /** Modules under {@link CompileCacheReportOptions.under} whose cached code V8 accepted. */
  accepted: number;
  /** Modules whose cached code V8 rejected (made from other source text or by another V8). */
  rejected: string[];
  /** Modules with no cached code yet, compiled and written for the next run. */
  missing: number;
  /** One line for a person, e.g. `used: 12 of 14 modules read from /tmp/node-compile-cache/…`. */
  summary: string;
}

const RESOLVED = /^\[compile cache\] resolved path .* -> (.+)$/;
const MODULE =
  /^\[compile cache\] V8 code cache for (?:CommonJS|ESM) (.+?) was (accepted|rejected|not initialized)\b/;

/** Reads a process's standard error, printed with `NODE_DEBUG_NATIVE=COMPILE_CACHE`. */
export function compileCacheReport(
  stderr: string,
  options: CompileCacheReportOptions,
): CompileCacheReport {
  let directory: string | undefined;
  let accepted = 0;
  let missing = 0;
  const rejected: string[] = [];
  for (const line of stderr.split("\n")) {
    const resolved = RESOLVED.exec(line);
    if (resolved) directory ??= resolved[1];
    const module = MODULE.exec(line);
    if (!module || !module[1]!.startsWith(options.under)) continue;
    if (module[2] === "accepted") accepted += 1;
    else if (module[2] === "rejected") rejected.push(module[1]!);
    else missing += 1;
  }
  const total = accepted + rejected.length + missing;
  const summary =
    directory === undefined
      ? "not enabled: the process printed no compile-cache folder (module.enableCompileCache() was not called)"
      : `used: ${accepted} of ${total} modules read from ${directory}` +
        (rejected.length > 0 ? `, ${rejected.length} rejected` : "");
  return { enabled: directory !== undefined, directory, accepted, rejected, missing, summary };
}
