/**
 * The command-line tools the benchmarks run, by absolute path, so each is started as
 * `node <script>` without npm's or npx's own start-up in the measurement. The package's own tools
 * are found by module resolution (next to the package or hoisted to a workspace root); the
 * benchmark-only ones come from the `bench` tool set, installed on first use.
 */
import { join } from "node:path";
import { installedBin, nodeModulesHolding } from "../scripts/installed-packages.js";
import { ensureToolSet } from "../scripts/tool-sets.js";

/** Entry scripts of the CLIs of tools the package itself depends on. */
export const TOOL_SCRIPTS = {
  openapiTypescript: installedBin("openapi-typescript", "openapi-typescript"),
  prettier: installedBin("prettier", "prettier"),
  tsc: installedBin("typescript", "tsc"),
} as const;

/**
 * Directory of the executables npm puts on `PATH` for package scripts: the `.bin` of the
 * `node_modules` that holds the package's dev dependencies.
 */
export const BIN_DIRECTORY = join(nodeModulesHolding("tsx"), ".bin");

/** Entry script of the Redocly CLI, the generation benchmarks' anchor (`bench` tool set). */
export async function redoclyCliScript(): Promise<string> {
  const bench = await ensureToolSet("bench");
  return installedBin("@redocly/cli", "redocly", { from: bench.directory });
}

/** GitHub's REST spec, the scale benchmark's fixture (`bench` tool set). */
export async function githubSpecPath(): Promise<string> {
  const bench = await ensureToolSet("bench");
  return bench.resolve("@octokit/openapi/generated/api.github.com.json");
}
