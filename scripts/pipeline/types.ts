import { openapiTypescript } from "./tools.js";

const { astToString, resolveRef, scanDiscriminators, transformSchema } = openapiTypescript;

type TransformContext = Parameters<typeof transformSchema>[1];

/**
 * The openapi-typescript options, each chosen for clients built with openapi-fetch 0.17's
 * `createClient<paths>()` (which needs the default `paths` interface keyed by literal paths).
 * Vendor descriptions become JSDoc (the default), so hovering a field shows the vendor's docs.
 */
export const OPENAPI_TS_OPTIONS = {
  // Keep the vendor's order: the types read like the spec and a spec change is a local diff.
  alphabetize: false,
  // No `[key: string]: unknown` on every object: a misspelt request field stays a compile error.
  additionalProperties: false,
  // minItems/maxItems as tuples explode for large bounds and help no caller.
  arrayLength: false,
  // openapi-typescript's default: a response field with a `default` is always sent by the server.
  // Request fields stay optional.
  defaultNonNullable: true,
  emptyObjectsUnknown: false,
  // String-literal unions, never TS enums: generated/ stays types only, with no runtime code.
  enum: false,
  enumValues: false,
  conditionalEnums: false,
  dedupeEnums: false,
  // Deprecated operations stay, marked @deprecated, so callers see the warning, not a gap.
  excludeDeprecated: false,
  // Interfaces (the default and what openapi-fetch documents): shown by name in hovers, cached by tsc.
  exportType: false,
  // Responses are plain data the caller owns; `readonly` everywhere would only force casts.
  immutable: false,
  // openapi-fetch matches literal path keys such as "/users/{id}".
  pathParamsAsTypes: false,
  // Follow the spec's `required` lists.
  propertiesRequiredByDefault: false,
  // No `SchemaUser` aliases: they double the exported surface and change names with vendor renames.
  rootTypes: false,
  rootTypesNoSchemaPrefix: false,
  rootTypesKeepCasing: false,
  // No $Read/$Write markers: neither spec marks a field readOnly or writeOnly, and the option adds
  // four exported helper types to every file. openapi-fetch 0.17 understands them: turn this on
  // when a vendor starts using readOnly (server-assigned ids would otherwise be required in bodies).
  readWriteMarkers: false,
  // No runtime path enums or path-param helpers: nothing in the clients uses them.
  makePathsEnum: false,
  generatePathParams: false,
  // Let openapi-typescript's own warnings about the spec reach the person running the pipeline.
  silent: false,
} satisfies Partial<TransformContext>;

/**
 * Generates TypeScript types (`paths`, `components`, `operations`, …) for a bundled spec, unformatted.
 *
 * This is `openapiTS(document, OPENAPI_TS_OPTIONS)` without its first step: openapiTS lints and bundles the
 * document again with its own copy of Redocly 1.x, which our Redocly 2 lint and bundle have
 * already done (on GitHub's 13 MB spec that step alone costs about 7 s). The context below mirrors
 * the one openapiTS 7.13.0 builds; a test checks that the output is byte-identical to openapiTS's.
 *
 * Mutates `document` (openapi-typescript patches discriminator enums into it): serialize the spec
 * before calling this.
 */
export function generateTypes(document: Record<string, unknown>): string {
  const schema = document as unknown as Parameters<typeof transformSchema>[0];
  const ctx: TransformContext = {
    ...OPENAPI_TS_OPTIONS,
    discriminators: scanDiscriminators(schema, OPENAPI_TS_OPTIONS),
    injectFooter: [],
    postTransform: undefined,
    transform: undefined,
    transformProperty: undefined,
    // Only openapiTS's skipped validate-and-bundle step reads the Redocly 1.x config.
    redoc: undefined as unknown as TransformContext["redoc"],
    resolve: ($ref) => resolveRef(schema, $ref, { silent: OPENAPI_TS_OPTIONS.silent }),
  };
  return astToString(transformSchema(schema, ctx));
}
