import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { compareSpecs, type ChangeKind, type SpecChange } from "../../scripts/report/index.js";

function fixture(name: string): unknown {
  return parse(readFileSync(new URL(`../fixtures/report/${name}.yaml`, import.meta.url), "utf8"));
}

function comparePair(name: string): SpecChange[] {
  return compareSpecs(fixture(`${name}.before`), fixture(`${name}.after`));
}

function breaking(kind: ChangeKind, location: string, detail: string): SpecChange {
  return { kind, breaking: true, location, detail };
}

function nonBreaking(kind: ChangeKind, location: string, detail: string): SpecChange {
  return { kind, breaking: false, location, detail };
}

describe("compareSpecs", () => {
  test("reports removed operations as breaking and added ones as not", () => {
    expect(comparePair("operations")).toEqual([
      breaking("operation-removed", "DELETE /users/{id}", "operation removed"),
      nonBreaking("operation-added", "GET /users/{id}", "operation added"),
      nonBreaking("operation-added", "GET /groups", "operation added"),
    ]);
  });

  test("classifies request body fields by what the server will now accept, through $refs", () => {
    const body = "POST /users request body";
    expect(comparePair("request-fields")).toEqual([
      nonBreaking("required-changed", `${body} .nickname`, "became optional"),
      breaking("required-changed", `${body} .phone`, "became required"),
      breaking("field-removed", `${body} .fax`, "field removed"),
      breaking("field-added", `${body} .address.country`, "required field added (string)"),
      breaking("field-added", `${body} .first_name`, "required field added (string)"),
      nonBreaking("field-added", `${body} .middle_name`, "optional field added (string)"),
    ]);
  });

  test("classifies response fields by what the client may now receive, inside arrays too", () => {
    const response = "GET /users/{id} response 200";
    expect(comparePair("response-fields")).toEqual([
      breaking("required-changed", `${response} .name`, "became optional"),
      breaking("field-removed", `${response} .legacy`, "field removed"),
      nonBreaking("field-added", `${response} .tags[].color`, "optional field added (string)"),
      nonBreaking("required-changed", `${response} .verified`, "became required"),
      nonBreaking("field-added", `${response} .email`, "optional field added (string)"),
      nonBreaking("field-added", `${response} .team`, "required field added (object)"),
    ]);
  });

  test("treats a widened type as safe to send and a narrowed one as safe to receive", () => {
    const body = "POST /measurements request body";
    const response = "POST /measurements response 200";
    expect(comparePair("types-and-formats")).toEqual([
      nonBreaking("type-changed", `${body} .count`, "type changed from integer to number"),
      breaking("type-changed", `${body} .label`, "type changed from string to integer"),
      breaking("format-changed", `${body} .at`, "format changed from date-time to date"),
      breaking("format-changed", `${body} .id`, "format added: uuid"),
      nonBreaking("format-changed", `${body} .ref`, "format removed: uri"),
      breaking("type-changed", `${response} .count`, "type changed from integer to number"),
      nonBreaking("type-changed", `${response} .ratio`, "type changed from number to integer"),
      breaking("format-changed", `${response} .at`, "format changed from date-time to date"),
      nonBreaking("format-changed", `${response} .id`, "format added: uuid"),
      breaking("format-changed", `${response} .ref`, "format removed: uri"),
    ]);
  });

  test("breaks requests on removed enum values and responses on added ones", () => {
    const body = "POST /subscriptions request body";
    const response = "POST /subscriptions response 200";
    expect(comparePair("enums")).toEqual([
      nonBreaking("enum-values-added", `${body} .role`, "enum values added: guest"),
      breaking("enum-values-removed", `${body} .plan`, "enum values removed: team"),
      breaking("enum-added", `${body} .region`, "now restricted to eu, us"),
      nonBreaking("enum-removed", `${body} .color`, "no longer restricted to red, blue"),
      nonBreaking("enum-values-added", `${body} .size`, "enum values added: l"),
      breaking("enum-values-removed", `${body} .size`, "enum values removed: s"),
      breaking("enum-values-added", `${response} .status`, "enum values added: pending"),
      nonBreaking("enum-values-removed", `${response} .plan`, "enum values removed: team"),
      nonBreaking("enum-added", `${response} .region`, "now restricted to eu, us"),
      breaking("enum-removed", `${response} .color`, "no longer restricted to red, blue"),
    ]);
  });

  test("reads OpenAPI 3.0 nullable, including beside allOf", () => {
    const body = "PUT /profiles request body";
    const response = "PUT /profiles response 200";
    expect(comparePair("nullable-3.0")).toEqual([
      nonBreaking("nullable-changed", `${body} .nickname`, "became nullable"),
      breaking("nullable-changed", `${body} .bio`, "no longer nullable"),
      breaking("nullable-changed", `${response} .nickname`, "became nullable"),
      nonBreaking("nullable-changed", `${response} .bio`, "no longer nullable"),
      breaking("nullable-changed", `${response} .manager`, "became nullable"),
    ]);
  });

  test("reads OpenAPI 3.1 type lists, anyOf with null, and allOf that allows null only if every member does", () => {
    const body = "PUT /profiles request body";
    const response = "PUT /profiles response 200";
    expect(comparePair("nullable-3.1")).toEqual([
      nonBreaking("nullable-changed", `${body} .nickname`, "became nullable"),
      breaking("type-changed", `${body} .value`, "type changed from string | integer to string"),
      nonBreaking("nullable-changed", `${response} .nickname`, "no longer nullable"),
      breaking("nullable-changed", `${response} .manager`, "became nullable"),
      breaking(
        "type-changed",
        `${response} .value`,
        "type changed from string to string | integer",
      ),
    ]);
  });

  test("reports request bodies, media types and response statuses", () => {
    expect(comparePair("bodies-and-statuses")).toEqual([
      breaking("required-changed", "POST /reports request body", "became required"),
      breaking("media-type-removed", "POST /reports request body", "media type removed: text/csv"),
      nonBreaking(
        "field-added",
        "POST /reports request body [application/x-www-form-urlencoded] .note",
        "optional field added (string)",
      ),
      nonBreaking(
        "media-type-added",
        "POST /reports request body",
        "media type added: multipart/form-data",
      ),
      nonBreaking(
        "media-type-added",
        "POST /reports response 200",
        "media type added: application/xml",
      ),
      nonBreaking("status-removed", "POST /reports", "response 404 removed"),
      breaking("status-added", "POST /reports", "response 202 added"),
      nonBreaking("status-added", "POST /reports", "response 429 added"),
      breaking("field-added", "PUT /reports/{id} request body", "required request body added"),
      breaking("field-removed", "PATCH /reports/{id} request body", "request body removed"),
    ]);
  });

  test("compares parameters from the path item and the operation, headers ignoring case", () => {
    expect(comparePair("parameters")).toEqual([
      nonBreaking("required-changed", "GET /items header .X-Tenant", "became optional"),
      breaking("required-changed", "GET /items query .limit", "became required"),
      breaking("field-removed", "GET /items query .cursor", "parameter removed"),
      nonBreaking("enum-values-added", "GET /items query .sort", "enum values added: random"),
      nonBreaking("field-added", "GET /items query .filter", "optional parameter added (string)"),
      breaking(
        "field-added",
        "GET /items header .X-Request-Id",
        "required parameter added (string)",
      ),
    ]);
  });

  test("reports servers, security requirements and security schemes", () => {
    expect(comparePair("servers-and-security")).toEqual([
      breaking(
        "server-changed",
        "servers",
        "default server changed from https://api.example.com to https://staging.example.com",
      ),
      nonBreaking(
        "server-changed",
        "servers",
        "server https://staging.example.com description or variables changed",
      ),
      breaking("server-removed", "servers", "server removed: http://localhost:8080"),
      nonBreaking("server-added", "servers", "server added: https://sandbox.example.com"),
      nonBreaking("security-requirement-added", "security", "requirement added: bearerAuth"),
      breaking(
        "security-scheme-changed",
        "security scheme apiKey",
        'name changed from "X-Api-Key" to "X-API-Token"',
      ),
      nonBreaking("security-scheme-removed", "security scheme legacyToken", "scheme removed"),
      nonBreaking("security-scheme-added", "security scheme bearerAuth", "scheme added"),
      breaking(
        "security-requirement-removed",
        "GET /status security",
        "requirement removed: no authentication",
      ),
      nonBreaking(
        "security-requirement-added",
        "GET /status security",
        "requirement added: apiKey",
      ),
      breaking("security-scopes-changed", "GET /admin security", "oauth scopes added: read"),
    ]);
  });

  test("walks recursive schemas once, maps, and oneOf variants built with allOf", () => {
    expect(comparePair("composition")).toEqual([
      breaking(
        "type-changed",
        "GET /tree response 200 .labels{}",
        "type changed from string to integer",
      ),
      nonBreaking("field-added", "GET /tree response 200 .weight", "optional field added (number)"),
      breaking(
        "type-changed",
        "POST /tree request body .labels{}",
        "type changed from string to integer",
      ),
      nonBreaking(
        "field-added",
        "POST /tree request body .weight",
        "optional field added (number)",
      ),
      breaking("variants-changed", "GET /pets response 200 []", "variants added: Bird"),
      nonBreaking("field-added", "GET /pets response 200 [].age", "required field added (integer)"),
    ]);
  });

  test("ignores a constraint on a type it does not apply to, and reports one that applies", () => {
    const document = (wrapper: object) => ({
      openapi: "3.0.3",
      info: { title: "Constraints", version: "1" },
      paths: {
        "/items": {
          post: {
            requestBody: {
              content: {
                "application/json": {
                  schema: { type: "object", properties: { wrapper, code: { type: "string" } } },
                },
              },
            },
            responses: { "204": { description: "stored" } },
          },
        },
      },
    });
    const objectWithLength = (maxLength: number) => ({
      maxLength,
      allOf: [{ type: "object", properties: { keep: { type: "string" } } }],
    });
    expect(compareSpecs(document(objectWithLength(10)), document(objectWithLength(5)))).toEqual([]);
    expect(
      compareSpecs(
        document({ type: ["string", "object"], maxLength: 10 }),
        document({ type: ["string", "object"], maxLength: 5 }),
      ),
    ).toEqual([
      breaking(
        "constraint-changed",
        "POST /items request body .wrapper",
        "maxLength changed from 10 to 5",
      ),
    ]);
  });

  test("judges a schema that became a union by its own comparison, even after the pair was walked elsewhere", () => {
    const document = (second: object, pet: object) => ({
      openapi: "3.1.0",
      info: { title: "Unions", version: "1" },
      paths: {
        "/pets": {
          post: {
            requestBody: {
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { first: { $ref: "#/components/schemas/Pet" }, second },
                  },
                },
              },
            },
            responses: { "204": { description: "stored" } },
          },
        },
      },
      components: {
        schemas: {
          Pet: pet,
          Robot: { type: "object", properties: { serial: { type: "string" } } },
        },
      },
    });
    const before = document(
      { $ref: "#/components/schemas/Pet" },
      { type: "object", properties: { name: { type: "string" }, legacy: { type: "string" } } },
    );
    const after = document(
      { oneOf: [{ $ref: "#/components/schemas/Pet" }, { $ref: "#/components/schemas/Robot" }] },
      { type: "object", properties: { name: { type: "string" } } },
    );
    expect(compareSpecs(before, after)).toEqual([
      breaking("field-removed", "POST /pets request body .first.legacy", "field removed"),
      breaking("variants-changed", "POST /pets request body .second", "became one of Pet | Robot"),
    ]);
  });

  test("ignores descriptions, examples, summaries, tags and the info version", () => {
    expect(comparePair("cosmetic")).toEqual([]);
  });

  test("lists every operation as added when there is no earlier document", () => {
    expect(compareSpecs(undefined, fixture("operations.after"))).toEqual([
      nonBreaking("operation-added", "GET /users", "operation added"),
      nonBreaking("operation-added", "POST /users", "operation added"),
      nonBreaking("operation-added", "GET /users/{id}", "operation added"),
      nonBreaking("operation-added", "GET /groups", "operation added"),
    ]);
  });
});
