/**
 * Cuts an OpenAPI document down to a leading fraction of its paths (and `x-webhooks`), keeping
 * only the components those still reach, so a smaller document costs what a smaller API would.
 * One pass over what is kept: linear in the size of the document.
 */

/** An OpenAPI document as parsed JSON; only `paths`, `x-webhooks` and `components` are read. */
export interface OpenApiDocument {
  paths?: Record<string, unknown>;
  "x-webhooks"?: Record<string, unknown>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** What {@link pruneSpec} kept. */
export interface PrunedSpec {
  document: OpenApiDocument;
  paths: number;
  components: number;
}

/** Component kinds referenced by name rather than by `$ref` (from `security`), kept whole. */
const KEPT_WHOLE = new Set(["securitySchemes"]);

function decodePointerSegment(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

function firstFraction<T>(record: Record<string, T> | undefined, fraction: number) {
  if (record === undefined) return undefined;
  const entries = Object.entries(record);
  return Object.fromEntries(entries.slice(0, Math.ceil(entries.length * fraction)));
}

/**
 * Keeps the first `fraction` (0 < fraction ≤ 1) of the paths and of `x-webhooks`, in document
 * order, everything outside `components`, and the components reachable by `$ref` from what is
 * kept (transitively). Unreferenced components are dropped at every fraction, the whole document
 * included.
 */
export function pruneSpec(document: OpenApiDocument, fraction: number): PrunedSpec {
  if (!(fraction > 0 && fraction <= 1))
    throw new RangeError(`fraction ${fraction} is not in (0, 1]`);
  const { components = {}, ...rest } = document;
  const kept: OpenApiDocument = { ...rest };
  const paths = firstFraction(document.paths, fraction);
  if (paths !== undefined) kept.paths = paths;
  const webhooks = firstFraction(document["x-webhooks"], fraction);
  if (webhooks !== undefined) kept["x-webhooks"] = webhooks;

  const reached: Record<string, Record<string, unknown>> = {};
  const pending: unknown[] = [kept];
  for (const [kind, members] of Object.entries(components)) {
    if (KEPT_WHOLE.has(kind)) reached[kind] = members;
  }
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      pending.push(...node);
      continue;
    }
    if (typeof node !== "object" || node === null) continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/")) {
        const [kind, name] = value
          .slice("#/components/".length)
          .split("/")
          .map(decodePointerSegment);
        if (kind === undefined || name === undefined) continue;
        const target = components[kind]?.[name];
        if (target === undefined || reached[kind]?.[name] !== undefined) continue;
        (reached[kind] ??= {})[name] = target;
        pending.push(target);
      } else {
        pending.push(value);
      }
    }
  }
  // Kinds and members stay in the document's own order, not the order they were reached in.
  kept.components = Object.fromEntries(
    Object.entries(components)
      .filter(([kind]) => reached[kind] !== undefined)
      .map(([kind, members]) => [
        kind,
        Object.fromEntries(Object.entries(members).filter(([name]) => name in reached[kind]!)),
      ]),
  );
  const componentCount = Object.values(kept.components).reduce(
    (count, members) => count + Object.keys(members).length,
    0,
  );
  return { document: kept, paths: Object.keys(paths ?? {}).length, components: componentCount };
}
