// @ts-check
/**
 * Compiles `src/` and `generated/` into `dist/` with `tsc -b tsconfig.build.json`.
 *
 * - `node scripts/build.mjs` (`npm run build`) empties `dist/` first, so a packed tarball never
 *   carries the output of a deleted source file.
 * - `--on-install` (`prepare`, which npm runs after `npm install` in this folder or at the root of
 *   a workspace containing it, and before `npm pack`) builds incrementally, so an install right
 *   after the last build costs one up-to-date check. When TypeScript is not installed (an install
 *   that omitted dev dependencies) it says so and leaves `dist/` as it is instead of failing.
 * - `--watch` (`npm run dev`) runs `tsc -b --watch` and keeps `dist/` up to date on every change.
 * - `--version-only` (npm's `version` lifecycle) only writes `src/core/version.ts`.
 *
 * Every mode first writes `src/core/version.ts` from `package.json`'s `version` (when its text
 * changes), so the `User-Agent` the clients send names the version being built and nobody types
 * it by hand; the file is committed, so code that consumes `src/` directly gets it too.
 *
 * This is the one plain-JavaScript file under `scripts/`: npm runs it on install, before anything
 * is compiled and possibly without the dev dependencies that could run TypeScript.
 * - `--on-install` then also compiles the pipeline's sources into `build/scripts/`
 *   (`scripts/build-scripts.ts`, through tsx), which `npm run generate` runs; where tsx is not
 *   installed (dev dependencies omitted) there is no pipeline to run, and that step is skipped.
 *
 * After each compile, every emitted `.js` file gets a `// @ts-self-types="./<name>.d.ts"` first
 * line. Deno type-checks a workspace package reached through a symlink as local files, and there
 * a declaration file's `import … from "./core/index.js"` reads the types of that JavaScript file,
 * which has none, instead of `./core/index.d.ts`; the comment names the declarations. Its source
 * map gains one empty line to match.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const distDirectory = join(packageRoot, "dist");
const OPTIONS = ["--on-install", "--watch", "--version-only"];
const options = process.argv.slice(2);
const unknown = options.filter((option) => !OPTIONS.includes(option));
if (unknown.length > 0) {
  console.error(
    `scripts/build.mjs: unknown option ${unknown.join(" ")}; known: ${OPTIONS.join(", ")}`,
  );
  process.exit(2);
}
const onInstall = options.includes("--on-install");
const watch = options.includes("--watch");

writeVersionModule();
if (options.includes("--version-only")) process.exit(0);

/** Resolved as Node resolves it from this package, so a copy hoisted to a workspace root counts. */
let tsc;
try {
  tsc = createRequire(join(packageRoot, "package.json")).resolve("typescript/bin/tsc");
} catch {
  if (onInstall) {
    console.warn(
      "api-clients: TypeScript is not installed (dev dependencies omitted?), so dist/ was not built; " +
        "imports of api-clients resolve only through the @api-clients/source condition until `npm run build` runs.",
    );
    process.exit(0);
  }
  console.error("api-clients: cannot build, TypeScript is not installed; run npm install first.");
  process.exit(1);
}

if (!onInstall && !watch) rmSync(distDirectory, { recursive: true, force: true });

const tscArguments = [
  tsc,
  "-b",
  "tsconfig.build.json",
  ...(watch ? ["--watch", "--preserveWatchOutput"] : []),
];
const child = spawn(process.execPath, tscArguments, {
  cwd: packageRoot,
  stdio: ["inherit", watch ? "pipe" : "inherit", "inherit"],
});
// Stopping the watcher (Ctrl-C, a process manager's SIGTERM) stops tsc with it.
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) {
  process.on(signal, () => {
    child.kill(signal);
    process.exit(0);
  });
}
if (watch && child.stdout) {
  let pending = "";
  child.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    // tsc prints this line after every compile in watch mode, errors or not.
    if (lines.some((line) => line.includes("Watching for file changes")))
      addSelfTypes(distDirectory);
  });
}
child.on("close", (code, signal) => {
  if (code !== 0) {
    console.error(
      `api-clients: building dist/ failed (tsc -b tsconfig.build.json in ${packageRoot}, exit ${code ?? signal}); ` +
        "the errors are above. Imports of api-clients through dist/ fail until it builds.",
    );
    process.exit(1);
  }
  addSelfTypes(distDirectory);
  if (onInstall) buildPipelineScripts();
});

/** `tsx scripts/build-scripts.ts`, when tsx is installed; exits with its status. */
function buildPipelineScripts() {
  let tsx;
  try {
    tsx = createRequire(join(packageRoot, "package.json")).resolve("tsx/cli");
  } catch {
    return;
  }
  const scripts = spawn(process.execPath, [tsx, join("scripts", "build-scripts.ts")], {
    cwd: packageRoot,
    stdio: ["inherit", "inherit", "inherit"],
  });
  scripts.on("close", (code, signal) => {
    if (code !== 0) {
      console.error(
        `api-clients: compiling scripts/ into build/scripts/ failed (exit ${code ?? signal}).`,
      );
      process.exit(1);
    }
  });
}

/**
 * Gives every `.js` file below `directory` that has a `.d.ts` beside it a `@ts-self-types` first
 * line, once: files that already have it are left alone, so incremental builds can run it again.
 *
 * @param {string} directory
 */
function addSelfTypes(directory) {
  if (!existsSync(directory)) return;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      addSelfTypes(path);
      continue;
    }
    if (!entry.name.endsWith(".js")) continue;
    const declarations = `${basename(entry.name, ".js")}.d.ts`;
    if (!existsSync(join(directory, declarations))) continue;
    const code = readFileSync(path, "utf8");
    const directive = `// @ts-self-types="./${declarations}"`;
    if (code.startsWith(directive)) continue;
    writeFileSync(path, `${directive}\n${code}`);
    const mapPath = `${path}.map`;
    if (existsSync(mapPath)) {
      const map = JSON.parse(readFileSync(mapPath, "utf8"));
      map.mappings = `;${map.mappings}`;
      writeFileSync(mapPath, JSON.stringify(map));
    }
  }
}

/** Writes `src/core/version.ts` from `package.json`'s `version`, only when its text changes. */
function writeVersionModule() {
  const target = join(packageRoot, "src", "core", "version.ts");
  const { version } = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8"));
  if (typeof version !== "string" || version === "") {
    console.error('api-clients: package.json: "version" must be a non-empty string.');
    process.exit(2);
  }
  const text =
    "// Generated by scripts/build.mjs from package.json; do not edit.\n\n" +
    "/** This package's version, as in its `package.json`. */\n" +
    `export const VERSION = ${JSON.stringify(version)};\n`;
  const current = existsSync(target) ? readFileSync(target, "utf8") : undefined;
  if (current !== text) writeFileSync(target, text);
}
