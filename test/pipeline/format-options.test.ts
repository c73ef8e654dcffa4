import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as prettier from "prettier";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { formatTypeScript, loadPrettierOptions } from "../../scripts/pipeline/format.js";

let root: string;
let configFile: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "format-options-"));
  configFile = join(root, ".prettierrc.json");
});
afterEach(() => rm(root, { recursive: true, force: true }));

const CODE =
  "export interface Pet { id: number; name: string; tags?: string[]; owner: { id: number; name: string } }\n";

/** What prettier itself makes of the config for generated/schema.ts, and how it formats CODE. */
async function asPrettierDoes(): Promise<{ options: prettier.Options; formatted: string }> {
  const options =
    (await prettier.resolveConfig(join(root, "generated", "schema.ts"), {
      config: configFile,
      editorconfig: false,
    })) ?? {};
  return { options, formatted: await prettier.format(CODE, { ...options, parser: "babel-ts" }) };
}

describe("loadPrettierOptions and formatTypeScript", { timeout: 30_000 }, () => {
  test.each([
    ["the project's own", { printWidth: 100 }],
    [
      "several plain options",
      { printWidth: 60, semi: false, singleQuote: true, tabWidth: 4, trailingComma: "none" },
    ],
    ["an empty object", {}],
  ])("a flat config (%s) gives prettier's options and prettier's output", async (_, config) => {
    await writeFile(configFile, JSON.stringify(config));
    const expected = await asPrettierDoes();
    const options = await loadPrettierOptions({ root, configFile });
    expect(options).toEqual(expected.options);
    expect(await formatTypeScript(CODE, { prettier: options })).toBe(expected.formatted);
  });

  test("an override for generated TypeScript is honoured, as prettier resolves it", async () => {
    await writeFile(
      configFile,
      JSON.stringify({
        printWidth: 100,
        overrides: [{ files: "generated/**/*.ts", options: { printWidth: 40, semi: false } }],
      }),
    );
    const options = await loadPrettierOptions({ root, configFile });
    expect(options).toEqual({ printWidth: 40, semi: false });
    const formatted = await formatTypeScript(CODE, { prettier: options });
    expect(formatted).toBe((await asPrettierDoes()).formatted);
    expect(formatted.split("\n").every((line) => line.length <= 40)).toBe(true);
  });

  test("a config prettier cannot read fails as prettier fails, naming the file", async () => {
    await writeFile(configFile, "{ printWidth: ");
    await expect(loadPrettierOptions({ root, configFile })).rejects.toThrow(configFile);
  });

  test("no config: prettier's defaults", async () => {
    expect(await loadPrettierOptions({ root, configFile: undefined })).toEqual({});
  });
});
