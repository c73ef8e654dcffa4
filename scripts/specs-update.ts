/**
 * `npm run specs:update [api…]`: pulls each API's spec from its vendor docs page, regenerates,
 * and when the clients changed, checks the facades, bumps the version and prepends a changelog
 * section, writing only when every step passed. The project root is the current directory. See
 * `runUpdateCommand` for the options and exit codes.
 *
 * @packageDocumentation
 */

import { runUpdateCommand } from "./update/update-command.js";

process.exitCode = await runUpdateCommand({
  argv: process.argv.slice(2),
  root: process.cwd(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
