import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { extractSpecBlock } from "../../scripts/pull/extract-spec-block.js";

function page(name: string): string {
  return readFileSync(new URL(`../fixtures/pull/${name}`, import.meta.url), "utf8");
}

describe("extractSpecBlock", () => {
  test("returns the text between the ````yaml fence lines, byte for byte", () => {
    const block = extractSpecBlock(
      "# Title\n\n````yaml post /users\nopenapi: 3.1.0\n\n  x: 1\n````",
    );
    expect(block).toEqual({ text: "openapi: 3.1.0\n\n  x: 1\n", firstLine: 4 });
  });

  test("gives back a vendor page's spec exactly as the spec file holds it", () => {
    const block = extractSpecBlock(page("proficient.md"));
    expect(block.firstLine).toBe(14);
    expect(block.text.startsWith("openapi: 3.0.1\ninfo:\n")).toBe(true);
    expect(block.text.endsWith("        - unknown\n\n")).toBe(true);
  });

  test("reads pages with CRLF line endings", () => {
    expect(extractSpecBlock("````yaml\r\nopenapi: 3.0.1\r\n````\r\n").text).toBe(
      "openapi: 3.0.1\n",
    );
  });

  test("skips other fenced blocks, three-backtick YAML among them", () => {
    const text = "```yaml\na: 1\n```\n\n```json\n{}\n```\n\n````yaml\nopenapi: 3.0.1\n````\n";
    expect(extractSpecBlock(text)).toEqual({ text: "openapi: 3.0.1\n", firstLine: 10 });
  });

  test("does not take a ````yaml line inside another block for an opening fence", () => {
    const text =
      "`````markdown\n````yaml\nshown: only\n````\n`````\n````yaml\nopenapi: 3.0.1\n````\n";
    expect(extractSpecBlock(text).text).toBe("openapi: 3.0.1\n");
  });

  test("refuses a page without a spec block", () => {
    expect(() => extractSpecBlock(page("no-block.md"))).toThrow(
      "the page has no fenced YAML block (a line opening with ````yaml)",
    );
  });

  test("refuses a page with several spec blocks, naming their lines", () => {
    expect(() => extractSpecBlock(page("two-blocks.md"))).toThrow(
      "the page has 2 fenced YAML blocks (at lines 3, 9); expected exactly one",
    );
  });

  test("refuses a spec block that is never closed", () => {
    expect(() => extractSpecBlock(page("unclosed-block.md"))).toThrow(
      "the fenced YAML block opened at line 3 is never closed",
    );
  });
});
