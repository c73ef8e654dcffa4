import { relative } from "node:path";
import { getLineColLocation, type NormalizedProblem } from "@redocly/openapi-core";

/** A problem ready to print, in the shape of Redocly's own `stylish` output on one line. */
export interface ProblemLine {
  severity: "error" | "warn";
  /** `file:line:col  severity  rule-id  message`, the file relative to the project root. */
  text: string;
}

/** Formats a Redocly problem as `file:line:col  severity  rule-id  message`. */
export function formatProblem(problem: NormalizedProblem, options: { root: string }): ProblemLine {
  const severity = problem.severity === "error" ? "error" : "warn";
  const [location] = problem.location;
  let where = "";
  if (location) {
    const { start } = getLineColLocation(location);
    where = `${displayPath(location.source.absoluteRef, options.root)}:${start.line}:${start.col}`;
  }
  return { severity, text: problemText(where, severity, problem.ruleId, problem.message) };
}

/** One problem line: `file:line:col  severity  rule-id  message`, severities padded to one width. */
export function problemText(
  where: string,
  severity: "error" | "warn",
  ruleId: string,
  message: string,
): string {
  return `${where}  ${severity === "error" ? "error  " : "warning"}  ${ruleId}  ${message}`;
}

/** A path as a person reads it in messages: relative to the project root, with forward slashes. */
export function displayPath(path: string, root: string): string {
  return (relative(root, path) || path).replaceAll("\\", "/");
}
