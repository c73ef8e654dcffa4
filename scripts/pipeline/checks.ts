/**
 * `generated/<api>/checks.ts`: one check function per schema of the bundled, fixed spec that a
 * 2xx `application/json` body can reach, written out as plain code (no JSON-schema compiler runs
 * in the client), and the module's two exports: `<api>ResponseChecks` (the client option) and
 * `<api>ResponseSchemas` (a Standard Schema per operation).
 *
 * The checks follow what the generated types promise, and nothing more: `type` (`integer` as a
 * whole number, `nullable` and `"null"` as `| null`), `required` (without `writeOnly`
 * properties, which the read types leave out), `properties`, `additionalProperties` (`false`, or
 * a schema), `items`, primitive `enum` and `const`, `allOf`, and `anyOf` / `oneOf` as the union
 * the types make of both. Formats, lengths, ranges and patterns are not checked: no type depends
 * on them. In OpenAPI 3.0 a `$ref`'s siblings are ignored, as there.
 */
import { parseJsonPointer, valueAtPointer } from "../fixes/json-pointer.js";

/** A property a declared fix (`api-clients/rename-property`) renamed in a body's schema. */
export interface BodyRename {
  /** JSON pointer to the media type object, e.g. `#/paths/~1users/post/responses/200/content/application~1json`. */
  mediaType: string;
  /** The name in the vendor's spec. */
  from: string;
  /** The name the fix gives it. */
  to: string;
}

/** What {@link renderChecks} needs. */
export interface RenderChecksOptions {
  /** The API's name, e.g. `joyfill`: the exports are `joyfillResponseChecks` and `joyfillResponseSchemas`. */
  api: string;
  /** The bundled spec, with the declared fixes applied. */
  document: Record<string, unknown>;
  /** The renames the API's fixes declare. */
  renames: readonly BodyRename[];
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const JSON_MEDIA_TYPE = "application/json";
/** Names every object has through its prototype: a check reads them only as own properties. */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
/** Up to this many known property names are matched by `===`, beyond by a `Set`. */
const MAX_INLINE_NAMES = 8;

type Schema = Record<string, unknown>;
type Kind = "string" | "integer" | "number" | "boolean" | "null" | "array" | "object";

/**
 * The source of `checks.ts` for one API, without the generated-file header. Deterministic: the
 * same document and renames give the same text.
 */
export function renderChecks(options: RenderChecksOptions): string {
  const { api, document, renames } = options;
  const writer = new ChecksWriter(document);
  const operations: string[] = [];
  const schemas: string[] = [];
  const paths = isSchema(document.paths) ? document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isSchema(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isSchema(operation) || !isSchema(operation.responses)) continue;
      const statuses: string[] = [];
      for (const [status, reference] of Object.entries(operation.responses)) {
        if (!/^2(?:\d\d|XX)$/.test(status)) continue;
        const response = writer.resolve(reference);
        const content = isSchema(response) && isSchema(response.content) ? response.content : {};
        const media = writer.resolve(content[JSON_MEDIA_TYPE]);
        if (!isSchema(media) || media.schema === undefined) {
          statuses.push(`${JSON.stringify(status)}: null`);
          continue;
        }
        const pointer = [
          "#",
          "paths",
          path,
          method,
          "responses",
          status,
          "content",
          JSON_MEDIA_TYPE,
        ]
          .map((segment, index) => (index === 0 ? segment : escapeSegment(segment)))
          .join("/");
        const renamed = renames
          .filter((rename) => samePointer(rename.mediaType, pointer))
          .map(({ from, to }) => `${JSON.stringify(from)}: ${JSON.stringify(to)}`);
        const check = writer.functionFor(media.schema, `${method.toUpperCase()} ${path} ${status}`);
        const fields = [`check: ${check}`];
        if (renamed.length > 0) fields.push(`renamed: { ${renamed.join(", ")} }`);
        statuses.push(`${JSON.stringify(status)}: { ${fields.join(", ")} }`);
      }
      if (statuses.length === 0) continue;
      const name = JSON.stringify(`${method.toUpperCase()} ${path}`);
      operations.push(`  ${name}: { ${statuses.join(", ")} },`);
      const type = `JsonSuccessBody<paths[${JSON.stringify(path)}][${JSON.stringify(method)}]>`;
      schemas.push(`  ${name}: /* @__PURE__ */ responseSchema<${type}>(operations[${name}]),`);
    }
  }
  const prefix = identifierOf(api);
  const runtime = [...writer.runtimeNames].sort();
  if (writer.runtimeNames.has("checkUnion")) runtime.push("type Branch");
  if (writer.sources.length > 0) runtime.push("type Report");
  return [
    'import type { paths } from "./schema.js";',
    runtime.length > 0
      ? `import { ${runtime.join(", ")} } from "../../src/checks/body-check.js";`
      : "",
    "import {",
    "  responseChecksFor,",
    "  responseSchema,",
    "  type OperationChecks,",
    '} from "../../src/checks/response-checks.js";',
    'import type { JsonSuccessBody } from "../../src/core/schema-types.js";',
    "",
    ...writer.sources,
    "const operations = {",
    ...operations,
    "} as const satisfies OperationChecks;",
    "",
    "/**",
    ` * Checks of the ${api} API's 2xx bodies against its spec, for a client's \`responseChecks\``,
    ` * option: \`${prefix}ResponseChecks({ mode: "report" })\`, \`"strict"\` or \`"off"\`.`,
    " */",
    `export const ${prefix}ResponseChecks = /* @__PURE__ */ responseChecksFor(${JSON.stringify(api)}, operations);`,
    "",
    '/** A Standard Schema (v1) of each operation\'s 2xx body, by operation (`"POST /users"`). */',
    `export const ${prefix}ResponseSchemas = {`,
    ...schemas,
    "};",
    "",
  ]
    .filter((line, index, lines) => line !== "" || lines[index - 1] !== "")
    .join("\n");
}

