import type { Oas3Decorator } from "@redocly/openapi-core";
import { isPlainObject } from "./plain-object.js";
import { failedFixMessage, fixOptionsError, staleFixMessage } from "./fix-messages.js";

const FIX = "declare-security";

/** Options of `api-clients/declare-security`. */
interface DeclareSecurityOptions {
  /** Schemes to add to `components.securitySchemes`, by name. */
  securitySchemes: Record<string, Record<string, unknown>>;
  /** The document's `security` (alternatives, as in OpenAPI). */
  security: Record<string, string[]>[];
}

/**
 * Decorator `api-clients/declare-security`, options `{ securitySchemes, security }`: for a spec that
 * says an API needs no authentication although it does, adds the schemes, sets the document's
 * `security`, and drops `security: []` overrides from operations so they inherit it.
 *
 * Fails when every operation already declares security (the vendor fixed it), when a scheme name
 * is already taken, or when `security` names a scheme that exists nowhere.
 */
export const declareSecurity: Oas3Decorator = (options) => {
  const { securitySchemes, security } = readOptions(options);
  let documentHasSecurity = false;
  let unsecuredOperations = 0;
  return {
    Root: {
      enter(root) {
        documentHasSecurity = Array.isArray(root.security) && root.security.length > 0;
      },
      leave(root, ctx) {
        if (unsecuredOperations === 0) {
          ctx.report({
            message: staleFixMessage(FIX, ctx, "every operation declares security"),
            location: ctx.location,
          });
          return;
        }
        root.components ??= {};
        const schemes = (root.components.securitySchemes ??= {}) as Record<string, unknown>;
        for (const [name, scheme] of Object.entries(securitySchemes)) {
          if (name in schemes) {
            ctx.report({
              message: failedFixMessage(
                FIX,
                ctx,
                `the spec already defines a security scheme "${name}"`,
              ),
              location: ctx.location.child(["components", "securitySchemes", name]).key(),
            });
            return;
          }
          schemes[name] = structuredClone(scheme);
        }
        const unknown = security.flatMap(Object.keys).filter((name) => !(name in schemes));
        if (unknown.length > 0) {
          ctx.report({
            message: failedFixMessage(
              FIX,
              ctx,
              `security names undefined schemes: ${unknown.join(", ")}`,
            ),
            location: ctx.location,
          });
          return;
        }
        root.security = structuredClone(security);
      },
    },
    Operation: {
      enter(operation) {
        const own = operation.security;
        if (own === undefined ? documentHasSecurity : own.length > 0) return;
        unsecuredOperations++;
        delete operation.security;
      },
    },
  };
};

function readOptions(options: Record<string, unknown>): DeclareSecurityOptions {
  const { securitySchemes, security } = options;
  const valid =
    isPlainObject(securitySchemes) &&
    Object.values(securitySchemes).every(isPlainObject) &&
    Array.isArray(security) &&
    security.length > 0 &&
    security.every((requirement) => isPlainObject(requirement));
  if (!valid) {
    throw fixOptionsError(
      FIX,
      "`securitySchemes` (a map of scheme objects) and `security` (a non-empty list of requirements)",
    );
  }
  return { securitySchemes, security } as DeclareSecurityOptions;
}
