/**
 * `npm run specs:pull [api…]`: pulls each API's spec from the vendor docs page named by
 * `x-api-clients.docsPage` in `redocly.yaml`, writing the spec files only when every pull
 * succeeded. Exit codes: 0 done, 1 a pull failed (no spec file written), 2 bad usage or config.
 *
 * @packageDocumentation
 */

import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { PullConfigError } from "./pull/pull-config.js";
import { formatOutcome, pullSpecs } from "./pull/pull-specs.js";

const usage = `Usage: npm run specs:pull -- [api…] [--config FILE] [--timeout MS]

Downloads each API's vendor docs page (x-api-clients.docsPage in redocly.yaml), takes its one
fenced YAML block, checks it is OpenAPI 3.x, and writes the API's spec file. Nothing is written
unless every pull succeeds. Then run \`npm run generate\` to regenerate and see the change report.

  api…           APIs to pull (default: every API in the config)
  --config FILE  the Redocly config to read (default: the project's redocly.yaml)
  --timeout MS   how long one page may take (default: 20000)`;

const options = {
  config: { type: "string" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseCommandLine() {
  return parseArgs({ options, allowPositionals: true });
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseCommandLine>;
  try {
    args = parseCommandLine();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (args.values.help) {
    console.log(usage);
    return 0;
  }
  const timeoutMs = args.values.timeout === undefined ? undefined : Number(args.values.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    console.error(`--timeout must be a positive whole number of milliseconds, got ${args.values.timeout}\n\n${usage}`);
    return 2;
  }
  const configPath = args.values.config ?? fileURLToPath(new URL("../redocly.yaml", import.meta.url));
  try {
    const result = await pullSpecs({ configPath, apis: args.positionals, ...(timeoutMs && { timeoutMs }) });
    const nameWidth = Math.max(...result.outcomes.map((outcome) => outcome.api.length));
    for (const outcome of result.outcomes) console.log(formatOutcome(outcome, { nameWidth }));
    if (!result.ok) {
      const failed = result.outcomes.filter((outcome) => outcome.status === "error").length;
      console.error(`\nNo spec file written: ${failed} of ${result.outcomes.length} pulls failed.`);
      return 1;
    }
    if (result.outcomes.some((outcome) => outcome.status === "updated")) {
      console.log("\nNext: npm run generate, which regenerates the clients and prints the change report.");
    }
    return 0;
  } catch (error) {
    if (error instanceof PullConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main();
