/**
 * The change record produced by {@link compareSpecs} and read by the renderers.
 *
 * @packageDocumentation
 */

/** What kind of difference a {@link SpecChange} records. */
export type ChangeKind =
  | "operation-added"
  | "operation-removed"
  | "field-added"
  | "field-removed"
  | "required-changed"
  | "type-changed"
  | "format-changed"
  | "enum-values-added"
  | "enum-values-removed"
  | "enum-added"
  | "enum-removed"
  | "nullable-changed"
  | "const-changed"
  | "default-changed"
  | "constraint-changed"
  | "variants-changed"
  | "deprecated"
  | "access-changed"
  | "media-type-added"
  | "media-type-removed"
  | "status-added"
  | "status-removed"
  | "server-added"
  | "server-removed"
  | "server-changed"
  | "security-requirement-added"
  | "security-requirement-removed"
  | "security-scopes-changed"
  | "security-scheme-added"
  | "security-scheme-removed"
  | "security-scheme-changed";

/** One difference between two versions of an API's spec, as a client sees it. */
export interface SpecChange {
  /** What changed. */
  kind: ChangeKind;
  /**
   * Whether a client written against the old spec can stop compiling or start misbehaving
   * against the new one. The rules are the tables of `docs/change-report.md`.
   */
  breaking: boolean;
  /**
   * Where it changed: an operation (`POST /users`), a part of one with a field path
   * (`POST /users request body .first_name`, `GET /users query .limit`,
   * `POST /users response 200 .items[].id`), or a document-level place (`servers`, `security`,
   * `security scheme bearer`).
   */
  location: string;
  /** What happened there, in a few words (`required field added (string)`). */
  detail: string;
}
