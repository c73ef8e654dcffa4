/**
 * `npm run generate [-- --check | --watch] [--report FILE] [api …]`: turns every API declared in
 * redocly.yaml into checked-in TypeScript under `generated/`, with the current directory as the
 * project root. A thin shell over `runPipeline`, run compiled (`node build/scripts/generate.js`,
 * built on install); `tsx scripts/generate.ts` runs it from the sources.
 *
 * Compiled, it first checks that the build matches the sources and rebuilds it when a source
 * changed, so an edit under `scripts/` never runs stale code. Everything else is imported after
 * that check: a normal run with nothing to do loads no tool (see `tryFastPath`).
 *
 * Exit codes: 0 success, 1 spec problems or drift, 2 bad usage or config.
 */
import { RUNS_COMPILED } from "./pipeline/layout.js";

const startedAt = performance.now();
if (RUNS_COMPILED) {
  const { buildScripts, isBuildStale } = await import("./build-scripts.js");
  if (await isBuildStale()) {
    const count = await buildScripts();
    console.error(`scripts/ changed since the last build: recompiled ${count} files into build/scripts/`);
  }
}
const argv = process.argv.slice(2);
const { parseArguments, USAGE } = await import("./pipeline/cli-arguments.js");
const options = argv.includes("--watch") ? undefined : parseArguments(argv, process.cwd());
if (options === undefined) {
  // `--watch`: regenerate on every change, each run a fresh process of this command.
  const { runWatchCommand } = await import("./watch/watch-generate.js");
  process.exitCode = await runWatchCommand({
    argv: argv.filter((argument) => argument !== "--watch"),
    root: process.cwd(),
  });
} else if (typeof options === "string") {
  console.error(`usage error: ${options}\n${USAGE}`);
  process.exitCode = 2;
} else {
  const { runPipeline } = await import("./pipeline/run.js");
  process.exitCode = await runPipeline({ ...options, startedAt });
}
