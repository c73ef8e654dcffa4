import type { Oas3Decorator, UserContext } from "@redocly/openapi-core";
import { isPlainObject } from "./plain-object.js";
import { failedFixMessage, staleFixMessage } from "./fix-messages.js";
import { parseJsonWithTrailingCommas } from "./lenient-json.js";

const FIX = "parse-string-examples";

/**
 * Decorator `api-clients/parse-string-examples` (no options): turns examples of JSON media types
 * that are written as *strings* holding a JSON object or array into that object or array, allowing
 * trailing commas. Mock servers answer with examples verbatim, so a string example becomes a JSON
 * string response instead of the documented object.
 *
 * Fails when no such example is left (the vendor fixed them) and when a string cannot be read as
 * JSON even without its trailing commas.
 */
export const parseStringExamples: Oas3Decorator = () => {
  let found = 0;
  const parseAt = (text: string, ctx: UserContext, path: (string | number)[]): unknown => {
    found++;
    try {
      return parseJsonWithTrailingCommas(text);
    } catch (error) {
      ctx.report({
        message: failedFixMessage(FIX, ctx, `the example is not JSON: ${(error as Error).message}`),
        location: ctx.location.child(path),
      });
      return text;
    }
  };
  return {
    MediaType: {
      enter(mediaType, ctx) {
        if (!/[/+]json\b/i.test(String(ctx.key))) return;
        const schema = mediaType.schema ? ctx.resolve(mediaType.schema).node : undefined;
        if (isPlainObject(schema) && schema.type === "string") return;
        if (isJsonContainerText(mediaType.example)) {
          mediaType.example = parseAt(mediaType.example, ctx, ["example"]);
        }
        for (const [name, reference] of Object.entries(mediaType.examples ?? {})) {
          const example = ctx.resolve(reference).node;
          if (isPlainObject(example) && isJsonContainerText(example.value)) {
            example.value = parseAt(example.value, ctx, ["examples", name, "value"]);
          }
        }
      },
    },
    Root: {
      leave(_root, ctx) {
        if (found === 0) {
          ctx.report({
            message: staleFixMessage(FIX, ctx, "no JSON media type has a string example any more"),
            location: ctx.location,
          });
        }
      },
    },
  };
};

function isJsonContainerText(value: unknown): value is string {
  return typeof value === "string" && /^\s*[[{]/.test(value);
}
