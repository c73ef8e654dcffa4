/**
 * `examples.ts`: one JSON example per operation and response status, for the fakes of
 * `api-clients/testing`. The spec's own example where it has one (the media type's first
 * `examples` entry, else its `example`, else the schema's), otherwise a value built from the
 * response schema. Every value is checked against its schema here, and against the generated
 * types by `satisfies` when the file compiles.
 */
import { followLocalRef } from "../fixes/json-pointer.js";
import { isPlainObject } from "../fixes/plain-object.js";

/** What {@link renderExamples} made: the file's code (unformatted, no header) and its warnings. */
export interface RenderedExamples {
  source: string;
  /** One line per example left out or replaced, naming the operation, status and why. */
  warnings: string[];
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const JSON_MEDIA_TYPE = "application/json";

/** Schemas nested deeper than this are not built: the value stops there (and is checked as such). */
const MAX_DEPTH = 32;

/**
 * Renders `examples.ts` from a bundled document (local `$ref`s only). A spec example that does
 * not match its schema is replaced by one built from the schema, with a warning; a status whose
 * schema no built value satisfies is left out, with a warning.
 */
export function renderExamples(document: Record<string, unknown>): RenderedExamples {
  const warnings: string[] = [];
  const paths = isPlainObject(document.paths) ? document.paths : {};
  const openApi30 = typeof document.openapi === "string" && document.openapi.startsWith("3.0");
  const resolve = cachedResolver(document);
  const pathEntries: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    const pathItem = resolve(item);
    if (!isPlainObject(pathItem)) continue;
    const operationEntries: string[] = [];
    for (const method of METHODS) {
      const operation = resolve(pathItem[method]);
      if (!isPlainObject(operation) || !isPlainObject(operation.responses)) continue;
      const statusEntries: string[] = [];
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = jsonMediaType(resolve(response), resolve);
        if (!media) continue;
        const where = `${method.toUpperCase()} ${path} ${status}`;
        const schema = resolve(media.schema) ?? {};
        const check = (value: unknown) => mismatch(value, schema, { resolve, openApi30 });
        const picked = specExample(media, resolve);
        let origin: string;
        let value: unknown;
        const problem = picked && check(picked.value);
        if (picked && problem === undefined) {
          ({ origin, value } = picked);
        } else {
          value = orNull(buildFromSchema(schema, { resolve, openApi30, seen: new Set() }));
          const builtProblem = check(value);
          if (builtProblem !== undefined) {
            warnings.push(`${where}: no example: a value built from its schema ${builtProblem}`);
            continue;
          }
          origin = "Built from the response schema";
          if (picked) {
            warnings.push(`${where}: ${picked.origin} ${problem}; built one from the schema`);
            origin += ` (${picked.origin} ${problem})`;
          } else {
            origin += ": the spec has no example";
          }
        }
        const bodyType = `Readable<Json<paths[${key(path)}][${key(method)}]["responses"][${key(status)}]>>`;
        statusEntries.push(
          `/** ${comment(origin)}. */\n${key(status)}: ${JSON.stringify(value, null, 2)} satisfies ${bodyType},`,
        );
      }
      if (statusEntries.length > 0) {
        operationEntries.push(`${method}: {\n${indent(statusEntries.join("\n"))}\n},`);
      }
    }
    if (operationEntries.length > 0) {
      pathEntries.push(`${key(path)}: {\n${indent(operationEntries.join("\n"))}\n},`);
    }
  }
  const source = [
    'import type { paths, Readable } from "./schema.js";',
    "",
    "/** The JSON body of a response of `paths`. */",
    "type Json<Response> =",
    '  Response extends { content: { "application/json": infer Body } } ? Body : never;',
    "",
    "/**",
    " * One example body per operation and JSON response status, by path, method and status: the",
    " * spec's own example where it has one, otherwise a value built from the response schema. Each",
    " * was checked against its schema when generated.",
    " */",
    `export const examples = {\n${indent(pathEntries.join("\n"))}\n};`,
    "",
  ].join("\n");
  return { source, warnings };
}

/**
 * Follows local `$ref`s, remembering each target: a large spec refers to the same schemas
 * thousands of times.
 */
function cachedResolver(document: Record<string, unknown>): (node: unknown) => unknown {
  const targets = new Map<string, unknown>();
  return (node) => {
    if (!isPlainObject(node) || typeof node.$ref !== "string") return node;
    if (!targets.has(node.$ref)) targets.set(node.$ref, followLocalRef(document, node));
    return targets.get(node.$ref);
  };
}

