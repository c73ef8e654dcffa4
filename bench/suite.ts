/** What every benchmark suite looks like to the runner. */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Row } from "./results.js";

/** The project being measured: the checkout this file lives in. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Settings shared by all suites. */
export interface SuiteOptions {
  /**
   * Tiny counts and a single round: checks that the suite still runs, the figures mean nothing.
   * @default false
   */
  quick: boolean;
  /** Prints one line of progress (to standard error, so the table stays clean on stdout). */
  log: (line: string) => void;
}

/** One benchmark from the issue, selectable with `--only <name>`. */
export interface Suite {
  name: string;
  /** One line for `--help`. */
  summary: string;
  run: (options: SuiteOptions) => Promise<Row[]>;
}
