/**
 * `npm run generate [-- --check] [--report FILE] [api …]`: turns every API declared in
 * redocly.yaml into checked-in TypeScript under `generated/`. A thin shell over
 * {@link runPipeline}; the root is the current directory.
 *
 * Exit codes: 0 success, 1 spec problems or drift, 2 bad usage or config.
 */
import { resolve } from "node:path";
import { runPipeline, type PipelineOptions } from "./pipeline/run.js";

const USAGE = "usage: npm run generate -- [--check] [--report FILE] [api …]";

/**
 * Parses the command line into pipeline options.
 *
 * @returns the options, or an error message for a bad command line.
 */
export function parseArguments(argv: readonly string[], cwd: string): PipelineOptions | string {
  const apis: string[] = [];
  let check = false;
  let reportFile: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? "";
    if (argument === "--check") check = true;
    else if (argument === "--report" || argument.startsWith("--report=")) {
      const file = argument === "--report" ? argv[++index] : argument.slice("--report=".length);
      if (!file) return "--report needs a file name";
      reportFile = resolve(cwd, file);
    } else if (argument.startsWith("-")) return `unknown option ${argument}`;
    else apis.push(argument);
  }
  return { root: cwd, check, ...(reportFile && { reportFile }), ...(apis.length > 0 && { apis }) };
}

const options = parseArguments(process.argv.slice(2), process.cwd());
if (typeof options === "string") {
  console.error(`usage error: ${options}\n${USAGE}`);
  process.exitCode = 2;
} else {
  process.exitCode = await runPipeline(options);
}
