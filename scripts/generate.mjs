// @ts-check
/**
 * `npm run generate`'s launcher, in plain JavaScript: when nothing changed since the last run
 * (the manifest's fast path) it prints `up to date` and exits in a fraction of the time TypeScript
 * support takes to load on its own. Otherwise it loads tsx and runs `scripts/generate.ts`, which
 * parses the command line again and prints usage errors. With `--watch` it runs
 * `scripts/watch/watch-generate.ts`, which starts this launcher again for every regeneration.
 */
import { parseArguments } from "./pipeline/cli-arguments.mjs";
import { tryFastPath } from "./pipeline/manifest.mjs";

const startedAt = performance.now();
const argv = process.argv.slice(2);
if (argv.includes("--watch")) {
  // `--watch`: regenerate on every change, each run a fresh process of this launcher.
  const { register } = await import("tsx/esm/api");
  register();
  const { runWatchCommand } = await import(
    new URL("watch/watch-generate.ts", import.meta.url).href
  );
  process.exitCode = await runWatchCommand({
    argv: argv.filter((argument) => argument !== "--watch"),
    root: process.cwd(),
  });
} else {
  const options = parseArguments(argv, process.cwd());
  const fastPath =
    typeof options === "string"
      ? undefined
      : await tryFastPath({ ...options, print: console.log, startedAt });
  if (!fastPath?.taken) {
    const { register } = await import("tsx/esm/api");
    register();
    await import(new URL("generate.ts", import.meta.url).href);
  }
}
