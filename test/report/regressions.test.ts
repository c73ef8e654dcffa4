import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { renderChangeReport } from "../../scripts/report/index.js";

function fixture(name: string): unknown {
  return parse(readFileSync(new URL(`../fixtures/report/${name}.yaml`, import.meta.url), "utf8"));
}

/** The text report of one API's change, as `npm run generate` prints it. */
function report(before: unknown, after: unknown): string[] {
  return renderChangeReport([{ api: "vendor", before, after }], { format: "text" })
    .trimEnd()
    .split("\n");
}

/** A document with `POST /things` taking `request` and answering 200 with `response`. */
function bodies(request: unknown, response: unknown, schemas: Record<string, unknown> = {}) {
  return {
    openapi: "3.1.0",
    info: { title: "Vendor", version: "1" },
    paths: {
      "/things": {
        post: {
          requestBody: { required: true, content: { "application/json": { schema: request } } },
          responses: {
            "200": { description: "ok", content: { "application/json": { schema: response } } },
          },
        },
      },
    },
    components: { schemas },
  };
}

/** A document with `GET /things` answering with the given responses. */
function responses(list: Record<string, unknown>) {
  return {
    openapi: "3.1.0",
    info: { title: "Vendor", version: "1" },
    paths: { "/things": { get: { responses: list } } },
  };
}

const thing = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string" }, name: { type: "string" } },
};
const json = (schema: unknown) => ({
  description: "ok",
  content: { "application/json": { schema } },
});

