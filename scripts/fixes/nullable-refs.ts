import type { Oas3Decorator, UserContext } from "@redocly/openapi-core";
import { isPlainObject } from "./plain-object.js";
import { failedFixMessage, staleFixMessage } from "./fix-messages.js";

const FIX = "nullable-refs";

/**
 * Decorator `api-clients/nullable-refs` (no options), OpenAPI 3.0 only: a subschema written as
 * `{ $ref, nullable: true }` means "this, or null", but 3.0 ignores every sibling of `$ref`, so
 * tools drop the `null`. Replaces each such subschema with a copy of the referenced schema plus its
 * siblings: `nullable: true` then sits beside the `type` it needs (3.0.3 ignores `nullable` without
 * `type`, which rules out the `allOf: [$ref]` idiom), and the generated type gains `| null`.
 *
 * Fails when no such subschema is left (the vendor fixed it), for a referenced schema without a
 * `type` or in another file, and for OpenAPI 3.1 documents (where `null` is a type of its own).
 */
export const nullableRefs: Oas3Decorator = () => {
  const inlined = new Set<object>();
  const inline = (subschema: unknown, ctx: UserContext, path: (string | number)[]): unknown => {
    if (
      !isPlainObject(subschema) ||
      typeof subschema.$ref !== "string" ||
      subschema.nullable !== true
    ) {
      return subschema;
    }
    const { $ref, ...siblings } = subschema;
    const target: { node: unknown; location?: { source: unknown } } = ctx.resolve({ $ref });
    const location = ctx.location.child(path).key();
    if (!isPlainObject(target.node) || target.location?.source !== ctx.location.source) {
      ctx.report({
        message: failedFixMessage(FIX, ctx, `${$ref} is not a schema in this file`),
        location,
      });
      return subschema;
    }
    if (target.node.type === undefined) {
      ctx.report({
        message: failedFixMessage(FIX, ctx, `${$ref} has no type for nullable to apply to`),
        location,
      });
      return subschema;
    }
    const copy = { ...structuredClone(target.node), ...siblings };
    inlined.add(copy);
    return copy;
  };
  return {
    Root: {
      enter(_root, ctx) {
        if (ctx.specVersion !== "oas3_0") {
          ctx.report({
            message: failedFixMessage(FIX, ctx, "it applies to OpenAPI 3.0 documents only"),
            location: ctx.location,
          });
        }
      },
      leave(_root, ctx) {
        if (ctx.specVersion === "oas3_0" && inlined.size === 0) {
          ctx.report({
            message: staleFixMessage(
              FIX,
              ctx,
              "no schema has `nullable: true` beside a `$ref` any more",
            ),
            location: ctx.location,
          });
        }
      },
    },
    Schema: {
      enter(schema, ctx) {
        if (ctx.specVersion !== "oas3_0") return;
        const node = schema as Record<string, unknown>;
        if (isPlainObject(node.properties)) {
          for (const [name, property] of Object.entries(node.properties)) {
            node.properties[name] = inline(property, ctx, ["properties", name]);
          }
        }
        for (const keyword of ["items", "additionalProperties", "not"]) {
          if (keyword in node) node[keyword] = inline(node[keyword], ctx, [keyword]);
        }
        for (const keyword of ["allOf", "anyOf", "oneOf"]) {
          const members = node[keyword];
          if (Array.isArray(members))
            node[keyword] = members.map((member, index) => inline(member, ctx, [keyword, index]));
        }
      },
    },
  };
};
