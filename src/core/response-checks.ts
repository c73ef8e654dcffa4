import type { ApiError } from "./api-error.js";
import type { ClientOptions } from "./client.js";
import type { Decode, OperationContext } from "./normalize.js";

/**
 * How a client checks its 2xx bodies against the spec:
 *
 * - `off`: not at all, and the bundle carries no check code.
 * - `report`: each mismatch reaches the hooks (`onMismatch`) and the log (`warn`), and the call
 *   resolves as usual.
 * - `strict`: the same, and a mismatch fails the call with an {@link ApiError} (code `unknown`)
 *   that says where the body differs.
 */
export type ResponseCheckMode = "off" | "report" | "strict";

/** What a 2xx body's value was, by JSON kind; `missing` for a property that did not arrive. */
export type JsonKind =
  "string" | "integer" | "number" | "boolean" | "null" | "array" | "object" | "missing";

/**
 * One place where a 2xx body differs from the operation's response schema. It holds what the spec
 * says and the kind of what arrived, never a value from the body, so it can be logged as it is.
 */
export interface Mismatch {
  /** Where, as a JSON pointer into the body (RFC 6901): `""` is the body itself, `/items/0/id`. */
  pointer: string;
  /**
   * The spec's keyword that failed: `type`, `required`, `enum`, `const`, `additionalProperties`,
   * `anyOf` or `oneOf`; `renamed` for a property that arrived under the name a declared fix
   * replaced; `status` for a 2xx status the spec does not list.
   */
  keyword: string;
  /** What the spec expects there, e.g. `string or null`, `one of "user"`. */
  expected: string;
  /** The JSON kind that arrived there (or the status, for `status`). */
  received: string;
  /** One line saying all of the above, e.g. `at /id: expected string, got integer`. */
  message: string;
}

/**
 * The seam through which response checking reaches a client: given an operation, where it runs
 * and the client's options (for its hooks), it returns the decoder for the operation's
 * 2xx bodies, which may check a body first and return an {@link ApiError} instead of the data.
 * Made by a generated module, e.g. `joyfillResponseChecks({ mode: "report" })` from
 * `api-clients/joyfill/checks`, so a client without it carries none of the check code.
 */
export type ResponseChecks = <Output>(
  operation: { name: string; decode: Decode<Output> },
  context: OperationContext,
  options: Pick<ClientOptions, "hooks">,
) => Decode<Output | ApiError>;
