/**
 * The `specs:pull` command line: arguments in, lines and an exit code out.
 *
 * @packageDocumentation
 */

import { parseArgs } from "node:util";
import { PullConfigError } from "./pull-config.js";
import { formatOutcome, pullSpecs } from "./pull-specs.js";

const usage = `Usage: npm run specs:pull -- [api…] [--config FILE] [--timeout MS]

Downloads each API's vendor docs page (x-api-clients.docsPage in redocly.yaml), takes its one
fenced YAML block, checks it is OpenAPI 3.x, and writes the API's spec file. Nothing is written
unless every pull succeeds. Then run \`npm run generate\` to regenerate and see the change report.

  api…           APIs to pull (default: every API in the config)
  --config FILE  the Redocly config to read (default: the project's redocly.yaml)
  --timeout MS   how long one page may take (default: 20000)`;

const argumentOptions = {
  config: { type: "string" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseCommandLine(argv: string[]) {
  return parseArgs({ args: argv, options: argumentOptions, allowPositionals: true });
}

/**
 * The milliseconds a `--timeout MS` option gives, `undefined` when it was not given.
 * @throws Error naming the option and the value when it is not a positive whole number.
 */
export function timeoutOption(value: string | undefined): number | undefined {
  const timeoutMs = value === undefined ? undefined : Number(value);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    throw new Error(`--timeout must be a positive whole number of milliseconds, got ${value}`);
  }
  return timeoutMs;
}

/** Options of {@link runPullCommand}. */
export interface PullCommandOptions {
  /** The arguments after the script name. */
  argv: string[];
  /** The `redocly.yaml` read when `--config` is not given. */
  defaultConfigPath: string;
  /**
   * The directory spec paths are shown relative to.
   * @default process.cwd()
   */
  cwd?: string;
  /** Where progress lines go (one call per line). */
  out: (line: string) => void;
  /** Where failures go (one call per line). */
  err: (line: string) => void;
}

/**
 * Runs `specs:pull` and returns its exit code: 0 done, 1 a pull failed (no spec file written),
 * 2 bad usage or config.
 */
export async function runPullCommand(options: PullCommandOptions): Promise<number> {
  const { out, err } = options;
  let args: ReturnType<typeof parseCommandLine>;
  let timeoutMs: number | undefined;
  try {
    args = parseCommandLine(options.argv);
    timeoutMs = timeoutOption(args.values.timeout);
  } catch (error) {
    err(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (args.values.help) {
    out(usage);
    return 0;
  }
  let result: Awaited<ReturnType<typeof pullSpecs>>;
  try {
    result = await pullSpecs({
      configPath: args.values.config ?? options.defaultConfigPath,
      apis: args.positionals,
      ...(timeoutMs !== undefined && { timeoutMs }),
    });
  } catch (error) {
    if (error instanceof PullConfigError) {
      err(error.message);
      return 2;
    }
    throw error;
  }
  const nameWidth = Math.max(...result.outcomes.map((outcome) => outcome.api.length));
  const cwd = options.cwd ?? process.cwd();
  for (const outcome of result.outcomes) out(formatOutcome(outcome, { cwd, nameWidth }));
  if (!result.ok) {
    const failed = result.outcomes.filter((outcome) => outcome.status === "error").length;
    err(`\nNo spec file written: ${failed} of ${result.outcomes.length} pulls failed.`);
    return 1;
  }
  if (result.outcomes.some((outcome) => outcome.status === "updated")) {
    out("\nNext: npm run generate, which regenerates the clients and prints the change report.");
  }
  return 0;
}
