/**
 * The rule book's corpus: one spec pair per row of docs/change-report.md, in both directions
 * where the direction matters, each with the exact lines of the report.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { renderChangeReport } from "../../scripts/report/index.js";

interface SchemaCase {
  row: string;
  case?: string;
  before: unknown;
  after: unknown;
  components?: Record<string, unknown>;
  afterComponents?: Record<string, unknown>;
  beforeMediaTypes?: string[];
  afterMediaTypes?: string[];
  request: string[];
  response: string[];
}

interface DocumentCase {
  row: string;
  case?: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  lines: string[];
}

const corpus = parse(
  readFileSync(new URL("../fixtures/report/corpus.yaml", import.meta.url), "utf8"),
) as { schemas: SchemaCase[]; documents: DocumentCase[] };

const rulebook = readFileSync(new URL("../../docs/change-report.md", import.meta.url), "utf8");

/** The first cell of every row of the rule book's classification tables. */
function rulebookRows(): string[] {
  const section = rulebook.slice(
    rulebook.indexOf("## Classification"),
    rulebook.indexOf("## Not compared"),
  );
  return section
    .split("\n")
    .filter(
      (line) => line.startsWith("| ") && !line.startsWith("| change ") && !line.startsWith("| ---"),
    )
    .map((line) => line.split(" | ")[0]!.slice(2).trim());
}

const info = { title: "Corpus", version: "1" };

function content(schema: unknown, mediaTypes: string[] = ["application/json"]) {
  return Object.fromEntries(mediaTypes.map((mediaType) => [mediaType, { schema }]));
}

function requestDocument(schema: unknown, components: unknown, mediaTypes?: string[]) {
  return {
    openapi: "3.1.0",
    info,
    paths: {
      "/things": {
        post: {
          requestBody: { required: true, content: content(schema, mediaTypes) },
          responses: { "204": { description: "stored" } },
        },
      },
    },
    components: { schemas: components ?? {} },
  };
}

function responseDocument(schema: unknown, components: unknown, mediaTypes?: string[]) {
  return {
    openapi: "3.1.0",
    info,
    paths: {
      "/things": {
        get: { responses: { "200": { description: "ok", content: content(schema, mediaTypes) } } },
      },
    },
    components: { schemas: components ?? {} },
  };
}

/** The report's lines for one API, checked against the counts in its heading. */
function reportLines(before: unknown, after: unknown): string[] {
  const text = renderChangeReport([{ api: "corpus", before, after }], { format: "text" });
  if (text === "") return [];
  const [heading, ...lines] = text.trimEnd().split("\n");
  const breaking = lines.filter((line) => line.startsWith("  breaking ")).length;
  const verdict = breaking > 0 ? "breaking" : "non-breaking";
  expect(heading).toBe(
    `corpus: ${verdict} (${breaking} breaking, ${lines.length - breaking} non-breaking)`,
  );
  return lines.map((line) => line.slice(2));
}

function title(entry: { row: string; case?: string }): string {
  return entry.case === undefined ? entry.row : `${entry.row}: ${entry.case}`;
}

describe("change report corpus", () => {
  test("has a spec pair for every row of the rule book's tables, and no pair for a row it lacks", () => {
    const rows = rulebookRows();
    const covered = new Set([...corpus.schemas, ...corpus.documents].map((entry) => entry.row));
    expect(rows.filter((row) => !covered.has(row))).toEqual([]);
    expect([...covered].filter((row) => !rows.includes(row))).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(70);
  });

  describe.each(corpus.schemas)("$row", (entry) => {
    const afterComponents = entry.afterComponents ?? entry.components;

    test(`in a request: ${title(entry)}`, () => {
      expect(
        reportLines(
          requestDocument(entry.before, entry.components, entry.beforeMediaTypes),
          requestDocument(entry.after, afterComponents, entry.afterMediaTypes),
        ),
      ).toEqual(entry.request);
    });

    test(`in a response: ${title(entry)}`, () => {
      expect(
        reportLines(
          responseDocument(entry.before, entry.components, entry.beforeMediaTypes),
          responseDocument(entry.after, afterComponents, entry.afterMediaTypes),
        ),
      ).toEqual(entry.response);
    });
  });

  test.each(corpus.documents)("$row", (entry) => {
    expect(
      reportLines(
        { openapi: "3.1.0", info, ...entry.before },
        { openapi: "3.1.0", info, ...entry.after },
      ),
    ).toEqual(entry.lines);
  });
});
