/**
 * `npm run specs:workflow`: writes the weekly spec-update job to the repository root's
 * `.github/workflows/`, for the layout it finds around the package. The package's folder is the
 * current directory. See `runWorkflowCommand` for the options and exit codes.
 *
 * @packageDocumentation
 */

import { runWorkflowCommand } from "./update/workflow-command.js";

process.exitCode = await runWorkflowCommand({
  argv: process.argv.slice(2),
  root: process.cwd(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
