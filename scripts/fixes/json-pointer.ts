/**
 * Reading JSON pointers (RFC 6901) written as URI fragments, as `$ref`s and the declared fixes'
 * targets carry them (`#/paths/~1users/post`). Writing one segment is Redocly's
 * `escapePointerFragment` and spotting a `$ref` its `isRef`, both from `@redocly/openapi-core`;
 * reading is not Redocly's `unescapePointerFragment`, which undoes `~1` and `~0` before
 * percent-decoding, the reverse of RFC 6901 section 6: there `#/a%7E1b` names the key `a~1b`
 * instead of `a/b`.
 *
 * @packageDocumentation
 */
import { isRef } from "@redocly/openapi-core";

/**
 * Splits a JSON pointer written as a URI fragment (`#/paths/~1users/post`) into its segments
 * (`["paths", "/users", "post"]`), in RFC 6901's order: the fragment is percent-decoded first
 * (a stray `%` that starts no escape is taken as written, as Redocly takes it), then each segment
 * turns `~1` into `/` and only then `~0` into `~`, so `~01` is `~1`, never `/`.
 *
 * @throws {SyntaxError} when the pointer does not start with `#/` (or is not exactly `#`).
 */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === "#") return [];
  if (!pointer.startsWith("#/")) {
    throw new SyntaxError(`"${pointer}" is not a JSON pointer of the form "#/a/b"`);
  }
  let fragment = pointer.slice(1);
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    // A `%` that starts no escape: taken as written.
  }
  return fragment
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/**
 * Returns the value at `segments` inside `document`, following local `$ref`s (`#/…`) met on the
 * way, or `undefined` when there is nothing there.
 */
export function valueAtPointer(document: unknown, segments: readonly string[]): unknown {
  return walk(document, segments, new Set());
}

/** Returns the target of `node` when it is a local `$ref`, else `node` itself. */
export function followLocalRef(document: unknown, node: unknown): unknown {
  return follow(document, node, new Set());
}

/** `seen`: the `$ref` nodes followed so far, so a circle of them ends at the first met again. */
function walk(document: unknown, segments: readonly string[], seen: Set<unknown>): unknown {
  let node = follow(document, document, seen);
  for (const segment of segments) {
    if (node === null || typeof node !== "object") return undefined;
    node = follow(document, (node as Record<string, unknown>)[segment], seen);
  }
  return node;
}

function follow(document: unknown, node: unknown, seen: Set<unknown>): unknown {
  let current = node;
  while (isRef(current) && current.$ref.startsWith("#") && !seen.has(current)) {
    seen.add(current);
    current = walk(document, parseJsonPointer(current.$ref), seen);
  }
  return current;
}
