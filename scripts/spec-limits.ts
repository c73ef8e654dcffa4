/**
 * Resource limits on spec text, shared by `npm run specs:pull` (before a pulled spec may replace
 * a file in `specs/`) and `npm run generate` (before a spec, or a file it `$ref`s, is parsed and
 * walked). A hostile or broken spec fails here with a position and the limit it broke, instead of
 * taking memory or stack without bound in the tools after it.
 *
 * @packageDocumentation
 */
import { isAlias, isCollection, isPair, LineCounter, parseDocument, type Document, type Node } from "yaml";

/** The limits {@link checkSpecText} and {@link findTooDeep} apply. */
export interface SpecLimits {
  /**
   * Bytes of one spec file (UTF-8). GitHub's REST spec, among the largest public ones, is 13 MB
   * as JSON and 56 MB as YAML with its schemas inlined.
   * @default 100 MiB
   */
  maxBytes: number;
  /**
   * Nesting of objects and arrays, counted from the document's top: what Redocly's YAML parser
   * allows, applied to JSON as well. Real specs stay far below (GitHub's: 22); the tools walk
   * specs recursively and run out of stack at about 900.
   * @default 100
   */
  maxDepth: number;
  /**
   * Nodes that YAML aliases (`*name`) may add to a document, all aliases together: an alias
   * copies the whole node its anchor names, so a few lines of nested aliases ("billion laughs")
   * can stand for billions of nodes.
   * @default 100,000
   */
  maxAliasNodes: number;
}

/** The limits both commands apply. */
export const SPEC_LIMITS: Readonly<SpecLimits> = Object.freeze({
  maxBytes: 100 * 2 ** 20,
  maxDepth: 100,
  maxAliasNodes: 100_000,
});

/** A limit a spec text broke, and where. */
export interface LimitViolation {
  /** `spec-too-large`, `yaml-alias-expansion` or `spec-too-deep`. */
  rule: "spec-too-large" | "yaml-alias-expansion" | "spec-too-deep";
  /** 1-based line of the offending place (1 for the size limit). */
  line: number;
  /** 1-based column. */
  col: number;
  /** What is wrong, naming the limit, e.g. `the file is 120 MiB; specs may be at most 100 MiB`. */
  message: string;
}

/**
 * Checks a spec's text against the size and YAML alias limits, before any parser that would
 * expand it sees it. Cheap for text without anchors and aliases: the YAML parse that counts
 * what aliases expand to only runs when the text has both an `&anchor` and a `*alias` token.
 * Nesting depth is checked on the parsed value with {@link findTooDeep}, and on JSON text here.
 *
 * @returns the first limit broken, or `undefined` when the text is within every limit.
 */
