import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  parseJsonWithTrailingCommas,
  withoutTrailingCommas,
} from "../../scripts/fixes/lenient-json.js";

/** JSON.stringify with a comma before every closing bracket of a non-empty container. */
function withTrailingCommas(value: unknown): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? "[]" : `[${value.map(withTrailingCommas).join(", ")},\n]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${withTrailingCommas(item)}`).join(", ")} ,}`;
  }
  return JSON.stringify(value);
}

describe("parseJsonWithTrailingCommas", () => {
  test("reads the vendor's example with a comma before the closing brace", () => {
    expect(
      parseJsonWithTrailingCommas('{\n  "type": "String",\n  "group": "String (optional)",\n}'),
    ).toEqual({
      type: "String",
      group: "String (optional)",
    });
  });

  test("reads any JSON value written with trailing commas as the value itself", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(parseJsonWithTrailingCommas(withTrailingCommas(value))).toEqual(
          JSON.parse(JSON.stringify(value)),
        );
      }),
    );
  });

  test("leaves commas inside strings alone, escaped quotes included", () => {
    expect(withoutTrailingCommas('{"a": "x,}", "b": "q\\",]",}')).toBe(
      '{"a": "x,}", "b": "q\\",]"}',
    );
  });

  test("still rejects JSON with any other mistake", () => {
    expect(() => parseJsonWithTrailingCommas("{ type: 'String', }")).toThrow(SyntaxError);
  });
});
