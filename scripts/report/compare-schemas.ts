/**
 * Comparing two versions of a schema (a request body, a response body, a parameter) field by
 * field, with the direction of the data deciding what breaks a client. The rules are the tables
 * of `docs/change-report.md`.
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
  /**
   * Answers of {@link isCompatible}, per direction and pair of schema objects, shared by the
   * whole comparison of two documents.
   */
  compatibility: Map<string, boolean>;
}

/** What a schema is a field of, for the keywords whose effect depends on it (`default`). */
export interface FieldContext {
  /** Whether the field is required (a required parameter, a property in `required`). */
  required: boolean;
  /**
   * Whether the field's own schema sets `default`, before and after: what makes an optional
   * response property non-optional in the generated types (`defaultNonNullable`).
   * @default `{ before: false, after: false }` (parameters: they are never made non-optional)
   */
  ownDefault?: { before: boolean; after: boolean };
}

/** A value that may be absent: `{ value }` when the keyword is present. */
type Present = { value: unknown } | undefined;

/** Value constraints compared in requests, with the way each one tightens. */
const lowerBounds = ["minimum", "minLength", "minItems", "minProperties"] as const;
const upperBounds = ["maximum", "maxLength", "maxItems", "maxProperties"] as const;

/**
 * A schema with `$ref`s followed and `allOf` merged the way openapi-typescript's intersection
 * type reads it: every member's properties (a property declared by several members is the
 * intersection of their schemas), the union of their `required` lists, the intersection of
 * their declared types; `oneOf`/`anyOf` alternatives as variants.
 */
interface SchemaView {
  /** Declared types (`type`), intersected across `allOf`; empty when none is declared. */
  types: Set<string>;
  nullable: boolean;
  format: string | undefined;
  enumValues: unknown[] | undefined;
  constValue: Present;
  defaultValue: Present;
  /** `pattern`, bounds, `multipleOf`, `uniqueItems`: the first declaration of each, outer first. */
  constraints: Map<string, unknown>;
  deprecated: boolean;
  properties: Map<string, unknown>;
  required: Set<string>;
  items: unknown;
  additionalProperties: unknown;
  /** `oneOf`/`anyOf` alternatives other than `null`, when there are two or more. */
  variants: unknown[];
  /** The schema without its own `oneOf`/`anyOf`, which each variant is intersected with. */
  base: JsonObject | undefined;
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
    constValue: undefined,
    defaultValue: undefined,
    constraints: new Map(),
    deprecated: false,
    properties: new Map(),
    required: new Set(),
    items: undefined,
    additionalProperties: undefined,
    variants: [],
    base: undefined,
  };
}

/** A schema's own declared types, without `null`; `undefined` when it declares none. */
function declaredTypes(schema: JsonObject): Set<string> | undefined {
  if (schema.type === undefined) return undefined;
  const list = typeof schema.type === "string" ? [schema.type] : asArray(schema.type);
  return new Set(
    list.filter((type): type is string => typeof type === "string" && type !== "null"),
  );
}

/** The values of both sets, with `integer` kept where the other side has `number`. */
function intersectTypes(left: Set<string>, right: Set<string>): Set<string> {
  const result = new Set<string>();
  for (const type of left) {
    if (right.has(type)) result.add(type);
    else if (type === "integer" && right.has("number")) result.add("integer");
  }
  for (const type of right) if (type === "integer" && left.has("number")) result.add("integer");
  return result;
}

/** The schemas {@link combined} made, so their members' own keywords can be read. */
const combinedSchemas = new WeakSet<JsonObject>();

/**
 * The schemas {@link combined} made, per document and list of members: the same members always
 * give the same object, so a recursive `allOf` is recognised when it comes round again.
 */
const combinedByMembers = new WeakMap<SpecDocument, Map<string, JsonObject>>();

/** The schemas that several `allOf` members give one slot (a property, `items`), as one schema. */
function combined(document: SpecDocument, schemas: unknown[]): unknown {
  if (schemas.length === 1) return schemas[0];
  let cache = combinedByMembers.get(document);
  if (!cache) {
    cache = new Map();
    combinedByMembers.set(document, cache);
  }
  const key = schemas
    .map((schema) =>
      typeof schema === "object" && schema !== null ? objectId(schema) : JSON.stringify(schema),
    )
    .join(",");
  let schema = cache.get(key);
  if (!schema) {
    schema = { allOf: schemas };
    combinedSchemas.add(schema);
    cache.set(key, schema);
  }
  return schema;
}

