import createClient, { mergeHeaders, type Client } from "openapi-fetch";
import { onAbort, wait } from "./abort.js";
import { ApiError, type ApiName, type VendorActed } from "./api-error.js";
import { authMiddleware, type Credential } from "./auth.js";
import { isBrowserRuntime } from "./environment.js";
import {
  hookWatcher,
  type CallWatch,
  type Hooks,
  type RetryReason,
  type StopReason,
} from "./hooks.js";
import {
  ERROR_BODY_BYTES,
  errorFromTransport,
  normalizeResult,
  redactedError,
  requestIdOf,
  TRUNCATED,
  type Decode,
  type OperationContext,
  type RawResult,
  type TransportFailure,
} from "./normalize.js";
import { textRedactor } from "./redact.js";
import { readBoundedText } from "./response-body.js";
import type { ResponseChecks } from "./response-checks.js";
import { defaultRetryPolicy, retryDelayMs, type RetryPolicy } from "./retry-delay.js";
import { userAgent } from "./user-agent.js";

/** Options every client accepts. */
export interface ClientOptions {
  /** Sends requests here instead of the URL the client would pick from the spec. */
  baseUrl?: string | undefined;
  /**
   * The `fetch` to send requests with, e.g. one with a proxy or instrumentation. It is called as
   * `fetch(request, { signal })`; like the global one, it must honour `init.signal`, which
   * carries timeouts and cancellation (pass `init` on when wrapping another `fetch`), and the
   * request's `redirect: "manual"`.
   * @default globalThis.fetch
   */
  fetch?: ((request: Request, init?: RequestInit) => Promise<Response>) | undefined;
  /**
   * Headers sent with every request (`Authorization` is always the client's own). A
   * `User-Agent` here replaces the package's `api-clients/<version> <runtime>`.
   */
  headers?: RequestInit["headers"] | undefined;
  /**
   * Longest time one attempt may take, response body included: at most 2147483647 (the
   * timers' limit, about 24.8 days), or `Infinity` for none.
   * @default 60000
   */
  timeoutMs?: number | undefined;
  /**
   * How many times a failed request is retried, from 0 to 10 (so `2` means at most 3 requests).
   * @default 2
   */
  maxRetries?: number | undefined;
  /**
   * Most bytes of a 2xx response body read; a longer one fails the call with code `unknown`,
   * without reading the rest. Error bodies are read up to 64 KiB (or this, if smaller).
   * `Infinity` removes the limit.
   * @default 8388608 (8 MiB)
   */
  maxResponseBytes?: number | undefined;
  /**
   * Allows a secret key in a browser or web worker, where every visitor can read it. Only for
   * setups where that is intended, e.g. an internal tool behind its own login.
   * @default false
   */
  dangerouslyAllowBrowser?: boolean | undefined;
  /**
   * Functions called on each attempt's request and response, each retry and each call's
   * outcome, e.g. to record metrics, trace spans or log (`logTo` of `api-clients/logging`);
   * an array runs each in order.
   * @default none
   */
  hooks?: Hooks | readonly Hooks[] | undefined;
  /**
   * Checks each 2xx body against the spec, e.g. `joyfillResponseChecks({ mode: "report" })` from
   * `api-clients/joyfill/checks` (see `ResponseCheckMode`).
   * @default none: bodies are not checked, and no check code is bundled
   */
  responseChecks?: ResponseChecks | undefined;
}

/** Options for one call; they override the client's. */
export interface RequestOptions {
  /** Cancels the request and any wait between retries; the call rejects with code `aborted`. */
  signal?: AbortSignal | undefined;
  /** Longest time one attempt may take, as the client's option. Defaults to the client's. */
  timeoutMs?: number | undefined;
  /** How many times this call may be retried, from 0 to 10. Defaults to the client's. */
  maxRetries?: number | undefined;
  /** Most bytes of a 2xx body read, as the client's option. Defaults to the client's. */
  maxResponseBytes?: number | undefined;
  /** Extra headers for this call, on top of the client's. */
  headers?: RequestInit["headers"] | undefined;
  /**
   * A key the vendor uses to recognise a repeated request, sent in the API's idempotency header
   * (`Idempotency-Key` unless the API declares another) on every attempt of this call. With it,
   * the call is retried even after a failure the vendor may have acted on. APIs that declare an
   * idempotency header get a random key per call without this option.
   * @default none
   */
  idempotencyKey?: string | undefined;
}

