/**
 * A short, exact line diff for the drift check: the changed lines, grouped in hunks, at most
 * `maxLines` of them. Uses Myers' algorithm with the edit distance capped at `maxEdits`, so its
 * cost is O((N + M) · maxEdits), linear in the size of the texts. Past the cap (a rewrite rather
 * than an edit) it shows the one region between the common first and last lines instead.
 */
export function shortDiff(
  before: string,
  after: string,
  options: { maxLines?: number; maxEdits?: number } = {},
): string[] {
  const { maxLines = 12, maxEdits = 200 } = options;
  const old = before.split("\n");
  const now = after.split("\n");
  const edits = lineEdits(old, now, maxEdits);
  const lines: string[] = [];
  let shown = 0;
  let hidden = 0;
  let previous: Edit | undefined;
  for (const edit of edits) {
    if (shown === maxLines) {
      hidden++;
      continue;
    }
    // An edit continues the hunk when it starts where the previous edit left off.
    const continues =
      previous !== undefined &&
      edit.oldLine === previous.oldLine + (previous.sign === "-" ? 1 : 0) &&
      edit.newLine === previous.newLine + (previous.sign === "+" ? 1 : 0);
    if (!continues) lines.push(`@@ line ${edit.oldLine + 1} @@`);
    lines.push(`${edit.sign}${edit.text}`);
    shown++;
    previous = edit;
  }
  if (hidden > 0) lines.push(`… ${hidden} more changed lines`);
  return lines;
}

/** One deleted (`-`) or inserted (`+`) line, with its 0-based position in the old and new text. */
interface Edit {
  sign: "-" | "+";
  text: string;
  oldLine: number;
  newLine: number;
}

function lineEdits(old: string[], now: string[], maxEdits: number): Edit[] {
  let start = 0;
  while (start < old.length && start < now.length && old[start] === now[start]) start++;
  let oldEnd = old.length;
  let nowEnd = now.length;
  while (oldEnd > start && nowEnd > start && old[oldEnd - 1] === now[nowEnd - 1]) {
    oldEnd--;
    nowEnd--;
  }
  const a = old.slice(start, oldEnd);
  const b = now.slice(start, nowEnd);
  const script = myers(a, b, maxEdits) ?? [
    ...a.map((_, index): [number, number, "-"] => [index, 0, "-"]),
    ...b.map((_, index): [number, number, "+"] => [a.length, index, "+"]),
  ];
  return script.map(([x, y, sign]) => ({
    sign,
    text: sign === "-" ? (a[x] ?? "") : (b[y] ?? ""),
    oldLine: start + x,
    newLine: start + y,
  }));
}

/**
 * Myers' O(ND) diff: the shortest edit script from `a` to `b` as `[x, y, sign]` steps (`x`, `y`
 * the positions in `a` and `b`), or `undefined` when it needs more than `maxEdits` edits.
 */
function myers(
  a: string[],
  b: string[],
  maxEdits: number,
): [number, number, "-" | "+"][] | undefined {
  const n = a.length;
  const m = b.length;
  const offset = maxEdits + 1;
  const v = new Int32Array(2 * offset + 1);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= maxEdits; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))
          ? (v[offset + k + 1] ?? 0)
          : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, offset, n, m);
    }
  }
  return undefined;
}

function backtrack(
  trace: Int32Array[],
  offset: number,
  n: number,
  m: number,
): [number, number, "-" | "+"][] {
  const script: [number, number, "-" | "+"][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const v = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
    const previousK = down ? k + 1 : k - 1;
    const previousX = v[offset + previousK] ?? 0;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x--;
      y--;
    }
    script.push(down ? [previousX, previousY, "+"] : [previousX, previousY, "-"]);
    x = previousX;
    y = previousY;
  }
  return script.reverse();
}
