import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { renderChangeReport, renderMarkdown } from "../../scripts/report/index.js";

function fixture(name: string): unknown {
  return parse(readFileSync(new URL(`../fixtures/report/${name}.yaml`, import.meta.url), "utf8"));
}

const specPairs = [
  { api: "joyfill", before: fixture("operations.before"), after: fixture("operations.after") },
  { api: "unchanged", before: fixture("cosmetic.before"), after: fixture("cosmetic.after") },
  {
    api: "proficient",
    before: fixture("request-fields.before"),
    after: fixture("request-fields.after"),
  },
];

describe("renderChangeReport", () => {
  test("prints each API's verdict, then one line per change, breaking first", () => {
    expect(renderChangeReport(specPairs, { format: "text" })).toBe(
      [
        "joyfill: breaking (1 breaking, 2 non-breaking)",
        "  breaking      DELETE /users/{id}: operation removed",
        "  non-breaking  GET /users/{id}: operation added",
        "  non-breaking  GET /groups: operation added",
        "",
        "unchanged: cosmetic (documentation only)",
        "",
        "proficient: breaking (4 breaking, 2 non-breaking)",
        "  breaking      POST /users request body .phone: became required",
        "  breaking      POST /users request body .fax: field removed",
        "  breaking      POST /users request body .address.country: required field added (string)",
        "  breaking      POST /users request body .first_name: required field added (string)",
        "  non-breaking  POST /users request body .nickname: became optional",
        "  non-breaking  POST /users request body .middle_name: optional field added (string)",
        "",
      ].join("\n"),
    );
  });

  test("writes Markdown for a pull request with a summary line and a heading per API", () => {
    expect(renderChangeReport(specPairs, { format: "markdown" })).toBe(
      [
        "## API spec changes",
        "",
        "9 changes in 3 APIs (joyfill, unchanged, proficient): **5 breaking**, 4 non-breaking.",
        "",
        "### joyfill: breaking (1 breaking, 2 non-breaking)",
        "",
        "#### Breaking",
        "",
        "- `DELETE /users/{id}`: operation removed",
        "",
        "#### Non-breaking",
        "",
        "- `GET /users/{id}`: operation added",
        "- `GET /groups`: operation added",
        "",
        "### unchanged: cosmetic (documentation only)",
        "",
        "### proficient: breaking (4 breaking, 2 non-breaking)",
        "",
        "#### Breaking",
        "",
        "- `POST /users request body .phone`: became required",
        "- `POST /users request body .fax`: field removed",
        "- `POST /users request body .address.country`: required field added (string)",
        "- `POST /users request body .first_name`: required field added (string)",
        "",
        "#### Non-breaking",
        "",
        "- `POST /users request body .nickname`: became optional",
        "- `POST /users request body .middle_name`: optional field added (string)",
        "",
      ].join("\n"),
    );
  });

  test("returns an empty string when every document is unchanged", () => {
    const document = fixture("cosmetic.before");
    const unchanged = [{ api: "unchanged", before: document, after: structuredClone(document) }];
    expect(renderChangeReport(unchanged, { format: "text" })).toBe("");
    expect(renderChangeReport(unchanged, { format: "markdown" })).toBe("");
  });

  test("says so when the documents differ in nothing the report lists beyond documentation", () => {
    const before = fixture("cosmetic.before") as {
      paths: { "/users": { post: { responses: Record<string, Record<string, unknown>> } } };
    };
    const after = structuredClone(before);
    after.paths["/users"].post.responses["201"]!["x-internal"] = true;
    expect(renderChangeReport([{ api: "joyfill", before, after }], { format: "text" })).toBe(
      "joyfill: non-breaking (changes beyond documentation that the report does not list)\n",
    );
  });
});

describe("renderMarkdown", () => {
  test("escapes Markdown in details and fences locations that contain backticks", () => {
    const report = renderMarkdown([
      {
        api: "odd",
        changes: [
          {
            kind: "enum-values-added",
            breaking: false,
            location: 'POST /x request body ["a`b"]',
            detail: "enum values added: rate_limited, *",
          },
        ],
      },
    ]);
    expect(report.split("\n")).toContain(
      '- ``POST /x request body ["a`b"]``: enum values added: rate\\_limited, \\*',
    );
  });
});