/**
 * Whether a property's own schema object sets `keyword` to a truthy value, as openapi-typescript
 * reads `readOnly`, `writeOnly` and `default` for a property: beside a `$ref`, never inside its
 * target. A property that several `allOf` members declare has it when any declaration does (the
 * intersection of the marked and the plain type is marked).
 */
function hasOwnKeyword(property: unknown, keyword: "readOnly" | "writeOnly" | "default"): boolean {
  const schema = asObject(property);
  if (schema === undefined) return false;
  if (combinedSchemas.has(schema)) {
    return asArray(schema.allOf).some((member) => hasOwnKeyword(member, keyword));
  }
  return keyword === "default" ? schema.default !== undefined : schema[keyword] === true;
}

const constraintKeywords = [
  "pattern",
  ...lowerBounds,
  ...upperBounds,
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "uniqueItems",
] as const;

/** Collects `schema` and its `allOf` members, depth first, outer before inner. */
function allOfMembers(
  document: SpecDocument,
  schema: JsonObject,
  into: JsonObject[],
  seen: Set<JsonObject>,
): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  into.push(schema);
  for (const member of asArray(schema.allOf)) {
    const resolved = document.resolve(member);
    if (resolved) allOfMembers(document, resolved, into, seen);
  }
}

function buildView(document: SpecDocument, schema: JsonObject): SchemaView {
  const view = emptyView();
  const members: JsonObject[] = [];
  allOfMembers(document, schema, members, new Set());

  let types: Set<string> | undefined;
  const propertyLists = new Map<string, unknown[]>();
  const itemLists: unknown[] = [];
  for (const member of members) {
    const own = declaredTypes(member);
    if (own) types = types === undefined ? own : intersectTypes(types, own);
    if (view.format === undefined && typeof member.format === "string") view.format = member.format;
    if (view.enumValues === undefined && Array.isArray(member.enum)) {
      view.enumValues = member.enum.filter((value) => value !== null);
    }
    if (view.constValue === undefined && Object.hasOwn(member, "const")) {
      view.constValue = { value: member.const };
    }
    if (view.defaultValue === undefined && Object.hasOwn(member, "default")) {
      view.defaultValue = { value: member.default };
    }
    for (const keyword of constraintKeywords) {
      if (!view.constraints.has(keyword) && member[keyword] !== undefined) {
        view.constraints.set(keyword, member[keyword]);
      }
    }
    if (member.deprecated === true) view.deprecated = true;
    for (const [name, property] of Object.entries(asObject(member.properties) ?? {})) {
      const list = propertyLists.get(name);
      if (list) list.push(property);
      else propertyLists.set(name, [property]);
    }
    for (const name of asArray(member.required))
      if (typeof name === "string") view.required.add(name);
    if (member.items !== undefined) itemLists.push(member.items);
    if (view.additionalProperties === undefined && member.additionalProperties === true) {
      view.additionalProperties = anySchema;
    } else if (view.additionalProperties === undefined && asObject(member.additionalProperties)) {
      view.additionalProperties = member.additionalProperties;
    }
  }
  view.types = types ?? new Set();
  for (const [name, list] of propertyLists) view.properties.set(name, combined(document, list));
  if (itemLists.length > 0) view.items = combined(document, itemLists);

  // The schema itself allowing null decides (the OpenAPI 3.0 `nullable` beside `allOf` idiom);
  // otherwise a value matches allOf only if it matches every member, so all must allow null.
  const inner = members.slice(1);
  view.nullable =
    allowsNull(schema) ||
    (inner.length > 0 && inner.every((member) => allowsNull(member))) ||
    (Array.isArray(schema.enum) && schema.enum.includes(null));

  const owner = members.find(
    (member) => asArray(member.oneOf).length > 0 || asArray(member.anyOf).length > 0,
  );
  if (owner === undefined) return view;
  const alternatives = [...asArray(owner.oneOf), ...asArray(owner.anyOf)];
  const nonNull = alternatives.filter((alternative) => {
    if (!isNullSchema(document.resolve(alternative))) return true;
    view.nullable = true;
    return false;
  });
  if (nonNull.length === 1) {
    // `oneOf: [X, null]`: the one alternative is the schema.
    const single = viewOf(document, document.resolve(nonNull[0]));
    mergeSingleAlternative(document, view, single);
    return view;
  }
  view.variants = nonNull;
  if (owner === schema) {
    const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = schema;
    if (Object.keys(rest).length > 0) view.base = rest;
  }
  return view;
}

