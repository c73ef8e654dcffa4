/**
 * The installed command-line tools the benchmarks run, by absolute path, so each is started as
 * `node <script>` without npm's or npx's own start-up in the measurement.
 */
import { join } from "node:path";
import { PROJECT_ROOT } from "./suite.js";

const NODE_MODULES = join(PROJECT_ROOT, "node_modules");

/** Entry scripts of the tools' own CLIs. */
export const TOOL_SCRIPTS = {
  redocly: join(NODE_MODULES, "@redocly/cli/bin/cli.js"),
  openapiTypescript: join(NODE_MODULES, "openapi-typescript/bin/cli.js"),
  prettier: join(NODE_MODULES, "prettier/bin/prettier.cjs"),
  tsc: join(NODE_MODULES, "typescript/bin/tsc"),
} as const;

/** Directory of the executables npm puts on `PATH` for package scripts. */
export const BIN_DIRECTORY = join(NODE_MODULES, ".bin");
