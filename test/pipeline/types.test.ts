import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, test } from "vitest";
import { parseYaml } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";
import { formatTypes } from "../../scripts/pipeline/format.js";
import { generateTypes, OPENAPI_TS_OPTIONS } from "../../scripts/pipeline/types.js";
import { ensureToolSet } from "../../scripts/tool-sets.js";
import { fixtureText, REPOSITORY } from "../support/project.js";

/** A part of GitHub's REST spec: its first paths and every component they reach through `$ref`. */
async function githubSlice(pathCount: number): Promise<string> {
  const bench = await ensureToolSet("bench");
  const file = bench.resolve("@octokit/openapi/generated/api.github.com.json");
  const spec = JSON.parse(await readFile(file, "utf8")) as Record<string, any>;
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

/** Specs, each with the piece size that cuts it finely (1: every member a piece of its own). */
const SPECS = {
  "the 3.0 fixture": { read: () => fixtureText("pipeline/pets-3.0.yaml"), pieceNodes: 1 },
  "the 3.1 fixture": { read: () => fixtureText("pipeline/pets-3.1.yaml"), pieceNodes: 1 },
  "Joyfill's bundled spec": {
    read: () => readFile(join(REPOSITORY, "generated/joyfill/openapi.yaml"), "utf8"),
    pieceNodes: 1,
  },
  "Proficient's bundled spec": {
    read: () => readFile(join(REPOSITORY, "generated/proficient/openapi.yaml"), "utf8"),
    pieceNodes: 1,
  },
  "the first 40 paths of GitHub's spec": { read: () => githubSlice(40), pieceNodes: 300 },
};

const PRETTIER = { printWidth: 100 };

/** What openapiTS() gives with our options, formatted whole with prettier. */
async function expectedTypes(text: string): Promise<string> {
  const nodes = await openapiTS(parseYaml(text) as Parameters<typeof openapiTS>[0], {
    ...OPENAPI_TS_OPTIONS,
    silent: true,
  });
  return prettier.format(astToString(nodes), { ...PRETTIER, parser: "babel-ts" });
}

describe("generateTypes, formatted with formatTypes", { timeout: 120_000 }, () => {
  for (const [name, { read, pieceNodes }] of Object.entries(SPECS)) {
    test(`gives exactly what openapiTS() gives formatted whole, in one piece and in small pieces, for ${name}`, async () => {
      const text = await read();
      const expected = await expectedTypes(text);
      const document = () => parseYaml(text) as Record<string, unknown>;
      const whole = generateTypes(document(), { pieceNodes: Number.POSITIVE_INFINITY });
      expect(whole.every((piece) => piece.members === undefined)).toBe(true);
      expect(await formatTypes(whole, { prettier: PRETTIER })).toBe(expected);
      const cut = generateTypes(document(), { pieceNodes });
      expect(cut.some((piece) => piece.members !== undefined)).toBe(true);
      expect(await formatTypes(cut, { prettier: PRETTIER })).toBe(expected);
    });
  }
});
