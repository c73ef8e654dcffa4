import { join } from "node:path";
import type { Options } from "prettier";
import { splitForFormatting, unwrapFormatted } from "./format-chunks.js";

/**
 * Reads the project's prettier configuration (its `.prettierrc.json`, overrides included) as it
 * applies to a generated TypeScript file; prettier's defaults when there is none.
 */
export async function loadPrettierOptions(options: {
  root: string;
  /** The `.prettierrc.json` to use, or `undefined` for prettier's defaults. */
  configFile: string | undefined;
}): Promise<Options> {
  if (options.configFile === undefined) return {};
  const prettier = await import("prettier");
  const config = await prettier.resolveConfig(join(options.root, "generated", "schema.ts"), {
    config: options.configFile,
    editorconfig: false,
  });
  return config ?? {};
}

/**
 * Formats generated TypeScript with prettier, a large file piece by piece (see
 * {@link splitForFormatting}) to bound memory. Uses the `babel-ts` parser: for these
 * declaration-only files its output is identical to the `typescript` parser's (checked on GitHub's
 * 6.5 MB of types) and it is about twice as fast.
 */
export async function formatTypeScript(
  code: string,
  options: {
    prettier: Options;
    /**
     * Size above which the code is formatted in pieces of about this many characters.
     * @default 256_000
     */
    pieceChars?: number;
  },
): Promise<string> {
  const prettier = await import("prettier");
  const settings = { ...options.prettier, parser: "babel-ts" };
  let formatted = "";
  for (const piece of splitForFormatting(code, options.pieceChars ?? 256_000)) {
    formatted += unwrapFormatted(await prettier.format(piece.text, settings), piece);
  }
  return formatted;
}
