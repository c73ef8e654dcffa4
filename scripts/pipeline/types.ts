import { astToString, resolveRef, scanDiscriminators, transformSchema } from "openapi-typescript";
// The compiler openapi-typescript builds its AST with (the same instance), whose factory cuts
// that AST into pieces.
import typescript, {
  type Node,
  type PropertySignature,
  type Statement,
  type TypeElement,
  type TypeLiteralNode,
} from "typescript";

const { factory } = typescript;

type TransformContext = Parameters<typeof transformSchema>[1];

/**
 * A piece of the generated types that prettier formats on its own: a whole top-level statement,
 * or (with `members`) a container, an interface or a property's object type, whose members are
 * formatted in pieces of their own. Formatting a 6.5 MB file in one go takes prettier more memory
 * than the rest of the pipeline together; pieces of a bounded size keep that down, and
 * `formatTypes` puts the pieces back together into exactly what formatting the whole file gives.
 */
export interface TypesPiece {
  /**
   * TypeScript source, one top-level statement. Without `members`: the statement itself or, inside
   * a container, the statement with the container's members cut down to this piece's. With
   * `members`: the statement with this container's members replaced by {@link PLACEHOLDER_MEMBER},
   * which marks where the members' lines go.
   */
  source: string;
  /** The container's members, in order, as pieces. */
  members?: TypesPiece[];
}

/** The member a container is cut down to, to find its own opening and closing lines. */
export const PLACEHOLDER_MEMBER = "__members__: never;";

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
  // $Read/$Write markers on readOnly/writeOnly properties, which openapi-fetch 0.17 and the
  // facades' body types strip: a request body never requires a server-assigned (read-only) field,
  // and a result never shows a write-only one. Costs four exported helper types per file.
  readWriteMarkers: true,
  // No runtime path enums or path-param helpers: nothing in the clients uses them.
  makePathsEnum: false,
  generatePathParams: false,
  // Let openapi-typescript's own warnings about the spec reach the person running the pipeline.
  silent: false,
} satisfies Partial<TransformContext>;

/** Options of {@link generateTypes}. */
export interface GenerateTypesOptions {
  /**
   * How large a piece may grow, in syntax nodes (about 25 per line of output). Only a container
   * larger than this is cut into pieces; a member larger than this on its own is a piece of its own.
   * @default 5_000
   */
  pieceNodes?: number;
}

/**
 * Generates TypeScript types (`paths`, `components`, `operations`, …) for a bundled spec, unformatted,
 * as pieces to format with `formatTypes`.
 *
 * This is `openapiTS(document, OPENAPI_TS_OPTIONS)` without its first step: openapiTS lints and bundles the
 * document again with its own copy of Redocly 1.x, which our Redocly 2 lint and bundle have
 * already done (on GitHub's 13 MB spec that step alone costs about 7 s). The context below mirrors
 * the one openapiTS 7.13.0 builds; a test checks that the formatted output is byte-identical to
 * openapiTS's formatted with prettier.
 *
 * Mutates `document` (openapi-typescript patches discriminator enums into it): serialize the spec
 * before calling this.
 */
export function generateTypes(
  document: Record<string, unknown>,
  options: GenerateTypesOptions = {},
): TypesPiece[] {
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
  const budget = options.pieceNodes ?? 5_000;
  const weights = new NodeWeights();
  return transformSchema(schema, ctx).map((statement) => {
    if (!typescript.isInterfaceDeclaration(statement) || weights.of(statement) <= budget) {
      return { source: astToString(statement) };
    }
    return containerPiece({
      members: statement.members,
      rebuild: (members) =>
        factory.updateInterfaceDeclaration(
          statement,
          statement.modifiers,
          statement.name,
          statement.typeParameters,
          statement.heritageClauses,
          members,
        ),
      budget,
      weights,
    });
  });
}

/**
 * Cuts a container's members into pieces of at most `budget` nodes, in order. A member over the
 * budget whose type is an object type becomes a container piece of its own.
 */
function containerPiece(options: {
  members: readonly TypeElement[];
  /** The top-level statement with this container's members replaced by the given ones. */
  rebuild: (members: readonly TypeElement[]) => Statement;
  budget: number;
  weights: NodeWeights;
}): TypesPiece {
  const { rebuild, budget, weights } = options;
  const pieces: TypesPiece[] = [];
  let run: TypeElement[] = [];
  let runWeight = 0;
  const endRun = () => {
    if (run.length > 0) pieces.push({ source: astToString(rebuild(run)) });
    run = [];
    runWeight = 0;
  };
  for (const member of options.members) {
    const weight = weights.of(member);
    if (weight > budget && isObjectTypedProperty(member)) {
      endRun();
      pieces.push(
        containerPiece({
          members: member.type.members,
          rebuild: (members) =>
            rebuild([
              factory.updatePropertySignature(
                member,
                member.modifiers,
                member.name,
                member.questionToken,
                factory.updateTypeLiteralNode(member.type, factory.createNodeArray(members)),
              ),
            ]),
          budget,
          weights,
        }),
      );
      continue;
    }
    if (runWeight + weight > budget) endRun();
    run.push(member);
    runWeight += weight;
  }
  endRun();
  const placeholder = factory.createPropertySignature(
    undefined,
    PLACEHOLDER_MEMBER.slice(0, PLACEHOLDER_MEMBER.indexOf(":")),
    undefined,
    factory.createKeywordTypeNode(typescript.SyntaxKind.NeverKeyword),
  );
  return { source: astToString(rebuild([placeholder])), members: pieces };
}

function isObjectTypedProperty(
  member: TypeElement,
): member is PropertySignature & { type: TypeLiteralNode } {
  return (
    typescript.isPropertySignature(member) &&
    member.type !== undefined &&
    typescript.isTypeLiteralNode(member.type)
  );
}

/** How many syntax nodes a node's subtree holds, itself included; memoized per node. */
class NodeWeights {
  readonly #weights = new WeakMap<Node, number>();

  of(node: Node): number {
    const known = this.#weights.get(node);
    if (known !== undefined) return known;
    let weight = 1;
    // forEachChild stops at the first callback that returns a value: this one returns nothing.
    typescript.forEachChild(node, (child) => {
      weight += this.of(child);
    });
    this.#weights.set(node, weight);
    return weight;
  }
}
