/**
 * Each API's verdict: what its spec changes do to the clients, as one word a release acts on.
 *
 * This module has the signature `scripts/report/index.ts` exports as `changeVerdict`; once that
 * export is present, `specs:update` can import it from there instead and this file can go.
 *
 * @packageDocumentation
 */

import { compareSpecs } from "../report/index.js";

/**
 * - `"breaking"`: the change report lists at least one breaking change.
 * - `"non-breaking"`: the clients' surface changed and nothing breaks.
 * - `"cosmetic"`: only documentation changed (descriptions, summaries, titles, examples, tags,
 *   external docs, `info`); the generated types differ in their JSDoc at most.
 * - `"none"`: the documents are equal.
 */
export type ChangeVerdict = "breaking" | "non-breaking" | "cosmetic" | "none";

/** One API's parsed, bundled documents before (`undefined` for a new API) and after. */
export interface ApiSpecPair {
  /** The API's name, as in `redocly.yaml`. */
  api: string;
  before: unknown;
  after: unknown;
}

const severity: readonly ChangeVerdict[] = ["none", "cosmetic", "non-breaking", "breaking"];

/** Keys that only document: they reach the generated types as JSDoc, if at all. */
const documentationKeys = new Set([
  "description",
  "summary",
  "title",
  "example",
  "examples",
  "tags",
  "externalDocs",
]);

/**
 * The most severe verdict of the given APIs (see {@link ChangeVerdict}); `"none"` for an empty
 * list. Pass one entry for one API's verdict.
 */
export function changeVerdict(changes: readonly ApiSpecPair[]): ChangeVerdict {
  let worst: ChangeVerdict = "none";
  for (const { before, after } of changes) {
    const verdict = apiVerdict(before, after);
    if (severity.indexOf(verdict) > severity.indexOf(worst)) worst = verdict;
  }
  return worst;
}

function apiVerdict(before: unknown, after: unknown): ChangeVerdict {
  const reported = compareSpecs(before, after);
  if (reported.some((change) => change.breaking)) return "breaking";
  if (reported.length > 0) return "non-breaking";
  if (sameValue(before, after)) return "none";
  // Something the report does not compare changed (a constraint, `deprecated`, …): beyond
  // documentation, so more than cosmetic.
  return sameValue(withoutDocumentation(before, true), withoutDocumentation(after, true))
    ? "cosmetic"
    : "non-breaking";
}

/**
 * The value without documentation keywords. `info` is documentation at the top level only, and a
 * property that happens to be named `description` is kept: inside `properties` every key is a
 * field name.
 */
function withoutDocumentation(value: unknown, topLevel: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutDocumentation(item, false));
  if (value === null || typeof value !== "object") return value;
  const kept: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (topLevel && key === "info") continue;
    if (
      key === "properties" &&
      child !== null &&
      typeof child === "object" &&
      !Array.isArray(child)
    ) {
      kept[key] = Object.fromEntries(
        Object.entries(child).map(([name, schema]) => [name, withoutDocumentation(schema, false)]),
      );
      continue;
    }
    if (documentationKeys.has(key)) continue;
    kept[key] = withoutDocumentation(child, false);
  }
  return kept;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
  );
}