/** Writes check functions, one per `$ref` target and per inline union branch or body schema. */
class ChecksWriter {
  /** Function and constant declarations, in the order they were finished. */
  readonly sources: string[] = [];
  /** Names imported from the check runtime. */
  readonly runtimeNames = new Set<string>();
  private readonly byRef = new Map<string, string>();
  private readonly version31: boolean;
  private functions = 0;
  private constants = 0;
  private variables = 0;

  constructor(private readonly document: Record<string, unknown>) {
    this.version31 = String(document.openapi ?? "").startsWith("3.1");
  }

  /** `node`, or what its local `$ref` points at (once; a response or media type object). */
  resolve(node: unknown): unknown {
    if (isSchema(node) && typeof node.$ref === "string" && node.$ref.startsWith("#")) {
      return valueAtPointer(this.document, parseJsonPointer(node.$ref));
    }
    return node;
  }

  /**
   * The name of a function checking `schema`: its `$ref` target's, or a new one, whose comment
   * says where the schema is (`where`).
   */
  functionFor(schema: unknown, where: string): string {
    if (isSchema(schema) && typeof schema.$ref === "string" && Object.keys(schema).length === 1) {
      return this.refFunction(schema.$ref);
    }
    return this.writeFunction(schema, where);
  }

  private refFunction(ref: string): string {
    const known = this.byRef.get(ref);
    if (known !== undefined) return known;
    const name = `check${this.functions++}`;
    this.byRef.set(ref, name);
    this.writeFunction(this.resolve({ $ref: ref }), ref, name);
    return name;
  }

  private writeFunction(schema: unknown, what: string, name = `check${this.functions++}`): string {
    const body = this.statements(schema, "v", "p", "  ");
    this.sources.push(
      `/** ${what.replaceAll("*/", "*\\/")} */`,
      `function ${name}(v: any, p: string, m: Report): void {`,
      ...body,
      "}",
      "",
    );
    return name;
  }

