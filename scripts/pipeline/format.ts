import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Options } from "prettier";
import * as babel from "prettier/plugins/babel";
import * as estree from "prettier/plugins/estree";
import * as standalone from "prettier/standalone";
import { PLACEHOLDER_MEMBER, type TypesPiece } from "./types.js";

/**
 * Reads the project's prettier configuration (its `.prettierrc.json`, overrides included) as it
 * applies to a generated TypeScript file; prettier's defaults when there is none.
 *
 * A configuration that is a flat JSON object of plain values (no `overrides`, no `plugins`) is
 * read as JSON: prettier would resolve it to the same object, and the run then needs neither
 * prettier's configuration loading nor its plugin loading. Anything else (overrides, plugins, a
 * file JSON does not parse) goes through `prettier.resolveConfig`, as prettier itself reads it.
 */
export async function loadPrettierOptions(options: {
  root: string;
  /** The `.prettierrc.json` to use, or `undefined` for prettier's defaults. */
  configFile: string | undefined;
}): Promise<Options> {
  if (options.configFile === undefined) return {};
  const plain = plainOptions(await readFile(options.configFile, "utf8"));
  if (plain !== undefined) return plain;
  const prettier = await import("prettier");
  const config = await prettier.resolveConfig(join(options.root, "generated", "schema.ts"), {
    config: options.configFile,
    editorconfig: false,
  });
  return config ?? {};
}

/** Keys whose handling needs prettier's own configuration loading. */
const RESOLVED_BY_PRETTIER = new Set(["overrides", "plugins", "$schema"]);

/** The configuration as options when it is a flat object of plain values; otherwise `undefined`. */
function plainOptions(text: string): Options | undefined {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) return undefined;
  const entries = Object.entries(config);
  const plain = entries.every(
    ([key, value]) =>
      !RESOLVED_BY_PRETTIER.has(key) && ["string", "number", "boolean"].includes(typeof value),
  );
  return plain ? (Object.fromEntries(entries) as Options) : undefined;
}

/**
 * Formats generated TypeScript with prettier. Uses the `babel-ts` parser: for these
 * declaration-only files its output is identical to the `typescript` parser's (checked on GitHub's
 * 6.5 MB of types) and it is about twice as fast. Prettier's standalone build with the babel and
 * estree plugins does it (its public `prettier/standalone` entry, which skips prettier's configuration and plugin loading); options that name plugins of
 * their own go to the full `prettier`, which loads them.
 */
export async function formatTypeScript(
  code: string,
  options: { prettier: Options },
): Promise<string> {
  if (options.prettier.plugins !== undefined && options.prettier.plugins.length > 0) {
    const prettier = await import("prettier");
    return prettier.format(code, { ...options.prettier, parser: "babel-ts" });
  }
  return standalone.format(code, {
    ...options.prettier,
    parser: "babel-ts",
    plugins: [babel, estree],
  });
}

/** A container's own formatted lines: those before and those after its members. */
interface Around {
  open: readonly string[];
  close: readonly string[];
}

/**
 * Formats the generated types piece by piece (see {@link TypesPiece}) and puts the lines back
 * together. Prettier formats each member of an interface or object type on its own lines,
 * whatever its siblings, at the indentation of the container around it; a piece is the full
 * statement around its members, so each member comes out exactly as it does when the whole file is
 * formatted (a test compares the two), while prettier holds only one piece in memory at a time.
 *
 * @throws {Error} when a container's own lines come out differently in one of its pieces, which
 *   would make the pieces not fit together.
 */
export async function formatTypes(
  pieces: readonly TypesPiece[],
  options: { prettier: Options },
): Promise<string> {
  const lines: string[] = [];
  for (const piece of pieces)
    append(lines, await pieceLines(piece, { open: [], close: [] }, options));
  return lines.map((line) => `${line}\n`).join("");
}

async function pieceLines(
  piece: TypesPiece,
  around: Around,
  options: { prettier: Options },
): Promise<string[]> {
  const formatted = (await formatTypeScript(piece.source, options)).replace(/\n$/, "").split("\n");
  const { open, close } = around;
  const fits =
    formatted.length >= open.length + close.length &&
    open.every((line, index) => formatted[index] === line) &&
    close.every((line, index) => formatted[formatted.length - close.length + index] === line);
  if (!fits) {
    throw new Error(
      `a piece of the types does not fit its container when formatted on its own: ${formatted[open.length]}`,
    );
  }
  const own = formatted.slice(open.length, formatted.length - close.length);
  if (!piece.members) return own;
  const at = own.findIndex((line) => line.trim() === PLACEHOLDER_MEMBER);
  const inner: Around = {
    open: formatted.slice(0, open.length + at),
    close: formatted.slice(open.length + at + 1),
  };
  const members: string[] = [];
  for (const member of piece.members) append(members, await pieceLines(member, inner, options));
  return [...own.slice(0, at), ...members, ...own.slice(at + 1)];
}

/**
 * Appends one by one: `push(...lines)` passes every line as an argument, and a container with a
 * few thousand members has more lines than the stack holds arguments.
 */
function append(to: string[], lines: readonly string[]): void {
  for (const line of lines) to.push(line);
}
