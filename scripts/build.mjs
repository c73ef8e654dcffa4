// @ts-check
/**
 * Compiles `src/` and `generated/` into `dist/` with `tsc -b tsconfig.build.json`.
 *
 * `node scripts/build.mjs` (`npm run build`) empties `dist/` first, so a packed tarball never
 * carries the output of a deleted source file. `node scripts/build.mjs --on-install` (`prepare`,
 * which npm runs after `npm install` in this folder or at the root of a workspace containing it,
 * and before `npm pack`) builds incrementally, so an install right after the last build costs one
 * up-to-date check; when TypeScript is not installed (an install that omitted dev dependencies) it
 * says so and leaves `dist/` as it is instead of failing the install.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const onInstall = process.argv.includes("--on-install");
const unknown = process.argv.slice(2).filter((argument) => argument !== "--on-install");
if (unknown.length > 0) {
  console.error(
    `scripts/build.mjs: unknown argument ${unknown.join(" ")}; the only option is --on-install`,
  );
  process.exit(2);
}

/** Resolved the way Node resolves it from this package, so a copy hoisted to a workspace root counts. */
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

if (!onInstall) rmSync(join(packageRoot, "dist"), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], {
  cwd: packageRoot,
  stdio: "inherit",
});
if (result.status !== 0) {
  console.error(
    `api-clients: building dist/ failed (tsc -b tsconfig.build.json in ${packageRoot}, exit ${result.status ?? result.signal}); ` +
      "the errors are above. Imports of api-clients through dist/ fail until it builds.",
  );
  process.exit(1);
}
