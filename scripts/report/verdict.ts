/**
 * One word per API for the release step: what a vendor's new spec does to a client.
 *
 * @packageDocumentation
 */

import type { SpecChange } from "./spec-change.js";
import { asObject, type JsonObject } from "./spec-document.js";

/**
 * What a spec change does to a client, most severe first:
 *
 * - `"breaking"`: at least one change in the report is breaking (code written against the old
 *   types can stop compiling, or calls can start failing against the server).
 * - `"non-breaking"`: the client's surface changed, but nothing in the report breaks it.
 * - `"cosmetic"`: only documentation changed (descriptions, summaries, titles, examples, tags,
 *   external docs, `info`): the generated JSDoc differs, the types do not.
 * - `"none"`: the documents are equal.
 */
export type ChangeVerdict = "breaking" | "non-breaking" | "cosmetic" | "none";

const severity: Record<ChangeVerdict, number> = {
  none: 0,
  cosmetic: 1,
  "non-breaking": 2,
  breaking: 3,
};

/**
 * Keys that only document: openapi-typescript turns them into JSDoc at most, never into types.
 * `info`, `tags` and `externalDocs` are only meaningful at the places OpenAPI defines them, and
 * removing them anywhere else in a document changes nothing a client sees either.
 */
const documentationKeys = new Set([
  "description",
  "summary",
  "title",
  "example",
  "examples",
  "externalDocs",
  "tags",
  "info",
]);

/**
 * Keys whose value is a map from names the vendor chose (properties, components, paths, status
 * codes, media types, …) to objects: a name there is data, so a property named `description` is
 * kept.
 */
const nameMapKeys = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
  "paths",
  "webhooks",
  "schemas",
  "responses",
  "parameters",
  "requestBodies",
  "headers",
  "securitySchemes",
  "links",
  "callbacks",
  "pathItems",
  "content",
  "encoding",
  "variables",
  "mapping",
  "scopes",
]);

/**
 * A copy of `node` without its documentation keys, stable for comparison. `inNameMap` says that
 * `node`'s own keys are names rather than keywords.
 */
function withoutDocumentation(node: unknown, inNameMap: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutDocumentation(item, false));
  const object = asObject(node);
  if (object === undefined) return node;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (!inNameMap && documentationKeys.has(key)) continue;
    // Inside a name map every value is a keyword object again (a schema, a response, …).
    copy[key] = withoutDocumentation(value, !inNameMap && nameMapKeys.has(key));
  }
  return copy;
}

function isDeepEqual(left: unknown, right: unknown): boolean {
  if (Object.is(left, right)) return true;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => isDeepEqual(item, right[index]));
  }
  const leftObject = asObject(left);
  const rightObject = asObject(right);
  if (!leftObject || !rightObject) return false;
  const leftKeys = Object.keys(leftObject);
  if (leftKeys.length !== Object.keys(rightObject).length) return false;
  return leftKeys.every(
    (key) => Object.hasOwn(rightObject, key) && isDeepEqual(leftObject[key], rightObject[key]),
  );
}

/**
 * The verdict for one API, from its report and its two documents. With changes in the report,
 * they decide. With none, the documents do: equal is `"none"`, equal once documentation is set
 * aside is `"cosmetic"`, and anything else (a difference the report does not classify, such as a
 * response header or a vendor extension) is `"non-breaking"`, because the generated types may
 * have changed.
 */
export function apiChangeVerdict(entry: {
  changes: readonly SpecChange[];
  before: unknown;
  after: unknown;
}): ChangeVerdict {
  if (entry.changes.some((change) => change.breaking)) return "breaking";
  if (entry.changes.length > 0) return "non-breaking";
  if (isDeepEqual(entry.before, entry.after)) return "none";
  return isDeepEqual(
    withoutDocumentation(entry.before, false),
    withoutDocumentation(entry.after, false),
  )
    ? "cosmetic"
    : "non-breaking";
}

/** The most severe of several verdicts; `"none"` for an empty list. */
export function mostSevereVerdict(verdicts: Iterable<ChangeVerdict>): ChangeVerdict {
  let result: ChangeVerdict = "none";
  for (const verdict of verdicts) if (severity[verdict] > severity[result]) result = verdict;
  return result;
}
