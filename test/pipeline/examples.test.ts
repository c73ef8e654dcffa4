import { describe, expect, test } from "vitest";
import { mismatch, renderExamples } from "../../scripts/pipeline/examples.js";

/** A one-operation document answering `POST /users` 200 with `media`. */
function documentWith(
  media: Record<string, unknown>,
  options: { openapi?: string; schemas?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    openapi: options.openapi ?? "3.1.0",
    paths: {
      "/users": {
        post: { responses: { "200": { content: { "application/json": media } } } },
      },
    },
    components: { schemas: options.schemas ?? {} },
  };
}

/** The value `examples.ts` holds for `POST /users` 200, read back from its source. */
function exampleOf(source: string): unknown {
  const match = /"200": ([\s\S]*?) satisfies /.exec(source);
  if (!match) throw new Error(`no 200 example in:\n${source}`);
  return JSON.parse(match[1]!);
}

const user = {
  type: "object",
  required: ["id", "kind"],
  properties: {
    id: { type: "string" },
    kind: { type: "string", enum: ["member", "admin"] },
    joined: { type: "string", format: "date-time" },
    age: { type: "integer", minimum: 18 },
    nickname: { type: ["string", "null"] },
  },
};

describe("renderExamples", () => {
  test("takes the media type's first named example, and says so above it", () => {
    const { source, warnings } = renderExamples(
      documentWith({
        schema: user,
        examples: {
          Result: { value: { id: "u_1", kind: "admin" } },
          Other: { value: { id: "u_2", kind: "member" } },
        },
      }),
    );
    expect(warnings).toEqual([]);
    expect(exampleOf(source)).toEqual({ id: "u_1", kind: "admin" });
    expect(source).toContain('/** The spec\'s example "Result". */\n      "200": {');
    expect(source).toContain(
      'satisfies Readable<Json<paths["/users"]["post"]["responses"]["200"]>>,',
    );
  });

  test("follows a $ref to a named example in components", () => {
    const document = documentWith({
      schema: user,
      examples: { Shared: { $ref: "#/components/examples/Admin" } },
    });
    document.components = { examples: { Admin: { value: { id: "u_9", kind: "admin" } } } };
    expect(exampleOf(renderExamples(document).source)).toEqual({ id: "u_9", kind: "admin" });
  });

  test("builds a value from the schema when the spec has no example", () => {
    const { source, warnings } = renderExamples(documentWith({ schema: user }));
    expect(warnings).toEqual([]);
    expect(exampleOf(source)).toEqual({
      id: "string",
      kind: "member",
      joined: "1970-01-01T00:00:00Z",
      age: 18,
      nickname: "string",
    });
    expect(source).toContain("/** Built from the response schema: the spec has no example. */");
  });

  test("builds through $refs, allOf and a recursive schema, leaving out the optional property that repeats", () => {
    const schemas = {
      Node: {
        type: "object",
        properties: { name: { type: "string" }, parent: { $ref: "#/components/schemas/Node" } },
      },
      Named: {
        allOf: [{ $ref: "#/components/schemas/Node" }, { properties: { x: { type: "number" } } }],
      },
    };
    const { source } = renderExamples(
      documentWith({ schema: { $ref: "#/components/schemas/Named" } }, { schemas }),
    );
    expect(exampleOf(source)).toEqual({ name: "string", x: 0 });
  });

  test("replaces a spec example that breaks its schema, with a warning naming where and why", () => {
    const { source, warnings } = renderExamples(
      documentWith({ schema: user, example: { id: 7, kind: "member" } }),
    );
    expect(warnings).toEqual([
      "POST /users 200: The spec's example has integer at /id where the schema wants string; built one from the schema",
    ]);
    expect(exampleOf(source)).toMatchObject({ id: "string", kind: "member" });
  });

  test("leaves out a status no built value satisfies, with a warning", () => {
    const { source, warnings } = renderExamples(
      documentWith({ schema: { type: "string", enum: ["a"], minLength: 3 } }),
    );
    expect(warnings).toEqual([
      "POST /users 200: no example: a value built from its schema has a string shorter than 3 at /",
    ]);
    expect(source).not.toContain('"200"');
  });

  test("skips responses without a JSON body", () => {
    const document = {
      openapi: "3.0.3",
      paths: {
        "/users": { delete: { responses: { "204": { description: "gone" } } } },
      },
    };
    expect(renderExamples(document).source).toContain("export const examples = {\n\n};");
  });
});

describe("mismatch", () => {
  const resolve = (node: unknown) => node;
  const in30 = { resolve, openApi30: true };
  const in31 = { resolve, openApi30: false };

  test("accepts a value of the schema", () => {
    expect(mismatch({ id: "u", kind: "admin", age: 30 }, user, in31)).toBeUndefined();
  });

  test("names a missing required property", () => {
    expect(mismatch({ id: "u" }, user, in31)).toBe("lacks the required /kind");
  });

  test("names a value outside an enum", () => {
    expect(mismatch({ id: "u", kind: "owner" }, user, in31)).toBe(
      'has "owner" at /kind, not one of ["member","admin"]',
    );
  });

  test("refuses a property that additionalProperties: false forbids", () => {
    const closed = { type: "object", properties: {}, additionalProperties: false };
    expect(mismatch({ extra: 1 }, closed, in31)).toBe(
      "has /extra, which the schema does not allow",
    );
  });

  test("takes null for 3.0's nullable and for 3.1's null type, and only there", () => {
    expect(mismatch(null, { type: "string", nullable: true }, in30)).toBeUndefined();
    expect(mismatch(null, { type: ["string", "null"] }, in31)).toBeUndefined();
    expect(mismatch(null, { type: "string" }, in31)).toBe(
      "has null at / where the schema wants string",
    );
  });

  test("checks array items and bounds", () => {
    const tags = { type: "array", items: { type: "string" }, maxItems: 2 };
    expect(mismatch(["a", 1], tags, in31)).toBe("has integer at /1 where the schema wants string");
    expect(mismatch(["a", "b", "c"], tags, in31)).toBe("has more than 2 items at /");
  });
});
