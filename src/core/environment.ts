/**
 * Reads an environment variable where the runtime has `process.env` (Node, Bun, Deno's Node
 * compatibility); elsewhere, e.g. in browsers, there are none.
 *
 * @returns the trimmed value, or `undefined` when unset, blank or unavailable.
 */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  try {
    return presentValue(env?.[name]);
  } catch {
    // Deno throws NotCapable for a variable outside --allow-env: as good as unset.
    return undefined;
  }
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
