/**
 * The script a browser test's page loads, bundled from a TypeScript entry in memory, so the
 * test's own server can serve it as `/page.js`.
 */
import { build } from "esbuild";

/** Bundles `entry` (an absolute path) into one ES2022 module for browsers and returns its text. */
export async function bundlePageScript(entry: string): Promise<string> {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
  });
  return bundle.outputFiles[0]!.text;
}
