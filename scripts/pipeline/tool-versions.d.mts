/** The tools whose versions decide the generated output, as npm package names. */
export const TOOLS: readonly ["@redocly/openapi-core", "openapi-typescript", "prettier"];

/** Installed version of each of {@link TOOLS}, e.g. `{ prettier: "3.10.1", … }`. */
export type ToolVersions = Record<(typeof TOOLS)[number], string>;

/**
 * Reads the installed versions from each tool's package.json, found the way Node finds packages
 * (the nearest `node_modules` above this file). Cheap: no tool is imported.
 */
export function readToolVersions(): Promise<ToolVersions>;
