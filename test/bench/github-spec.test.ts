/**
 * The tests that read GitHub's REST spec (13 MB, from the `bench` tool set, installed on first
 * use): `npm run test:bench` runs them, so that `npm test` on a new machine never installs that
 * set.
 */
import { readFile } from "node:fs/promises";
import * as prettier from "prettier";
import { beforeAll, describe, expect, test } from "vitest";
import { parseYaml } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";
import { githubSpecPath } from "../../bench/tool-paths.js";
import { formatTypes } from "../../scripts/pipeline/format.js";
import { generateTypes, OPENAPI_TS_OPTIONS } from "../../scripts/pipeline/types.js";
import { compareSpecs, type ChangeKind, type SpecChange } from "../../scripts/report/index.js";

/** A part of GitHub's REST spec: its first paths and every component they reach through `$ref`. */
async function githubSlice(pathCount: number): Promise<string> {
  const spec = JSON.parse(await readFile(await githubSpecPath(), "utf8")) as Record<string, any>;
  const paths = Object.fromEntries(Object.entries(spec.paths).slice(0, pathCount));
  const components: Record<string, Record<string, unknown>> = {};
  const pending: unknown[] = [paths];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || typeof value !== "object") continue;
    for (const [key, child] of Object.entries(value)) {
      const match =
        key === "$ref" &&
        typeof child === "string" &&
        /^#\/components\/([^/]+)\/([^/]+)$/.exec(child);
      if (match) {
        const [, section = "", name = ""] = match;
        components[section] ??= {};
        if (!(name in components[section])) {
          components[section][name] = spec.components[section][name];
          pending.push(components[section][name]);
        }
      } else {
        pending.push(child);
      }
    }
  }
  const { openapi, info, servers } = spec;
  return JSON.stringify({ openapi, info, servers, paths, components });
}

const PRETTIER = { printWidth: 100 };

describe("generateTypes on GitHub's REST spec", { timeout: 600_000 }, () => {
  test("gives exactly what openapiTS() gives formatted whole, in one piece and in small pieces, for its first 40 paths", async () => {
    const text = await githubSlice(40);
    const nodes = await openapiTS(parseYaml(text) as Parameters<typeof openapiTS>[0], {
      ...OPENAPI_TS_OPTIONS,
      silent: true,
    });
    const expected = await prettier.format(astToString(nodes), { ...PRETTIER, parser: "babel-ts" });
    const document = () => parseYaml(text) as Record<string, unknown>;
    const whole = generateTypes(document(), { pieceNodes: Number.POSITIVE_INFINITY });
    expect(await formatTypes(whole, { prettier: PRETTIER })).toBe(expected);
    const cut = generateTypes(document(), { pieceNodes: 300 });
    expect(cut.some((piece) => piece.members !== undefined)).toBe(true);
    expect(await formatTypes(cut, { prettier: PRETTIER })).toBe(expected);
  });
});

function breaking(kind: ChangeKind, location: string, detail: string): SpecChange {
  return { kind, breaking: true, location, detail };
}

describe("compareSpecs on GitHub's REST spec", () => {
  let githubSpecText: string;
  beforeAll(async () => {
    githubSpecText = await readFile(await githubSpecPath(), "utf8");
  }, 600_000);

  test("finds nothing between two copies", { timeout: 60_000 }, () => {
    expect(compareSpecs(JSON.parse(githubSpecText), JSON.parse(githubSpecText))).toEqual([]);
  });

  test(
    "reports a shared schema's change once per response that reaches it",
    { timeout: 60_000 },
    () => {
      const before = JSON.parse(githubSpecText);
      const after = JSON.parse(githubSpecText);
      const simpleUser = after.components.schemas["simple-user"];
      delete simpleUser.properties.gravatar_id;
      simpleUser.required = simpleUser.required.filter((name: string) => name !== "gravatar_id");
      delete after.paths["/user"].get;
      after.paths["/repos/{owner}/{repo}/issues"].post.requestBody.content[
        "application/json"
      ].schema.required.push("body");

      const changes = compareSpecs(before, after);

      expect(changes.filter((change) => !change.location.endsWith(".gravatar_id"))).toEqual([
        breaking(
          "required-changed",
          "POST /repos/{owner}/{repo}/issues request body .body",
          "became required",
        ),
        breaking("operation-removed", "GET /user", "operation removed"),
      ]);
      const removedFields = changes.filter((change) => change.location.endsWith(".gravatar_id"));
      expect(removedFields).toHaveLength(308);
      expect(
        removedFields.every((change) => change.kind === "field-removed" && change.breaking),
      ).toBe(true);
      expect(removedFields.map((change) => change.location)).toContain(
        "GET /users/{username}/followers response 200 [].gravatar_id",
      );
      expect(removedFields.map((change) => change.location)).toContain(
        "GET /repos/{owner}/{repo}/issues/{issue_number} response 200 .assignees[].gravatar_id",
      );
    },
  );
});
