/**
 * The change report: what changed between two versions of each API's bundled spec, and
 * whether it breaks a client. `npm run generate` prints it, `--report FILE` writes it as
 * Markdown.
 *
 * @packageDocumentation
 */

import { compareSpecs } from "./compare-specs.js";
import { renderMarkdown, renderText } from "./render.js";

export { compareSpecs } from "./compare-specs.js";
export { renderMarkdown, renderText, type ApiChanges } from "./render.js";
export type { ChangeKind, SpecChange } from "./spec-change.js";

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
 * @returns The report, or `""` when nothing that a client can see changed.
 */
export function renderChangeReport(
  changes: { api: string; before: unknown; after: unknown }[],
  options: ChangeReportOptions,
): string {
  const reports = changes.map(({ api, before, after }) => ({
    api,
    changes: compareSpecs(before, after),
  }));
  return options.format === "markdown" ? renderMarkdown(reports) : renderText(reports);
}
