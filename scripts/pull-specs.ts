/**
 * `npm run specs:pull [api…]`: pulls each API's spec from the vendor docs page named by
 * `x-api-clients.docsPage` in `redocly.yaml` into its spec file, writing only when every pull
 * succeeded. See `runPullCommand` for the options and exit codes.
 *
 * @packageDocumentation
 */

import { fileURLToPath } from "node:url";
import { runPullCommand } from "./pull/pull-command.js";

process.exitCode = await runPullCommand({
  argv: process.argv.slice(2),
  defaultConfigPath: fileURLToPath(new URL("../redocly.yaml", import.meta.url)),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
