import type { Oas3Decorator } from "@redocly/openapi-core";
import { isPlainObject } from "./plain-object.js";
import { failedFixMessage, fixOptionsError, staleFixMessage } from "./fix-messages.js";
import { followLocalRef, parseJsonPointer, valueAtPointer } from "./json-pointer.js";

const FIX = "rename-property";

/** One misspelt property of a request or response body. */
interface PropertyRename {
  /** JSON pointer to the media type object, e.g. `#/paths/~1users/post/responses/200/content/application~1json`. */
  mediaType: string;
  /** The name the spec uses. */
  from: string;
  /** The name the API really uses. */
  to: string;
}

/**
 * Decorator `api-clients/rename-property`, options `{ renames: [{ mediaType, from, to }] }`:
 * renames a property of the body at `mediaType` in its schema (properties and `required`, following
 * a local `$ref`) and in its examples, keeping the property's position.
 *
 * Runs when the walk leaves the document, so examples that `parse-string-examples` turned into
 * objects are renamed too. Fails when the schema no longer has `from` (the vendor fixed it) or when
 * nothing is at `mediaType`.
 */
export const renameProperty: Oas3Decorator = (options) => {
  const renames = readRenames(options.renames);
  return {
    Root: {
      leave(root, ctx) {
        for (const { mediaType, from, to } of renames) {
          const segments = parseJsonPointer(mediaType);
          const location = ctx.location.child(segments).key();
          const body = valueAtPointer(root, segments);
          const schema = isPlainObject(body) ? followLocalRef(root, body.schema) : undefined;
          if (!isPlainObject(schema) || !isPlainObject(schema.properties)) {
            ctx.report({
              message: failedFixMessage(
                FIX,
                ctx,
                `no media type with an object schema at ${mediaType}`,
              ),
              location,
            });
            continue;
          }
          if (!(from in schema.properties)) {
            const now = to in schema.properties ? `it is now called "${to}"` : "it is gone";
            ctx.report({
              message: staleFixMessage(
                FIX,
                ctx,
                `the schema at ${mediaType} has no property "${from}" (${now})`,
              ),
              location,
            });
            continue;
          }
          schema.properties = withRenamedKey(schema.properties, from, to);
          if (Array.isArray(schema.required)) {
            schema.required = schema.required.map((name: unknown) => (name === from ? to : name));
          }
          renameInExamples(root, body as Record<string, unknown>, from, to);
        }
      },
    },
  };
};

function renameInExamples(
  root: unknown,
  body: Record<string, unknown>,
  from: string,
  to: string,
): void {
  if (isPlainObject(body.example)) body.example = withRenamedKey(body.example, from, to);
  if (!isPlainObject(body.examples)) return;
  for (const reference of Object.values(body.examples)) {
    const example = followLocalRef(root, reference);
    if (isPlainObject(example) && isPlainObject(example.value)) {
      example.value = withRenamedKey(example.value, from, to);
    }
  }
}

function withRenamedKey(
  object: Record<string, unknown>,
  from: string,
  to: string,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).map(([key, value]) => [key === from ? to : key, value]),
  );
}

function readRenames(value: unknown): PropertyRename[] {
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (rename) =>
        isPlainObject(rename) &&
        typeof rename.mediaType === "string" &&
        rename.mediaType.startsWith("#/") &&
        typeof rename.from === "string" &&
        typeof rename.to === "string",
    );
  if (!valid)
    throw fixOptionsError(FIX, '`renames`: a list of { mediaType: "#/json/pointer", from, to }');
  return value as PropertyRename[];
}
