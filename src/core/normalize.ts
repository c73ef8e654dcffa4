import { ApiError, type ApiErrorCode, type ApiName } from "./api-error.js";

/** Where a failure happened, for error messages and redaction. */
export interface OperationContext {
  /** The API, e.g. `"joyfill"`. */
  api: ApiName;
  /** The API's name for people, e.g. `"Joyfill API"`. */
  displayName: string;
  /** The operation, e.g. `"POST /users"`. */
  operation: string;
  /** Values that must never appear in an error (keys, tokens, encoded credentials). */
  secrets: readonly string[];
}

/** What openapi-fetch resolves to, read with `parseAs: "text"`. */
export interface RawResult {
  /** The 2xx body as text; `undefined` for 204 and empty bodies. */
  data?: unknown;
  /** The non-2xx body: parsed JSON, else text; `undefined` when empty. */
  error?: unknown;
  /** The response itself, for its status and headers. */
  response: Response;
}

/**
 * Checks and shapes a parsed 2xx body; returns `undefined` when the body does not have the
 * operation's shape.
 */
export type Decode<T> = (body: unknown) => T | undefined;

/** Codes a server may send that are kept as they are (the others describe the caller's side). */
const VENDOR_CODES: { readonly [C in ApiErrorCode]: boolean } = {
  invalid_request: true,
  invalid_credentials: true,
  forbidden: true,
  resource_not_found: true,
  conflict: true,
  rate_limited: true,
  unavailable: true,
  unknown: true,
  timeout: false,
  connection_error: false,
  aborted: false,
};

/** Status → code when the server did not send a code of its own. */
const STATUS_CODES: Readonly<Record<number, ApiErrorCode>> = {
  400: "invalid_request",
  401: "invalid_credentials",
  403: "forbidden",
  404: "resource_not_found",
  409: "conflict",
  422: "invalid_request",
  429: "rate_limited",
  502: "unavailable",
  503: "unavailable",
  504: "unavailable",
};

const REQUEST_ID_HEADERS = ["x-request-id", "request-id"] as const;

/**
 * Turns openapi-fetch's `{ data, error, response }` into the operation's data, or an
 * {@link ApiError} when the status is not 2xx or the 2xx body is empty, not JSON, or not of
 * the operation's shape. Never throws.
 */
export function normalizeResult<T>(
  result: RawResult,
  decode: Decode<T>,
  context: OperationContext,
): T | ApiError {
  const { response } = result;
  if (!response.ok) return errorFromResponse(response, emptyAsUndefined(result.error), context);
  const text = result.data;
  if (typeof text !== "string" || text === "") {
    return unreadableSuccess(response, undefined, "an empty body", undefined, context);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    // The engine quotes the start of the text in its message, and the text may echo a secret.
    const redacted = new SyntaxError(redact((cause as Error).message, context.secrets));
    return unreadableSuccess(response, text, "a body that is not JSON", redacted, context);
  }
  const data = decode(body);
  return data === undefined
    ? unreadableSuccess(response, body, "a body of an unexpected shape", undefined, context)
    : data;
}

/**
 * Builds the {@link ApiError} for an error response: the vendor's code when it is one of ours,
 * otherwise one derived from the status; the server's message when it sent one.
 *
 * Understood bodies: `{ error: { code, message } }`, flat `{ code, message }` and `{ message }`;
 * anything else (HTML pages from proxies, text, empty) keeps the status-derived code.
 */
export function errorFromResponse(
  response: Response,
  body: unknown,
  context: OperationContext,
): ApiError {
  const fields = vendorFields(body);
  const vendorCode = fields.code;
  const code =
    vendorCode !== undefined && VENDOR_CODES[vendorCode as ApiErrorCode] === true
      ? (vendorCode as ApiErrorCode)
      : (STATUS_CODES[response.status] ?? "unknown");
  const message =
    fields.message ??
    `${context.displayName} ${context.operation} failed with HTTP ${statusLine(response)}.`;
  return new ApiError({
    api: context.api,
    status: response.status,
    code,
    message: redact(message, context.secrets),
    requestId: redact(requestIdOf(response), context.secrets),
    body: redact(body, context.secrets),
  });
}

