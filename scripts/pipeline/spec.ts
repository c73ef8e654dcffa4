import { readFile, stat } from "node:fs/promises";
import {
  escapePointerFragment,
  Source,
  YamlParseError,
  getLineColLocation,
  makeDocumentFromString,
  type Document,
} from "@redocly/openapi-core";
import {
  checkSpecText,
  findAliasExpansion,
  findTooDeep,
  formatBytes,
  mayHaveAliases,
  SPEC_LIMITS,
  tooDeepMessage,
} from "../spec-limits.js";
import { SpecError } from "./errors.js";
import { sha256 } from "./files.js";
import { displayPath, problemText } from "./problems.js";

/** A root spec file, read and parsed once for lint and bundle alike. */
export interface SpecFile {
  /** Absolute path. */
  path: string;
  /** SHA-256 of its bytes, hex. */
  sha256: string;
  /** Redocly's parsed document; bundling mutates `parsed`, so lint it first. */
  document: Document<Record<string, unknown>>;
}

/**
 * Reads and parses a root spec. JSON files go through `JSON.parse` (several times faster than the
 * YAML parser Redocly would use for them on a large spec); anything else, and JSON that fails to
 * parse, through Redocly's YAML parser, whose errors carry line and column.
 *
 * The {@link SPEC_LIMITS} apply first: size, then YAML alias expansion (before any parser expands
 * an alias), then nesting depth.
 *
 * @throws {SpecError} when the file is missing, breaks a limit, is not valid YAML/JSON, or is not
 *   OpenAPI 3.x.
 */
export async function readSpec(options: {
  /** Absolute path of the spec. */
  path: string;
  /** Project root, for paths in messages. */
  root: string;
  /** Where the path came from, for the "missing" message, e.g. `apis.joyfill.root in redocly.yaml`. */
  declaredBy: string;
}): Promise<SpecFile> {
  const { path, root } = options;
  const name = displayPath(path, root);
  const size = await stat(path).then(
    (stats) => stats.size,
    () => undefined,
  );
  if (size === undefined)
    throw new SpecError(
      problemText(name, "error", "spec-missing", `no such file (${options.declaredBy})`),
    );
  if (size > SPEC_LIMITS.maxBytes) {
    const message = `the file is ${formatBytes(size)}; a spec file may be at most ${formatBytes(SPEC_LIMITS.maxBytes)}`;
    throw new SpecError(problemText(`${name}:1:1`, "error", "spec-too-large", message));
  }
  const bytes = await readFile(path);
  const text = bytes.toString("utf8");
  const limit = checkSpecText(text);
  if (limit)
    throw new SpecError(
      problemText(`${name}:${limit.line}:${limit.col}`, "error", limit.rule, limit.message),
    );
  const document = parseSpec(text, path, name);
  // Aliases before depth: walking a value whose aliases expand without bound never ends.
  const expansion =
    document.source.mimeType === "application/json" || !mayHaveAliases(text)
      ? undefined
      : findAliasExpansion(document.parsed);
  if (expansion) {
    const pointer = `#/${expansion.path.map(escapePointerFragment).join("/")}`;
    throw new SpecError(
      problemText(
        locate(document, pointer, name),
        "error",
        "yaml-alias-expansion",
        expansion.message,
      ),
    );
  }
  const deep = findTooDeep(document.parsed);
  if (deep) {
    const pointer = `#/${deep.map(escapePointerFragment).join("/")}`;
    throw new SpecError(
      problemText(
        locate(document, pointer, name),
        "error",
        "spec-too-deep",
        tooDeepMessage(SPEC_LIMITS.maxDepth),
      ),
    );
  }
  const version = document.parsed.openapi;
  if (typeof version !== "string" || !version.startsWith("3.")) {
    const found =
      "swagger" in document.parsed
        ? `swagger ${String(document.parsed.swagger)}`
        : `openapi ${String(version)}`;
    throw new SpecError(
      problemText(
        `${name}:1:1`,
        "error",
        "spec-version",
        `only OpenAPI 3.x is supported (found ${found})`,
      ),
    );
  }
  return { path, sha256: sha256(bytes), document };
}

function parseSpec(text: string, path: string, name: string): Document<Record<string, unknown>> {
  let document: Document<unknown> | undefined;
  if (path.endsWith(".json")) {
    try {
      document = {
        source: new Source(path, text, "application/json"),
        parsed: JSON.parse(text),
      };
    } catch {
      // Left undefined: the YAML parser below reports where the JSON goes wrong.
    }
  }
  try {
    document ??= makeDocumentFromString(text, path);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new SpecError(
        problemText(
          `${name}:1:1`,
          "error",
          "spec-too-deep",
          `nested too deeply to parse (${error.message})`,
        ),
      );
    }
    if (error instanceof YamlParseError) {
      const reason = error.message.replace(/ in "[^"]*" \(\d+:\d+\)$/, "");
      if (/nesting exceeded maxDepth/.test(reason)) {
        throw new SpecError(
          problemText(
            `${name}:${error.line}:${error.col}`,
            "error",
            "spec-too-deep",
            tooDeepMessage(SPEC_LIMITS.maxDepth),
          ),
        );
      }
      throw new SpecError(
        problemText(
          `${name}:${error.line}:${error.col}`,
          "error",
          "yaml-syntax",
          `invalid YAML: ${reason}`,
        ),
      );
    }
    throw error;
  }
  const { parsed } = document;
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new SpecError(
      problemText(
        `${name}:1:1`,
        "error",
        "spec-not-object",
        "the file does not hold an OpenAPI document",
      ),
    );
  }
  return document as Document<Record<string, unknown>>;
}

/** `file:line:col` of a pointer in a parsed document, or the file alone when it cannot be placed. */
function locate(document: Document, pointer: string, name: string): string {
  try {
    const location = { source: document.source, pointer } as Parameters<
      typeof getLineColLocation
    >[0];
    const { start } = getLineColLocation(location);
    return `${name}:${start.line}:${start.col}`;
  } catch {
    return name;
  }
}
