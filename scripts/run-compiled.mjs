// @ts-check
/**
 * `node scripts/run-compiled.mjs <command> [arguments…]` runs `build/scripts/<command>.js`, the
 * command compiled ahead from `scripts/<command>.ts`, with plain Node: `npm run generate` is
 * `run-compiled.mjs generate`. npm install's `prepare` script compiles `scripts/` (see
 * scripts/build-scripts.ts), and the command compiles it again by itself when a source changed.
 * Where `prepare` never ran (a clone installed with `npm ci --ignore-scripts`), this compiles it
 * first and says so in one line. Plain JavaScript: it runs before anything is compiled.
 *
 * On a Node that has `module.enableCompileCache()` (22.1 and later) it is switched on first, so
 * the command and the tools it loads start from V8's code cache in the system's temporary folder
 * (or `NODE_COMPILE_CACHE`); Node 20 compiles them on every run.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const [command, ...commandArguments] = process.argv.slice(2);
if (command === undefined || !/^[a-z][a-z-]*$/.test(command)) {
  console.error("usage: node scripts/run-compiled.mjs <command> [arguments…]");
  process.exit(2);
}
const compiled = join(packageRoot, "build", "scripts", `${command}.js`);

/** @type {{ enableCompileCache?: () => unknown }} */ (module).enableCompileCache?.();

if (!existsSync(compiled)) {
  console.error(
    `api-clients: compiling scripts/ into build/scripts/ first (npm install's prepare script has not run here)`,
  );
  let tsx;
  try {
    tsx = createRequire(join(packageRoot, "package.json")).resolve("tsx/cli");
  } catch {
    console.error(`api-clients: npm run ${command} needs the dev dependencies; run npm install`);
    process.exit(1);
  }
  const build = spawnSync(
    process.execPath,
    [tsx, join(packageRoot, "scripts", "build-scripts.ts")],
    {
      cwd: packageRoot,
      encoding: "utf8",
    },
  );
  if (build.status !== 0 || !existsSync(compiled)) {
    const reason = build.stderr
      .trim()
      .split("\n")
      .find((line) => line.trim() !== "");
    console.error(
      `api-clients: compiling scripts/ failed (exit ${build.status ?? build.signal}): ${reason ?? "no message"}`,
    );
    process.exit(1);
  }
}

// The command reads its arguments as if Node had been started on it.
process.argv.splice(1, process.argv.length - 1, compiled, ...commandArguments);
await import(pathToFileURL(compiled).href);