/** The failures where no usable response arrived. */
export type TransportFailure = "timeout" | "connection_error" | "aborted";

/** Builds the {@link ApiError} for a failure without a response. */
export function errorFromTransport(
  code: TransportFailure,
  cause: unknown,
  context: OperationContext & { baseUrl: string; timeoutMs: number },
): ApiError {
  const where = `${context.displayName} ${context.operation}`;
  const message =
    code === "timeout"
      ? `${where} timed out after ${context.timeoutMs} ms; raise timeoutMs if the API is slow.`
      : code === "aborted"
        ? `${where} was aborted by the caller's signal.`
        : `${where} could not reach ${context.baseUrl}: ${describe(cause)}.`;
  return new ApiError({
    api: context.api,
    status: undefined,
    code,
    message: redact(message, context.secrets),
    requestId: undefined,
    body: undefined,
    cause,
  });
}

function unreadableSuccess(
  response: Response,
  body: unknown,
  what: string,
  cause: unknown,
  context: OperationContext,
): ApiError {
  return new ApiError({
    api: context.api,
    status: response.status,
    code: "unknown",
    message: `${context.displayName} ${context.operation} answered HTTP ${statusLine(response)} with ${what}.`,
    requestId: redact(requestIdOf(response), context.secrets),
    body: redact(body, context.secrets),
    cause,
  });
}

function vendorFields(body: unknown): { code?: string; message?: string } {
  if (!isRecord(body)) return {};
  const fields = isRecord(body.error) ? body.error : body;
  return {
    code: typeof fields.code === "string" ? fields.code : undefined,
    message:
      typeof fields.message === "string" && fields.message.trim() !== ""
        ? fields.message
        : undefined,
  };
}

/** The request id a response carries in `x-request-id` or `request-id`, if any. */
export function requestIdOf(response: Response): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = response.headers.get(name);
    if (value) return value;
  }
  return undefined;
}

function statusLine(response: Response): string {
  return response.statusText ? `${response.status} ${response.statusText}` : `${response.status}`;
}

function emptyAsUndefined(body: unknown): unknown {
  return body === "" ? undefined : body;
}

/** The most specific message of an error chain (`fetch failed` hides `ECONNREFUSED` in its cause). */
function describe(error: unknown): string {
  let current = error;
  let message = "unknown network failure";
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current.message) message = current.message;
    current = current.cause;
  }
  return message;
}

/** Replaces every secret in strings, deeply through parsed JSON. */
export function redact<T>(value: T, secrets: readonly string[]): T {
  const longestFirst = secrets.filter(Boolean).sort((a, b) => b.length - a.length);
  return longestFirst.length === 0 ? value : (redactSorted(value, longestFirst) as T);
}

function redactSorted(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") {
    let text = value;
    for (const secret of secrets) text = text.split(secret).join("[redacted]");
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => redactSorted(item, secrets));
  if (isRecord(value)) {
    // fromEntries defines own properties, so a JSON key "__proto__" stays data, not a prototype.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactSorted(item, secrets)]),
    );
  }
  return value;
}

/** `true` for plain JSON objects (not arrays, not `null`). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Options for {@link objectDecoder}. */
export interface ObjectDecoderOptions {
  /**
   * Fields a server may send under another name, as `{ sentName: documentedName }`; the
   * documented name wins when both arrive.
   * @default {}
   */
  renamedFields?: Readonly<Record<string, string>>;
}

/**
 * A {@link Decode} for operations that answer with a JSON object: anything else (arrays,
 * strings, `null`) counts as the wrong shape. Fields are not validated one by one.
 */
export function objectDecoder<T>(options: ObjectDecoderOptions = {}): Decode<T> {
  const renames = Object.entries(options.renamedFields ?? {});
  return (body) => {
    if (!isRecord(body)) return undefined;
    for (const [sentName, documentedName] of renames) {
      if (!(sentName in body)) continue;
      if (!(documentedName in body)) body[documentedName] = body[sentName];
      delete body[sentName];
    }
    return body as T;
  };
}
