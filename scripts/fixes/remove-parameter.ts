import type { Oas3Decorator, UserContext } from "@redocly/openapi-core";
import { isPlainObject } from "./plain-object.js";
import { fixOptionsError, staleFixMessage } from "./fix-messages.js";

const FIX = "remove-parameter";

/** A parameter to drop from every operation and path item. */
interface ParameterToRemove {
  in: "header" | "query" | "path" | "cookie";
  name: string;
}

/**
 * Decorator `api-clients/remove-parameter`, options `{ parameters: [{ in, name }] }`: removes the
 * parameters from every path item and operation. For a header such as `Authorization` that the
 * declared security already sends, the parameter would otherwise appear in every generated call
 * signature (OpenAPI says tools shall ignore it; openapi-typescript does not). Header names match
 * case-insensitively. Fails for each parameter that no longer appears anywhere.
 */
export const removeParameter: Oas3Decorator = (options) => {
  const targets = readParameters(options.parameters);
  const removed = new Set<ParameterToRemove>();
  const strip = (node: { parameters?: unknown[] }, ctx: UserContext): void => {
    if (!Array.isArray(node.parameters)) return;
    node.parameters = node.parameters.filter((reference) => {
      const parameter = ctx.resolve(reference as object).node;
      const target = targets.find((candidate) => matches(candidate, parameter));
      if (target) removed.add(target);
      return !target;
    });
    if (node.parameters.length === 0) delete node.parameters;
  };
  return {
    PathItem: { enter: strip },
    Operation: { enter: strip },
    Root: {
      leave(_root, ctx) {
        for (const target of targets) {
          if (removed.has(target)) continue;
          ctx.report({
            message: staleFixMessage(
              FIX,
              ctx,
              `no operation has the ${target.in} parameter "${target.name}"`,
            ),
            location: ctx.location,
          });
        }
      },
    },
  };
};

function matches(target: ParameterToRemove, parameter: unknown): boolean {
  if (!isPlainObject(parameter) || parameter.in !== target.in || typeof parameter.name !== "string")
    return false;
  return target.in === "header"
    ? parameter.name.toLowerCase() === target.name.toLowerCase()
    : parameter.name === target.name;
}

function readParameters(value: unknown): ParameterToRemove[] {
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (parameter) =>
        isPlainObject(parameter) &&
        ["header", "query", "path", "cookie"].includes(parameter.in as string) &&
        typeof parameter.name === "string",
    );
  if (!valid)
    throw fixOptionsError(FIX, "`parameters`: a list of { in: header|query|path|cookie, name }");
  return value as ParameterToRemove[];
}
