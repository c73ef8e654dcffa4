/**
 * `CHANGELOG.md` in the Keep a Changelog shape: one `## [version] - date` section per release,
 * newest first, written by `specs:update` from the change report.
 *
 * @packageDocumentation
 */

import type { SpecChange } from "../report/index.js";
import type { FacadeError } from "./facade-check.js";
import type { ChangeVerdict } from "../report/index.js";
import { escapeMarkdown, inlineCode, markdownChangeLine } from "../report/render.js";

/** What one API contributes to a changelog section. */
export interface ChangelogApi {
  /** The API's name, as in `redocly.yaml`. */
  api: string;
  verdict: ChangeVerdict;
  /** The change report's lines for this API, in the report's order. */
  changes: readonly SpecChange[];
  /** The spec file, relative to the project root (`specs/proficient.yaml`). */
  specPath: string;
  /** SHA-256 of the spec before, `null` when there was none. */
  previousSha256: string | null;
  /** SHA-256 of the new spec. */
  sha256: string;
}

/** Options of {@link renderChangelogSection}. */
export interface ChangelogSectionOptions {
  /** The new version, `major.minor.patch`. */
  version: string;
  /** The release date, `YYYY-MM-DD`. */
  date: string;
  /** The APIs whose generated files changed, in `redocly.yaml`'s order. */
  apis: readonly ChangelogApi[];
  /** Errors in the project's own facades against the new types; none when they compile. */
  facadeErrors: readonly FacadeError[];
  /**
   * The workspace apps' outcome against the new clients, as Markdown lines (see
   * `consumerMarkdown`); an `### Apps in the workspace` part when given.
   * @default no such part
   */
  apps?: readonly string[];
}

/** The file's opening, written when `CHANGELOG.md` does not exist yet. */
export const CHANGELOG_PREAMBLE = `# Changelog

All notable changes to this package are documented in this file. The format is based on
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and versions follow
[Semantic Versioning](https://semver.org/spec/v2.0.0.html); below 1.0.0 each bump is one step
smaller (a breaking change raises the minor version). \`npm run specs:update\` writes a section for
every vendor change; see docs/updating.md.
`;

const verdictHeadings: Record<ChangeVerdict, string> = {
  breaking: "breaking",
  "non-breaking": "non-breaking",
  cosmetic: "documentation only",
  none: "spec text only",
};

/**
 * One release's section: `## [0.2.0] - 2026-12-01`, then per API a `###` heading with its
 * verdict, its breaking changes, then the rest (one line each, as in the change report), then the
 * spec's new sha256; then the facade errors when the project's own code no longer compiles; last,
 * in a workspace with apps that depend on the package, how each fares.
 */
export function renderChangelogSection(options: ChangelogSectionOptions): string {
  const lines = [`## [${options.version}] - ${options.date}`];
  for (const api of options.apis) {
    lines.push("", `### ${escapeMarkdown(api.api)}: ${verdictHeadings[api.verdict]}`);
    const breaking = api.changes.filter((change) => change.breaking);
    const rest = api.changes.filter((change) => !change.breaking);
    if (breaking.length > 0) lines.push("", "Breaking:", "", ...breaking.map(markdownChangeLine));
    if (rest.length > 0) lines.push("", "Non-breaking:", "", ...rest.map(markdownChangeLine));
    if (api.changes.length === 0) {
      lines.push(
        "",
        api.verdict === "none"
          ? "The spec's text changed but not its content; only the generated files' headers change."
          : api.verdict === "cosmetic"
            ? "Only descriptions or examples changed; the types are the same apart from their documentation."
            : "The spec changed in ways the change report does not list (constraints, `deprecated`, …); nothing breaks.",
      );
    }
    const was = api.previousSha256 === null ? "new" : `was \`${api.previousSha256}\``;
    lines.push("", `Spec \`${api.specPath}\`: sha256 \`${api.sha256}\` (${was}).`);
  }
  if (options.facadeErrors.length > 0) {
    lines.push(
      "",
      "### Facades",
      "",
      "The project's own code does not compile against the new types:",
      "",
    );
    for (const error of options.facadeErrors) lines.push(`- ${facadeErrorLine(error)}`);
  }
  if (options.apps !== undefined) lines.push("", "### Apps in the workspace", "", ...options.apps);
  return `${lines.join("\n")}\n`;
}

/** One facade error as Markdown: `` `src/proficient.ts:16:3` TS2322: message ``. */
export function facadeErrorLine(error: FacadeError): string {
  return `${inlineCode(`${error.file}:${error.line}:${error.column}`)} TS${error.code}: ${escapeMarkdown(error.message)}`;
}

/**
 * Puts a new section into the changelog's text: below the preamble and below an
 * `## [Unreleased]` section if there is one, above every released version. With no changelog
 * yet, starts one with {@link CHANGELOG_PREAMBLE}.
 */
export function prependChangelogSection(existing: string | undefined, section: string): string {
  const text = existing ?? CHANGELOG_PREAMBLE;
  const lines = text.split("\n");
  const headings = lines.flatMap((line, index) => (line.startsWith("## ") ? [index] : []));
  const unreleased =
    headings[0] !== undefined && /^## \[unreleased\]/i.test(lines[headings[0]] ?? "");
  const at = unreleased ? headings[1] : headings[0];
  if (at === undefined) return `${text.trimEnd()}\n\n${section}`;
  const before = lines.slice(0, at).join("\n").trimEnd();
  const after = lines.slice(at).join("\n");
  return `${before}\n\n${section}\n${after}`;
}