/** What the core needs to build a client; the facades fill it in. */
export interface ApiClientConfig extends Omit<ClientOptions, "baseUrl"> {
  /** The API's name in errors' `api` field, e.g. `"joyfill"`. */
  api: ApiName;
  /** The API's name in error messages, e.g. `"Joyfill API"`. */
  displayName: string;
  /** The resolved base URL. */
  baseUrl: string;
  /** How requests are authenticated. */
  credential: Credential;
  /**
   * Waits between retries; the API's documented backoff if it has one.
   * @default defaultRetryPolicy
   */
  retryPolicy?: Partial<RetryPolicy> | undefined;
  /**
   * The request header the API honours as an idempotency key (redocly.yaml's
   * `x-api-clients.idempotencyHeader`, in the generated `servers.ts`): calls of a method that is
   * not idempotent then send a random key, the same on every attempt, and are retried like
   * idempotent ones.
   * @default undefined (the API honours none)
   */
  idempotencyHeader?: string | undefined;
}

/** The per-attempt options the core passes to an operation's `send`. */
export interface AttemptInit {
  /**
   * Sends the request with the attempt's abort signal (the timeout and the caller's abort), and
   * reads an error body only up to its cap.
   */
  fetch: (request: Request) => Promise<Response>;
  /** The call's extra headers. */
  headers: NonNullable<RequestInit["headers"]>;
  /** The core reads 2xx bodies itself, bounded, so that one that is too long or not JSON becomes an `ApiError`. */
  parseAs: "stream";
  /** The `Request` class openapi-fetch builds each attempt's request with. */
  Request: typeof Request;
}

/** One API operation, as a facade describes it to the core. */
export interface OperationSpec<Input, Output> {
  /**
   * How the operation is named in error messages, e.g. `"POST /users"`; its first word is the
   * HTTP method, which says whether the operation is idempotent, and so safe to retry.
   */
  name: string;
  /** Sends one attempt through the openapi-fetch client, spreading `init` into its options. */
  send: (input: Input, init: AttemptInit) => Promise<RawResult>;
  /** Checks and shapes the parsed 2xx body; `undefined` means it has the wrong shape. */
  decode: Decode<Output>;
}

/** What {@link Operation.withResponse} resolves to: the body, and where it came from. */
export interface WithResponse<Output> {
  /** The decoded body, exactly what the plain call resolves to. */
  data: Output;
  /**
   * The successful response, for its `status` and `headers`; its body has already been read
   * into `data`.
   */
  response: Response;
  /** The request id the server sent (`x-request-id` or `request-id` header), if any. */
  requestId: string | undefined;
}

/** A call to one operation; rejects with an {@link ApiError} on any failure. */
export interface Operation<Input, Output> {
  /** Sends the request, retrying as configured; resolves to the decoded body. */
  (input: Input, options?: RequestOptions): Promise<Output>;
  /**
   * The same call, with the same retries, timeouts and errors, resolving to the body together
   * with the response and its request id.
   */
  withResponse(input: Input, options?: RequestOptions): Promise<WithResponse<Output>>;
}

/** What every client exposes besides its operations. */
export interface TypedClient<Paths extends {}> {
  /** The URL requests go to (the environment's server, or the `baseUrl` option). */
  readonly baseUrl: string;
  /**
   * The openapi-fetch client typed by the generated paths, with authentication applied; calls
   * through it get no retries, timeouts, size limits or `ApiError`s, and follow no redirects.
   */
  readonly raw: Client<Paths>;
}

/** A configured API: the typed openapi-fetch client, and operations with retries on top. */
export interface ApiClient<Paths extends {}> extends TypedClient<Paths> {
  /**
   * Turns an operation into a function with retries, per-attempt timeouts, cancellation and
   * {@link ApiError}s for every failure.
   */
  operation<Input, Output>(spec: OperationSpec<Input, Output>): Operation<Input, Output>;
}

