import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { changeVerdict, compareSpecs } from "../../scripts/report/index.js";

const componentNames = ["A", "B", "C"] as const;

/** Schemas with every keyword the comparison reads, `$ref`s between three components (cycles too). */
const { schema } = fc.letrec<{ schema: unknown }>((tie) => ({
  schema: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...componentNames).map((name) => ({ $ref: `#/components/schemas/${name}` })),
    fc.record(
      {
        type: fc.constantFrom("string", "integer", "number", "boolean", ["string", "null"]),
        format: fc.constantFrom("uuid", "date-time"),
        enum: fc.constantFrom(["a", "b"], [1, 2, null]),
        const: fc.constantFrom("x", 1),
        default: fc.constantFrom("d", 0),
        pattern: fc.constantFrom("^a$", "^b$"),
        minimum: fc.integer({ min: 0, max: 3 }),
        maxLength: fc.integer({ min: 1, max: 3 }),
        multipleOf: fc.constantFrom(2, 4),
        nullable: fc.boolean(),
        deprecated: fc.boolean(),
        description: fc.string(),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        type: fc.constant("object"),
        properties: fc.dictionary(
          fc.constantFrom("id", "name", "data", "links"),
          fc.oneof(
            tie("schema"),
            tie("schema").map((inner) => ({ allOf: [inner], readOnly: true })),
            tie("schema").map((inner) => ({ allOf: [inner], writeOnly: true })),
          ),
          { maxKeys: 3 },
        ),
        required: fc.subarray(["id", "name", "data"]),
        additionalProperties: tie("schema"),
      },
      { requiredKeys: ["properties"] },
    ),
    fc.record({ type: fc.constant("array"), items: tie("schema") }),
    fc.array(tie("schema"), { minLength: 1, maxLength: 3 }).map((allOf) => ({ allOf })),
    fc.array(tie("schema"), { minLength: 1, maxLength: 3 }).map((oneOf) => ({ oneOf })),
    fc
      .array(tie("schema"), { minLength: 1, maxLength: 3 })
      .map((anyOf) => ({ type: "object", anyOf })),
  ),
}));

/** A document whose one operation sends and receives `body`, with components A, B and C. */
const documentArbitrary = fc
  .record({
    body: schema,
    components: fc.tuple(schema, schema, schema),
    secondStatus: fc.constantFrom("201", "404", undefined),
  })
  .map(({ body, components, secondStatus }) => ({
    openapi: "3.1.0",
    info: { title: "Generated", version: "1" },
    paths: {
      "/things": {
        post: {
          parameters: [{ name: "q", in: "query", schema: body }],
          requestBody: { content: { "application/json": { schema: body } } },
          responses: {
            "200": { description: "ok", content: { "application/json": { schema: body } } },
            ...(secondStatus === undefined
              ? {}
              : {
                  [secondStatus]: {
                    description: "other",
                    content: { "application/json": { schema: body } },
                  },
                }),
          },
        },
      },
    },
    components: {
      schemas: Object.fromEntries(componentNames.map((name, index) => [name, components[index]])),
    },
  }));

/**
 * Edits every `description` and gives every typed schema an `example`: documentation the
 * comparison must not report. (The generated documents name no property `description` or `type`.)
 */
function redocument(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(redocument);
  if (typeof node !== "object" || node === null) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] =
      key === "description" && typeof value === "string" ? `${value} (edited)` : redocument(value);
  }
  if ("type" in copy) copy.example = "new example";
  return copy;
}

describe("compareSpecs on generated documents", () => {
  test("finds nothing between a document and its copy", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(documentArbitrary, (document) => {
        expect(compareSpecs(document, structuredClone(document))).toEqual([]);
        expect(
          changeVerdict([{ api: "a", before: document, after: structuredClone(document) }]),
        ).toBe("none");
      }),
      { numRuns: 300 },
    );
  });

  test(
    "ends, without throwing, on any two documents, recursive ones included",
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(documentArbitrary, documentArbitrary, (before, after) => {
          const changes = compareSpecs(before, after);
          for (const change of changes) {
            expect(
              change.location.startsWith("POST /things") || change.location.startsWith("security"),
            ).toBe(true);
            expect(change.detail.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 300 },
      );
    },
  );

  test("calls a change of descriptions and examples alone cosmetic", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(documentArbitrary, (document) => {
        const after = redocument(document);
        expect(compareSpecs(document, after)).toEqual([]);
        const verdict = changeVerdict([{ api: "a", before: document, after }]);
        expect(["cosmetic", "none"]).toContain(verdict);
      }),
      { numRuns: 300 },
    );
  });
});
