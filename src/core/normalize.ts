import { ApiError, type ApiErrorCode, type ApiName } from "./api-error.js";
import { redactCause, redactValue, type RedactText } from "./redact.js";
import { formatBytes } from "./response-body.js";

/** Where a failure happened, for error messages and redaction. */
export interface OperationContext {
  /** The API, e.g. `"joyfill"`. */
  api: ApiName;
  /** The API's name for people, e.g. `"Joyfill API"`. */
  displayName: string;
  /** The operation, e.g. `"POST /users"`. */
  operation: string;
  /** Replaces the credentials, which must never appear in an error, in a text. */
  redact: RedactText;
}

/** What openapi-fetch resolves to, with a 2xx body read as text. */
export interface RawResult {
  /** The 2xx body as text; `undefined` for 204 and empty bodies. */
  data?: unknown;
  /** The non-2xx body: parsed JSON, else text; `undefined` when empty. */
  error?: unknown;
  /** The response itself, for its status and headers. */
  response: Response;
  /** Set when the 2xx body went on past this many bytes, and was not read further. */
  overLimitBytes?: number | undefined;
}

/**
 * Checks and shapes a parsed 2xx body, which came with `response`; returns `undefined` when the
 * body does not have the operation's shape.
 */
export type Decode<T> = (body: unknown, response: Response) => T | undefined;

/**
 * Status → code when the server did not send a code of its own. These codes and `unknown` are
 * also the ones a server may send and have kept; the others describe the caller's side.
 */
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
  const { response, overLimitBytes } = result;
  if (!response.ok || response.redirected) {
    return errorFromResponse(response, emptyAsUndefined(result.error), context);
  }
  const text = result.data;
  if (overLimitBytes !== undefined) {
    const what = `a body over maxResponseBytes (${formatBytes(overLimitBytes)})`;
    return unreadableSuccess(response, undefined, what, undefined, context);
  }
  if (typeof text !== "string" || text === "") {
    return unreadableSuccess(response, undefined, "an empty body", undefined, context);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    // The runtime's message quotes the text around the error, secrets included: keep its gist.
    const gist = (cause as Error).message.split('"')[0]?.replace(/[\s,]+$/, "");
    const syntaxError = new SyntaxError(gist || "Invalid JSON");
    const kept = capped(text, context);
    return unreadableSuccess(response, kept, "a body that is not JSON", syntaxError, context);
  }
  let data: T | undefined;
  try {
    data = decode(body, response);
  } catch {
    // A decoder that throws on a hostile body has found it of the wrong shape.
  }
  if (data !== undefined) return data;
  const kept = capped(text, context);
  const shape = "a body of an unexpected shape";
  return unreadableSuccess(response, kept === text ? body : kept, shape, undefined, context);
}

/** Most bytes of a response body an {@link ApiError} keeps in `body` (64 KiB). */
export const ERROR_BODY_BYTES = 65_536;

/** Marks where a body kept in an {@link ApiError} was cut. */
export const TRUNCATED = "…[truncated]";

/** `text` cut to {@link ERROR_BODY_BYTES} of UTF-8 and marked, when it is longer. */
function capped(text: string, context: OperationContext): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= ERROR_BODY_BYTES) return text;
  const head = new TextDecoder().decode(bytes.subarray(0, ERROR_BODY_BYTES));
  return context.redact(head, true) + TRUNCATED;
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
  const redirect = redirectTarget(response);
  // A redirect's body never speaks for the vendor: no code of its own, so no retry either.
  const fields = response.status < 400 ? {} : vendorFields(body);
  const vendorCode = fields.code as ApiErrorCode;
  const code =
    vendorCode === "unknown" || Object.values<string>(STATUS_CODES).includes(vendorCode)
      ? vendorCode
      : (STATUS_CODES[response.status] ?? "unknown");
  const where = whereOf(context);
  // A browser's opaque redirect has status 0, which says nothing.
  const status = response.status ? ` (HTTP ${statusLine(response)})` : "";
  const message =
    redirect !== undefined
      ? `${where} was redirected${status} to ${redirect}, which the client does not follow; ` +
        "set baseUrl to the final URL if the move is expected."
      : (fields.message ?? `${where} failed with HTTP ${statusLine(response)}.`);
  return redactedError(context, response, code, message, body);
}

/**
 * Where a response redirects to, or `undefined` when it is no redirect: a 3xx's `Location`, a
 * browser's opaque redirect, or a redirect that a custom `fetch` followed anyway.
 */
function redirectTarget(response: Response): string | undefined {
  if (response.redirected) return response.url;
  if (response.type === "opaqueredirect") return "a location the browser does not disclose";
  return (response.status < 400 && response.headers.get("location")) || undefined;
}

/**
 * The failures where no usable response arrived; `invalid_request` when the request could not
 * even be built, so nothing was sent.
 */
export type TransportFailure = "timeout" | "connection_error" | "aborted" | "invalid_request";

/**
 * Builds the {@link ApiError} for a failure without a usable response. `answered` is the response
 * that had arrived when the failure happened (its body cut off, or a middleware failing after it),
 * so that the message does not say the API could not be reached.
 */
export function errorFromTransport(
  code: TransportFailure,
  cause: unknown,
  context: OperationContext & { baseUrl: string; timeoutMs: number },
  answered?: Response,
): ApiError {
  const where = whereOf(context);
  const message =
    code === "timeout"
      ? `${where} timed out after ${context.timeoutMs} ms; raise timeoutMs if the API is slow.`
      : code === "aborted"
        ? `${where} was aborted by the caller's signal.`
        : code === "invalid_request"
          ? `${where} could not be sent: ${describe(cause)}.`
          : answered
            ? `${where} was answered HTTP ${statusLine(answered)} by ${context.baseUrl}, ` +
              `then failed: ${describe(cause)}.`
            : `${where} could not reach ${context.baseUrl}: ${describe(cause)}.`;
  return redactedError(context, undefined, code, message, undefined, cause);
}

function unreadableSuccess(
  response: Response,
  body: unknown,
  what: string,
  cause: unknown,
  context: OperationContext,
): ApiError {
  const message = `${whereOf(context)} answered HTTP ${statusLine(response)} with ${what}.`;
  return redactedError(context, response, "unknown", message, body, cause);
}

/** An error with every field that could carry a secret redacted; `response` when one arrived. */
export function redactedError(
  context: OperationContext,
  response: Response | undefined,
  code: ApiErrorCode,
  message: string,
  body?: unknown,
  cause?: unknown,
): ApiError {
  const { redact } = context;
  const requestId = response && requestIdOf(response);
  return new ApiError({
    api: context.api,
    status: response?.status,
    code,
    message: redact(message),
    requestId: requestId && redact(requestId),
    body: redactValue(body, redact),
    cause: redactCause(cause, redact),
  });
}

/** How messages name the failed operation, e.g. `Joyfill API POST /users`. */
function whereOf(context: OperationContext): string {
  return `${context.displayName} ${context.operation}`;
}

function vendorFields(body: unknown): { code?: string; message?: string } {
  if (!isRecord(body)) return {};
  const nested = body["error"];
  const fields = isRecord(nested) ? nested : body;
  const { code, message } = fields;
  return {
    ...(typeof code === "string" && { code }),
    ...(typeof message === "string" && message.trim() !== "" && { message }),
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
  return message.replace(/\.$/, "");
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
export function objectDecoder<T>(
  options: ObjectDecoderOptions = {},
): (body: unknown) => T | undefined {
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