/** Largest delay `setTimeout` honours; longer ones fire at once. */
const MAX_TIMER_MS = 2_147_483_647;
/** Most retries a call may make: beyond that, retrying only adds load to a failing server. */
const MAX_RETRIES = 10;
/** No call options, and no call headers. */
const NOTHING: RequestOptions & Record<string, string> = Object.freeze({});

/**
 * Builds the typed openapi-fetch client for one API and the retry loop its operations share.
 *
 * @throws Error when the credential is a secret and this is a browser without
 *   `dangerouslyAllowBrowser: true`; RangeError when `timeoutMs`, `maxRetries` or
 *   `maxResponseBytes` is invalid; TypeError when `baseUrl` is not a URL or carries a password.
 */
export function createApiClient<Paths extends {}>(config: ApiClientConfig): ApiClient<Paths> {
  const { api, displayName, credential } = config;
  if (credential.secret && config.dangerouslyAllowBrowser !== true && isBrowserRuntime()) {
    throw new Error(
      `${displayName}: refusing to send a secret key from a browser, where anyone can read it. ` +
        "Call the API from your server, or use a credential meant for front ends if the API has " +
        "one; pass dangerouslyAllowBrowser: true only if exposing the key is intended.",
    );
  }
  const defaults = checkedLimits(displayName, config, DEFAULT_LIMITS);
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...config.retryPolicy };
  const baseUrl = checkedBaseUrl(displayName, config.baseUrl);
  const customFetch = config.fetch;
  const { idempotencyHeader } = config;
  const redact = textRedactor(credential.secrets);
  // Redirects are not followed: a 301/302/303 would turn the POST into a GET whose 2xx looks
  // like success, and a 307/308 would send the body on to wherever the server points.
  const agent = userAgent();
  // The caller's headers come last, so a User-Agent of their own replaces the package's.
  const headers = mergeHeaders(agent ? { "user-agent": agent } : undefined, config.headers);
  const raw = createClient<Paths>({
    baseUrl,
    fetch: customFetch ?? ((request) => globalThis.fetch(request)),
    redirect: "manual",
    headers,
  });
  raw.use(authMiddleware(credential));
  const observe = hookWatcher(api, config.hooks, redact, displayName);

  function operation<Input, Output>(spec: OperationSpec<Input, Output>): Operation<Input, Output> {
    const context: OperationContext = {
      api,
      displayName,
      operation: spec.name,
      redact,
    };
    const where = `${displayName} ${spec.name}`;
    const decode = config.responseChecks?.(spec, context, config) ?? spec.decode;
    const idempotentMethod = IDEMPOTENT_METHODS.has(spec.name.split(" ", 1)[0]!.toUpperCase());
    const fail = (
      code: TransportFailure,
      cause: unknown,
      attemptTimeoutMs: number,
      answered?: Response,
    ) =>
      errorFromTransport(
        code,
        cause,
        { ...context, baseUrl, timeoutMs: attemptTimeoutMs },
        answered,
      );

    async function attempt(
      input: Input,
      headers: NonNullable<RequestInit["headers"]>,
      callerSignal: AbortSignal | undefined,
      limits: Limits,
      watch: CallWatch | undefined,
    ): Promise<Success<Output> | Failure> {
      const { timeoutMs, maxResponseBytes } = limits;
      const timed = timeoutMs !== Infinity;
      const controller = callerSignal || timed ? new AbortController() : undefined;
      const timer = controller && timed && setTimeout(abortOnTimeout, timeoutMs, controller);
      // One shared listener on the caller's signal however many calls use it (see onAbort);
      // passing the signal itself to fetch would add one per request.
      const stopForwarding =
        controller &&
        callerSignal &&
        onAbort(callerSignal, () => controller.abort(callerSignal.reason));
      const signal = controller?.signal ?? null;
      let sent = false;
      let answered: Response | undefined;
      const fetch = async (request: Request) => {
        const body = textBodies.get(request);
        watch?.request(request, body);
        sent = true;
        let response: Response;
        if (customFetch) {
          response = await customFetch(request, { signal });
        } else if (textBodies.has(request) && !request.bodyUsed) {
          // Middleware kept the request openapi-fetch built (headers it set are on it): the
          // runtime's fetch gets its parts, as handed a Request it would copy it and pipe its
          // body through a stream.
          response = await globalThis.fetch(request.url, {
            method: request.method,
            headers: request.headers,
            body: body ?? null,
            redirect: "manual",
            signal,
          });
        } else {
          response = await globalThis.fetch(request, { signal });
        }
        answered = response;
        if (response.ok || !response.body) return response;
        const cap = Math.min(ERROR_BODY_BYTES, maxResponseBytes);
        const { text, truncated } = await readBoundedText(response.body, cap);
        return new Response(truncated ? redact(text, true) + TRUNCATED : text, response);
      };
      let result: RawResult;
      try {
        result = await spec.send(input, {
          fetch,
          headers,
          parseAs: "stream",
          Request: PreparedRequest as unknown as typeof Request,
        });
        if (result.response.ok) {
          const read = await readBoundedText(
            result.data as ReadableStream<Uint8Array>,
            maxResponseBytes,
          );
          result = {
            response: result.response,
            data: read.truncated ? redact(read.text, true) : read.text,
            overLimitBytes: read.truncated ? maxResponseBytes : undefined,
          };
        }
        watch?.response(result);
      } catch (cause) {
        // Before fetch, the request could not even be built (a header no HTTP can carry, a
        // middleware that threw): trying again would fail the same way.
        if (!sent) {
          const code = callerSignal?.aborted ? "aborted" : "invalid_request";
          return new Failure(fail(code, cause, timeoutMs), "no");
        }
        const code = callerSignal?.aborted
          ? "aborted"
          : controller?.signal.aborted
            ? "timeout"
            : "connection_error";
        const acted: VendorActed = answered?.ok
          ? "yes"
          : answered === undefined && certainlyNotSent(cause)
            ? "no"
            : "maybe";
        return new Failure(fail(code, cause, timeoutMs, answered), acted);
      } finally {
        if (timer) clearTimeout(timer);
        if (stopForwarding) stopForwarding();
      }
      // The answer has arrived: what is wrong with it from here on is no transport failure to retry.
      const { response } = result;
      const data = normalizeResult(result, decode, context);
      return data instanceof ApiError
        ? new Failure(data, actedByStatus(response.status), response.headers.get("retry-after"))
        : { data, response };
    }

    async function run(
      input: Input,
      options: RequestOptions,
      watch: CallWatch | undefined,
    ): Promise<Success<Output>> {
      let limits: Limits;
      try {
        limits = checkedLimits(where, options, defaults);
      } catch (cause) {
        // A call's own options were invalid: it fails like any call, before a request is sent.
        const { message } = cause as RangeError;
        throw redactedError(context, undefined, "invalid_request", message, undefined, cause);
      }
      const { signal } = options;
      const attemptTimeoutMs = limits.timeoutMs;
      // One key per call, the same on every attempt, so the vendor can tell a retry from a new call.
      const key =
        options.idempotencyKey ??
        (idempotencyHeader && !idempotentMethod ? globalThis.crypto.randomUUID() : undefined);
      const headers =
        key === undefined
          ? (options.headers ?? NOTHING)
          : mergeHeaders(options.headers, { [idempotencyHeader ?? "Idempotency-Key"]: key });
      const safe: RetryReason | undefined = idempotentMethod
        ? "idempotent"
        : key === undefined
          ? undefined
          : "idempotency_key";
      let acted: VendorActed = "no";
      let attempts = 0;
      const stop = (error: ApiError, reason: StopReason): never => {
        watch?.stop(reason);
        throw withCallFacts(error, acted, attempts);
      };
      for (;;) {
        // Before the first attempt, and after a backoff wait, which an abort cuts short.
        if (signal?.aborted) stop(fail("aborted", signal.reason, attemptTimeoutMs), "aborted");
        attempts++;
        watch?.attempt(attempts);
        const outcome = await attempt(input, headers, signal, limits, watch);
        if (!(outcome instanceof Failure)) return outcome;
        const { error } = outcome;
        // The call's is the highest of its attempts': no < maybe < yes.
        if (outcome.acted !== "no" && acted !== "yes") acted = outcome.acted;
        const reason = retryReason(error, outcome.acted, safe);
        if (reason === undefined) {
          stop(
            error,
            error.code === "aborted"
              ? "aborted"
              : isRetryable(error)
                ? "may_have_acted"
                : "not_retryable",
          );
        }
        if (attempts > limits.maxRetries) stop(error, "retries_exhausted");
        const delayMs = retryDelayMs(
          { attempt: attempts - 1, retryAfter: outcome.retryAfter, nowMs: Date.now() },
          policy,
        );
        if (delayMs === undefined) stop(error, "retry_after_too_long");
        watch?.retry(delayMs!, error, reason!);
        await wait(delayMs!, signal);
      }
    }

    function start<T>(
      input: Input,
      options: RequestOptions = NOTHING,
      shape: (success: Success<Output>) => T,
    ): Promise<T> {
      const watch = observe?.(spec.name);
      const result = run(input, options, watch);
      // Attached first, so the outcome is reported before the caller's code resumes.
      if (watch) void result.then(watch.end, watch.end);
      return result.then(shape);
    }

    return Object.assign(
      (input: Input, options?: RequestOptions) => start(input, options, (success) => success.data),
      {
        withResponse: (input: Input, options?: RequestOptions) =>
          start(input, options, withRequestId),
      },
    );
  }

  return { baseUrl, raw, operation };
}

