/**
 * Splits a JSON pointer written as a URI fragment (`#/paths/~1users/post`) into its unescaped
 * segments (`["paths", "/users", "post"]`).
 *
 * @throws {SyntaxError} when the pointer does not start with `#/` (or is not exactly `#`).
 */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === "#") return [];
  if (!pointer.startsWith("#/")) {
    throw new SyntaxError(`"${pointer}" is not a JSON pointer of the form "#/a/b"`);
  }
  return pointer
    .slice(2)
    .split("/")
    .map((segment) => decodeURIComponent(segment.replaceAll("~1", "/").replaceAll("~0", "~")));
}

/** One segment as written inside a JSON pointer: `~` as `~0`, `/` as `~1`. */
export function escapePointerSegment(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/**
 * One segment of a `$ref`'s pointer, unescaped: percent-decoded first, unless a stray `%` makes
 * it no escape (then taken as written, as Redocly does), then `~1` and `~0`.
 */
export function unescapePointerSegment(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Not percent-encoded: taken as written.
  }
  return decoded.replaceAll("~1", "/").replaceAll("~0", "~");
}

/**
 * Returns the value at `segments` inside `document`, following local `$ref`s (`#/…`) met on the
 * way, or `undefined` when there is nothing there.
 */
export function valueAtPointer(document: unknown, segments: readonly string[]): unknown {
  let node = followLocalRef(document, document);
  for (const segment of segments) {
    if (node === null || typeof node !== "object") return undefined;
    node = followLocalRef(document, (node as Record<string, unknown>)[segment]);
  }
  return node;
}

/** Returns the target of `node` when it is a local `$ref`, else `node` itself. */
export function followLocalRef(document: unknown, node: unknown): unknown {
  const seen = new Set<unknown>();
  let current = node;
  while (isLocalRef(current) && !seen.has(current)) {
    seen.add(current);
    current = valueAtPointer(document, parseJsonPointer(current.$ref));
  }
  return current;
}

function isLocalRef(node: unknown): node is { $ref: string } {
  return (
    node !== null &&
    typeof node === "object" &&
    typeof (node as { $ref?: unknown }).$ref === "string" &&
    (node as { $ref: string }).$ref.startsWith("#")
  );
}
