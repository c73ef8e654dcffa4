/**
 * `npm run generate [-- --check] [--report FILE] [api …]`: turns every API declared in
 * redocly.yaml into checked-in TypeScript under `generated/`, with the current directory as the
 * project root. A thin shell over `runPipeline`. `npm run generate` starts it through
 * `scripts/generate.mjs`, which returns first when nothing changed; `tsx scripts/generate.ts` runs
 * it directly.
 *
 * Exit codes: 0 success, 1 spec problems or drift, 2 bad usage or config.
 */
import { parseArguments, USAGE } from "./pipeline/cli-arguments.mjs";
import { runPipeline } from "./pipeline/run.js";

const options = parseArguments(process.argv.slice(2), process.cwd());
if (typeof options === "string") {
  console.error(`usage error: ${options}\n${USAGE}`);
  process.exitCode = 2;
} else {
  process.exitCode = await runPipeline(options);
}
