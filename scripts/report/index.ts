/**
 * The change report: what changed between two versions of each API's bundled spec, and
 * whether it breaks a client. `npm run generate` prints it, `--report FILE` writes it as
 * Markdown.
 *
 * @packageDocumentation
 */

import { compareSpecs } from "./compare-specs.js";
import { renderMarkdown, renderText } from "./render.js";
import { apiChangeVerdict, mostSevereVerdict, type ChangeVerdict } from "./verdict.js";

export { compareSpecs } from "./compare-specs.js";
export { renderMarkdown, renderText, type ApiChanges } from "./render.js";
export type { ChangeKind, SpecChange } from "./spec-change.js";
export type { ChangeVerdict } from "./verdict.js";

/** One API's documents before and after, as {@link renderChangeReport} and {@link changeVerdict} take them. */
export interface ApiSpecPair {
  /** The API's name, as in `redocly.yaml`. */
  api: string;
  /** Its parsed, bundled document before (`undefined` for a new API). */
  before: unknown;
  /** Its parsed, bundled document after. */
  after: unknown;
}

/** Options of {@link renderChangeReport}. */
export interface ChangeReportOptions {
  /** `"text"` for a terminal, `"markdown"` for a pull request. */
  format: "text" | "markdown";
}

/**
 * Compares each API's bundled document before and after regeneration and renders the
 * report.
 *
 * @param changes - One entry per API: its parsed, bundled OpenAPI document before (as in
 *   `generated/<api>/openapi.yaml`; `undefined` for a new API) and after.
 * @returns The report, each API headed by its {@link changeVerdict} (an API whose documents are
 *   equal is left out), or `""` when every document is unchanged.
 */
export function renderChangeReport(
  changes: readonly ApiSpecPair[],
  options: ChangeReportOptions,
): string {
  const reports = changes.map(({ api, before, after }) => {
    const apiChanges = compareSpecs(before, after);
    return {
      api,
      changes: apiChanges,
      verdict: apiChangeVerdict({ changes: apiChanges, before, after }),
    };
  });
  return options.format === "markdown" ? renderMarkdown(reports) : renderText(reports);
}

/**
 * Each API's verdict, in the order given: see {@link changeVerdict}.
 *
 * @param changes - The same entries {@link renderChangeReport} takes.
 */
export function changeVerdicts(
  changes: readonly ApiSpecPair[],
): { api: string; verdict: ChangeVerdict }[] {
  return changes.map(({ api, before, after }) => ({
    api,
    verdict: apiChangeVerdict({ changes: compareSpecs(before, after), before, after }),
  }));
}

/**
 * What the spec changes do to the clients, as one word a release step can act on (a major,
 * minor or patch version, or no release):
 *
 * - `"breaking"`: the report has at least one breaking change.
 * - `"non-breaking"`: the client's surface changed (the report lists changes, or the documents
 *   differ in something beyond documentation), and nothing breaks.
 * - `"cosmetic"`: only descriptions, summaries, titles, examples, tags, external docs or `info`
 *   changed; the generated types are the same apart from their JSDoc.
 * - `"none"`: the documents are equal.
 *
 * Several entries give the most severe of their verdicts; pass one entry for one API's verdict,
 * or use {@link changeVerdicts} for all of them at once.
 *
 * @param changes - The same entries {@link renderChangeReport} takes.
 * @returns `"none"` for an empty list.
 */
export function changeVerdict(changes: readonly ApiSpecPair[]): ChangeVerdict {
  return mostSevereVerdict(changeVerdicts(changes).map((entry) => entry.verdict));
}
