import { join } from "node:path";
import type { Options } from "prettier";
import { PLACEHOLDER_MEMBER, type TypesPiece } from "./types-piece.js";

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
 * Formats generated TypeScript with prettier. Uses the `babel-ts` parser: for these
 * declaration-only files its output is identical to the `typescript` parser's (checked on GitHub's
 * 6.5 MB of types) and it is about twice as fast.
 */
export async function formatTypeScript(code: string, options: { prettier: Options }): Promise<string> {
  const prettier = await import("prettier");
  return prettier.format(code, { ...options.prettier, parser: "babel-ts" });
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
export async function formatTypes(pieces: readonly TypesPiece[], options: { prettier: Options }): Promise<string> {
  const lines: string[] = [];
  for (const piece of pieces) append(lines, await pieceLines(piece, { open: [], close: [] }, options));
  return lines.map((line) => `${line}\n`).join("");
}

async function pieceLines(piece: TypesPiece, around: Around, options: { prettier: Options }): Promise<string[]> {
  const formatted = (await formatTypeScript(piece.source, options)).replace(/\n$/, "").split("\n");
  const { open, close } = around;
  const fits =
    formatted.length >= open.length + close.length &&
    open.every((line, index) => formatted[index] === line) &&
    close.every((line, index) => formatted[formatted.length - close.length + index] === line);
  if (!fits) {
    throw new Error(`a piece of the types does not fit its container when formatted on its own: ${formatted[open.length]}`);
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
