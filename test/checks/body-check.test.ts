/**
 * The runtime the generated checks call: what counts as a JSON object, and how a union
 * (`anyOf` / `oneOf`) chooses between one branch's differences and a single one of its own.
 */
import { describe, expect, test } from "vitest";
import { checkUnion, isObject, type BodyCheck, type Branch } from "../../src/checks/body-check.js";

/** Branch checks as the generator writes them: each reports where the value differs. */
const string: BodyCheck = (v, p, m) => {
  if (typeof v !== "string") m(p, "type", "string", v);
};
const strings: BodyCheck = (v, p, m) => {
  if (!Array.isArray(v)) m(p, "type", "array", v);
  else v.forEach((item, index) => string(item, `${p}/${index}`, m));
};
const half: BodyCheck = (v, p, m) => {
  if (typeof v !== "number") m(p, "type", "number", v);
  else if (!(v === 0.5 || v === 1.5)) m(p, "enum", "one of 0.5, 1.5", v);
};
const animal =
  (kind: string): BodyCheck =>
  (v, p, m) => {
    if (!isObject(v)) m(p, "type", "object", v);
    else if (v["kind"] !== kind) m(`${p}/kind`, "enum", `one of "${kind}"`, v["kind"]);
  };
const red: BodyCheck = (v, p, m) => {
  if (v !== "red") m(p, "const", '"red"', v);
};

/** What `checkUnion` reports for `value` at `/pet`, as `[pointer, keyword, expected, value]`. */
function unionReports(value: unknown, branches: readonly Branch[]): unknown[][] {
  const reports: unknown[][] = [];
  checkUnion(value, "/pet", (...report) => void reports.push(report), "oneOf", "A or B", branches);
  return reports;
}

const STRING_OR_STRINGS: Branch[] = [
  [string, ["string"]],
  [strings, ["array"]],
];
const CAT_OR_DOG: Branch[] = [
  [animal("cat"), ["object"]],
  [animal("dog"), ["object"]],
];

describe("checkUnion", () => {
  test("is silent when any branch accepts the value, even beside another branch of its kind", () => {
    expect(unionReports("a", STRING_OR_STRINGS)).toEqual([]);
    expect(unionReports(["a"], STRING_OR_STRINGS)).toEqual([]);
    expect(unionReports({ kind: "cat" }, CAT_OR_DOG)).toEqual([]);
    expect(unionReports({ kind: "dog" }, CAT_OR_DOG)).toEqual([]);
  });

  test("reports the differences of the one branch that accepts values of the value's kind", () => {
    expect(unionReports(["a", 1, "b", true], STRING_OR_STRINGS)).toEqual([
      ["/pet/1", "type", "string", 1],
      ["/pet/3", "type", "string", true],
    ]);
    expect(
      unionReports(2, [
        [string, ["string"]],
        [red, undefined],
      ]),
    ).toEqual([["/pet", "const", '"red"', 2]]);
  });

  test("reports the union once when no branch accepts values of the value's kind", () => {
    expect(unionReports(3, STRING_OR_STRINGS)).toEqual([["/pet", "oneOf", "A or B", 3]]);
    expect(unionReports(null, CAT_OR_DOG)).toEqual([["/pet", "oneOf", "A or B", null]]);
  });

  test("reports the union once when more than one branch accepts values of the value's kind", () => {
    expect(unionReports({ kind: "cow" }, CAT_OR_DOG)).toEqual([
      ["/pet", "oneOf", "A or B", { kind: "cow" }],
    ]);
    expect(
      unionReports(2, [
        [red, undefined],
        [string, undefined],
      ]),
    ).toEqual([["/pet", "oneOf", "A or B", 2]]);
  });

  test("a whole number is of a number branch's kind; a string is not", () => {
    expect(
      unionReports(3, [
        [string, ["string"]],
        [half, ["number"]],
      ]),
    ).toEqual([["/pet", "enum", "one of 0.5, 1.5", 3]]);
    expect(
      unionReports("3", [
        [half, ["number"]],
        [animal("cat"), ["object"]],
      ]),
    ).toEqual([["/pet", "oneOf", "A or B", "3"]]);
  });
});

describe("isObject", () => {
  test("holds for a JSON object, not for null, an array, a string or a number", () => {
    expect(isObject({})).toBe(true);
    expect(isObject({ kind: "cat" })).toBe(true);
    expect(isObject(null)).toBe(false);
    expect(isObject([])).toBe(false);
    expect(isObject("cat")).toBe(false);
    expect(isObject(1)).toBe(false);
  });
});