  /** Statements checking the value in variable `value`, found at the pointer expression `pointer`. */
  private statements(node: unknown, value: string, pointer: string, indent: string): string[] {
    if (!isSchema(node)) return [];
    if (typeof node.$ref === "string") {
      const call = `${indent}${this.refFunction(node.$ref)}(${value}, ${pointer}, m);`;
      if (!this.version31) return [call];
      const { $ref: _ref, ...siblings } = node;
      return [call, ...this.statements(siblings, value, pointer, indent)];
    }
    const { types, nullable } = typesOf(node);
    const inner = indent + (nullable ? "  " : "");
    const lines: string[] = [];
    const typed = [...types].filter((type) => type !== "null");
    if (types.size > 0 && typed.length === 0) {
      lines.push(`${inner}if (${value} !== null) m(${pointer}, "type", "null", ${value});`);
    } else if (typed.length > 0) {
      const condition = typed.map((type) => typeCondition(type, value)).join(" || ");
      const expected = JSON.stringify(describeTypes(types, nullable));
      const rest = this.typedStatements(node, typed, value, pointer, `${inner}  `);
      lines.push(`${inner}if (!(${condition})) m(${pointer}, "type", ${expected}, ${value});`);
      if (rest.length > 0) lines.push(`${inner}else {`, ...rest, `${inner}}`);
    } else {
      lines.push(...this.typedStatements(node, [], value, pointer, inner));
    }
    for (const part of Array.isArray(node.allOf) ? node.allOf : []) {
      lines.push(...this.statements(part, value, pointer, inner));
    }
    for (const keyword of ["anyOf", "oneOf"] as const) {
      const branches = node[keyword];
      if (!Array.isArray(branches) || branches.length === 0) continue;
      this.runtimeNames.add("checkUnion");
      const list = branches.map((branch) => {
        const kinds = this.kindsOf(branch, new Set());
        const kindList = kinds === undefined ? "undefined" : JSON.stringify([...kinds]);
        return `[${this.functionFor(branch, `a branch of ${keyword}`)}, ${kindList}]`;
      });
      const constant = `branches${this.constants++}`;
      this.sources.push(`const ${constant}: readonly Branch[] = [${list.join(", ")}];`, "");
      const expected = JSON.stringify(
        branches.map((branch) => this.describe(branch)).join(" or ") + (nullable ? " or null" : ""),
      );
      lines.push(
        `${inner}checkUnion(${value}, ${pointer}, m, "${keyword}", ${expected}, ${constant});`,
      );
    }
    if (!nullable || lines.length === 0) return lines;
    return [`${indent}if (${value} !== null) {`, ...lines, `${indent}}`];
  }

  /**
   * The statements that apply once the value has one of `typed` (`[]`: any type): `enum` and
   * `const`, then the object and array keywords, guarded by a test of the value's kind where
   * the type allows others.
   */
  private typedStatements(
    node: Schema,
    typed: readonly Kind[],
    value: string,
    pointer: string,
    indent: string,
  ): string[] {
    const lines: string[] = [];
    const allowed = primitiveList(node);
    if (allowed !== undefined) {
      const keyword = Array.isArray(node.enum) ? "enum" : "const";
      const condition = allowed.map((item) => `${value} === ${JSON.stringify(item)}`).join(" || ");
      const expected = JSON.stringify(
        `one of ${allowed.map((item) => JSON.stringify(item)).join(", ")}`,
      );
      lines.push(
        `${indent}if (!(${condition})) m(${pointer}, "${keyword}", ${expected}, ${value});`,
      );
    }
    const objectLines = this.objectStatements(node, value, pointer, indent);
    if (objectLines.length > 0) {
      if (typed.length === 1 && typed[0] === "object") lines.push(...objectLines);
      else {
        this.runtimeNames.add("isObject");
        lines.push(
          `${indent}if (isObject(${value})) {`,
          ...this.objectStatements(node, value, pointer, `${indent}  `),
          `${indent}}`,
        );
      }
    }
    const arrayLines = this.arrayStatements(node, value, pointer, indent);
    if (arrayLines.length > 0) {
      if (typed.length === 1 && typed[0] === "array") lines.push(...arrayLines);
      else {
        lines.push(
          `${indent}if (Array.isArray(${value})) {`,
          ...this.arrayStatements(node, value, pointer, `${indent}  `),
          `${indent}}`,
        );
      }
    }
    return lines;
  }

