/**
 * Reads an environment variable where the runtime has `process.env` (Node, Bun, Deno's Node
 * compatibility); elsewhere, e.g. in browsers, there are none. A read the runtime refuses counts
 * as unset: Deno run with `--allow-env=JOYFILL_ACCESS_TOKEN` throws `NotCapable` for every other
 * variable, and a client given that one variable must still start.
 *
 * @returns the trimmed value, or `undefined` when unset, blank, unavailable or refused.
 */
export function readEnv(name: string): string | undefined {
  let value: unknown;
  try {
    const env = (globalThis as { process?: { env?: Record<string, unknown> } }).process?.env;
    value = env?.[name];
  } catch {
    // A runtime that refuses the read (Deno without --allow-env) leaves it unset.
  }
  return typeof value === "string" ? presentValue(value) : undefined;
}

/** `true` in a browser page or a web worker, where anything in the bundle is public. */
export function isBrowserRuntime(): boolean {
  const scope = globalThis as { window?: unknown; document?: unknown; WorkerGlobalScope?: unknown };
  if (typeof scope.window !== "undefined" && typeof scope.document !== "undefined") return true;
  return (
    typeof scope.WorkerGlobalScope === "function" && globalThis instanceof scope.WorkerGlobalScope
  );
}

/** Trims an option or environment value; blank counts as missing. */
export function presentValue(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
