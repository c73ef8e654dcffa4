/**
 * Resource limits on specs, shared by `npm run specs:pull` (before a pulled spec may replace
 * a file in `specs/`) and `npm run generate` (before a spec, or a file it `$ref`s, is walked).
 * A hostile or broken spec fails here with a position and the limit it broke, instead of taking
 * memory or stack without bound in the tools after it.
 *
 * @packageDocumentation
 */

/** The limits {@link checkSpecText}, {@link findAliasExpansion} and {@link findTooDeep} apply. */
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
  /** `spec-too-large` or `spec-too-deep`. */
  rule: "spec-too-large" | "spec-too-deep";
  /** 1-based line of the offending place (1 for the size limit). */
  line: number;
  /** 1-based column. */
  col: number;
  /** What is wrong, naming the limit, e.g. `the file is 120 MiB; specs may be at most 100 MiB`. */
  message: string;
}

/**
 * Checks a spec's text against the size limit and, for JSON text, the depth limit, before any
 * parser sees it. The parsed value is checked next: first {@link findAliasExpansion} (when
 * {@link mayHaveAliases}), then {@link findTooDeep}, in that order, since walking a value whose
 * aliases expand without bound never ends.
 *
 * @returns the first limit broken, or `undefined` when the text is within every limit.
 */
export function checkSpecText(
  text: string,
  limits: SpecLimits = SPEC_LIMITS,
): LimitViolation | undefined {
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
  return undefined;
}

/**
 * The path (object keys and array indexes) of the first value nested deeper than `maxDepth`, or
 * `undefined` when there is none. Walks with its own stack, so any depth is safe to check, and
 * allocates nothing per value unless the limit is broken (a 13 MB spec holds over a million).
 */
export function findTooDeep(
  value: unknown,
  maxDepth: number = SPEC_LIMITS.maxDepth,
): string[] | undefined {
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
      for (const child of node)
        if (child !== null && typeof child === "object")
          (nodes.push(child), depths.push(depth + 1));
    } else {
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (child !== null && typeof child === "object")
          (nodes.push(child), depths.push(depth + 1));
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
      if (++depth > maxDepth)
        return {
          rule: "spec-too-deep",
          line,
          col: index - lineStart + 1,
          message: tooDeepMessage(maxDepth),
        };
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
 * Whether YAML text may hold an anchor and an alias: both an `&name` and a `*name` token where a
 * node can start. JSON never does; a YAML spec usually does not, and then the parsed value need
 * not be checked with {@link findAliasExpansion}. Markdown emphasis can look like an alias; that
 * only costs the check.
 */
export function mayHaveAliases(text: string): boolean {
  // JSON, or YAML in flow style: outside its strings, JSON has no & or * at all.
  if (/^\s*[[{]/.test(text)) return /[&*]/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'));
  return /(?:^|[\s[{,:-])&[^\s[\]{},]/m.test(text) && /(?:^|[\s[{,:-])\*[^\s[\]{},*]/m.test(text);
}

/** Where aliases took the expansion past the limit: the path of the alias, and the limit. */
export interface AliasExpansion {
  /** Object keys and array indexes from the top of the document to the alias. */
  path: string[];
  message: string;
}

/**
 * Adds up the nodes that YAML aliases stand for in a parsed document and returns where the total
 * first passes `maxAliasNodes`, or `undefined` when it stays within. A YAML parser (Redocly's, or
 * the `yaml` package's `toJS`) turns every alias into a second reference to the object its anchor
 * made, without copying it; walking such a value visits that object once more per reference, which
 * is how a few lines stand for billions of nodes. This walk visits each object once, in document
 * order, and counts each further reference by the size of what it refers to; an object that
 * refers to itself counts as past any limit.
 */
export function findAliasExpansion(
  value: unknown,
  maxAliasNodes: number = SPEC_LIMITS.maxAliasNodes,
): AliasExpansion | undefined {
  if (value === null || typeof value !== "object") return undefined;
  interface Frame {
    node: object;
    keys: string[];
    next: number;
    size: number;
  }
  const sizes = new Map<object, number>();
  const inProgress = new Set<object>();
  const stack: Frame[] = [{ node: value, keys: Object.keys(value), next: 0, size: 1 }];
  inProgress.add(value);
  let added = 0;
  while (stack.length > 0) {
    const frame = stack.at(-1)!;
    if (frame.next === frame.keys.length) {
      stack.pop();
      inProgress.delete(frame.node);
      sizes.set(frame.node, frame.size);
      if (stack.length > 0) stack.at(-1)!.size += frame.size;
      continue;
    }
    const key = frame.keys[frame.next++]!;
    const child = (frame.node as Record<string, unknown>)[key];
    if (child === null || typeof child !== "object") {
      frame.size++;
      continue;
    }
    const known = sizes.get(child);
    if (known === undefined && !inProgress.has(child)) {
      inProgress.add(child);
      stack.push({ node: child, keys: Object.keys(child), next: 0, size: 1 });
      continue;
    }
    const size = known ?? Number.POSITIVE_INFINITY;
    added += size;
    frame.size += size;
    if (added > maxAliasNodes) {
      return {
        path: [...stack.map((at) => at.keys[at.next - 1]!)],
        message:
          `a YAML alias here takes what aliases add to the document past ${maxAliasNodes.toLocaleString("en-US")} nodes` +
          " (the limit on alias expansion); write the values out or use $ref",
      };
    }
  }
  return undefined;
}

/** `1.5 MiB`, `512 KiB`, `900 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 20) return `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (bytes >= 2 ** 10) return `${+(bytes / 2 ** 10).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
