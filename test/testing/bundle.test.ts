/**
 * The kit stays out of apps' production code: a browser bundle of each client entry point,
 * built by esbuild from the package's sources, holds no module of `api-clients/testing` and no
 * generated examples, while a bundle that imports the kit does.
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, test } from "vitest";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** The package's files an entry's production bundle is made of, relative to the repository. */
async function bundledFiles(source: string): Promise<string[]> {
  const result = await build({
    // The package resolves itself by name from its own folder, through its `exports`.
    stdin: { contents: source, resolveDir: repoRoot, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: ["@api-clients/source"],
    define: { "process.env.NODE_ENV": '"production"' },
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  return Object.keys(result.metafile.inputs)
    .map((path) => relative(repoRoot, path).replaceAll("\\", "/"))
    .filter((path) => path.startsWith("src/") || path.startsWith("generated/"));
}

const isKit = (path: string) => path.startsWith("src/testing") || path.endsWith("/examples.ts");

describe("a production bundle", () => {
  test.each([
    ["api-clients/joyfill", 'import { createJoyfillClient as create } from "api-clients/joyfill";'],
    [
      "api-clients/proficient",
      'import { createProficientClient as create } from "api-clients/proficient";',
    ],
    ["api-clients", 'import { createJoyfillClient as create } from "api-clients";'],
  ])("of %s contains none of the testing kit", async (_entry, importLine) => {
    const files = await bundledFiles(
      `${importLine}\nexport const client = create({ accessToken: "t", secretKey: "sk_t" });\n`,
    );
    expect(files).toContain("src/core/client.ts");
    expect(files.filter(isKit)).toEqual([]);
  });

  test("of an app's test that imports api-clients/testing does contain it", async () => {
    const files = await bundledFiles(
      'import { createJoyfillFake } from "api-clients/testing";\nexport const fake = createJoyfillFake();\n',
    );
    expect(files.filter(isKit)).toEqual(
      expect.arrayContaining(["src/testing/fake.ts", "generated/joyfill/examples.ts"]),
    );
  });
});
