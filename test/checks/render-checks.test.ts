/**
 * The checks `npm run generate` writes, rendered from fixture specs and run: each keyword they
 * follow, reported with its pointer, what the spec expects and the kind that arrived.
 */
import { beforeAll, describe, expect, test } from "vitest";
import type { ResponseChecks } from "../../src/core/response-checks.js";
import { FIXTURE_SPEC_30, FIXTURE_SPEC_31 } from "../fixtures/checks/fixture-spec.js";
import { loadChecks, mismatchesOf, type FixtureChecks } from "../fixtures/checks/load-checks.js";

const THING = {
  id: 1,
  name: "Ada",
  tags: ["a"],
  owner: { login: "ada", boss: { login: "grace" } },
  status: "active",
};

let fixture: FixtureChecks;
let report: ResponseChecks;
beforeAll(async () => {
  fixture = await loadChecks(FIXTURE_SPEC_30);
  report = fixture.fixtureResponseChecks({ mode: "report" })!;
});

/** `[pointer, keyword, expected, received]` of each mismatch. */
function found(operation: string, body: unknown, status = 200) {
  return mismatchesOf(report, operation, status, body).map((mismatch) => [
    mismatch.pointer,
    mismatch.keyword,
    mismatch.expected,
    mismatch.received,
  ]);
}

describe("generated checks, OpenAPI 3.0", () => {
  test("a body that matches reports nothing; formats, lengths and ranges are not checked", () => {
    expect(
      found("GET /things", { ...THING, id: -5, name: "too long", owner: { login: "x" } }),
    ).toEqual([]);
  });

  test("required: each missing property at its pointer, write-only ones excepted", () => {
    expect(found("GET /things", { id: 1 })).toEqual([
      ["/name", "required", "string or null (required)", "missing"],
      ["/tags", "required", "array (required)", "missing"],
      ["/owner", "required", "Owner or null (required)", "missing"],
    ]);
  });

  test("type: integer is a whole number; the kind that arrived is named, never the value", () => {
    expect(found("GET /things", { ...THING, id: 1.5, tags: "a", score: "high" })).toEqual([
      ["/id", "type", "integer", "number"],
      ["/tags", "type", "array", "string"],
      ["/score", "type", "number", "string"],
    ]);
  });

  test("nullable: null passes where the spec allows it, and is named where it does not", () => {
    expect(found("GET /things", { ...THING, name: null, owner: null })).toEqual([]);
    expect(found("GET /things", { ...THING, tags: null })).toEqual([
      ["/tags", "type", "array", "null"],
    ]);
  });

  test("enum: a value the spec does not list", () => {
    expect(found("GET /things", { ...THING, status: "archived" })).toEqual([
      ["/status", "enum", 'one of "active", "gone"', "string"],
    ]);
  });

  test("items and $ref: each element checked, recursively, at its index", () => {
    const owner = { login: "ada", boss: { login: 7 } };
    expect(found("GET /lists", [THING, { ...THING, tags: ["a", 2], owner }])).toEqual([
      ["/1/tags/1", "type", "string", "integer"],
      ["/1/owner/boss/login", "type", "string", "integer"],
    ]);
  });

  test("additionalProperties: false names the unknown property; a schema checks each value", () => {
    expect(found("GET /things", { ...THING, owner: { login: "ada", "x/y": 1 } })).toEqual([
      ["/owner/x~1y", "additionalProperties", "no such property", "integer"],
    ]);
    expect(found("GET /counts", { a: 1, "b~": "two" }, 204)).toEqual([
      ["/b~0", "type", "integer", "string"],
    ]);
  });

  test("a property named like Object.prototype's is read only as the body's own", () => {
    expect(found("GET /things", { ...THING, constructor: "mine" })).toEqual([]);
    expect(found("GET /things", { ...THING, constructor: 1, "a/b~c": "yes" })).toEqual([
      ["/constructor", "type", "string", "integer"],
      ["/a~1b~0c", "type", "boolean", "string"],
    ]);
  });

  test("oneOf is the union the types make: the branch of the body's kind reports, else the union", () => {
    expect(found("GET /pets", { kind: "cat", lives: 9 })).toEqual([]);
    expect(found("GET /pets", { kind: "cow" })).toEqual([["", "oneOf", "Cat or Dog", "object"]]);
    expect(found("GET /names", ["a", 1])).toEqual([["/1", "type", "string", "integer"]]);
    expect(found("GET /names", 3)).toEqual([["", "oneOf", "string or array", "integer"]]);
  });

  test("statuses: a 2xx without a JSON body is not checked; an unlisted one is named", () => {
    expect(found("DELETE /things", "anything", 204)).toEqual([]);
    expect(found("POST /things", { id: 1 }, 201)).toEqual([]);
    expect(found("POST /things", { id: 1 }, 200)).toEqual([["", "status", "HTTP 201", "HTTP 200"]]);
  });

  test("an operation the spec does not have is not checked", () => {
    expect(found("GET /elsewhere", 1)).toEqual([]);
  });

  test("a body wrong everywhere reports its first 20 mismatches", () => {
    const body = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`p${index}`, 1]));
    expect(found("POST /things", body, 201)).toHaveLength(20);
  });
});

