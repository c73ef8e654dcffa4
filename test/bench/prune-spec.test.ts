import { describe, expect, test } from "vitest";
import { pruneSpec, type OpenApiDocument } from "../../bench/prune-spec.js";

const ref = (pointer: string) => ({ $ref: `#/components/${pointer}` });

const document: OpenApiDocument = {
  openapi: "3.0.3",
  info: { title: "fixture", version: "1" },
  security: [{ token: [] }],
  paths: {
    "/a": { get: { responses: { "200": ref("responses/A") } } },
    "/b": { get: { parameters: [ref("parameters/page")], responses: {} } },
    "/c": {
      get: {
        responses: { "200": { content: { "application/json": { schema: ref("schemas/C") } } } },
      },
    },
    "/d": { get: { responses: {} } },
  },
  "x-webhooks": {
    ping: {
      post: { requestBody: { content: { "application/json": { schema: ref("schemas/Ping") } } } },
    },
    push: {
      post: { requestBody: { content: { "application/json": { schema: ref("schemas/Push") } } } },
    },
  },
  components: {
    schemas: {
      Unused: { type: "string" },
      "a/b~c": { type: "integer" },
      A: { type: "object", properties: { nested: ref("schemas/a~1b~0c"), self: ref("schemas/A") } },
      C: { type: "string" },
      Ping: { type: "object" },
      Push: { type: "object" },
    },
    responses: {
      A: { description: "a", content: { "application/json": { schema: ref("schemas/A") } } },
    },
    parameters: { page: { name: "page", in: "query", schema: { type: "integer" } } },
    securitySchemes: { token: { type: "http", scheme: "bearer" } },
  },
};

describe("pruneSpec", () => {
  test("keeps the leading half of the paths and webhooks with only the components they reach", () => {
    const pruned = pruneSpec(document, 1 / 2);
    expect(Object.keys(pruned.document.paths ?? {})).toEqual(["/a", "/b"]);
    expect(Object.keys(pruned.document["x-webhooks"] ?? {})).toEqual(["ping"]);
    expect(pruned.document.components).toEqual({
      schemas: {
        "a/b~c": { type: "integer" },
        A: document.components!.schemas!.A,
        Ping: { type: "object" },
      },
      responses: document.components!.responses,
      parameters: document.components!.parameters,
      securitySchemes: document.components!.securitySchemes,
    });
    expect(pruned.paths).toBe(2);
    expect(pruned.components).toBe(6);
  });

  test("drops unreferenced components from the whole document too", () => {
    const pruned = pruneSpec(document, 1);
    expect(Object.keys(pruned.document.paths ?? {})).toEqual(["/a", "/b", "/c", "/d"]);
    expect(Object.keys(pruned.document.components?.schemas ?? {})).toEqual([
      "a/b~c",
      "A",
      "C",
      "Ping",
      "Push",
    ]);
    expect(pruned.components).toBe(8);
  });

  test("keeps everything outside paths, webhooks and components as it is", () => {
    const pruned = pruneSpec(document, 1 / 4);
    expect(pruned.document.openapi).toBe("3.0.3");
    expect(pruned.document.info).toEqual({ title: "fixture", version: "1" });
    expect(pruned.document.security).toEqual([{ token: [] }]);
    expect(Object.keys(pruned.document.paths ?? {})).toEqual(["/a"]);
  });

  test("rejects a fraction outside (0, 1]", () => {
    expect(() => pruneSpec(document, 0)).toThrow("fraction 0 is not in (0, 1]");
    expect(() => pruneSpec(document, 1.5)).toThrow("fraction 1.5 is not in (0, 1]");
  });
});
