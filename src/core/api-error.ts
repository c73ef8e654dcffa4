/**
 * The APIs this package has clients for. Each facade adds its own entry by declaration merging
 * (`declare module "./core/api-error.js" { interface KnownApis { joyfill: true } }`), so a new
 * API widens {@link ApiName} without any change to the core.
 */
export interface KnownApis {}

/** Name of the API a client talks to, e.g. `"joyfill"` or `"proficient"`. */
export type ApiName = keyof KnownApis & string;

/**
 * What went wrong, as a closed union.
 *
 * - `invalid_request` … `unknown`: the server answered (from the vendor's own code, else the status).
 * - `timeout`, `connection_error`, `aborted`: no usable answer arrived (our per-attempt timeout, a
 *   network failure, or the caller's `AbortSignal`).
 */
export type ApiErrorCode =
  | "invalid_request"
  | "invalid_credentials"
  | "forbidden"
  | "resource_not_found"
  | "conflict"
  | "rate_limited"
  | "unavailable"
  | "unknown"
  | "timeout"
  | "connection_error"
  | "aborted";

/**
 * Whether the vendor may have acted on a failed call, e.g. created the user:
 *
 * - `no`: certainly not: nothing was sent, the connection could not be made, or the vendor
 *   answered that it did not (a 4xx, 503); sending the call again is safe.
 * - `maybe`: the request left but its answer is unknown (a timeout or a dropped connection after
 *   sending, 500, 502, 504, a redirect); look the result up before sending it again.
 * - `yes`: the vendor answered 2xx, but its body could not be used.
 */
export type VendorActed = "no" | "maybe" | "yes";

/** The fields an {@link ApiError} is built from. */
export interface ApiErrorInit {
  /** The API that failed. */
  api: ApiName;
  /** The HTTP status, or `undefined` when no response arrived. */
  status: number | undefined;
  /** What went wrong. */
  code: ApiErrorCode;
  /** The server's own message when it sent one, otherwise a description of the failure. */
  message: string;
  /** The request id from the response headers, when there is one. */
  requestId: string | undefined;
  /** The response body: parsed JSON, else text, else `undefined`. */
  body: unknown;
  /** The underlying error (network failure, abort reason, JSON parse error), if any. */
  cause?: unknown;
  /** Whether the vendor may have acted on the call. @default "no" */
  vendorActed?: VendorActed | undefined;
  /** Requests the call sent. @default 0 */
  attempts?: number | undefined;
}

/**
 * The one error every client call rejects with, whatever failed: an HTTP error status, a body
 * that cannot be read, a timeout, a network failure or the caller's abort. Switch on
 * {@link ApiError.code}; the other fields say where and why.
 *
 * It never carries credentials: messages and bodies are redacted before an `ApiError` is built,
 * and it holds no request or headers.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  /** The API that failed, e.g. `"joyfill"`. */
  declare readonly api: ApiName;
  /** The HTTP status, or `undefined` for `timeout`, `connection_error` and `aborted`. */
  declare readonly status: number | undefined;
  /** What went wrong; a closed union, so a `switch` over it can be exhaustive. */
  declare readonly code: ApiErrorCode;
  /** The request id the server sent (`x-request-id` or `request-id` header), if any. */
  declare readonly requestId: string | undefined;
  /** The response body: parsed JSON, else text, else `undefined`. */
  declare readonly body: unknown;
  /**
   * Whether the vendor may have acted on the call over all its attempts (see {@link VendorActed});
   * on `"maybe"`, the message says to look the result up before sending the call again.
   */
  declare readonly vendorActed: VendorActed;
  /** Requests the call sent, retries included; 0 when it failed before sending one. */
  declare readonly attempts: number;

  /** Builds an error from already-redacted fields; clients do this, callers rarely need to. */
  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.api = init.api;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.body = init.body;
    this.vendorActed = init.vendorActed ?? "no";
    this.attempts = init.attempts ?? 0;
  }

  /** A plain object for logs: every field but `cause` and `stack`. */
  toJSON(): Required<Omit<ApiErrorInit, "cause">> & { name: "ApiError" } {
    return {
      name: this.name,
      api: this.api,
      status: this.status,
      code: this.code,
      message: this.message,
      requestId: this.requestId,
      body: this.body,
      vendorActed: this.vendorActed,
      attempts: this.attempts,
    };
  }
}