/** The response's `application/json` media type object, if it has one. */
function jsonMediaType(
  response: unknown,
  resolve: (node: unknown) => unknown,
): Record<string, unknown> | undefined {
  if (!isPlainObject(response) || !isPlainObject(response.content)) return undefined;
  const media = resolve(response.content[JSON_MEDIA_TYPE]);
  return isPlainObject(media) ? media : undefined;
}

/** The first example the spec gives for a media type, and where it came from. */
function specExample(
  media: Record<string, unknown>,
  resolve: (node: unknown) => unknown,
): { origin: string; value: unknown } | undefined {
  if (isPlainObject(media.examples)) {
    for (const [name, entry] of Object.entries(media.examples)) {
      const example = resolve(entry);
      if (isPlainObject(example) && "value" in example) {
        return { origin: `The spec's example ${JSON.stringify(name)}`, value: example.value };
      }
    }
  }
  if (media.example !== undefined) return { origin: "The spec's example", value: media.example };
  const schema = resolve(media.schema);
  if (isPlainObject(schema) && schema.example !== undefined) {
    return { origin: "The schema's example", value: schema.example };
  }
  return undefined;
}

interface SchemaContext {
  resolve: (node: unknown) => unknown;
  /** OpenAPI 3.0 marks null with `nullable: true`; 3.1 with a `"null"` type. */
  openApi30: boolean;
}

/** What {@link buildFromSchema} gives for a schema already being built (a recursive one). */
const CYCLE = Symbol("cycle");

/**
 * A value of `schema`: its `const`, `example`, `default` or first enum value, else by type (every
 * property of an object, no items in an array, the format's usual shape for a string, the
 * minimum for a number). A recursive schema stops where it repeats: an optional property there
 * is left out, a required one is `null`.
 */
function buildFromSchema(node: unknown, context: SchemaContext & { seen: Set<unknown> }): unknown {
  const schema = context.resolve(node);
  if (context.seen.has(schema) || context.seen.size > MAX_DEPTH) return CYCLE;
  if (!isPlainObject(schema)) return null;
  if ("const" in schema) return schema.const;
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum.find((value) => value !== null) ?? schema.enum[0];
  }
  // The schemas being built, innermost last: one set for the whole build, never copied.
  context.seen.add(schema);
  try {
    return buildByType(schema, context);
  } finally {
    context.seen.delete(schema);
  }
}

/** {@link buildFromSchema} for a schema with no value of its own: by composition or type. */
function buildByType(
  schema: Record<string, unknown>,
  context: SchemaContext & { seen: Set<unknown> },
): unknown {
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part) => orNull(buildFromSchema(part, context)));
    if (parts.every(isPlainObject)) return Object.assign({}, ...parts) as Record<string, unknown>;
    return parts[0] ?? null;
  }
  const choices = Array.isArray(schema.oneOf) ? schema.oneOf : schema.anyOf;
  if (Array.isArray(choices) && choices.length > 0)
    return orNull(buildFromSchema(choices[0], context));
  const type = schemaTypes(schema).find((name) => name !== "null");
  switch (type ?? (isPlainObject(schema.properties) ? "object" : undefined)) {
    case "object": {
      const properties = isPlainObject(schema.properties) ? schema.properties : {};
      const required = new Set(Array.isArray(schema.required) ? schema.required : []);
      const value: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(properties)) {
        const resolved = context.resolve(property);
        if (isPlainObject(resolved) && resolved.writeOnly === true) continue;
        const built = buildFromSchema(property, context);
        if (built !== CYCLE) value[name] = built;
        else if (required.has(name)) value[name] = null;
      }
      return value;
    }
    case "array": {
      const count = typeof schema.minItems === "number" ? schema.minItems : 0;
      return Array.from({ length: count }, () => orNull(buildFromSchema(schema.items, context)));
    }
    case "string":
      return stringOfFormat(schema);
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "boolean":
      return false;
    default:
      return null;
  }
}

function orNull(value: unknown): unknown {
  return value === CYCLE ? null : value;
}

/** A string of each common `format`. */
const STRING_OF_FORMAT: Readonly<Record<string, string>> = {
  "date-time": "1970-01-01T00:00:00Z",
  date: "1970-01-01",
  email: "user@example.com",
  uri: "https://example.com",
  url: "https://example.com",
  uuid: "00000000-0000-0000-0000-000000000000",
};

