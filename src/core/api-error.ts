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

  /** Builds an error from already-redacted fields; clients do this, callers rarely need to. */
  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.api = init.api;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.body = init.body;
  }

  /** A plain object for logs: every field but `cause` and `stack`. */
  toJSON(): Omit<ApiErrorInit, "cause"> & { name: "ApiError" } {
    return {
      name: this.name,
      api: this.api,
      status: this.status,
      code: this.code,
      message: this.message,
      requestId: this.requestId,
      body: this.body,
    };
  }
}
