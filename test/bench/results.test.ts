import { describe, expect, test } from "vitest";
import { markersIn } from "../../bench/bundle-size.js";
import { formatTable, median, medianRatio, verdictOf, type Row } from "../../bench/results.js";
import { parseExtendedDiagnostics } from "../../bench/type-check.js";

describe("median", () => {
  test("takes the middle value of an odd count and the mean of the two middle ones of an even count", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test("refuses an empty list", () => {
    expect(() => median([])).toThrow("median of an empty list");
  });
});

describe("medianRatio", () => {
  test("divides round by round before taking the median", () => {
    // The ratio of the medians would be 30 / 10 = 3; the rounds' own ratios are 1, 3 and 1.5.
    expect(medianRatio([10, 30, 30], [10, 10, 20])).toBe(1.5);
  });
});

describe("verdictOf", () => {
  const row: Row = { group: "g", name: "n", value: 1.2, unit: "×", target: { max: 1.25 } };

  test("says met at or under the target, missed over it, n/a when not measured, nothing without one", () => {
    expect(verdictOf(row)).toBe("met");
    expect(verdictOf({ ...row, value: 1.25 })).toBe("met");
    expect(verdictOf({ ...row, value: 1.3 })).toBe("missed");
    expect(verdictOf({ ...row, value: Number.NaN })).toBe("n/a");
    expect(verdictOf({ group: "g", name: "n", value: 3, unit: "s" })).toBe("");
  });
});

describe("formatTable", () => {
  test("lines up the columns and prints units, targets and verdicts", () => {
    const table = formatTable([
      { group: "calls", name: "fetch", value: 95.04, unit: "µs", note: "median of 3 rounds" },
      { group: "calls", name: "facade / fetch", value: 1.304, unit: "×", target: { max: 1.25 } },
      { group: "bundle", name: "leaks", value: 0, unit: "count", target: { max: 0 } },
    ]);
    expect(table.split("\n")).toEqual([
      "benchmark  measure         median   target   verdict  note",
      "---------  --------------  -------  -------  -------  ------------------",
      "calls      fetch           95.0 µs                    median of 3 rounds",
      "calls      facade / fetch  1.30×    ≤ 1.25×  missed",
      "bundle     leaks           0        ≤ 0      met",
    ]);
  });
});

describe("parseExtendedDiagnostics", () => {
  test("reads check time and instantiations from tsc's report", () => {
    const output = [
      "Files:            73",
      "Instantiations:   14379",
      "Check time:       0.45s",
      "Total time:       1.61s",
    ].join("\n");
    expect(parseExtendedDiagnostics(output)).toEqual({ checkSeconds: 0.45, instantiations: 14379 });
  });

  test("fails naming the missing line", () => {
    expect(() => parseExtendedDiagnostics("Files: 1")).toThrow(
      'tsc --extendedDiagnostics printed no "Check time" line',
    );
  });
});

describe("markersIn", () => {
  test("finds markers regardless of case and lists only those present", () => {
    expect(markersIn('var a="Proficient API";', ["proficient", "https://api.example"])).toEqual([
      "proficient",
    ]);
  });
});
