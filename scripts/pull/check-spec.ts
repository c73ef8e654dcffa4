/**
 * Checking that the YAML pulled from a docs page is an OpenAPI 3.x document before it may
 * replace a spec file.
 *
 * @packageDocumentation
 */

import {
  escapePointerFragment,
  createConfig,
  getLineColLocation,
  lintFromString,
  type Config,
} from "@redocly/openapi-core";
import { LineCounter, parseDocument } from "yaml";
import {
  checkSpecText as checkSpecLimits,
  findTooDeep,
  SPEC_LIMITS,
  tooDeepMessage,
} from "../spec-limits.js";

/** Options of {@link checkSpecText}. */
export interface CheckSpecOptions {
  /**
   * The page line of the text's first line, so errors point at the page as well as the spec.
   * @default 1
   */
  firstLine?: number;
  /** The path the spec will be written to; Redocly reports problems against it. */
  specPath: string;
}

/** How many lint problems an error message lists before saying how many more there are. */
const listedProblems = 5;

let structuralConfig: Promise<Config> | undefined;

/**
 * Only the structural rules: a vendor's spec is judged by `npm run generate`'s full lint later,
 * with the project's fixes applied; here the question is only whether it is an OpenAPI
 * document at all.
 */
function structuralLintConfig(): Promise<Config> {
  structuralConfig ??= createConfig({ rules: { struct: "error", "no-unresolved-refs": "error" } });
  return structuralConfig;
}

function where(line: number, column: number, firstLine: number): string {
  return firstLine === 1
    ? `line ${line}:${column}`
    : `line ${line}:${column} (page line ${line + firstLine - 1})`;
}

/** The first `$ref` that leaves the document, as a JSON pointer and the ref, if there is one. */
function findExternalRef(
  node: unknown,
  pointer: string,
): { pointer: string; ref: string } | undefined {
  if (typeof node !== "object" || node === null) return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && !value.startsWith("#"))
      return { pointer, ref: value };
    const found = findExternalRef(value, `${pointer}/${escapePointerFragment(key)}`);
    if (found) return found;
  }
  return undefined;
}

/**
 * Checks that `text` parses as YAML and is a self-contained OpenAPI 3.x document (`openapi:
 * 3.x`, `info`, `paths`, no `$ref` to other documents) without structural errors, as judged by
 * Redocly's `struct` and `no-unresolved-refs` rules.
 *
 * @throws Error whose message says what is wrong and where (line:column in the spec, and on the
 *   page).
 */
export async function checkSpecText(text: string, options: CheckSpecOptions): Promise<void> {
  const firstLine = options.firstLine ?? 1;
  const limit = checkSpecLimits(text);
  if (limit) {
    throw new Error(
      `the YAML block breaks a limit: ${where(limit.line, limit.col, firstLine)}: ${limit.message}`,
    );
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const [yamlError] = document.errors;
  if (yamlError) {
    const { line, col } = lineCounter.linePos(yamlError.pos[0]);
    throw new Error(
      `the YAML block is not valid YAML: ${where(line, col, firstLine)}: ${yamlError.message}`,
    );
  }
  let value: unknown;
  try {
    // The yaml package's own guard on how far aliases expand, stopping a "billion laughs" block.
    value = document.toJS({ maxAliasCount: SPEC_LIMITS.maxAliasNodes });
  } catch (error) {
    if (!(error instanceof ReferenceError && /alias count/i.test(error.message))) throw error;
    throw new Error(
      `the YAML block breaks a limit: its aliases add more than ${SPEC_LIMITS.maxAliasNodes.toLocaleString("en-US")} nodes ` +
        "(the yaml package's maxAliasCount); write the values out or use $ref",
    );
  }
  const deep = findTooDeep(value);
  if (deep) {
    throw new Error(
      `the YAML block breaks a limit: at #/${deep.join("/")}: ${tooDeepMessage(SPEC_LIMITS.maxDepth)}`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("the YAML block is not an OpenAPI document: it is not a mapping");
  }
  const spec = value as Record<string, unknown>;
  if (spec.swagger !== undefined) {
    throw new Error(
      `the YAML block is a Swagger ${String(spec.swagger)} document, not OpenAPI 3.x`,
    );
  }
  if (typeof spec.openapi !== "string" || !/^3\.\d+(\.\d+)?$/.test(spec.openapi)) {
    const found =
      spec.openapi === undefined
        ? "it has no openapi field"
        : `openapi is ${JSON.stringify(spec.openapi)}`;
    throw new Error(`the YAML block is not an OpenAPI 3.x document: ${found}`);
  }
  for (const field of ["info", "paths"]) {
    if (typeof spec[field] !== "object" || spec[field] === null) {
      throw new Error(`the YAML block is not an OpenAPI document: it has no ${field} object`);
    }
  }
  const external = findExternalRef(spec, "#");
  if (external) {
    throw new Error(
      `the spec refers to another document ($ref ${JSON.stringify(external.ref)} at ${external.pointer}); ` +
        "a pulled spec must be self-contained",
    );
  }
  const problems = await lintFromString({
    source: text,
    absoluteRef: options.specPath,
    config: await structuralLintConfig(),
  });
  const errors = problems.filter((problem) => problem.severity === "error");
  if (errors.length === 0) return;
  const listed = errors.slice(0, listedProblems).map((problem) => {
    const location = problem.location[0];
    const start = location ? getLineColLocation(location).start : undefined;
    const at = start ? `${where(start.line, start.col, firstLine)} ` : "";
    return `  ${at}${problem.ruleId}: ${problem.message}`;
  });
  if (errors.length > listedProblems) listed.push(`  … and ${errors.length - listedProblems} more`);
  throw new Error(`the OpenAPI document has structural errors:\n${listed.join("\n")}`);
}
