/**
 * The README's "Tested runtimes" table says what this matrix runs, and nothing more: one row per
 * runtime of the matrix, each with the version its tool set pins.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_ROOT } from "./consumer-project.js";
import { pinnedVersion, WORKERD_COMPATIBILITY_DATE } from "./runtime-suite.js";

/** The table's rows as `{ runtime: version cell }`, in the README's order. */
function testedRuntimesTable(): Record<string, string> {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const section = /^### Tested runtimes\n([\s\S]*?)(?=^#)/m.exec(readme);
  if (!section) throw new Error('README.md has no "### Tested runtimes" section.');
  const rows = section[1]!
    .split("\n")
    .filter((line) => line.startsWith("| ") && !/^\| (runtime|---) /.test(line))
    .map((line) => line.split(" | ").map((cell) => cell.replace(/^\| /, "").trim()));
  return Object.fromEntries(rows.map(([runtime, version]) => [runtime, version ?? ""]));
}

const browserPins = JSON.parse(
  readFileSync(join(REPO_ROOT, "tools/browser/package.json"), "utf8"),
) as { dependencies: Record<string, string> };

describe("README.md, Tested runtimes", () => {
  const table = testedRuntimesTable();

  test("lists exactly the runtimes of the matrix", () => {
    expect(Object.keys(table)).toEqual([
      "Node.js",
      "Chromium",
      "Bun",
      "Deno",
      "workerd (Cloudflare Workers)",
      "Vercel edge-runtime",
    ]);
  });

  test("names the versions the tool sets pin", () => {
    expect({
      Bun: table["Bun"],
      Deno: table["Deno"],
      workerd: table["workerd (Cloudflare Workers)"],
      edgeRuntime: table["Vercel edge-runtime"],
      chromiumPackage: /\(`@sparticuz\/chromium` ([^)]+)\)/.exec(table["Chromium"] ?? "")?.[1],
    }).toEqual({
      Bun: pinnedVersion("bun"),
      Deno: pinnedVersion("deno"),
      workerd: `${pinnedVersion("workerd")}, compatibility date ${WORKERD_COMPATIBILITY_DATE}`,
      edgeRuntime: pinnedVersion("edge-runtime"),
      chromiumPackage: browserPins.dependencies["@sparticuz/chromium"],
    });
  });
});
