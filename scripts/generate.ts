/**
 * `npm run generate [-- --check | --watch] [--report FILE] [api …]`: turns every API declared in
 * redocly.yaml into checked-in TypeScript under `generated/`, with the current directory as the
 * project root. A thin shell over `runPipeline`, run compiled (`node scripts/run-compiled.mjs
 * generate` runs `build/scripts/generate.js`, compiling it first when there is none); `tsx
 * scripts/generate.ts` runs it from the sources.
 *
 * Compiled, it first checks that the build matches the sources and rebuilds it when a source
 * changed, then runs again in a fresh process (this one has already loaded parts of the old
 * build), so an edit under `scripts/` never runs stale code. Everything else is imported after
 * that check: a normal run with nothing to do loads no tool (see `tryFastPath`).
 *
 * Exit codes: 0 success, 1 spec problems or drift, 2 bad usage or config.
 */
import { RUNS_COMPILED } from "./pipeline/layout.js";

const startedAt = performance.now();
if (RUNS_COMPILED && (await rebuiltStaleBuild())) {
  // This process already loaded modules of the old build (this file's imports, the build code):
  // the command runs again in a fresh process on the new one.
  await runAgainInFreshProcess();
} else {
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
}

/** Rebuilds `build/scripts/` when a source changed since; whether it did. */
async function rebuiltStaleBuild(): Promise<boolean> {
  const { buildScripts, isBuildStale } = await import("./build-scripts.js");
  if (!(await isBuildStale())) return false;
  const count = await buildScripts();
  console.error(
    `scripts/ changed since the last build: recompiled ${count} files into build/scripts/`,
  );
  return true;
}

/** Runs this command again with the same arguments, passing signals on; takes its exit code. */
async function runAgainInFreshProcess(): Promise<void> {
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.on(signal, () => child.kill(signal));
  process.exitCode = await new Promise<number>((resolve) =>
    child.on("close", (code) => resolve(code ?? 1)),
  );
}