/** A string in the schema's `format`, padded to its `minLength`. */
function stringOfFormat(schema: Record<string, unknown>): string {
  const text = (typeof schema.format === "string" && STRING_OF_FORMAT[schema.format]) || "string";
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  return text.padEnd(minLength, "x");
}

/** The schema's types: 3.1's array or 3.0's one name, with `"null"` for 3.0's `nullable`. */
function schemaTypes(schema: Record<string, unknown>): string[] {
  const types = Array.isArray(schema.type)
    ? schema.type.map(String)
    : typeof schema.type === "string"
      ? [schema.type]
      : [];
  return schema.nullable === true ? [...types, "null"] : types;
}

/**
 * Why `value` does not match `schema`, e.g. `"has a number at /age where the schema wants a
 * string"`, or `undefined` when it does. Checks the keywords that shape JSON (types, `enum`,
 * `const`, `required`, `properties`, `additionalProperties`, `items`, `allOf`/`oneOf`/`anyOf`,
 * lengths and bounds); `format` and `pattern` are not checked.
 */
export function mismatch(
  value: unknown,
  node: unknown,
  context: SchemaContext,
  at = "",
): string | undefined {
  const schema = context.resolve(node);
  if (schema === true || schema === undefined) return undefined;
  if (schema === false) return `has a value at ${at || "/"} where the schema allows none`;
  if (!isPlainObject(schema)) return undefined;
  const where = at || "/";
  const nullable = context.openApi30 && schema.nullable === true;
  if (value === null && nullable) return undefined;
  if ("const" in schema && !sameJson(value, schema.const)) {
    return `has ${JSON.stringify(value)} at ${where} where the schema wants ${JSON.stringify(schema.const)}`;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => sameJson(value, option))) {
    return `has ${JSON.stringify(value)} at ${where}, not one of ${JSON.stringify(schema.enum)}`;
  }
  const types = schemaTypes(schema);
  if (types.length > 0 && !types.some((type) => hasType(value, type))) {
    return `has ${jsonType(value)} at ${where} where the schema wants ${types.join(" or ")}`;
  }
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const problem = mismatch(value, part, context, at);
    if (problem !== undefined) return problem;
  }
  const choices = Array.isArray(schema.oneOf) ? schema.oneOf : schema.anyOf;
  if (
    Array.isArray(choices) &&
    !choices.some((choice) => mismatch(value, choice, context, at) === undefined)
  ) {
    return `matches none of the choices at ${where}`;
  }
  if (typeof value === "string") {
    if (typeof schema.minLength === "number" && value.length < schema.minLength) {
      return `has a string shorter than ${schema.minLength} at ${where}`;
    }
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) {
      return `has a string longer than ${schema.maxLength} at ${where}`;
    }
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) {
      return `has ${value} at ${where}, below the minimum ${schema.minimum}`;
    }
    if (typeof schema.maximum === "number" && value > schema.maximum) {
      return `has ${value} at ${where}, above the maximum ${schema.maximum}`;
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) {
      return `has fewer than ${schema.minItems} items at ${where}`;
    }
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) {
      return `has more than ${schema.maxItems} items at ${where}`;
    }
    for (const [index, item] of value.entries()) {
      const problem = mismatch(item, schema.items, context, `${at}/${index}`);
      if (problem !== undefined) return problem;
    }
  }
  if (isPlainObject(value)) {
    const properties = isPlainObject(schema.properties) ? schema.properties : {};
    for (const name of Array.isArray(schema.required) ? schema.required : []) {
      if (!(String(name) in value)) return `lacks the required ${at}/${String(name)}`;
    }
    for (const [name, field] of Object.entries(value)) {
      const path = `${at}/${name}`;
      const problem =
        name in properties
          ? mismatch(field, properties[name], context, path)
          : schema.additionalProperties === false
            ? `has ${path}, which the schema does not allow`
            : mismatch(field, schema.additionalProperties, context, path);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

function hasType(value: unknown, type: string): boolean {
  if (type === "integer") return Number.isInteger(value);
  return jsonType(value) === type || (type === "number" && typeof value === "number");
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "number"
    ? Number.isInteger(value)
      ? "integer"
      : "number"
    : typeof value;
}

function sameJson(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/** A property key as TypeScript source: always quoted, so any path, method or status fits. */
function key(name: string): string {
  return JSON.stringify(name);
}

/** Text safe inside a `/** … *\/` comment. */
function comment(text: string): string {
  return text.replaceAll("*/", "*\\/");
}

/** Indents every line that is not empty by two spaces. */
function indent(text: string): string {
  return text.replace(/^(?=.)/gm, "  ");
}
