// @ts-check
// Declarations and documentation: tool-versions.d.mts.
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const TOOLS = /** @type {const} */ (["@redocly/openapi-core", "openapi-typescript", "prettier"]);

/** @returns {Promise<import("./tool-versions.mjs").ToolVersions>} */
export async function readToolVersions() {
  const entries = await Promise.all(TOOLS.map(async (tool) => [tool, await readVersion(tool)]));
  return /** @type {import("./tool-versions.mjs").ToolVersions} */ (Object.fromEntries(entries));
}

/**
 * @param {string} tool
 * @returns {Promise<string>}
 */
async function readVersion(tool) {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const text = await readFile(join(directory, "node_modules", tool, "package.json"), "utf8").catch(() => undefined);
    if (text !== undefined) return /** @type {{ version: string }} */ (JSON.parse(text)).version;
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`${tool} is not installed; run npm ci`);
    directory = parent;
  }
}
