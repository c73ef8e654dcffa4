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
   * Count only modules under this folder (the repository). npm enables the cache for its own
   * modules, and its lines go to the same standard error as those of the script it runs.
   */
  under: string;
}

/** What the processes that printed to one standard error did with Node's compile cache. */
export interface CompileCacheReport {
  /** Whether any module under {@link CompileCacheReportOptions.under} was looked up in the cache. */
  enabled: boolean;
  /** The folder the first such module was looked up in. */
  directory: string | undefined;
  /** Modules whose cached code V8 accepted. */
  accepted: number;
  /** Modules whose cached code V8 rejected (made from other source text or by another V8). */
  rejected: string[];
  /** Modules with no cached code yet, compiled and written for the next run. */
  missing: number;
  /** One line for a person, e.g. `used: 12 of 14 modules read from /tmp/node-compile-cache/…`. */
  summary: string;
}

const LOOKUP =
  /^\[compile cache\] reading cache from (.+)\/[0-9a-f]+ for (?:CommonJS|ESM) (.+?)\.\.\./;
const OUTCOME =
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
    const lookup = LOOKUP.exec(line);
    if (lookup && lookup[2]!.startsWith(options.under)) directory ??= lookup[1];
    const outcome = OUTCOME.exec(line);
    if (!outcome || !outcome[1]!.startsWith(options.under)) continue;
    if (outcome[2] === "accepted") accepted += 1;
    else if (outcome[2] === "rejected") rejected.push(outcome[1]!);
    else missing += 1;
  }
  const total = accepted + rejected.length + missing;
  const summary =
    directory === undefined
      ? `not enabled: no module under ${options.under} was looked up in the compile cache ` +
        "(the process does not call module.enableCompileCache())"
      : `used: ${accepted} of ${total} modules read from ${directory}` +
        (rejected.length > 0 ? `, ${rejected.length} rejected` : "");
  return { enabled: directory !== undefined, directory, accepted, rejected, missing, summary };
}
