/**
 * Splits openapi-typescript's output into pieces prettier can format one at a time, so a large
 * file (GitHub's spec gives 6.5 MB) never has to be one prettier AST, the largest thing the
 * pipeline holds in memory. Formatting the pieces and joining them gives the same text as
 * formatting the whole (a test checks it).
 *
 * The input is the TypeScript printer's output: top-level statements start at column 0 and the
 * members of an interface at four spaces. A large interface is cut between members, each piece
 * wrapped in the interface's own first and last lines so that prettier sees valid code at the
 * same depth.
 */

/** A piece to format, and which of the wrapper lines to drop from its formatted text. */
export interface FormatPiece {
  text: string;
  /** Drop the formatted piece's first line (the repeated `export interface X {`). */
  dropFirstLine: boolean;
  /** Drop the formatted piece's last line (the repeated closing `}`). */
  dropLastLine: boolean;
}

/** Cuts `code` into pieces of about `maxChars` characters (a piece holds at least one member). */
export function splitForFormatting(code: string, maxChars: number): FormatPiece[] {
  if (code.length <= maxChars) return [{ text: code, dropFirstLine: false, dropLastLine: false }];
  const pieces: FormatPiece[] = [];
  for (const statement of topLevelStatements(code)) {
    const lines = statement.split("\n");
    const isInterface = /^export interface \S+ \{$/.test(lines[0] ?? "") && lines.at(-2) === "}";
    if (statement.length <= maxChars || !isInterface) {
      pieces.push({ text: statement, dropFirstLine: false, dropLastLine: false });
      continue;
    }
    const [open = "", ...rest] = lines;
    const members = rest.slice(0, -2);
    let group: string[] = [];
    const groups: string[][] = [group];
    let size = 0;
    members.forEach((line, index) => {
      if (size >= maxChars && startsMember(line, members[index - 1])) {
        groups.push((group = []));
        size = 0;
      }
      group.push(line);
      size += line.length + 1;
    });
    groups.forEach((group, index) =>
      pieces.push({
        text: `${open}\n${group.join("\n")}\n}\n`,
        dropFirstLine: index > 0,
        dropLastLine: index < groups.length - 1,
      }),
    );
  }
  return pieces;
}

/** Removes the wrapper lines a piece asks to drop from its formatted text. */
export function unwrapFormatted(formatted: string, piece: FormatPiece): string {
  let text = formatted;
  if (piece.dropFirstLine) text = text.slice(text.indexOf("\n") + 1);
  if (piece.dropLastLine) text = text.slice(0, text.lastIndexOf("\n", text.length - 2) + 1);
  return text;
}

function topLevelStatements(code: string): string[] {
  const statements: string[] = [];
  let start = 0;
  for (let index = code.indexOf("\n") + 1; index > 0 && index < code.length; index = code.indexOf("\n", index) + 1) {
    if (code[index] !== " " && code[index] !== "}" && code[index] !== "\n") {
      statements.push(code.slice(start, index));
      start = index;
    }
  }
  statements.push(code.slice(start));
  return statements.filter((statement) => statement !== "");
}

/** Whether `line` starts an interface member (or the JSDoc before one) right after another member. */
function startsMember(line: string, previous: string | undefined): boolean {
  return /^ {4}[^ *}]/.test(line) && previous !== undefined && /^ {4}\S.*;$/.test(previous);
}
