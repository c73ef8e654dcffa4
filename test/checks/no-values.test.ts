/**
 * No value of a body ever reaches a mismatch report, a hook's event, a log line or a strict
 * error's message: bodies full of marked values, of the right and wrong kinds, through both clients.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { joyfillResponseChecks } from "../../generated/joyfill/checks.js";
import { proficientResponseChecks } from "../../generated/proficient/checks.js";
import type { Logger, ResponseCheckMode } from "../../src/index.js";
import { createJoyfillClient } from "../../src/joyfill.js";
import { logTo } from "../../src/logging.js";
import { createProficientClient } from "../../src/proficient.js";

/** Strings that are easy to find again: each is wrapped in ⟪ ⟫. */
const markedString = fc.string({ maxLength: 12 }).map((text) => `⟪${text}⟫`);
/** Numbers of ten digits, whole or not, that no message could hold by chance. */
const markedNumber = fc.oneof(
  fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }),
  fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }).map((whole) => whole + 0.25),
);
const markedValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    markedString,
    markedNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("id", "object", "identifier", "x"), tie("value"), { maxKeys: 3 }),
  ),
})).value;

/** Bodies whose keys are mostly the spec's own, and whose values are all marked. */
function bodies(keys: readonly string[]) {
  return fc.dictionary(fc.constantFrom(...keys, "identifer", "extra"), markedValue, {
    maxKeys: 10,
  });
}

const PROFICIENT_KEYS = [
  "id",
  "object",
  "created_at",
  "external_id",
  "first_name",
  "last_name",
  "live_mode",
  "updated_at",
];
const JOYFILL_KEYS = ["type", "identifier", "group", "token"];

/** Every text a call leaves behind: the hook events, the log lines, the error's message. */
async function textsOf(vendor: "joyfill" | "proficient", mode: ResponseCheckMode, body: unknown) {
  const texts: string[] = [];
  const line = (message: string, ...details: unknown[]) =>
    void texts.push(message, JSON.stringify(details));
  const logger: Logger = { error: line, warn: line, info: line, debug: line };
  const options = {
    baseUrl: "http://127.0.0.1:9",
    fetch: async () =>
      new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } }),
    hooks: [
      { onMismatch: (event: unknown) => void texts.push(JSON.stringify(event)) },
      logTo(logger, { level: "info" }),
    ],
  };
  const create =
    vendor === "joyfill"
      ? createJoyfillClient({
          ...options,
          accessToken: "at",
          responseChecks: joyfillResponseChecks({ mode }),
        }).users.create
      : createProficientClient({
          ...options,
          secretKey: "sk_1",
          responseChecks: proficientResponseChecks({ mode }),
        }).users.create;
  await create({} as never).then(
    () => undefined,
    (error: Error) => void texts.push(error.message),
  );
  return texts.join("\n");
}

/** The marked values inside `body`, as they would read in a text. */
function markedIn(body: unknown): string[] {
  if (typeof body === "string") return [body];
  if (typeof body === "number") return [String(body)];
  if (body === null || typeof body !== "object") return [];
  return Object.values(body).flatMap(markedIn);
}

describe.each([
  ["joyfill", JOYFILL_KEYS],
  ["proficient", PROFICIENT_KEYS],
] as const)("%s", (vendor, keys) => {
  test.each(["report", "strict"] as const)(
    "%s: no value of the body appears in a report, a hook event, a log line or the error",
    async (mode) => {
      let reported = 0;
      await fc.assert(
        fc.asyncProperty(bodies(keys), async (body) => {
          const text = await textsOf(vendor, mode, body);
          if (text.includes("differs from the spec")) reported++;
          expect(text).not.toContain("⟪");
          for (const value of markedIn(body)) expect(text).not.toContain(value);
        }),
        { numRuns: 150 },
      );
      // The property is only worth something if the bodies were reported.
      expect(reported).toBeGreaterThan(100);
    },
  );
});
