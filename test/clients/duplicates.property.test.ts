/**
 * Over random sequences of faults, one per attempt, a call creates at most one record unless it
 * carries an idempotency key, and the key never changes within a call. The server on 127.0.0.1
 * acts on (creates for) every request it answers with a 2xx, 500, 502 or 504, or accepts and
 * then drops or answers late; a refused connection (thrown by the `fetch` before any byte is
 * sent, as the runtime does), 408, 429 and 503 create nothing.
 */
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ApiError } from "../../src/index.js";
import { createEchoClient } from "../fixtures/clients/echo-api.js";
import { startTestServer, type Reply, type TestServer } from "../support/test-server.js";

const TIMEOUT_MS = 100;

type Fault =
  | { kind: "refused" }
  | { kind: "status"; status: 200 | 408 | 429 | 500 | 502 | 503 | 504 }
  | { kind: "accept-then-drop" }
  | { kind: "accept-then-late"; delayMs: number };

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.constant({ kind: "refused" as const }),
  fc.record({
    kind: fc.constant("status" as const),
    status: fc.constantFrom(200, 408, 429, 500, 502, 503, 504),
  }),
  fc.constant({ kind: "accept-then-drop" as const }),
  fc.record({
    kind: fc.constant("accept-then-late" as const),
    delayMs: fc.integer({ min: TIMEOUT_MS + 20, max: TIMEOUT_MS + 60 }),
  }),
);

const CREATES = new Set([200, 500, 502, 504]);

function replyFor(next: Fault): Reply {
  if (next.kind === "accept-then-drop") return { destroy: true };
  if (next.kind === "accept-then-late") return { delayMs: next.delayMs, json: { value: "late" } };
  if (next.kind === "status" && next.status === 200) return { json: { value: "ok" } };
  return { status: (next as { status: number }).status, headers: { "retry-after": "0" } };
}

const creates = (next: Fault) =>
  next.kind === "accept-then-drop" ||
  next.kind === "accept-then-late" ||
  (next.kind === "status" && CREATES.has(next.status));

let server: TestServer;
let runs = 0;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test("a call creates at most one record unless it sends a key, which never changes (150 runs)", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fault, { minLength: 1, maxLength: 4 }),
      fc.boolean(),
      async (faults, withKey) => {
        server.reset();
        let created = 0;
        const run = `run-${++runs}`;
        // Replies by run, since a request the client gave up on may reach the server during a
        // later run; each run then looks at its own requests only.
        const replies: Reply[] = [];
        server.fallback((request) =>
          request.body.includes(`"${run}"`) ? (replies.shift() ?? { json: {} }) : { json: {} },
        );
        const pending = [...faults];
        const { echo } = createEchoClient({
          baseUrl: server.url,
          timeoutMs: TIMEOUT_MS,
          maxRetries: faults.length - 1,
          retryPolicy: { random: () => 0 },
          fetch: (request, init) => {
            const next = pending.shift() ?? { kind: "status", status: 200 };
            if (next.kind === "refused") {
              const refused = Object.assign(new Error("connect ECONNREFUSED"), {
                code: "ECONNREFUSED",
              });
              return Promise.reject(new TypeError("fetch failed", { cause: refused }));
            }
            if (creates(next)) created++;
            replies.push(replyFor(next));
            return globalThis.fetch(request, init);
          },
        });
        const outcome = await echo({ value: run }, withKey ? { idempotencyKey: "key-1" } : {}).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (outcome !== undefined) expect(outcome).toBeInstanceOf(ApiError);
        if (!withKey) expect(created).toBeLessThanOrEqual(1);
        const own = server.requests.filter((request) => request.body.includes(`"${run}"`));
        const keys = new Set(own.map((request) => request.headers["idempotency-key"]));
        expect([...keys]).toEqual(own.length === 0 ? [] : [withKey ? "key-1" : undefined]);
        if (outcome instanceof ApiError && created > 0) {
          expect(outcome.vendorActed).not.toBe("no");
        }
      },
    ),
    { numRuns: 150 },
  );
}, 120_000);
