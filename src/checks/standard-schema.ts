/**
 * The Standard Schema v1 interface (standardschema.dev), written out as its authors recommend for
 * libraries that implement it, so the package needs no dependency for it. Structurally the same
 * as `StandardSchemaV1` of `@standard-schema/spec`: a value of this type is one of those.
 */

/** A schema any Standard Schema consumer accepts. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly "~standard": StandardSchemaProps<Input, Output>;
}

/** The Standard Schema properties of a {@link StandardSchemaV1}. */
export interface StandardSchemaProps<Input = unknown, Output = Input> {
  /** The version of the standard. */
  readonly version: 1;
  /** Who made the schema: `"api-clients"`. */
  readonly vendor: string;
  /** Checks a value; synchronous here. */
  readonly validate: (
    value: unknown,
    options?: { readonly libraryOptions?: Record<string, unknown> | undefined } | undefined,
  ) => StandardResult<Output> | Promise<StandardResult<Output>>;
  /** The types the schema stands for; present in types only. */
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
}

/** What {@link StandardSchemaProps.validate} returns: the value, or issues. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> };

/** One issue of a failed validation. */
export interface StandardIssue {
  /** What is wrong, and where. */
  readonly message: string;
  /** The path to where it is wrong: property names and array indexes (as strings). */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}
