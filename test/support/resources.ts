/**
 * What keeps the event loop alive, for asserting that code leaves no timers or sockets behind.
 * Node-only (tests run in Node).
 */
import { AsyncLocalStorage, createHook } from "node:async_hooks";

/** How many active resources of one kind there are, e.g. `"Timeout"` or `"TCPSocketWrap"`. */
export function countActive(kind: "Timeout" | "TCPSocketWrap"): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
}

/**
 * Waits until no more than `expected` resources of `kind` are active, checking after each
 * turn of the event loop (sockets close a few turns after their peer does), and returns the
 * last count. Gives up after `maxTurns` turns so a leak fails the test instead of hanging it.
 */
export async function settledCount(
  kind: "Timeout" | "TCPSocketWrap",
  expected: number,
  maxTurns = 1000,
): Promise<number> {
  let count = countActive(kind);
  for (let turn = 0; turn < maxTurns && count > expected; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    count = countActive(kind);
  }
  return count;
}

/** What {@link trackTimers} found. */
export interface TimerReport<T> {
  /** What the scenario resolved to (or the reason it rejected with, as `{ rejected }`). */
  outcome: { resolved: T } | { rejected: unknown };
  /** Timers the scenario started that keep the process alive (the runtime's unref'd ones aside). */
  started: number;
  /** Of those, the ones still pending: neither fired nor cleared. */
  pending: number;
}

const scenario = new AsyncLocalStorage<Map<number, { hasRef(): boolean }>>();
const hook = createHook({
  init(asyncId, type, _triggerAsyncId, resource) {
    if (type === "Timeout") scenario.getStore()?.set(asyncId, resource as { hasRef(): boolean });
  },
});

/**
 * Runs `run` and reports the timers it started — directly or through what it called — that
 * are still pending once it has settled. Timers started by anything else at the same time
 * (the test runner's own) are not counted, which makes the count exact.
 */
export async function trackTimers<T>(run: () => Promise<T>): Promise<TimerReport<T>> {
  const timers = new Map<number, { hasRef(): boolean; _destroyed?: boolean }>();
  hook.enable();
  let outcome: TimerReport<T>["outcome"];
  try {
    outcome = await scenario.run(timers, () =>
      run().then(
        (resolved) => ({ resolved }),
        (rejected: unknown) => ({ rejected }),
      ),
    );
  } finally {
    hook.disable();
  }
  const refed = [...timers.values()].filter((timer) => timer.hasRef());
  // `_destroyed` is how Node marks a timer that has fired or been cleared.
  const pending = refed.filter((timer) => timer._destroyed !== true).length;
  return { outcome, started: refed.length, pending };
}
