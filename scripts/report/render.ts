/**
 * Rendering lists of {@link SpecChange}s for a terminal and for a pull request.
 *
 * @packageDocumentation
 */

import type { SpecChange } from "./spec-change.js";
import type { ChangeVerdict } from "./verdict.js";

/** The changes of one API, in the order {@link compareSpecs} found them. */
export interface ApiChanges {
  /** The API's name, as in `redocly.yaml`. */
  api: string;
  /** Its changes. */
  changes: SpecChange[];
  /**
   * Its verdict, shown in its heading. An API whose verdict is `"none"` is left out of a report.
   * @default `"breaking"` or `"non-breaking"` from `changes`, and `"none"` when there are none
   */
  verdict?: ChangeVerdict;
}

function verdictOf(report: ApiChanges): ChangeVerdict {
  if (report.verdict !== undefined) return report.verdict;
  if (report.changes.some((change) => change.breaking)) return "breaking";
  return report.changes.length > 0 ? "non-breaking" : "none";
}

/**
 * An API's heading: its verdict, then the counts, or what the verdict means when the report
 * lists nothing.
 */
function heading(report: ApiChanges, counts: { breaking: number; nonBreaking: number }): string {
  const verdict = verdictOf(report);
  if (report.changes.length > 0) {
    return `${report.api}: ${verdict} (${counts.breaking} breaking, ${counts.nonBreaking} non-breaking)`;
  }
  if (verdict === "cosmetic") return `${report.api}: cosmetic (documentation only)`;
  return `${report.api}: ${verdict} (changes beyond documentation that the report does not list)`;
}

/** Breaking changes first, each group in its found order. */
function breakingFirst(changes: SpecChange[]): {
  breaking: SpecChange[];
  nonBreaking: SpecChange[];
} {
  return {
    breaking: changes.filter((change) => change.breaking),
    nonBreaking: changes.filter((change) => !change.breaking),
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * Renders a plain-text report: per API a heading line with its verdict and counts, then one
 * line per change, breaking ones first.
 *
 * @example
 * ```text
 * proficient: breaking (1 breaking, 1 non-breaking)
 *   breaking      POST /users request body .middle_name: required field added (string)
 *   non-breaking  POST /users response 200 .nickname: optional field added (string)
 * ```
 */
export function renderText(reports: ApiChanges[]): string {
  const blocks = reports
    .filter((report) => verdictOf(report) !== "none")
    .map((report) => {
      const { breaking, nonBreaking } = breakingFirst(report.changes);
      const lines = [
        heading(report, { breaking: breaking.length, nonBreaking: nonBreaking.length }),
      ];
      for (const change of breaking)
        lines.push(`  breaking      ${change.location}: ${change.detail}`);
      for (const change of nonBreaking)
        lines.push(`  non-breaking  ${change.location}: ${change.detail}`);
      return lines.join("\n");
    });
  return blocks.length === 0 ? "" : `${blocks.join("\n\n")}\n`;
}

/** Wraps text as inline code, with a fence longer than any run of backticks inside it. */
export function inlineCode(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const padding = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${padding}${text}${padding}${fence}`;
}

/** Escapes the characters that Markdown would read as formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (character) => `\\${character}`);
}

/**
 * One change as a Markdown list item, the location as code: the change report and the
 * changelog list changes alike.
 */
export function markdownChangeLine(change: SpecChange): string {
  return `- ${inlineCode(change.location)}: ${escapeMarkdown(change.detail)}`;
}

/**
 * Renders a Markdown report for a pull request: a summary line with the counts, then a
 * heading per API with its verdict and its breaking and non-breaking changes as lists.
 */
export function renderMarkdown(reports: ApiChanges[]): string {
  const changed = reports.filter((report) => verdictOf(report) !== "none");
  if (changed.length === 0) return "";
  const all = changed.flatMap((report) => report.changes);
  const breakingCount = all.filter((change) => change.breaking).length;
  const breakingText = breakingCount > 0 ? `**${breakingCount} breaking**` : "0 breaking";
  const lines = [
    "## API spec changes",
    "",
    `${plural(all.length, "change")} in ${plural(changed.length, "API")} (${changed
      .map((report) => report.api)
      .join(", ")}): ${breakingText}, ${all.length - breakingCount} non-breaking.`,
  ];
  for (const report of changed) {
    const { breaking, nonBreaking } = breakingFirst(report.changes);
    lines.push(
      "",
      `### ${escapeMarkdown(heading(report, { breaking: breaking.length, nonBreaking: nonBreaking.length }))}`,
    );
    if (breaking.length > 0)
      lines.push("", "#### Breaking", "", ...breaking.map(markdownChangeLine));
    if (nonBreaking.length > 0)
      lines.push("", "#### Non-breaking", "", ...nonBreaking.map(markdownChangeLine));
  }
  return `${lines.join("\n")}\n`;
}
