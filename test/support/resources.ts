/**
 * What keeps the event loop alive, for asserting that code leaves no timers or sockets behind.
 * Node-only (tests run in Node), built on `process.getActiveResourcesInfo()`.
 */

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
  maxTurns = 200,
): Promise<number> {
  let count = countActive(kind);
  for (let turn = 0; turn < maxTurns && count > expected; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    count = countActive(kind);
  }
  return count;
}