/** A successful attempt. */
type Success<Output> = { data: Output; response: Response };

// The request id is only looked up when asked for: plain calls skip the header lookups.
function withRequestId<Output>({ data, response }: Success<Output>): WithResponse<Output> {
  return { data, response, requestId: requestIdOf(response) };
}

/** A failed attempt, with what the retry decision needs. */
class Failure {
  constructor(
    readonly error: ApiError,
    readonly acted: VendorActed,
    readonly retryAfter: string | null = null,
  ) {}
}

/** The text bodies (or none) of the requests {@link PreparedRequest} built, by request. */
const textBodies = new WeakMap<Request, string | undefined>();

/**
 * What openapi-fetch builds each attempt's request with: a plain `Request`, which middleware may
 * read, clone, change the headers of or replace, as openapi-fetch documents (its prototype is
 * `Request.prototype`, so `instanceof` checks on either class agree). It notes the request's
 * text body, so that when middleware kept the request, the runtime's fetch is given its parts:
 * handed the `Request` itself, it would build a copy and pipe the body through a stream.
 * `input` is spelled out rather than typed as the DOM's `RequestInfo`, a name a Node consumer that
 * compiles `src/` through the source condition without the DOM library does not have.
 */
function PreparedRequest(input: Request | string | URL, init?: RequestInit): Request {
  const request = new Request(input, init);
  const body = init?.body;
  if (body == null || typeof body === "string") textBodies.set(request, body ?? undefined);
  return request;
}
PreparedRequest.prototype = Request.prototype;

