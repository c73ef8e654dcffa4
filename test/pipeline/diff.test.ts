import { describe, expect, test } from "vitest";
import { shortDiff } from "../../scripts/pipeline/diff.js";

describe("shortDiff", () => {
  test("shows each changed region as its own hunk", () => {
    expect(shortDiff("a\nb\nc\nd\ne\nf", "a\nB\nc\nd\nf\ng")).toEqual([
      "@@ line 2 @@",
      "-b",
      "+B",
      "@@ line 5 @@",
      "-e",
      "@@ line 7 @@",
      "+g",
    ]);
  });

  test("stops after maxLines changed lines and counts the rest", () => {
    const lines = Array.from({ length: 40 }, (_, index) => `line ${index}`);
    const changed = lines.map((line) => `${line}!`);
    expect(shortDiff(lines.join("\n"), changed.join("\n"), { maxLines: 3 })).toEqual([
      "@@ line 1 @@",
      "-line 0",
      "-line 1",
      "-line 2",
      "… 77 more changed lines",
    ]);
  });

  test("falls back to the region between the common first and last lines past maxEdits", () => {
    expect(shortDiff("same\nx1\nx2\nend", "same\ny1\ny2\nend", { maxEdits: 1 })).toEqual([
      "@@ line 2 @@",
      "-x1",
      "-x2",
      "+y1",
      "+y2",
    ]);
  });
});
