/**
 * Finding the OpenAPI document inside a vendor's Markdown docs page.
 *
 * @packageDocumentation
 */

/** A fence line: three or more backticks or tildes, then an optional info string. */
const fencePattern = /^(`{3,}|~{3,})(.*)$/;

/** The YAML text of a docs page's spec block, and where it starts on the page. */
export interface SpecBlock {
  /** The block's text exactly as written between the fence lines, each line ending in `\n`. */
  text: string;
  /** The page line (1-based) of the block's first line, for pointing at errors inside it. */
  firstLine: number;
}

/**
 * Finds the page's one fenced YAML block: the block whose opening fence is four
 * or more backticks followed by `yaml` (the vendors' docs write ```` ````yaml post /users ````).
 * Other fenced blocks (examples in JSON, shell, three-backtick YAML) are skipped. Line endings
 * are normalised to `\n`; nothing else is touched, so pulling an unchanged page gives back the
 * same bytes.
 *
 * @throws Error naming what is wrong: no such block, several, or one that is never closed.
 */
export function extractSpecBlock(page: string): SpecBlock {
  const lines = page.replace(/\r\n?/g, "\n").split("\n");
  const blocks: { openedAt: number; lines: string[] }[] = [];
  let open: { fence: string; isSpec: boolean; openedAt: number; lines: string[] } | undefined;
  for (const [index, line] of lines.entries()) {
    const fence = fencePattern.exec(line);
    if (open === undefined) {
      if (fence === null) continue;
      const [, marker, info] = fence as unknown as [string, string, string];
      const isSpec = marker.startsWith("````") && /^yaml(\s|$)/.test(info.trim());
      open = { fence: marker, isSpec, openedAt: index + 1, lines: [] };
      continue;
    }
    const closes =
      fence !== null &&
      fence[2]!.trim() === "" &&
      fence[1]![0] === open.fence[0] &&
      fence[1]!.length >= open.fence.length;
    if (!closes) {
      open.lines.push(line);
      continue;
    }
    if (open.isSpec) blocks.push({ openedAt: open.openedAt, lines: open.lines });
    open = undefined;
  }
  if (open?.isSpec) {
    throw new Error(`the fenced YAML block opened at line ${open.openedAt} is never closed`);
  }
  if (blocks.length === 0) {
    throw new Error("the page has no fenced YAML block (a line opening with ````yaml)");
  }
  if (blocks.length > 1) {
    const where = blocks.map((block) => block.openedAt).join(", ");
    throw new Error(
      `the page has ${blocks.length} fenced YAML blocks (at lines ${where}); expected exactly one`,
    );
  }
  const block = blocks[0]!;
  return { text: block.lines.map((line) => `${line}\n`).join(""), firstLine: block.openedAt + 1 };
}
