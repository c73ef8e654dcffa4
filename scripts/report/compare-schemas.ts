/**
 * Comparing two versions of a schema (a request body, a response body, a parameter) field by
 * field, with the direction of the data deciding what breaks a client.
 *
 * @packageDocumentation
 */

import type { SpecChange } from "./spec-change.js";
import {
  asArray,
  asObject,
  type JsonObject,
  type SpecDocument,
  type UnchangedIndex,
} from "./spec-document.js";

/**
 * Which way the data flows. In a request the client writes and the server must keep accepting
 * what old clients send; in a response the client reads and must keep understanding what the
 * server sends.
 */
export type Direction = "request" | "response";

/** Everything a schema comparison needs, shared by the fields of one request or response part. */
export interface SchemaComparison {
  /** The older document, for resolving its `$ref`s. */
  before: SpecDocument;
  /** The newer document. */
  after: SpecDocument;
  /** Components identical in both versions, skipped without a walk. */
  unchanged: UnchangedIndex;
  /** Request or response side. */
  direction: Direction;
  /** The location prefix of every change (`POST /users request body`). */
  root: string;
  /** Where changes are appended. */
  changes: SpecChange[];
  /**
   * Pairs of schema objects already compared under this root: a shared or recursive schema is
   * reported once, at the first field path that reaches it.
   */
  visited: Set<string>;
}

/** A schema with `$ref`, `allOf` and the nullable idioms of OpenAPI 3.0 and 3.1 folded in. */
interface SchemaView {
  types: Set<string>;
  nullable: boolean;
  format: string | undefined;
  enumValues: unknown[] | undefined;
  properties: Map<string, unknown>;
  required: Set<string>;
  items: unknown;
  additionalProperties: unknown;
  variants: unknown[];
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

function objectId(node: object | undefined): number {
  if (node === undefined) return -1;
  let id = objectIds.get(node);
  if (id === undefined) {
    id = nextObjectId;
    nextObjectId += 1;
    objectIds.set(node, id);
  }
  return id;
}

/** Whether a schema's own keywords let `null` through (`nullable: true`, or `null` in `type`). */
function allowsNull(schema: JsonObject): boolean {
  return (
    schema.nullable === true || schema.type === "null" || asArray(schema.type).includes("null")
  );
}

function isNullSchema(schema: JsonObject | undefined): boolean {
  if (!schema) return false;
  if (schema.type === "null") return true;
  const types = asArray(schema.type);
  return types.length === 1 && types[0] === "null";
}

function emptyView(): SchemaView {
  return {
    types: new Set(),
    nullable: false,
    format: undefined,
    enumValues: undefined,
    properties: new Map(),
    required: new Set(),
    items: undefined,
    additionalProperties: undefined,
    variants: [],
  };
}

/** Adds what `schema` says to `view`; keywords already set by an outer schema win. */
function mergeInto(
  view: SchemaView,
  document: SpecDocument,
  schema: JsonObject,
  seen: Set<JsonObject>,
): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const ownTypes = typeof schema.type === "string" ? [schema.type] : asArray(schema.type);
  if (view.types.size === 0) {
    for (const type of ownTypes)
      if (typeof type === "string" && type !== "null") view.types.add(type);
  }
  if (allowsNull(schema)) view.nullable = true;
  if (view.format === undefined && typeof schema.format === "string") view.format = schema.format;
  if (view.enumValues === undefined && Array.isArray(schema.enum)) {
    view.enumValues = schema.enum.filter((value) => value !== null);
    if (schema.enum.includes(null)) view.nullable = true;
  }
  for (const [name, property] of Object.entries(asObject(schema.properties) ?? {})) {
    if (!view.properties.has(name)) view.properties.set(name, property);
  }
  for (const name of asArray(schema.required))
    if (typeof name === "string") view.required.add(name);
  if (view.items === undefined && schema.items !== undefined) view.items = schema.items;
  if (view.additionalProperties === undefined && asObject(schema.additionalProperties)) {
    view.additionalProperties = schema.additionalProperties;
  }

  // A value matches allOf only if it matches every member, so null needs them all to allow it.
  const members = asArray(schema.allOf).map((member) => document.resolve(member));
  const nullableBeforeMembers = view.nullable;
  for (const member of members) if (member) mergeInto(view, document, member, seen);
  view.nullable =
    nullableBeforeMembers ||
    (members.length > 0 && members.every((member) => member !== undefined && allowsNull(member)));

  const alternatives = [...asArray(schema.oneOf), ...asArray(schema.anyOf)];
  if (alternatives.length === 0) return;
  const nonNull = alternatives.filter((alternative) => {
    if (!isNullSchema(document.resolve(alternative))) return true;
    view.nullable = true;
    return false;
  });
  const single = nonNull.length === 1 ? document.resolve(nonNull[0]) : undefined;
  if (single) mergeInto(view, document, single, seen);
  else view.variants.push(...nonNull);
}

/**
 * Views already built, per document and resolved schema object: a shared schema is reached from
 * many places, and a view never changes once built.
 */