/**
 * Methods that HTTP defines as idempotent: sending one twice has the effect of sending it once.
 * HTTP's sixth, TRACE, is left out: `fetch` refuses to send it.
 */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * Codes that runtimes put on a fetch rejection (or a cause in its chain) when the connection
 * could not be made, so no byte of the request was sent: refused, no such host (also for now),
 * no route, and undici's connect timeout. Every other rejection after the request was handed to
 * fetch may have come after the vendor received it.
 */
const NOT_SENT_CODES = new Set(
  "ECONNREFUSED ENOTFOUND EAI_AGAIN ENETUNREACH EHOSTUNREACH UND_ERR_CONNECT_TIMEOUT".split(" "),
);

/** How deep a fetch rejection's `cause` chain is searched for a {@link NOT_SENT_CODES} code. */
const MAX_CAUSE_DEPTH = 5;

function certainlyNotSent(error: unknown): boolean {
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && error instanceof Object; depth++) {
    if (NOT_SENT_CODES.has((error as { code?: unknown }).code as string)) return true;
    error = (error as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * What an answer says about whether the vendor acted: a 2xx did; a 4xx and a 503 did not (408
 * and 429 included: the vendor refused before acting); a 3xx, 500, 502, 504 may have (a gateway
 * answers 502 and 504 whether or not the server behind it went ahead).
 */
function actedByStatus(status: number): VendorActed {
  if (status >= 200 && status < 300) return "yes";
  return (status >= 400 && status < 500) || status === 503 ? "no" : "maybe";
}

const RETRYABLE_STATUSES = new Set([408, 429, 502, 503, 504]);

/**
 * 408, 429, 502, 503, 504, a vendor code `unavailable`, network failures and timed-out attempts
 * are worth another try; other errors would fail the same way again, and an abort is final.
 */
function isRetryable(error: ApiError): boolean {
  if (error.status !== undefined) {
    return RETRYABLE_STATUSES.has(error.status) || error.code === "unavailable";
  }
  return error.code === "connection_error" || error.code === "timeout";
}

/**
 * Why a failed attempt may be retried, or `undefined` when it may not: a retryable failure that
 * the vendor certainly did not act on always may; one it may have acted on only when sending it
 * again is safe (`safe`: an idempotent method, or an idempotency key).
 */
function retryReason(
  error: ApiError,
  acted: VendorActed,
  safe: RetryReason | undefined,
): RetryReason | undefined {
  if (!isRetryable(error)) return undefined;
  return acted === "no" ? "not_acted" : safe;
}

/** The call's final error: the last attempt's, with what the whole call did. */
function withCallFacts(error: ApiError, vendorActed: VendorActed, attempts: number): ApiError {
  const advice =
    vendorActed === "maybe"
      ? ` It may have been carried out (${attempts} request${attempts === 1 ? "" : "s"} ` +
        "sent): look its result up before sending it again."
      : "";
  return new ApiError({
    ...error.toJSON(),
    message: error.message + advice,
    vendorActed,
    attempts,
    cause: error.cause,
  });
}

function abortOnTimeout(controller: AbortController): void {
  controller.abort(new DOMException("The attempt timed out.", "TimeoutError"));
}

/**
 * `baseUrl` without trailing slashes, once it is known to be a URL fetch can send to (relative
 * ones resolve against the page's address, where there is one).
 * @throws TypeError saying what is wrong, without the value, which may hold a password.
 */
function checkedBaseUrl(displayName: string, baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl, (globalThis as { location?: { href?: string } }).location?.href);
  } catch {
    throw new TypeError(`${displayName}: baseUrl is not a URL.`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new TypeError(
      `${displayName}: baseUrl must not carry a user name or password, which fetch refuses; ` +
        "the client sends the credentials it was given.",
    );
  }
  return baseUrl.replace(/\/+$/, "");
}

/** The numeric limits of a call, after the client's defaults and the call's own options. */
interface Limits {
  timeoutMs: number;
  maxRetries: number;
  maxResponseBytes: number;
}

const DEFAULT_LIMITS: Limits = { timeoutMs: 60_000, maxRetries: 2, maxResponseBytes: 8_388_608 };

/** Each limit's check, and what it accepts, in the order they are checked. */
const LIMIT_RULES: [keyof Limits, (value: number) => boolean, string][] = [
  [
    "timeoutMs",
    (value) => (value > 0 && value <= MAX_TIMER_MS) || value === Infinity,
    `a number of milliseconds above 0 and at most ${MAX_TIMER_MS} (about 24.8 days), or Infinity`,
  ],
  [
    "maxRetries",
    (value) => Number.isInteger(value) && value >= 0 && value <= MAX_RETRIES,
    `a whole number from 0 to ${MAX_RETRIES}`,
  ],
  [
    "maxResponseBytes",
    (value) => (Number.isInteger(value) && value > 0) || value === Infinity,
    "a whole number of bytes above 0, or Infinity",
  ],
];

/**
 * The limits `options` sets, over `defaults` where it sets none (or `undefined`).
 * @throws RangeError naming the first invalid one, what it accepts and what it got.
 */
function checkedLimits(
  where: string,
  options: { readonly [Name in keyof Limits]?: number | undefined },
  defaults: Limits,
): Limits {
  const limits = { ...defaults };
  for (const [name, valid, rule] of LIMIT_RULES) {
    const value = options[name] === undefined ? defaults[name] : options[name];
    if (typeof value !== "number" || !valid(value)) {
      throw new RangeError(`${where}: ${name} must be ${rule}; got ${String(value)}.`);
    }
    limits[name] = value;
  }
  return limits;
}
