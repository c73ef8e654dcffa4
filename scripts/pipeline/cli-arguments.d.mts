/**
 * `npm run generate`'s command line. Plain JavaScript (`cli-arguments.mjs`) with these
 * declarations, so `scripts/generate.mjs` parses it before any TypeScript support is loaded.
 */
import type { PipelineOptions } from "./run.js";

/** How to call `npm run generate`, printed with every usage error. */
export const USAGE: string;

/**
 * Parses `npm run generate`'s command line: `--check`, `--report FILE` (or `--report=FILE`,
 * relative to `cwd`) and API names. The root is `cwd`.
 *
 * @returns the pipeline options, or a message saying what is wrong with the command line.
 */
export function parseArguments(argv: readonly string[], cwd: string): PipelineOptions | string;
