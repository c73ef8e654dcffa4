// @ts-check
// Declarations and documentation: cli-arguments.d.mts.
import { resolve } from "node:path";

export const USAGE = "usage: npm run generate -- [--check] [--report FILE] [api …]";

/**
 * @param {readonly string[]} argv
 * @param {string} cwd
 * @returns {ReturnType<typeof import("./cli-arguments.mjs").parseArguments>}
 */
export function parseArguments(argv, cwd) {
  /** @type {string[]} */
  const apis = [];
  let check = false;
  /** @type {string | undefined} */
  let reportFile;
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
