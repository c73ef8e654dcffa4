import { expect, test } from "vitest";
import { ApiError } from "../../src/index.js";
import { createProficientClient } from "../../src/proficient.js";
import { settledCount, trackTimers } from "../support/resources.js";
import { startTestServer, type Reply } from "../support/test-server.js";

const CALLS = 1000;

test("1 000 concurrent calls all settle, warn of nothing and leave no timers or sockets behind", async () => {
  const server = await startTestServer();
  const proficient = createProficientClient({
    secretKey: "sk_1",
    baseUrl: server.url,
    maxRetries: 1,
  });
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on("warning", onWarning);

  // Every reply waits until all calls are in flight; then a quarter each succeed, fail, are
  // retried and fail again, or hang until the caller aborts them (through one shared signal).
  const allInFlight = server.waitForRequests(CALLS);
  server.fallback(({ body }): Reply => {
    const kind = Number(JSON.parse(body).external_id) % 4;
    if (kind === 0) return { until: allInFlight, json: { id: "usr", object: "user" } };
    if (kind === 1) return { until: allInFlight, status: 400, json: { message: "Bad" } };
    if (kind === 2) return { until: allInFlight, status: 503, headers: { "retry-after": "0" } };
    return { hang: "before-headers" };
  });
  const hangingCalls = new AbortController();
  const timers = await trackTimers(async () => {
    const calls = Array.from({ length: CALLS }, (_, index) =>
      proficient.users.create(
        { external_id: String(index) },
        index % 4 === 3 ? { signal: hangingCalls.signal } : {},
      ),
    );
    await allInFlight;
    hangingCalls.abort();
    return Promise.allSettled(calls);
  });
  process.off("warning", onWarning);

  const outcomes = "resolved" in timers.outcome ? timers.outcome.resolved : [];
  const tally: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key =
      outcome.status === "fulfilled"
        ? "user"
        : outcome.reason instanceof ApiError
          ? outcome.reason.code
          : "not an ApiError";
    tally[key] = (tally[key] ?? 0) + 1;
  }
  expect(tally).toEqual({ user: 250, invalid_request: 250, unavailable: 250, aborted: 250 });
  expect(server.requests).toHaveLength(CALLS + 250);
  // One timeout timer per attempt and one wait before each retry, all of them done.
  expect(timers).toMatchObject({ started: CALLS + 250 + 250, pending: 0 });
  // 250 calls share one signal without piling up listeners on it.
  expect(warnings.map(String)).toEqual([]);

  await server.close();
  expect(await settledCount("TCPSocketWrap", 0)).toBe(0);
}, 60_000);
