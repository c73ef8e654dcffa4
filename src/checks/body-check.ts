/**
 * What the generated checks (`generated/<api>/checks.ts`) call: they walk a parsed JSON body
 * along its schema and hand each place that differs to a {@link Report}, with the value itself,
 * which the report turns into its {@link JsonKind} at once. Nothing here keeps a value.
 */
import type { JsonKind } from "../core/response-checks.js";

/**
 * Receives one difference: where (a JSON pointer), the schema keyword, what the spec expects,
 * and the value that arrived (`undefined` when it is missing).
 */
export type Report = (pointer: string, keyword: string, expected: string, value: unknown) => void;

/** A generated check of one schema: reports every difference of `value`, found at `pointer`. */
export type BodyCheck = (value: any, pointer: string, report: Report) => void;

/** The JSON kind of a parsed value; `missing` for `undefined`. */
export function kindOf(value: unknown): JsonKind {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const type = typeof value;
  if (type === "number") return Number.isInteger(value) ? "integer" : "number";
  return type === "string" || type === "boolean" ? type : "object";
}

/** One property name as a JSON pointer segment: `~` as `~0`, `/` as `~1` (indices need none). */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Whether `object` has `key` itself, not through its prototype (`constructor`, `toString`). */
export const hasOwn: (object: object, key: string) => boolean = (object, key) =>
  Object.prototype.hasOwnProperty.call(object, key);

/** Whether `value` is a JSON object (not an array, not `null`). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * One branch of an `anyOf` / `oneOf`: its check, and the JSON kinds it can accept (`undefined`
 * for any), which pick the branch whose differences are worth reporting.
 */
export type Branch = readonly [check: BodyCheck, kinds: readonly JsonKind[] | undefined];

/**
 * Checks `value` against a union, as the types read it (`A | B`, so `oneOf` too passes when more
 * than one branch matches): silent when a branch accepts it. Otherwise, when exactly one branch
 * accepts values of its kind, that branch's differences are reported (they say more than "none
 * matched"); else one difference at `pointer`, expecting `expected`.
 */
export function checkUnion(
  value: unknown,
  pointer: string,
  report: Report,
  keyword: string,
  expected: string,
  branches: readonly Branch[],
): void {
  const found: Parameters<Report>[] = [];
  const collect: Report = (...difference) => void found.push(difference);
  let candidate: readonly Parameters<Report>[] | undefined;
  let candidates = 0;
  const kind = kindOf(value);
  for (const [check, kinds] of branches) {
    found.length = 0;
    check(value, pointer, collect);
    if (found.length === 0) return;
    if (
      kinds === undefined ||
      kinds.includes(kind) ||
      (kind === "integer" && kinds.includes("number"))
    ) {
      candidates++;
      candidate = [...found];
    }
  }
  if (candidates === 1 && candidate) {
    for (const difference of candidate) report(...difference);
  } else {
    report(pointer, keyword, expected, value);
  }
}