const viewCaches = new WeakMap<SpecDocument, WeakMap<JsonObject, SchemaView>>();

function viewOf(document: SpecDocument, schema: JsonObject | undefined): SchemaView {
  if (!schema) return emptyView();
  let cache = viewCaches.get(document);
  if (!cache) {
    cache = new WeakMap();
    viewCaches.set(document, cache);
  }
  let view = cache.get(schema);
  if (!view) {
    view = emptyView();
    mergeInto(view, document, schema, new Set());
    cache.set(schema, view);
  }
  return view;
}

/** The set of types a view accepts, with `object`/`array` inferred and variants by label. */
function typeSet(document: SpecDocument, view: SchemaView): Set<string> {
  if (view.types.size > 0) return view.types;
  if (view.variants.length > 0) {
    return new Set(view.variants.map((variant) => variantLabel(document, variant)));
  }
  if (view.properties.size > 0 || view.additionalProperties !== undefined)
    return new Set(["object"]);
  if (view.items !== undefined) return new Set(["array"]);
  return new Set();
}

function describeTypes(types: Set<string>): string {
  return types.size === 0 ? "any" : [...types].join(" | ");
}

/** Names a `oneOf`/`anyOf` variant: its component name for a `$ref`, else its types. */
function variantLabel(document: SpecDocument, schema: unknown): string {
  const ref = asObject(schema)?.$ref;
  if (typeof ref === "string") return decodeURIComponent(ref.slice(ref.lastIndexOf("/") + 1));
  return describeTypes(typeSet(document, viewOf(document, document.resolve(schema))));
}

/** Describes a schema's type for a person: `string`, `object | null`, `Cat | Dog`, `any`. */
export function describeSchema(document: SpecDocument, schema: unknown): string {
  const view = viewOf(document, document.resolve(schema));
  const types = describeTypes(typeSet(document, view));
  return view.nullable && types !== "any" ? `${types} | null` : types;
}

/** Whether every value of type set `narrow` is also a value of `wide` (an empty set is `any`). */
function isSubtype(narrow: Set<string>, wide: Set<string>): boolean {
  if (wide.size === 0) return true;
  if (narrow.size === 0) return false;
  for (const type of narrow) {
    if (!wide.has(type) && !(type === "integer" && wide.has("number"))) return false;
  }
  return true;
}

function sameSet(left: Set<string>, right: Set<string>): boolean {
  return left.size === right.size && [...left].every((value) => right.has(value));
}

function formatValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A property name as a field path segment: `.name`, or `["odd name"]`. */
export function fieldSegment(name: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function record(
  comparison: SchemaComparison,
  path: string,
  change: Omit<SpecChange, "location">,
): void {
  const location = path === "" ? comparison.root : `${comparison.root} ${path}`;
  comparison.changes.push({
    kind: change.kind,
    breaking: change.breaking,
    location,
    detail: change.detail,
  });
}

function compareEnums(
  comparison: SchemaComparison,
  path: string,
  before: unknown[] | undefined,
  after: unknown[] | undefined,
): void {
  const isRequest = comparison.direction === "request";
  if (before === undefined && after === undefined) return;
  if (before === undefined) {
    record(comparison, path, {
      kind: "enum-added",
      breaking: isRequest,
      detail: `now restricted to ${after!.map(formatValue).join(", ")}`,
    });
    return;
  }
  if (after === undefined) {
    record(comparison, path, {
      kind: "enum-removed",
      breaking: !isRequest,
      detail: `no longer restricted to ${before.map(formatValue).join(", ")}`,
    });
    return;
  }
  const beforeKeys = new Set(before.map((value) => JSON.stringify(value)));
  const afterKeys = new Set(after.map((value) => JSON.stringify(value)));
  const added = after.filter((value) => !beforeKeys.has(JSON.stringify(value)));
  const removed = before.filter((value) => !afterKeys.has(JSON.stringify(value)));
  if (added.length > 0) {
    record(comparison, path, {
      kind: "enum-values-added",
      breaking: !isRequest,
      detail: `enum values added: ${added.map(formatValue).join(", ")}`,
    });
  }
  if (removed.length > 0) {
    record(comparison, path, {
      kind: "enum-values-removed",
      breaking: isRequest,
      detail: `enum values removed: ${removed.map(formatValue).join(", ")}`,
    });
  }
}

function compareFormats(
  comparison: SchemaComparison,
  path: string,
  before: string | undefined,
  after: string | undefined,
): void {
  if (before === after) return;
  const isRequest = comparison.direction === "request";
  if (before === undefined) {
    record(comparison, path, {
      kind: "format-changed",
      breaking: isRequest,
      detail: `format added: ${after}`,
    });
  } else if (after === undefined) {
    record(comparison, path, {
      kind: "format-changed",
      breaking: !isRequest,
      detail: `format removed: ${before}`,
    });
  } else {
    record(comparison, path, {
      kind: "format-changed",
      breaking: true,
      detail: `format changed from ${before} to ${after}`,
    });
  }
}

function compareProperties(
  comparison: SchemaComparison,
  path: string,
  before: SchemaView,
  after: SchemaView,
): void {
  const isRequest = comparison.direction === "request";
  for (const [name, beforeProperty] of before.properties) {
    const fieldPath = `${path}${fieldSegment(name)}`;
    const afterProperty = after.properties.get(name);
    if (afterProperty === undefined) {
      record(comparison, fieldPath, {
        kind: "field-removed",
        breaking: true,
        detail: "field removed",
      });
      continue;
    }
    const wasRequired = before.required.has(name);
    const isRequired = after.required.has(name);
    if (wasRequired !== isRequired) {
      record(comparison, fieldPath, {
        kind: "required-changed",
        breaking: isRequest ? isRequired : wasRequired,
        detail: isRequired ? "became required" : "became optional",
      });
    }
    compareSchemas(comparison, beforeProperty, afterProperty, fieldPath);
  }
  for (const [name, afterProperty] of after.properties) {
    if (before.properties.has(name)) continue;
    const isRequired = after.required.has(name);
    record(comparison, `${path}${fieldSegment(name)}`, {
      kind: "field-added",
      breaking: isRequest && isRequired,
      detail: `${isRequired ? "required" : "optional"} field added (${describeSchema(comparison.after, afterProperty)})`,
    });
  }
}

/** Pairs variants by label (component name or type); unpaired ones are covered by the type change. */
function compareVariants(
  comparison: SchemaComparison,
  path: string,
  before: unknown[],
  after: unknown[],
): void {
  const unpaired = new Map<string, unknown[]>();
  for (const variant of after) {
    const label = variantLabel(comparison.after, variant);
    const list = unpaired.get(label);
    if (list) list.push(variant);
    else unpaired.set(label, [variant]);
  }
  for (const variant of before) {
    const match = unpaired.get(variantLabel(comparison.before, variant))?.shift();
    if (match !== undefined) compareSchemas(comparison, variant, match, path);
  }
}

/**
 * Appends the changes between two versions of a schema to `comparison.changes`, walking into
 * properties (`.name`), array items (`[]`), map values (`{}`) and `oneOf`/`anyOf` variants.
 * Identical components are skipped; a pair of schema objects already compared under the same
 * root is not walked again, which also ends recursive schemas.
 *
 * @param path - The field path of this schema under `comparison.root` (`""` at the root).
 */
export function compareSchemas(
  comparison: SchemaComparison,
  beforeSchema: unknown,
  afterSchema: unknown,
  path: string,
): void {
  const beforeRef = asObject(beforeSchema)?.$ref;
  if (
    typeof beforeRef === "string" &&
    beforeRef === asObject(afterSchema)?.$ref &&
    comparison.unchanged.isUnchangedRef(beforeRef)
  ) {
    return;
  }
  const before = comparison.before.resolve(beforeSchema);
  const after = comparison.after.resolve(afterSchema);
  const pairKey = `${objectId(before)}:${objectId(after)}`;
  if (comparison.visited.has(pairKey)) return;
  comparison.visited.add(pairKey);

  const isRequest = comparison.direction === "request";
  const beforeView = viewOf(comparison.before, before);
  const afterView = viewOf(comparison.after, after);
  const beforeTypes = typeSet(comparison.before, beforeView);
  const afterTypes = typeSet(comparison.after, afterView);
  const sameTypes = sameSet(beforeTypes, afterTypes);
  if (!sameTypes) {
    record(comparison, path, {
      kind: "type-changed",
      breaking: isRequest
        ? !isSubtype(beforeTypes, afterTypes)
        : !isSubtype(afterTypes, beforeTypes),
      detail: `type changed from ${describeTypes(beforeTypes)} to ${describeTypes(afterTypes)}`,
    });
  }
  if (beforeView.nullable !== afterView.nullable) {
    record(comparison, path, {
      kind: "nullable-changed",
      breaking: isRequest ? beforeView.nullable : afterView.nullable,
      detail: afterView.nullable ? "became nullable" : "no longer nullable",
    });
  }
  const bothHaveVariants = beforeView.variants.length > 0 && afterView.variants.length > 0;
  if (!sameTypes && !bothHaveVariants) return;
  compareFormats(comparison, path, beforeView.format, afterView.format);
  compareEnums(comparison, path, beforeView.enumValues, afterView.enumValues);
  compareProperties(comparison, path, beforeView, afterView);
  if (beforeView.items !== undefined && afterView.items !== undefined) {
    compareSchemas(comparison, beforeView.items, afterView.items, `${path}[]`);
  }
  if (
    beforeView.additionalProperties !== undefined &&
    afterView.additionalProperties !== undefined
  ) {
    compareSchemas(
      comparison,
      beforeView.additionalProperties,
      afterView.additionalProperties,
      `${path}{}`,
    );
  }
  compareVariants(comparison, path, beforeView.variants, afterView.variants);
}
