import { describe, expect, test } from "vitest";
import { checkSpecText as checkPulledSpec } from "../../scripts/pull/check-spec.js";
import { parse } from "yaml";
import {
  checkSpecText,
  findAliasExpansion,
  findTooDeep,
  formatBytes,
  mayHaveAliases,
  SPEC_LIMITS,
} from "../../scripts/spec-limits.js";

/** `levels` aliases deep: each line holds ten aliases to the line before. */
function aliasBomb(levels: number): string {
  const lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
  for (let level = 1; level < levels; level++) {
    lines.push(
      `l${level}: &l${level} [${Array(10)
        .fill(`*l${level - 1}`)
        .join(", ")}]`,
    );
  }
  return `${lines.join("\n")}\n`;
}

const MESSAGE =
  "a YAML alias here takes what aliases add to the document past 100,000 nodes (the limit on alias expansion); write the values out or use $ref";

/** Parsed as YAML parsers do it: each alias a second reference to its anchor's object. */
const parseYaml = (text: string): unknown => parse(text, { maxAliasCount: -1 });

describe("mayHaveAliases", () => {
  test("is false for JSON, whatever its strings hold, and for YAML without anchors", () => {
    expect(mayHaveAliases('{"description": "R&D *bold* &amp; *x", "a": [1]}')).toBe(false);
    expect(mayHaveAliases("openapi: 3.1.0\ninfo: { title: t, version: '1' }\n")).toBe(false);
  });

  test("is true for YAML with an anchor and an alias, block or flow", () => {
    expect(mayHaveAliases(aliasBomb(2))).toBe(true);
    expect(mayHaveAliases("{a: &x [1], b: *x}")).toBe(true);
  });
});

describe("findAliasExpansion", () => {
  test("passes aliases that add fewer nodes than the limit", () => {
    expect(findAliasExpansion(parseYaml(aliasBomb(4)))).toBeUndefined();
  });

  test("stops a billion-laughs document at the alias that passes the limit", () => {
    // l1's aliases add 110 nodes, l2's 1,110, l3's 11,110; the 8th *l3 of l4 takes the total past 100,000.
    expect(findAliasExpansion(parseYaml(aliasBomb(9)))).toEqual({
      path: ["l4", "7"],
      message: MESSAGE,
    });
  });

  test("stops an alias to the node that holds it", () => {
    const value = parseYaml("a: &a\n  b: *a\n");
    expect(findAliasExpansion(value)?.path).toEqual(["a", "b"]);
  });

  test("applies a lower limit when given one", () => {
    // Each *l0 adds 11 nodes: the 10th takes l1's aliases to 110.
    expect(findAliasExpansion(parseYaml(aliasBomb(3)), 100)?.path).toEqual(["l1", "9"]);
  });

  test("counts nothing for a document without shared objects", () => {
    const wide = { items: Array.from({ length: 200_000 }, (_, index) => ({ index })) };
    expect(findAliasExpansion(wide)).toBeUndefined();
  });
});

describe("checkSpecText", () => {
  test("refuses text over maxBytes, saying both sizes", () => {
    expect(checkSpecText("x".repeat(2_048), { ...SPEC_LIMITS, maxBytes: 1_024 })).toEqual({
      rule: "spec-too-large",
      line: 1,
      col: 1,
      message: "the file is 2 KiB; a spec file may be at most 1 KiB",
    });
  });

  test("places JSON nested past maxDepth at its first bracket too deep, ignoring brackets in strings", () => {
    const text = `{"a": "[[[[",\n "b": [[[{"c": 1}]]]}`;
    expect(checkSpecText(text, { ...SPEC_LIMITS, maxDepth: 3 })).toEqual({
      rule: "spec-too-deep",
      line: 2,
      col: 9,
      message:
        "objects and arrays are nested more than 3 levels deep here; a spec may nest at most 3",
    });
  });
});

describe("findTooDeep", () => {
  test("returns the path of the first value past the limit", () => {
    expect(findTooDeep({ a: [{ b: { c: 1 } }] }, 3)).toEqual(["a", "0", "b"]);
    expect(findTooDeep({ a: [{ b: 1 }] }, 3)).toBeUndefined();
  });

  test("walks 100,000 levels without a stack overflow", () => {
    let deep: unknown = {};
    for (let level = 0; level < 100_000; level++) deep = { next: deep };
    expect(findTooDeep(deep)).toHaveLength(SPEC_LIMITS.maxDepth);
  });
});

test("formatBytes names the unit", () => {
  expect([formatBytes(900), formatBytes(1_536), formatBytes(100 * 2 ** 20)]).toEqual([
    "900 bytes",
    "1.5 KiB",
    "100 MiB",
  ]);
});

test("specs:pull stops a pulled billion-laughs block with the yaml package's alias guard, naming the limit", async () => {
  const pulled = { specPath: "/project/specs/x.yaml", firstLine: 10 };
  await expect(checkPulledSpec(aliasBomb(9), pulled)).rejects.toThrow(
    "the YAML block breaks a limit: its aliases add more than 100,000 nodes (the yaml package's maxAliasCount); write the values out or use $ref",
  );
  // Five levels stay within the limit, so the block is judged as a spec.
  await expect(checkPulledSpec(aliasBomb(5), pulled)).rejects.toThrow(
    "the YAML block is not an OpenAPI 3.x document: it has no openapi field",
  );
});