/** Folds the view of a lone non-null alternative into `view`; the outer keywords win. */
function mergeSingleAlternative(
  document: SpecDocument,
  view: SchemaView,
  single: SchemaView,
): void {
  view.types = view.types.size === 0 ? single.types : intersectTypes(view.types, single.types);
  if (single.nullable) view.nullable = true;
  view.format ??= single.format;
  view.enumValues ??= single.enumValues;
  view.constValue ??= single.constValue;
  view.defaultValue ??= single.defaultValue;
  for (const [keyword, value] of single.constraints) {
    if (!view.constraints.has(keyword)) view.constraints.set(keyword, value);
  }
  view.deprecated ||= single.deprecated;
  for (const [name, property] of single.properties) {
    const own = view.properties.get(name);
    view.properties.set(name, own === undefined ? property : combined(document, [own, property]));
  }
  for (const name of single.required) view.required.add(name);
  if (single.items !== undefined) {
    view.items =
      view.items === undefined ? single.items : combined(document, [view.items, single.items]);
  }
  view.additionalProperties ??= single.additionalProperties;
  view.variants = single.variants;
  view.base = single.base;
}

/**
 * Views already built, per document and resolved schema object: a shared schema is reached from
 * many places, and a view never changes once built (which also keeps the schemas it combines
 * for `allOf` one object each, so a recursive schema is still recognised when seen again).
 */
const viewCaches = new WeakMap<SpecDocument, WeakMap<JsonObject, SchemaView>>();

/**
 * The schema that allows anything: what an array without `items` holds, and the values of
 * `additionalProperties: true` (`unknown` in the types).
 */
const anySchema: JsonObject = {};

/** The view of no schema, and of a schema while its own view is being built; never changed. */
const noView: SchemaView = emptyView();

function viewOf(document: SpecDocument, schema: JsonObject | undefined): SchemaView {
  if (!schema) return noView;
  let cache = viewCaches.get(document);
  if (!cache) {
    cache = new WeakMap();
    viewCaches.set(document, cache);
  }
  let view = cache.get(schema);
  if (!view) {
    // A placeholder first: a schema whose allOf reaches itself gets an empty view inside.
    cache.set(schema, noView);
    view = buildView(document, schema);
    cache.set(schema, view);
  }
  return view;
}

/** The set of types a view accepts: declared, else inferred from its keywords or its variants. */
function typeSet(
  document: SpecDocument,
  view: SchemaView,
  seen: Set<SchemaView> = new Set(),
): Set<string> {
  if (view.types.size > 0) return view.types;
  if (view.properties.size > 0 || view.additionalProperties !== undefined)
    return new Set(["object"]);
  if (view.items !== undefined) return new Set(["array"]);
  if (view.variants.length > 0 && !seen.has(view)) {
    seen.add(view);
    const types = new Set<string>();
    for (const variant of view.variants) {
      const variantTypes = typeSet(document, viewOf(document, document.resolve(variant)), seen);
      // A variant of any type makes the whole schema any type.
      if (variantTypes.size === 0) return new Set();
      for (const type of variantTypes) types.add(type);
    }
    return types;
  }
  return new Set();
}

function describeTypes(types: Set<string>): string {
  return types.size === 0 ? "any" : [...types].join(" | ");
}

/** Names a `oneOf`/`anyOf` variant: its component name for a `$ref`, else its types. */
function variantLabel(document: SpecDocument, schema: unknown): string {
  const ref = asObject(schema)?.$ref;
  if (typeof ref === "string") return decodeURIComponent(ref.slice(ref.lastIndexOf("/") + 1));
  const view = viewOf(document, document.resolve(schema));
  if (view.constValue !== undefined) return formatValue(view.constValue.value);
  return describeTypes(typeSet(document, view));
}

function variantLabels(document: SpecDocument, variants: unknown[]): string {
  return variants.map((variant) => variantLabel(document, variant)).join(" | ");
}

