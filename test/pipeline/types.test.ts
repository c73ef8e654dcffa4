import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseYaml } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";
import { generateTypes, OPENAPI_TS_OPTIONS } from "../../scripts/pipeline/types.js";
import { readFixture, REPOSITORY } from "./temp-project.js";

const SPECS = {
  "the 3.0 fixture": () => readFixture("pets-3.0.yaml"),
  "the 3.1 fixture": () => readFixture("pets-3.1.yaml"),
  "Joyfill's bundled spec": () =>
    readFile(join(REPOSITORY, "generated/joyfill/openapi.yaml"), "utf8"),
  "Proficient's bundled spec": () =>
    readFile(join(REPOSITORY, "generated/proficient/openapi.yaml"), "utf8"),
};

describe("generateTypes", { timeout: 60_000 }, () => {
  for (const [name, read] of Object.entries(SPECS)) {
    test(`gives exactly what openapiTS() gives with the same options, for ${name}`, async () => {
      const text = await read();
      const expected = astToString(
        await openapiTS(parseYaml(text) as Parameters<typeof openapiTS>[0], {
          ...OPENAPI_TS_OPTIONS,
          silent: true,
        }),
      );
      expect(generateTypes(parseYaml(text) as Record<string, unknown>)).toBe(expected);
    });
  }
});
