/**
 * Where the pipeline's code lives. The TypeScript sources are in `scripts/`; `npm install`
 * (the `prepare` script) compiles them ahead into `build/scripts/`, which `npm run generate`
 * runs with plain Node (`scripts/run-compiled.mjs`, which compiles them first where `prepare`
 * never ran). Tests and `tsx` run the sources themselves. Modules that name files
 * of the pipeline (the lint thread's entry, the sources hashed into the manifest) ask here.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Whether this code runs compiled (`build/scripts/…/*.js`) rather than from its TypeScript sources. */
export const RUNS_COMPILED = import.meta.url.endsWith(".js");

/** `scripts/`: the TypeScript sources, wherever the running code is. */
export const SCRIPTS_SOURCE_DIRECTORY = RUNS_COMPILED
  ? resolve(here, "..", "..", "..", "scripts")
  : resolve(here, "..");

/** `build/scripts/`: the sources compiled to JavaScript, one `.js` file per `.ts` file. */
export const SCRIPTS_BUILD_DIRECTORY = resolve(SCRIPTS_SOURCE_DIRECTORY, "..", "build", "scripts");

/** The URL of a module of `scripts/pipeline/` by its name without extension, in the form that runs now. */
export function pipelineModuleUrl(name: string): URL {
  return new URL(`${name}.${RUNS_COMPILED ? "js" : "ts"}`, import.meta.url);
}

/**
 * The compiled twin of a TypeScript source under `scripts/` (`scripts/fixes/plugin.ts` →
 * `build/scripts/fixes/plugin.js`), or `undefined` for a file outside `scripts/` or when the
 * code runs from its sources.
 */
export function compiledTwin(sourcePath: string): string | undefined {
  if (!RUNS_COMPILED || !/\.m?ts$/.test(sourcePath)) return undefined;
  const prefix = `${SCRIPTS_SOURCE_DIRECTORY}/`;
  if (!sourcePath.startsWith(prefix)) return undefined;
  return resolve(
    SCRIPTS_BUILD_DIRECTORY,
    sourcePath.slice(prefix.length).replace(/\.m?ts$/, ".js"),
  );
}
