/**
 * How a measurement becomes a row of the benchmark table: the row shape, the statistics the
 * rows are made of, and the printed table itself.
 */

/** The unit a row's value is expressed in; it decides how the value is printed. */
export type Unit = "µs" | "ms" | "s" | "MiB" | "kB" | "count" | "×";

/** An upper bound a row's value should stay within. */
export interface Target {
  /** The largest value that still meets the target. */
  max: number;
}

/** One line of the benchmark table. */
export interface Row {
  /** The benchmark this row belongs to, e.g. `"calls, 16 in flight"`. */
  group: string;
  /** What the value is, e.g. `"joyfill facade"` or `"joyfill facade / openapi-fetch"`. */
  name: string;
  /** The median over the rounds (or the single figure, for sizes); `NaN` when not measured. */
  value: number;
  unit: Unit;
  /** Present when the issue sets a target for this figure. */
  target?: Target;
  /** Why the value is missing, or how it was obtained when that is not obvious. */
  note?: string;
}

/** `"met"`, `"missed"`, `"n/a"` (not measured) or `""` (no target). */
export type Verdict = "met" | "missed" | "n/a" | "";

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The median of the ratios `numerator[i] / denominator[i]` taken round by round, so that a
 * slow round slows both subjects alike and cancels out.
 */
export function medianRatio(numerator: readonly number[], denominator: readonly number[]): number {
  if (numerator.length !== denominator.length) {
    throw new RangeError(`ratio of ${numerator.length} rounds to ${denominator.length} rounds`);
  }
  return median(numerator.map((value, round) => value / denominator[round]!));
}

/** Whether a row meets its target. */
export function verdictOf(row: Row): Verdict {
  if (row.target === undefined) return "";
  if (!Number.isFinite(row.value)) return "n/a";
  return row.value <= row.target.max ? "met" : "missed";
}

/** A row that could not be measured, with the reason printed in its note. */
export function notMeasured(row: Omit<Row, "value" | "note">, reason: string): Row {
  return { ...row, value: Number.NaN, note: reason };
}

function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return "—";
  switch (unit) {
    case "×":
      return `${value.toFixed(2)}×`;
    case "count":
      return Math.round(value).toLocaleString("en-US");
    case "µs":
      return `${value.toFixed(1)} µs`;
    case "ms":
      return `${value.toFixed(value < 100 ? 1 : 0)} ms`;
    case "s":
      return `${value.toFixed(2)} s`;
    case "MiB":
      return `${value.toFixed(0)} MiB`;
    case "kB":
      return `${value.toFixed(2)} kB`;
  }
}

function formatTarget(row: Row): string {
  if (row.target === undefined) return "";
  return `≤ ${formatValue(row.target.max, row.unit)}`;
}

/** The rows as a plain-text table, one line per row, columns padded to line up. */
export function formatTable(rows: readonly Row[]): string {
  const header = ["benchmark", "measure", "median", "target", "verdict", "note"];
  const cells = rows.map((row) => [
    row.group,
    row.name,
    formatValue(row.value, row.unit),
    formatTarget(row),
    verdictOf(row),
    row.note ?? "",
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]!.length)),
  );
  const format = (line: readonly string[]) =>
    line
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [format(header), rule, ...cells.map(format)].join("\n");
}
