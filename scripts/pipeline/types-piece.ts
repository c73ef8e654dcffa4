/**
 * The shape of the generated types between the types stage and the format stage, in a module of
 * its own: the format stage and the main thread need it without loading openapi-typescript,
 * which the types thread loads.
 */

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
