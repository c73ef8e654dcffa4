import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { changeVerdict, changeVerdicts } from "../../scripts/report/index.js";

function fixture(name: string): unknown {
  return parse(readFileSync(new URL(`../fixtures/report/${name}.yaml`, import.meta.url), "utf8"));
}

function pair(api: string, name: string) {
  return { api, before: fixture(`${name}.before`), after: fixture(`${name}.after`) };
}

describe("changeVerdict", () => {
  test("is breaking when the report has a breaking change", () => {
    expect(changeVerdict([pair("joyfill", "operations")])).toBe("breaking");
  });

  test("is non-breaking when the report lists only non-breaking changes", () => {
    const before = fixture("operations.before");
    const after = structuredClone(before) as { paths: Record<string, unknown> };
    after.paths["/teams"] = {
      get: { responses: { "200": { description: "teams" } } },
    };
    expect(changeVerdict([{ api: "joyfill", before, after }])).toBe("non-breaking");
  });

  test("is cosmetic when only descriptions, summaries, examples, tags and info changed", () => {
    expect(changeVerdict([pair("joyfill", "cosmetic")])).toBe("cosmetic");
  });

  test("is none for equal documents and for an empty list", () => {
    const document = fixture("cosmetic.before");
    expect(
      changeVerdict([{ api: "joyfill", before: document, after: structuredClone(document) }]),
    ).toBe("none");
    expect(changeVerdict([])).toBe("none");
  });

  test("keeps a property named description: renaming it is not cosmetic", () => {
    const before = {
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: {},
      components: {
        schemas: { Note: { type: "object", properties: { description: { type: "string" } } } },
      },
    };
    const after = structuredClone(before);
    after.components.schemas.Note.properties = { summary: { type: "string" } } as never;
    expect(changeVerdict([{ api: "notes", before, after }])).toBe("non-breaking");
  });

  test("is non-breaking when something the report does not classify changed", () => {
    const before = fixture("cosmetic.before") as {
      paths: { "/users": { post: { responses: Record<string, Record<string, unknown>> } } };
    };
    const after = structuredClone(before);
    after.paths["/users"].post.responses["201"]!.headers = {
      "x-rate-limit": { schema: { type: "integer" } },
    };
    expect(changeVerdict([{ api: "joyfill", before, after }])).toBe("non-breaking");
  });

  test("gives the most severe verdict of several APIs, and each one's with changeVerdicts", () => {
    const pairs = [pair("unchanged", "cosmetic"), pair("joyfill", "operations")];
    expect(changeVerdict(pairs)).toBe("breaking");
    expect(changeVerdicts(pairs)).toEqual([
      { api: "unchanged", verdict: "cosmetic" },
      { api: "joyfill", verdict: "breaking" },
    ]);
  });
});