/** Describes a schema's type for a person: `string`, `object | null`, `Cat | Dog`, `any`. */
export function describeSchema(document: SpecDocument, schema: unknown): string {
  const view = viewOf(document, document.resolve(schema));
  const types =
    view.variants.length > 0 && view.types.size === 0 && view.properties.size === 0
      ? variantLabels(document, view.variants)
      : describeTypes(typeSet(document, view));
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

/** `const` is a literal type: like an enum of one value. */
function compareConsts(
  comparison: SchemaComparison,
  path: string,
  before: Present,
  after: Present,
): void {
  const isRequest = comparison.direction === "request";
  if (before === undefined && after === undefined) return;
  if (before === undefined) {
    record(comparison, path, {
      kind: "const-changed",
      breaking: isRequest,
      detail: `const added: ${formatValue(after!.value)}`,
    });
  } else if (after === undefined) {
    record(comparison, path, {
      kind: "const-changed",
      breaking: !isRequest,
      detail: `const removed: ${formatValue(before.value)}`,
    });
  } else if (JSON.stringify(before.value) !== JSON.stringify(after.value)) {
    record(comparison, path, {
      kind: "const-changed",
      breaking: true,
      detail: `const changed from ${formatValue(before.value)} to ${formatValue(after.value)}`,
    });
  }
}

/**
 * `default` on a field. In a request the server fills it in for callers who omit the field, so
 * any change to an optional field's default changes what they get. In a response the types mark
 * an optional field with a default as always present (generation uses `defaultNonNullable`), so
 * removing it makes the field optional.
 */
function compareDefaults(
  comparison: SchemaComparison,
  path: string,
  before: Present,
  after: Present,
  field: FieldContext,
): void {
  if (before === undefined && after === undefined) return;
  if (before && after && JSON.stringify(before.value) === JSON.stringify(after.value)) return;
  const isRequest = comparison.direction === "request";
  const ownDefault = field.ownDefault ?? { before: false, after: false };
  const breaking = isRequest
    ? !field.required
    : !field.required && ownDefault.before && !ownDefault.after;
  const detail =
    before === undefined
      ? `default added: ${formatValue(after!.value)}`
      : after === undefined
        ? `default removed: ${formatValue(before.value)}`
        : `default changed from ${formatValue(before.value)} to ${formatValue(after.value)}`;
  record(comparison, path, { kind: "default-changed", breaking, detail });
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

/**
 * Whether a bound moved so that fewer values pass: for a lower bound (`minimum`, `minLength`, …)
 * added or raised, for an upper bound added or lowered. A boolean OpenAPI 3.0
 * `exclusiveMinimum`/`exclusiveMaximum` tightens when it becomes `true`.
 */
function boundTightened(keyword: string, before: unknown, after: unknown): boolean {
  if (after === undefined) return false;
  if (typeof after === "boolean") return after && before !== true;
  if (typeof after !== "number") return true;
  if (typeof before !== "number") return true;
  const isLower =
    (lowerBounds as readonly string[]).includes(keyword) || keyword === "exclusiveMinimum";
  return isLower ? after > before : after < before;
}

function constraintTightened(keyword: string, before: unknown, after: unknown): boolean {
  switch (keyword) {
    case "pattern":
      return after !== undefined;
    case "multipleOf":
      // A new step is looser only when every multiple of the old one is a multiple of it.
      return (
        after !== undefined &&
        !(typeof before === "number" && typeof after === "number" && (before / after) % 1 === 0)
      );
    case "uniqueItems":
      return after === true && before !== true;
    default:
      return boundTightened(keyword, before, after);
  }
}

/**
 * Value constraints. In a request the server starts rejecting what old clients send when one
 * tightens; in a response they do not change the types, so each is listed as non-breaking.
 */
/** The type each constraint keyword applies to; JSON Schema ignores it on values of other types. */
const constraintTypes: Record<(typeof constraintKeywords)[number], string> = {
  pattern: "string",
  minLength: "string",
  maxLength: "string",
  minimum: "number",
  maximum: "number",
  exclusiveMinimum: "number",
  exclusiveMaximum: "number",
  multipleOf: "number",
  minItems: "array",
  maxItems: "array",
  uniqueItems: "array",
  minProperties: "object",
  maxProperties: "object",
};

/** Whether a keyword constrains any value of the type set (an empty set is any type). */
function constrains(keyword: (typeof constraintKeywords)[number], types: Set<string>): boolean {
  const type = constraintTypes[keyword];
  return types.size === 0 || types.has(type) || (type === "number" && types.has("integer"));
}

function compareConstraints(
  comparison: SchemaComparison,
  path: string,
  before: Map<string, unknown>,
  after: Map<string, unknown>,
  types: Set<string>,
): void {
  if (before.size === 0 && after.size === 0) return;
  const isRequest = comparison.direction === "request";
  for (const keyword of constraintKeywords) {
    if (!constrains(keyword, types)) continue;
    const from = before.get(keyword);
    const to = after.get(keyword);
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    const detail =
      from === undefined
        ? `${keyword} added: ${formatValue(to)}`
        : to === undefined
          ? `${keyword} removed: ${formatValue(from)}`
          : `${keyword} changed from ${formatValue(from)} to ${formatValue(to)}`;
    record(comparison, path, {
      kind: "constraint-changed",
      breaking: isRequest && constraintTightened(keyword, from, to),
      detail,
    });
  }
}

/**
 * Whether a property appears in the direction's types: request bodies leave read-only
 * properties out and results leave write-only ones out (openapi-typescript's `readWriteMarkers`
 * with openapi-fetch's `Writable`/`Readable`).
 */
function isVisible(comparison: SchemaComparison, property: unknown): boolean {
  return !hasOwnKeyword(property, comparison.direction === "request" ? "readOnly" : "writeOnly");
}

/**
 * The marker that does not hide a property in this direction (`writeOnly` in a request,
 * `readOnly` in a response): toggling it changes no type, and is listed as a notice.
 */
function compareVisibleMarker(
  comparison: SchemaComparison,
  fieldPath: string,
  beforeProperty: unknown,
  afterProperty: unknown,
): void {
  const keyword = comparison.direction === "request" ? "writeOnly" : "readOnly";
  const marker = keyword === "writeOnly" ? "write-only" : "read-only";
  const was = hasOwnKeyword(beforeProperty, keyword);
  const is = hasOwnKeyword(afterProperty, keyword);
  if (was === is) return;
  record(comparison, fieldPath, {
    kind: "access-changed",
    breaking: false,
    detail: is ? `became ${marker}` : `no longer ${marker}`,
  });
}

function compareProperties(
  comparison: SchemaComparison,
  path: string,
  before: SchemaView,
  after: SchemaView,
): void {
  const isRequest = comparison.direction === "request";
  const hiddenMarker = isRequest ? "read-only" : "write-only";
  const hiddenWhere = isRequest ? "not sent in requests" : "not in results";
  for (const [name, beforeProperty] of before.properties) {
    const fieldPath = `${path}${fieldSegment(name)}`;
    const afterProperty = after.properties.get(name);
    const wasVisible = isVisible(comparison, beforeProperty);
    if (afterProperty === undefined) {
      record(comparison, fieldPath, {
        kind: "field-removed",
        breaking: wasVisible,
        detail: wasVisible ? "field removed" : `${hiddenMarker} field removed (${hiddenWhere})`,
      });
      continue;
    }
    const isVisibleNow = isVisible(comparison, afterProperty);
    const wasRequired = before.required.has(name);
    const isRequired = after.required.has(name);
    // A property hidden in this direction has no type here: its changes show in the other one.
    if (!wasVisible && !isVisibleNow) continue;
    if (wasVisible && !isVisibleNow) {
      // A request body type refuses a read-only field (`?: never`); a result drops a write-only one.
      record(comparison, fieldPath, {
        kind: "access-changed",
        breaking: true,
        detail: `became ${hiddenMarker}`,
      });
      continue;
    }
    if (!wasVisible && isVisibleNow) {
      record(comparison, fieldPath, {
        kind: "access-changed",
        breaking: isRequest && isRequired,
        detail: `no longer ${hiddenMarker}: ${isRequired ? "required" : "optional"} field added (${describeSchema(comparison.after, afterProperty)})`,
      });
      continue;
    }
    compareVisibleMarker(comparison, fieldPath, beforeProperty, afterProperty);
    if (wasRequired !== isRequired) {
      record(comparison, fieldPath, {
        kind: "required-changed",
        breaking: isRequest ? isRequired : wasRequired,
        detail: isRequired ? "became required" : "became optional",
      });
    }
    compareSchemas(comparison, beforeProperty, afterProperty, fieldPath, {
      required: isRequired,
      ownDefault: {
        before: hasOwnKeyword(beforeProperty, "default"),
        after: hasOwnKeyword(afterProperty, "default"),
      },
    });
  }
  for (const [name, afterProperty] of after.properties) {
    if (before.properties.has(name)) continue;
    const isRequired = after.required.has(name);
    const type = describeSchema(comparison.after, afterProperty);
    const visible = isVisible(comparison, afterProperty);
    record(comparison, `${path}${fieldSegment(name)}`, {
      kind: "field-added",
      breaking: visible && isRequest && isRequired,
      detail: visible
        ? `${isRequired ? "required" : "optional"} field added (${type})`
        : `${hiddenMarker} field added (${type}; ${hiddenWhere})`,
    });
  }
}

/**
 * The alternatives a view stands for: each variant with the shared keywords (one object per
 * pair, so a recursive union is recognised when it comes round again), or the schema itself.
 */
function alternativesOf(
  document: SpecDocument,
  schema: JsonObject | undefined,
  view: SchemaView,
): unknown[] {
  if (view.variants.length === 0) return schema === undefined ? [] : [schema];
  return view.variants.map((variant) =>
    view.base === undefined ? variant : combined(document, [view.base, variant]),
  );
}

/**
 * Whether comparing `before` with `after` alone finds nothing breaking. Pairs already being
 * compared count as compatible, so a recursive schema is judged by the rest of its shape and the
 * check ends.
 */
function isCompatible(comparison: SchemaComparison, before: unknown, after: unknown): boolean {
  const beforeSchema = comparison.before.resolve(before);
  const afterSchema = comparison.after.resolve(after);
  const key = `${comparison.direction}:${objectId(beforeSchema)}:${objectId(afterSchema)}`;
  const known = comparison.compatibility.get(key);
  if (known !== undefined) return known;
  comparison.compatibility.set(key, true);
  const scratch: SchemaComparison = {
    ...comparison,
    changes: [],
    visited: new Set(),
  };
  compareSchemas(scratch, before, after, "");
  const compatible = scratch.changes.every((change) => !change.breaking);
  comparison.compatibility.set(key, compatible);
  return compatible;
}

/**
 * One side a union (`oneOf`/`anyOf`), the other not: a single line, breaking unless every value
 * that must keep working still fits an alternative (in a request every old alternative must fit
 * a new one; in a response every new alternative must fit an old one).
 */
function compareUnionShape(
  comparison: SchemaComparison,
  path: string,
  before: { schema: JsonObject | undefined; view: SchemaView },
  after: { schema: JsonObject | undefined; view: SchemaView },
): void {
  const oldAlternatives = alternativesOf(comparison.before, before.schema, before.view);
  const newAlternatives = alternativesOf(comparison.after, after.schema, after.view);
  const compatible =
    comparison.direction === "request"
      ? oldAlternatives.every((old) =>
          newAlternatives.some((next) => isCompatible(comparison, old, next)),
        )
      : newAlternatives.every((next) =>
          oldAlternatives.some((old) => isCompatible(comparison, old, next)),
        );
  const detail =
    after.view.variants.length > 0
      ? `became one of ${variantLabels(comparison.after, after.view.variants)}`
      : `no longer one of ${variantLabels(comparison.before, before.view.variants)}: now ${describeSchema(comparison.after, after.schema)}`;
  record(comparison, path, { kind: "variants-changed", breaking: !compatible, detail });
}

/**
 * Pairs variants by label (component name, else types) and compares each pair; a variant
 * without a counterpart is added or removed: a request accepting one more alternative, or a
 * result that may be one more thing.
 */
function compareVariants(
  comparison: SchemaComparison,
  path: string,
  before: unknown[],
  after: unknown[],
): void {
  const isRequest = comparison.direction === "request";
  const unpaired = new Map<string, unknown[]>();
  for (const variant of after) {
    const label = variantLabel(comparison.after, variant);
    const list = unpaired.get(label);
    if (list) list.push(variant);
    else unpaired.set(label, [variant]);
  }
  const removed: string[] = [];
  const pairs: [unknown, unknown][] = [];
  for (const variant of before) {
    const label = variantLabel(comparison.before, variant);
    const match = unpaired.get(label)?.shift();
    if (match === undefined) removed.push(label);
    else pairs.push([variant, match]);
  }
  const added = [...unpaired.values()]
    .flat()
    .map((variant) => variantLabel(comparison.after, variant));
  if (removed.length > 0) {
    record(comparison, path, {
      kind: "variants-changed",
      breaking: isRequest,
      detail: `variants removed: ${removed.join(", ")}`,
    });
  }
  if (added.length > 0) {
    record(comparison, path, {
      kind: "variants-changed",
      breaking: !isRequest,
      detail: `variants added: ${added.join(", ")}`,
    });
  }
  for (const [variant, match] of pairs) compareSchemas(comparison, variant, match, path);
}

/**
 * `additionalProperties`: an index signature in the types. Without one, an object literal with
 * other keys does not compile and indexing by any string is an error, so losing it breaks both
 * directions; gaining one breaks neither.
 */
function compareMapValues(
  comparison: SchemaComparison,
  path: string,
  before: unknown,
  after: unknown,
): void {
  if (before !== undefined && after !== undefined) {
    compareSchemas(comparison, before, after, `${path}{}`);
  } else if (before !== undefined) {
    record(comparison, `${path}{}`, {
      kind: "field-removed",
      breaking: true,
      detail: "map values removed (no more additionalProperties)",
    });
  } else if (after !== undefined) {
    record(comparison, `${path}{}`, {
      kind: "field-added",
      breaking: false,
      detail: `map values added (${describeSchema(comparison.after, after)})`,
    });
  }
}

/**
 * Appends the changes between two versions of a schema to `comparison.changes`, walking into
 * properties (`.name`), array items (`[]`), map values (`{}`) and `oneOf`/`anyOf` variants.
 * Identical components are skipped; a pair of schema objects already compared under the same
 * root is not walked again, which also ends recursive schemas.
 *
 * @param path - The field path of this schema under `comparison.root` (`""` at the root).
 * @param field - Set when the schema is a field's (a property, a parameter): `default` is
 *   compared only there.
 */
export function compareSchemas(
  comparison: SchemaComparison,
  beforeSchema: unknown,
  afterSchema: unknown,
  path: string,
  field?: FieldContext,
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
  const beforeIsUnion = beforeView.variants.length > 0;
  const afterIsUnion = afterView.variants.length > 0;

  if (!beforeView.deprecated && afterView.deprecated) {
    record(comparison, path, { kind: "deprecated", breaking: false, detail: "deprecated" });
  }
  if (beforeIsUnion !== afterIsUnion) {
    if (beforeView.nullable !== afterView.nullable) {
      record(comparison, path, {
        kind: "nullable-changed",
        breaking: isRequest ? beforeView.nullable : afterView.nullable,
        detail: afterView.nullable ? "became nullable" : "no longer nullable",
      });
    }
    compareUnionShape(
      comparison,
      path,
      { schema: before, view: beforeView },
      { schema: after, view: afterView },
    );
    return;
  }

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
  if (field)
    compareDefaults(comparison, path, beforeView.defaultValue, afterView.defaultValue, field);
  if (!sameTypes && !(beforeIsUnion && afterIsUnion)) return;
  compareFormats(comparison, path, beforeView.format, afterView.format);
  compareEnums(comparison, path, beforeView.enumValues, afterView.enumValues);
  compareConsts(comparison, path, beforeView.constValue, afterView.constValue);
  compareConstraints(
    comparison,
    path,
    beforeView.constraints,
    afterView.constraints,
    new Set([...beforeTypes, ...afterTypes]),
  );
  compareProperties(comparison, path, beforeView, afterView);
  if (beforeView.items !== undefined || afterView.items !== undefined) {
    compareSchemas(
      comparison,
      beforeView.items ?? anySchema,
      afterView.items ?? anySchema,
      `${path}[]`,
    );
  }
  compareMapValues(
    comparison,
    path,
    beforeView.additionalProperties,
    afterView.additionalProperties,
  );
  compareVariants(comparison, path, beforeView.variants, afterView.variants);
}