describe("change report regressions", () => {
  describe("allOf is merged the way the generated intersection type reads", () => {
    test("sees a changed and a removed field behind a vendor-style allOf list wrapper", () => {
      expect(report(fixture("allof-wrapper.before"), fixture("allof-wrapper.after"))).toEqual([
        "vendor: breaking (2 breaking, 0 non-breaking)",
        "  breaking      GET /stations response 200 .data[].id: type changed from string to integer",
        "  breaking      GET /stations response 200 .data[].name: field removed",
      ]);
    });

    test("reports no field as removed when a plain list response is rewritten behind the wrapper", () => {
      // The wrapper marks `links` read-only: the one difference the generated types show.
      expect(
        report(
          fixture("allof-wrapper-introduced.before"),
          fixture("allof-wrapper-introduced.after"),
        ),
      ).toEqual([
        "vendor: non-breaking (0 breaking, 1 non-breaking)",
        "  non-breaking  GET /stations response 200 .links: became read-only",
      ]);
    });

    test("reads a later member's refinement of a property an earlier member declares", () => {
      const generic = {
        type: "object",
        properties: { data: { type: "array", items: { type: "object" } } },
      };
      const refined = (item: unknown) => ({
        allOf: [
          { $ref: "#/components/schemas/Generic" },
          { properties: { data: { items: item } } },
        ],
      });
      expect(
        report(
          bodies({ type: "object" }, refined(thing), { Generic: generic }),
          bodies({ type: "object" }, refined({ ...thing, required: ["id", "name"] }), {
            Generic: generic,
          }),
        ),
      ).toEqual([
        "vendor: non-breaking (0 breaking, 1 non-breaking)",
        "  non-breaking  POST /things response 200 .data[].name: became required",
      ]);
    });
  });

  describe("oneOf and anyOf beside a declared type", () => {
    const cat = { type: "object", properties: { meow: { type: "boolean" } } };
    const dog = { type: "object", properties: { bark: { type: "boolean" } } };
    const bird = { type: "object", properties: { wings: { type: "integer" } } };
    const pet = (...names: string[]) => ({
      type: "object",
      oneOf: names.map((name) => ({ $ref: `#/components/schemas/${name}` })),
    });
    const schemas = { Cat: cat, Dog: dog, Bird: bird };

    test("reports an alternative added: accepted in a request, breaking in a response", () => {
      expect(
        report(
          bodies(pet("Cat", "Dog"), pet("Cat", "Dog"), schemas),
          bodies(pet("Cat", "Dog", "Bird"), pet("Cat", "Dog", "Bird"), schemas),
        ),
      ).toEqual([
        "vendor: breaking (1 breaking, 1 non-breaking)",
        "  breaking      POST /things response 200: variants added: Bird",
        "  non-breaking  POST /things request body: variants added: Bird",
      ]);
    });

    test("reports an alternative removed: breaking in a request, fine in a response", () => {
      expect(
        report(
          bodies(pet("Cat", "Dog", "Bird"), pet("Cat", "Dog", "Bird"), schemas),
          bodies(pet("Cat", "Dog"), pet("Cat", "Dog"), schemas),
        ),
      ).toEqual([
        "vendor: breaking (1 breaking, 1 non-breaking)",
        "  breaking      POST /things request body: variants removed: Bird",
        "  non-breaking  POST /things response 200: variants removed: Bird",
      ]);
    });
  });

  describe("success responses, read the way openapi-fetch types data", () => {
    test("breaks when the only 2xx response is removed", () => {
      expect(
        report(
          responses({ "200": json(thing), "404": { description: "missing" } }),
          responses({ "404": { description: "missing" } }),
        ),
      ).toEqual([
        "vendor: breaking (1 breaking, 0 non-breaking)",
        "  breaking      GET /things: response 200 removed: no success response with a body is left",
      ]);
    });

    test("narrows, without breaking, when one of two 2xx responses is removed", () => {
      expect(
        report(
          responses({ "200": json(thing), "201": json(thing) }),
          responses({ "200": json(thing) }),
        ),
      ).toEqual([
        "vendor: non-breaking (0 breaking, 1 non-breaking)",
        "  non-breaking  GET /things: response 201 removed",
      ]);
    });

    test("does not break when a 2xx response with the same body shape is added", () => {
      expect(
        report(
          responses({ "200": json(thing) }),
          responses({ "200": json(thing), "201": json(structuredClone(thing)) }),
        ),
      ).toEqual([
        "vendor: non-breaking (0 breaking, 1 non-breaking)",
        "  non-breaking  GET /things: response 201 added, with the same body as 200",
      ]);
    });

    test("breaks when a 2xx response with another body is added", () => {
      expect(
        report(
          responses({ "200": json(thing) }),
          responses({
            "200": json(thing),
            "202": json({ type: "object", properties: { job: { type: "string" } } }),
          }),
        ),
      ).toEqual([
        "vendor: breaking (1 breaking, 0 non-breaking)",
        "  breaking      GET /things: response 202 added",
      ]);
    });
  });

  describe("security requirements, compared scope by scope", () => {
    const secured = (scopes: string[], tokenUrl: string) => ({
      openapi: "3.1.0",
      info: { title: "Vendor", version: "1" },
      security: [{ oauth: scopes }],
      paths: { "/things": { get: { responses: { "204": { description: "ok" } } } } },
      components: {
        securitySchemes: {
          oauth: {
            type: "oauth2",
            flows: { clientCredentials: { tokenUrl, scopes: { read: "Read", write: "Write" } } },
          },
        },
      },
    });

    test("does not break when a scope is removed from a requirement", () => {
      expect(
        report(
          secured(["read", "write"], "https://auth.example.com/token"),
          secured(["read"], "https://auth.example.com/token"),
        ),
      ).toEqual([
        "vendor: non-breaking (0 breaking, 1 non-breaking)",
        "  non-breaking  security: oauth scopes removed: write",
      ]);
    });

    test("breaks when a requirement asks for one more scope", () => {
      expect(
        report(
          secured(["read"], "https://auth.example.com/token"),
          secured(["read", "write"], "https://auth.example.com/token"),
        ),
      ).toEqual([
        "vendor: breaking (1 breaking, 0 non-breaking)",
        "  breaking      security: oauth scopes added: write",
      ]);
    });

    test("does not break when an OAuth flow's token URL changes", () => {
      expect(
        report(
          secured(["read"], "https://auth.example.com/token"),
          secured(["read"], "https://login.example.com/oauth/token"),
        ),
      ).toEqual([
        "vendor: non-breaking (0 breaking, 1 non-breaking)",
        "  non-breaking  security scheme oauth: flow clientCredentials tokenUrl changed from https://auth.example.com/token to https://login.example.com/oauth/token",
      ]);
    });
  });

  describe("a body wrapped into oneOf", () => {
    const user = {
      type: "object",
      required: ["name"],
      properties: {
        name: { type: "string" },
        email: { type: "string" },
        phone: { type: "string" },
      },
    };
    const team = { type: "object", required: ["team"], properties: { team: { type: "string" } } };
    const wrapped = {
      oneOf: [{ $ref: "#/components/schemas/User" }, { $ref: "#/components/schemas/Team" }],
    };

    test("is one line saying what it became, not one line per field", () => {
      expect(
        report(
          bodies(
            { $ref: "#/components/schemas/User" },
            { $ref: "#/components/schemas/User" },
            { User: user, Team: team },
          ),
          bodies(wrapped, wrapped, { User: user, Team: team }),
        ),
      ).toEqual([
        "vendor: breaking (1 breaking, 1 non-breaking)",
        "  breaking      POST /things response 200: became one of User | Team",
        "  non-breaking  POST /things request body: became one of User | Team",
      ]);
    });
  });
});
