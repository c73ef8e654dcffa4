/**
 * The consumer impact in words: one sentence ("1 of 3 apps no longer compiles"), the terminal
 * lines, and the Markdown of the pull request body and the changelog.
 *
 * @packageDocumentation
 */

import type { ChangeVerdict } from "../report/index.js";
import { escapeMarkdown, inlineCode } from "../report/render.js";
import { facadeErrorLine } from "./changelog.js";
import type { AppImpact, ConsumerImpact } from "./consumer-check.js";
import { formatFacadeError } from "./facade-check.js";

/** The consumer impact as the JSON summary carries it. */
export interface ConsumerSummary extends ConsumerImpact {
  /** Whether the apps were type-checked; `false` when nothing changed. */
  checked: boolean;
  /** The package's name, which the apps depend on. */
  package: string;
}

const inTheSpec: Record<ChangeVerdict, string> = {
  breaking: "breaking in the spec",
  "non-breaking": "non-breaking in the spec",
  cosmetic: "documentation only in the spec",
  none: "spec text only",
};

/** The apps the update breaks (status `breaks`). */
export function brokenApps(consumers: ConsumerImpact): AppImpact[] {
  return consumers.apps.filter((app) => app.status === "breaks");
}

/**
 * What the update does to the workspace's apps, in one sentence: `1 of 3 apps no longer
 * compiles`, `every app compiles (3 of 3)`, `no package in the workspace depends on api-clients`.
 */
export function consumerSentence(consumers: ConsumerImpact, packageName: string): string {
  if (consumers.workspace === null)
    return `${packageName} is in no npm workspace, so no app here depends on it`;
  const total = consumers.apps.length;
  if (total === 0) return `no package in the workspace depends on ${packageName}`;
  const count = (status: AppImpact["status"]) =>
    consumers.apps.filter((app) => app.status === status).length;
  const apps = total === 1 ? "app" : "apps";
  const broken = count("breaks");
  if (broken > 0)
    return `${broken} of ${total} ${apps} no longer ${broken === 1 ? "compiles" : "compile"}`;
  const compiling = count("compiles");
  if (compiling === total) return `every app compiles (${total} of ${total})`;
  const parts = [`no app breaks: ${compiling} of ${total} ${apps} compile`];
  const already = count("already-broken");
  if (already > 0) parts.push(`${already} already broken before the update`);
  const unchecked = count("not-checked");
  if (unchecked > 0) parts.push(`${unchecked} not checked (no tsconfig.json)`);
  return parts.join(", ");
}

/** The headline the pull request opens with: `breaking in the spec; 1 of 3 apps no longer compiles`. */
export function consumerHeadline(
  verdict: ChangeVerdict,
  consumers: ConsumerImpact,
  packageName: string,
): string {
  const first = brokenApps(consumers)[0]?.errors[0];
  const at = first === undefined ? "" : `: ${first.file}:${first.line}:${first.column} …`;
  return `${inTheSpec[verdict]}; ${consumerSentence(consumers, packageName)}${at}`;
}

/** The terminal lines: the sentence, then per app its status and each of its errors. */
export function consumerLines(
  consumers: ConsumerImpact,
  options: { packageName: string; time: string },
): string[] {
  const sentence = consumerSentence(consumers, options.packageName);
  if (consumers.apps.length === 0) return [`apps     none    ${sentence}`];
  const broken = brokenApps(consumers).length > 0;
  const lines = [
    broken
      ? `apps     errors  ${sentence} against the new clients (${options.time}); written anyway, fix them before merging:`
      : `apps     ok      ${sentence} against the new clients (${options.time})`,
  ];
  const width = Math.max(...consumers.apps.map((app) => app.path.length));
  for (const app of consumers.apps) {
    lines.push(`  ${app.path.padEnd(width)}  ${appStatusText(app)}`);
    for (const error of app.errors) lines.push(`    ${formatFacadeError(error)}`);
  }
  return lines;
}

/**
 * The Markdown list for the pull request body and the changelog: the sentence, then one item per
 * app with its errors below it.
 */
export function consumerMarkdown(consumers: ConsumerImpact, packageName: string): string[] {
  const lines = [`**Apps:** ${escapeMarkdown(consumerSentence(consumers, packageName))}.`];
  if (consumers.apps.length === 0) return lines;
  lines.push("");
  for (const app of consumers.apps) {
    lines.push(`- ${inlineCode(app.path)}: ${escapeMarkdown(appStatusText(app))}`);
    for (const error of app.errors) lines.push(`  - ${facadeErrorLine(error)}`);
  }
  return lines;
}

function appStatusText(app: AppImpact): string {
  const errors = (count: number) => `${count} ${count === 1 ? "error" : "errors"}`;
  switch (app.status) {
    case "compiles":
      return `compiles (${app.files} ${app.files === 1 ? "file" : "files"})`;
    case "breaks":
      return app.errorsBefore === 0
        ? `no longer compiles: ${errors(app.errors.length)}`
        : `no longer compiles: ${errors(app.errors.length)} more than the ${app.errorsBefore} it had before the update`;
    case "already-broken":
      return `already broken before the update: ${errors(app.errors.length)}, none new`;
    case "not-checked":
      return "not checked: no tsconfig.json";
  }
}
