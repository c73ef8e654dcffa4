import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, test } from "vitest";
import { parseYaml } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";
import { formatTypes } from "../../scripts/pipeline/format.js";
import { generateTypes, OPENAPI_TS_OPTIONS } from "../../scripts/pipeline/types.js";
import { fixtureText, REPOSITORY } from "../support/project.js";

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