export function checkSpecText(text: string, limits: SpecLimits = SPEC_LIMITS): LimitViolation | undefined {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > limits.maxBytes) {
    return {
      rule: "spec-too-large",
      line: 1,
      col: 1,
      message: `the file is ${formatBytes(bytes)}; a spec file may be at most ${formatBytes(limits.maxBytes)}`,
    };
  }
  if (/^\s*[[{]/.test(text)) {
    const deep = findJsonTextTooDeep(text, limits.maxDepth);
    if (deep) return deep;
  }
  if (/(?:^|[\s[{,:-])&[^\s[\]{},]/m.test(text) && /(?:^|[\s[{,:-])\*[^\s[\]{},*]/m.test(text)) {
    return checkAliasExpansion(text, limits);
  }
  return undefined;
}

/**
 * The path (object keys and array indexes) of the first value nested deeper than `maxDepth`, or
 * `undefined` when there is none. Walks with its own stack, so any depth is safe to check, and
 * allocates nothing per value unless the limit is broken (a 13 MB spec holds over a million).
 */
export function findTooDeep(value: unknown, maxDepth: number = SPEC_LIMITS.maxDepth): string[] | undefined {
  const nodes: unknown[] = [value];
  const depths: number[] = [0];
  let tooDeep = false;
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth >= maxDepth) {
      tooDeep = true;
      break;
    }
    if (Array.isArray(node)) {
      for (const child of node) if (child !== null && typeof child === "object") (nodes.push(child), depths.push(depth + 1));
    } else {
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (child !== null && typeof child === "object") (nodes.push(child), depths.push(depth + 1));
      }
    }
  }
  return tooDeep ? pathToDepth(value, maxDepth) : undefined;
}

/** The path to the first value (in document order) at `depth`, found depth-first. */
function pathToDepth(value: unknown, depth: number): string[] | undefined {
  const path: string[] = [];
  const visit = (node: unknown): boolean => {
    if (node === null || typeof node !== "object") return false;
    if (path.length >= depth) return true;
    for (const key of Object.keys(node)) {
      path.push(key);
      if (visit((node as Record<string, unknown>)[key])) return true;
      path.pop();
    }
    return false;
  };
  return visit(value) ? path : undefined;
}

/** The message for a value nested deeper than the limit, shared by both commands. */
export function tooDeepMessage(maxDepth: number): string {
  return `objects and arrays are nested more than ${maxDepth} levels deep here; a spec may nest at most ${maxDepth}`;
}

/** The first `{` or `[` of JSON text that opens level `maxDepth + 1`, outside strings. */
function findJsonTextTooDeep(text: string, maxDepth: number): LimitViolation | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x22 /* " */) {
      for (index++; index < text.length; index++) {
        const inner = text.charCodeAt(index);
        if (inner === 0x5c /* \ */) index++;
        else if (inner === 0x22) break;
      }
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (++depth > maxDepth) return { rule: "spec-too-deep", line, col: index - lineStart + 1, message: tooDeepMessage(maxDepth) };
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      depth--;
    } else if (char === 0x0a /* \n */) {
      line++;
      lineStart = index + 1;
    }
  }
  return undefined;
}

/**
 * Parses YAML (anchors and aliases stay nodes of the syntax tree; nothing is expanded) and adds up
 * the nodes every alias stands for, stopping at the first alias past the limit.
 */
function checkAliasExpansion(text: string, limits: SpecLimits): LimitViolation | undefined {
  const lineCounter = new LineCounter();
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch {
    // Left to the spec's own parser, which reports the syntax error with its position.
    return undefined;
  }
  if (document.errors.length > 0) return undefined;
  const sizes = new Map<Node, number>();
  const ceiling = limits.maxAliasNodes + 1;
  let added = 0;
  let violation: LimitViolation | undefined;

  /** Nodes `node` stands for once aliases are expanded, capped just past the limit. */
  const sizeOf = (node: unknown, depth: number, inProgress: Set<Node>): number => {
    if (violation || depth > limits.maxDepth) return 1;
    if (isAlias(node)) {
      const target = node.resolve(document);
      if (!target) return 1;
      const size = inProgress.has(target) ? ceiling : sizeOf(target, depth + 1, inProgress);
      added = Math.min(added + size, ceiling);
      if (added > limits.maxAliasNodes && !violation) {
        const { line, col } = lineCounter.linePos(node.range?.[0] ?? 0);
        violation = {
          rule: "yaml-alias-expansion",
          line,
          col,
          message:
            `YAML alias *${node.source} takes what aliases add to the document past ${limits.maxAliasNodes.toLocaleString("en-US")} nodes` +
            ` (the limit on alias expansion); write the values out or use $ref`,
        };
      }
      return size;
    }
    if (!isCollection(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    inProgress.add(node);
    let size = 1;
    for (const item of node.items) {
      if (isPair(item)) size += sizeOf(item.key, depth + 1, inProgress) + sizeOf(item.value, depth + 1, inProgress);
      else size += sizeOf(item, depth + 1, inProgress);
      if (size > ceiling) size = ceiling;
    }
    inProgress.delete(node);
    sizes.set(node, size);
    return size;
  };
  sizeOf(document.contents, 0, new Set());
  return violation;
}

/** `1.5 MiB`, `512 KiB`, `900 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 20) return `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (bytes >= 2 ** 10) return `${+(bytes / 2 ** 10).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
