/**
 * A short, exact diff of two texts for the drift check: the first differing region, found by
 * trimming the common leading and trailing lines (linear in the size of the texts), shown with up
 * to `maxLines` lines from each side.
 */
export function shortDiff(before: string, after: string, options: { maxLines?: number } = {}): string[] {
  const { maxLines = 8 } = options;
  const old = before.split("\n");
  const now = after.split("\n");
  let start = 0;
  while (start < old.length && start < now.length && old[start] === now[start]) start++;
  let oldEnd = old.length;
  let nowEnd = now.length;
  while (oldEnd > start && nowEnd > start && old[oldEnd - 1] === now[nowEnd - 1]) {
    oldEnd--;
    nowEnd--;
  }
  const side = (lines: string[], from: number, to: number, sign: string): string[] => {
    const shown = lines.slice(from, Math.min(to, from + maxLines)).map((line) => `${sign}${line}`);
    if (to - from > maxLines) shown.push(`${sign}… ${to - from - maxLines} more lines`);
    return shown;
  };
  return [
    `@@ line ${start + 1}: ${oldEnd - start} lines on disk, ${nowEnd - start} lines generated @@`,
    ...side(old, start, oldEnd, "-"),
    ...side(now, start, nowEnd, "+"),
  ];
}
