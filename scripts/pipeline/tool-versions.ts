import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The tools whose versions decide the generated output, as npm package names. */
export const TOOLS = ["@redocly/openapi-core", "openapi-typescript", "prettier"] as const;

/** Installed version of each of {@link TOOLS}, e.g. `{ prettier: "3.10.1", … }`. */
export type ToolVersions = Record<(typeof TOOLS)[number], string>;

/**
 * Reads the installed versions from each tool's package.json, found the way Node finds packages
 * (the nearest `node_modules` above this file). Cheap: no tool is imported.
 */
export async function readToolVersions(): Promise<ToolVersions> {
  const entries = await Promise.all(
    TOOLS.map(async (tool) => [tool, await readVersion(tool)] as const),
  );
  return Object.fromEntries(entries) as ToolVersions;
}

async function readVersion(tool: string): Promise<string> {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const text = await readFile(
      join(directory, "node_modules", tool, "package.json"),
      "utf8",
    ).catch(() => undefined);
    if (text !== undefined) return (JSON.parse(text) as { version: string }).version;
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`${tool} is not installed; run npm ci`);
    directory = parent;
  }
}