  private objectStatements(node: Schema, value: string, pointer: string, indent: string): string[] {
    const lines: string[] = [];
    const properties = isSchema(node.properties) ? node.properties : {};
    // A write-only property is left out of the types the client reads, so of what it checks.
    const readable = Object.entries(properties).filter(
      ([, schema]) => !(isSchema(schema) && schema.writeOnly === true),
    );
    const readableNames = new Set(readable.map(([name]) => name));
    const required = Array.isArray(node.required) ? node.required : [];
    for (const name of required) {
      if (typeof name !== "string" || (name in properties && !readableNames.has(name))) continue;
      const expected = JSON.stringify(`${this.describe(properties[name])} (required)`);
      const missing = PROTOTYPE_NAMES.has(name)
        ? this.own(value, name, false)
        : `${value}[${JSON.stringify(name)}] === undefined`;
      lines.push(
        `${indent}if (${missing}) m(${pointer} + ${segment(name)}, "required", ${expected}, undefined);`,
      );
    }
    for (const [name, schema] of readable) {
      const variable = `v${this.variables++}`;
      const body = this.statements(
        schema,
        variable,
        `${pointer} + ${segment(name)}`,
        `${indent}  `,
      );
      if (body.length === 0) continue;
      const read = `${value}[${JSON.stringify(name)}]`;
      // A missing property reads `undefined` (JSON has no such value), except a prototype's.
      const present = PROTOTYPE_NAMES.has(name)
        ? this.own(value, name, true)
        : `${variable} !== undefined`;
      lines.push(
        `${indent}const ${variable} = ${read};`,
        `${indent}if (${present}) {`,
        ...body,
        `${indent}}`,
      );
    }
    const extra = node.additionalProperties;
    if (extra === false || isSchema(extra)) {
      const key = `k${this.variables++}`;
      const variable = `v${this.variables++}`;
      const where = `${pointer} + "/" + pointerSegment(${key})`;
      const body =
        extra === false
          ? [
              `${indent}  m(${where}, "additionalProperties", "no such property", ${value}[${key}]);`,
            ]
          : [
              `${indent}  const ${variable} = ${value}[${key}];`,
              ...this.statements(extra, variable, where, `${indent}  `),
            ];
      if (extra === false || body.length > 1) {
        this.runtimeNames.add("pointerSegment");
        const known = this.knownNames(Object.keys(properties), key);
        lines.push(
          `${indent}for (const ${key} in ${value}) {`,
          ...(known === undefined ? [] : [`${indent}  if (${known}) continue;`]),
          ...body,
          `${indent}}`,
        );
      }
    }
    return lines;
  }

  private arrayStatements(node: Schema, value: string, pointer: string, indent: string): string[] {
    if (!isSchema(node.items)) return [];
    const index = `i${this.variables++}`;
    const variable = `v${this.variables++}`;
    const body = this.statements(
      node.items,
      variable,
      `${pointer} + "/" + ${index}`,
      `${indent}  `,
    );
    if (body.length === 0) return [];
    return [
      `${indent}for (let ${index} = 0; ${index} < ${value}.length; ${index}++) {`,
      `${indent}  const ${variable} = ${value}[${index}];`,
      ...body,
      `${indent}}`,
    ];
  }

  /** A test that `value` has (or, with `has: false`, lacks) its own property `name`. */
  private own(value: string, name: string, has: boolean): string {
    this.runtimeNames.add("hasOwn");
    return `${has ? "" : "!"}hasOwn(${value}, ${JSON.stringify(name)})`;
  }

  /** A test that `key` is one of `names`; `undefined` when there are none. */
  private knownNames(names: readonly string[], key: string): string | undefined {
    if (names.length === 0) return undefined;
    if (names.length <= MAX_INLINE_NAMES) {
      return names.map((name) => `${key} === ${JSON.stringify(name)}`).join(" || ");
    }
    const constant = `names${this.constants++}`;
    this.sources.push(
      `const ${constant}: ReadonlySet<string> = new Set(${JSON.stringify([...names])});`,
      "",
    );
    return `${constant}.has(${key})`;
  }

  /** What a schema expects, in a few words: `string or null`, `User`, `one of "a", "b"`. */
  describe(node: unknown): string {
    if (!isSchema(node)) return "any value";
    if (typeof node.$ref === "string") return node.$ref.split("/").pop() ?? node.$ref;
    const allowed = primitiveList(node);
    if (allowed !== undefined) {
      return `one of ${allowed.map((item) => JSON.stringify(item)).join(", ")}`;
    }
    const { types, nullable } = typesOf(node);
    if (types.size > 0) return describeTypes(types, nullable);
    const branches = [node.anyOf, node.oneOf, node.allOf].find(Array.isArray);
    if (branches !== undefined) {
      const words = branches.map((branch) => this.describe(branch));
      return (
        (node.allOf === branches ? words.join(" and ") : words.join(" or ")) +
        (nullable ? " or null" : "")
      );
    }
    return "any value";
  }

