import type { Oas3Decorator } from "@redocly/openapi-core";
import { isPlainObject } from "./plain-object.js";
import { failedFixMessage, fixOptionsError, staleFixMessage } from "./fix-messages.js";
import { parseJsonPointer, valueAtPointer } from "./json-pointer.js";

const FIX = "patch-schema";

/** One schema whose keywords contradict the vendor's own description of the field. */
interface SchemaPatch {
  /** JSON pointer to the schema object. */
  at: string;
  /** The keywords the spec has today: the defect. */
  expect: Record<string, unknown>;
  /** The keywords to write instead. */
  set: Record<string, unknown>;
}

/**
 * Decorator `api-clients/patch-schema`, options `{ patches: [{ at, expect, set }] }`: when the schema
 * at `at` still has exactly the `expect` keywords, overwrites them with `set` (keys keep their
 * position). Fails when any `expect` keyword changed (the vendor touched the field: review it) or
 * when nothing is at `at`.
 */
export const patchSchema: Oas3Decorator = (options) => {
  const patches = readPatches(options.patches);
  return {
    Root: {
      leave(root, ctx) {
        for (const { at, expect, set } of patches) {
          const segments = parseJsonPointer(at);
          const location = ctx.location.child(segments).key();
          const schema = valueAtPointer(root, segments);
          if (!isPlainObject(schema)) {
            ctx.report({ message: failedFixMessage(FIX, ctx, `no schema at ${at}`), location });
            continue;
          }
          const changed = Object.keys(expect).filter(
            (keyword) => JSON.stringify(schema[keyword]) !== JSON.stringify(expect[keyword]),
          );
          if (changed.length > 0) {
            const now = changed
              .map((keyword) => `${keyword}: ${JSON.stringify(schema[keyword])}`)
              .join(", ");
            ctx.report({
              message: staleFixMessage(FIX, ctx, `the schema at ${at} changed (now ${now})`),
              location,
            });
            continue;
          }
          Object.assign(schema, structuredClone(set));
        }
      },
    },
  };
};

function readPatches(value: unknown): SchemaPatch[] {
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (patch) =>
        isPlainObject(patch) &&
        typeof patch.at === "string" &&
        patch.at.startsWith("#/") &&
        isPlainObject(patch.expect) &&
        isPlainObject(patch.set),
    );
  if (!valid)
    throw fixOptionsError(
      FIX,
      '`patches`: a list of { at: "#/json/pointer", expect: {…}, set: {…} }',
    );
  return value as SchemaPatch[];
}