describe("generated checks, OpenAPI 3.1", () => {
  test("type arrays with null, const, and a $ref's siblings", async () => {
    const checks = (await loadChecks(FIXTURE_SPEC_31)).fixtureResponseChecks({ mode: "report" });
    const of = (body: unknown) =>
      mismatchesOf(checks, "GET /items", 200, body).map(({ pointer, expected, received }) => [
        pointer,
        expected,
        received,
      ]);
    expect(of({ kind: "item", note: null, size: 3 })).toEqual([]);
    expect(of({ kind: "thing", note: 1, size: 2.5 })).toEqual([
      ["/kind", 'one of "item"', "string"],
      ["/note", "string or null", "integer"],
      ["/size", "integer", "number"],
    ]);
  });
});

describe("renames declared by a fix", () => {
  test("the old name is reported as renamed, and the body is checked under the new name", async () => {
    const checks = (
      await loadChecks(FIXTURE_SPEC_30, [
        {
          mediaType: "#/paths/~1things/post/responses/201/content/application~1json",
          from: "ident",
          to: "id",
        },
      ])
    ).fixtureResponseChecks({ mode: "report" });
    expect(mismatchesOf(checks, "POST /things", 201, { ident: "x" })).toEqual([
      {
        pointer: "/ident",
        keyword: "renamed",
        expected: "`id`",
        received: "string",
        message: "at /ident: `ident` arrived; the fix renames it to `id`",
      },
      {
        pointer: "/id",
        keyword: "type",
        expected: "integer",
        received: "string",
        message: "at /id: expected integer, got string",
      },
    ]);
  });
});

describe("Standard Schema", () => {
  test("validate passes a matching body as it is, and gives issues with paths otherwise", () => {
    const schema = fixture.fixtureResponseSchemas["GET /lists"]!["~standard"];
    expect(schema.version).toBe(1);
    expect(schema.vendor).toBe("api-clients");
    const list = [THING];
    expect(schema.validate(list)).toEqual({ value: list });
    expect(schema.validate([{ ...THING, tags: [1] }])).toEqual({
      issues: [{ message: "at /0/tags/0: expected string, got integer", path: ["0", "tags", "0"] }],
    });
  });

  test("the path of a property with / or ~ in its name is unescaped", () => {
    const schema = fixture.fixtureResponseSchemas["GET /things"]!["~standard"];
    expect(schema.validate({ ...THING, "a/b~c": 1 })).toEqual({
      issues: [{ message: "at /a~1b~0c: expected boolean, got integer", path: ["a/b~c"] }],
    });
  });
});