  /** The kinds of JSON value a schema can accept; `undefined` for any. */
  private kindsOf(node: unknown, seen: Set<unknown>): Set<Kind> | undefined {
    if (!isSchema(node) || seen.has(node)) return undefined;
    seen.add(node);
    if (typeof node.$ref === "string") return this.kindsOf(this.resolve(node), seen);
    const { types, nullable } = typesOf(node);
    const allowed = primitiveList(node);
    let kinds: Set<Kind> | undefined;
    if (types.size > 0) kinds = new Set(types);
    else if (allowed !== undefined) kinds = new Set(allowed.map(kindOfConstant));
    else {
      const branches = [node.anyOf, node.oneOf].find(Array.isArray);
      if (branches === undefined) return undefined;
      kinds = new Set();
      for (const branch of branches) {
        const branchKinds = this.kindsOf(branch, seen);
        if (branchKinds === undefined) return undefined;
        for (const kind of branchKinds) kinds.add(kind);
      }
    }
    if (nullable) kinds.add("null");
    if (kinds.has("number")) kinds.add("integer");
    return kinds;
  }
}

/** The types a schema declares (inferred `object` / `array` from its keywords), and whether `null` is allowed. */
function typesOf(node: Schema): { types: Set<Kind>; nullable: boolean } {
  const declared = Array.isArray(node.type)
    ? node.type
    : node.type === undefined
      ? []
      : [node.type];
  const types = new Set(declared.filter(isKind));
  if (types.size === 0) {
    if (
      isSchema(node.properties) ||
      Array.isArray(node.required) ||
      node.additionalProperties !== undefined
    ) {
      types.add("object");
    } else if (node.items !== undefined) {
      types.add("array");
    }
  }
  const nullable = node.nullable === true || types.has("null");
  if (nullable && types.size > 0) types.add("null");
  return { types, nullable };
}

function isKind(value: unknown): value is Kind {
  return ["string", "integer", "number", "boolean", "null", "array", "object"].includes(
    value as string,
  );
}

function typeCondition(type: Kind, value: string): string {
  switch (type) {
    case "integer":
      return `Number.isInteger(${value})`;
    case "array":
      return `Array.isArray(${value})`;
    case "object":
      return `(typeof ${value} === "object" && ${value} !== null && !Array.isArray(${value}))`;
    default:
      return `typeof ${value} === "${type}"`;
  }
}

function describeTypes(types: ReadonlySet<Kind>, nullable: boolean): string {
  const named = [...types].filter((type) => type !== "null");
  return [...named, ...(nullable ? ["null"] : [])].join(" or ");
}

/** `enum` (or `const`) when all its values are strings, numbers, booleans or `null`. */
function primitiveList(node: Schema): (string | number | boolean | null)[] | undefined {
  const list = Array.isArray(node.enum) ? node.enum : "const" in node ? [node.const] : undefined;
  if (list === undefined || list.length === 0) return undefined;
  const primitive = list.every(
    (item) => item === null || ["string", "number", "boolean"].includes(typeof item),
  );
  if (!primitive) return undefined;
  const values = list as (string | number | boolean | null)[];
  return node.nullable === true && !values.includes(null) ? [...values, null] : values;
}

function kindOfConstant(item: string | number | boolean | null): Kind {
  if (item === null) return "null";
  if (typeof item === "number") return Number.isInteger(item) ? "integer" : "number";
  return typeof item as Kind;
}

/** `"/" + name` escaped as a pointer segment, as a string literal. */
function segment(name: string): string {
  return JSON.stringify(`/${escapeSegment(name)}`);
}

function samePointer(left: string, right: string): boolean {
  const a = parseJsonPointer(left);
  const b = parseJsonPointer(right);
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

/** `my-api` → `myApi`. */
function identifierOf(api: string): string {
  return api.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The property renames among a Redocly config's decorators (`api-clients/rename-property`). */
export function declaredRenames(decorators: Record<string, unknown>): BodyRename[] {
  const renames: BodyRename[] = [];
  for (const set of Object.values(decorators)) {
    const options = isSchema(set) ? set["api-clients/rename-property"] : undefined;
    if (isSchema(options) && Array.isArray(options.renames)) {
      for (const rename of options.renames as BodyRename[]) {
        const same = (known: BodyRename) =>
          known.mediaType === rename.mediaType && known.from === rename.from;
        if (!renames.some(same)) renames.push(rename);
      }
    }
  }
  return renames;
}

/** One segment of a JSON pointer (RFC 6901): `~` as `~0`, then `/` as `~1`. */
function escapeSegment(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}
