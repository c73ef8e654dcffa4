import { resolve } from "node:path";
import type { PipelineOptions } from "./run.js";

/** How to call `npm run generate`, printed with every usage error. */
export const USAGE = "usage: npm run generate -- [--check] [--report FILE] [api …]";

/**
 * Parses `npm run generate`'s command line: `--check`, `--report FILE` (or `--report=FILE`,
 * relative to `cwd`) and API names. The root is `cwd`.
 *
 * @returns the pipeline options, or a message saying what is wrong with the command line.
 */
export function parseArguments(argv: readonly string[], cwd: string): PipelineOptions | string {
  const apis: string[] = [];
  let check = false;
  let reportFile: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? "";
    if (argument === "--check") {
      check = true;
    } else if (argument === "--report" || argument.startsWith("--report=")) {
      const file = argument === "--report" ? argv[++index] : argument.slice("--report=".length);
      if (!file) return "--report needs a file name";
      reportFile = resolve(cwd, file);
    } else if (argument.startsWith("-")) {
      return `unknown option ${argument}`;
    } else {
      apis.push(argument);
    }
  }
  return { root: cwd, check, ...(reportFile && { reportFile }), ...(apis.length > 0 && { apis }) };
}
