import createClient, { mergeHeaders, type Client } from "openapi-fetch";
import { onAbort, wait } from "./abort.js";
import { ApiError, type ApiName } from "./api-error.js";
import { authMiddleware, type Credential } from "./auth.js";
import { isBrowserRuntime } from "./environment.js";
import { createObserver, type CallObserver, type Hooks, type OutgoingInit } from "./hooks.js";
import { createLog, type LogOptions } from "./logging.js";
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
export interface ClientOptions extends LogOptions {
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
   * outcome, e.g. to record metrics or trace spans; an array runs each in order.
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
  /**
   * What openapi-fetch builds from the URL and init in place of a `Request`: the core makes
   * the one `Request` of an attempt itself, or leaves that to the runtime's fetch.
   */
  Request: typeof Request;
}

/** One API operation, as a facade describes it to the core. */
export interface OperationSpec<Input, Output> {
  /** How the operation is named in error messages, e.g. `"POST /users"`. */
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
  const observe = createObserver({
    api,
    displayName,
    redact,
    hooks: config.hooks,
    log: createLog({ ...config, displayName, redact }),
  });

  function operation<Input, Output>(spec: OperationSpec<Input, Output>): Operation<Input, Output> {
    const context: OperationContext = {
      api,
      displayName,
      operation: spec.name,
      secrets: credential.secrets,
    };
    const where = `${displayName} ${spec.name}`;
    const decode = config.responseChecks?.(spec, context, config) ?? spec.decode;
    const fail = (code: TransportFailure, cause: unknown, attemptTimeoutMs: number) =>
      errorFromTransport(code, cause, { ...context, baseUrl, timeoutMs: attemptTimeoutMs });

    async function attempt(
      input: Input,
      options: RequestOptions,
      limits: Limits,
      watch: CallObserver | undefined,
    ): Promise<Success<Output> | Failure> {
      const callerSignal = options.signal;
      const { timeoutMs, maxResponseBytes } = limits;
      let controller: AbortController | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopForwarding: (() => void) | undefined;
      if (callerSignal || timeoutMs !== Infinity) {
        const attemptController = new AbortController();
        controller = attemptController;
        if (timeoutMs !== Infinity) {
          timer = setTimeout(abortOnTimeout, timeoutMs, attemptController);
        }
        // One shared listener on the caller's signal however many calls use it (see onAbort);
        // passing the signal itself to fetch would add one per request.
        if (callerSignal) {
          stopForwarding = onAbort(callerSignal, () =>
            attemptController.abort(callerSignal.reason),
          );
        }
      }
      const signal = controller?.signal;
      let sent = false;
      const fetch = async (unsent: Request) => {
        const { url, init } = unsent as unknown as UnsentRequest;
        if (watch) await watch.request(url, init);
        sent = true;
        // The signal goes to fetch itself rather than into a Request: the runtime's fetch builds
        // its own Request anyway, so the signal is linked once, not twice.
        let response: Response;
        if (customFetch) {
          response = await customFetch(new Request(url, init), { signal: signal ?? null });
        } else {
          // The runtime's fetch builds its one Request from the URL and init; handed a Request,
          // it would build a second one, copying the first and piping its body through a stream.
          init.signal = signal ?? null;
          response = await globalThis.fetch(url, init);
        }
        if (response.ok || !response.body) return response;
        const cap = Math.min(ERROR_BODY_BYTES, maxResponseBytes);
        const { text, truncated } = await readBoundedText(response.body, cap);
        return new Response(truncated ? redact(text, true) + TRUNCATED : text, response);
      };
      let result: RawResult;
      try {
        result = await spec.send(input, {
          fetch,
          headers: options.headers ?? NOTHING,
          parseAs: "stream",
          Request: UnsentRequest as unknown as typeof Request,
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
        const code = callerSignal?.aborted
          ? "aborted"
          : !sent
            ? "invalid_request"
            : controller?.signal.aborted
              ? "timeout"
              : "connection_error";
        return new Failure(fail(code, cause, timeoutMs));
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        stopForwarding?.();
      }
      // The answer has arrived: what is wrong with it from here on is no transport failure to retry.
      const { response } = result;
      const data = normalizeResult(result, decode, context);
      return data instanceof ApiError
        ? new Failure(data, response.headers.get("retry-after"))
        : { data, response };
    }

    async function run(
      input: Input,
      options: RequestOptions,
      watch: CallObserver | undefined,
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
      for (let attemptIndex = 0; ; attemptIndex++) {
        if (signal?.aborted) throw fail("aborted", signal.reason, attemptTimeoutMs);
        watch?.attempt(attemptIndex + 1);
        const outcome = await attempt(input, options, limits, watch);
        if (!(outcome instanceof Failure)) return outcome;
        const { error } = outcome;
        if (attemptIndex >= limits.maxRetries || !isRetryable(error)) throw error;
        const delayMs = retryDelayMs(
          { attempt: attemptIndex, retryAfter: outcome.retryAfter, nowMs: Date.now() },
          policy,
        );
        if (delayMs === undefined) throw error;
        watch?.retry(delayMs, error);
        if (!(await wait(delayMs, signal))) throw fail("aborted", signal?.reason, attemptTimeoutMs);
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
      (input: Input, options?: RequestOptions) => start(input, options, dataOf),
      {
        withResponse: (input: Input, options?: RequestOptions) =>
          start(input, options, withRequestId),
      },
    );
  }

  return { baseUrl, raw, operation };
}

/** A successful attempt. */
interface Success<Output> {
  data: Output;
  response: Response;
}

function dataOf<Output>(success: Success<Output>): Output {
  return success.data;
}

// The request id is only looked up when asked for: plain calls skip the header lookups.
function withRequestId<Output>({ data, response }: Success<Output>): WithResponse<Output> {
  return { data, response, requestId: requestIdOf(response) };
}

/** A failed attempt, with what the retry decision needs. */
class Failure {
  constructor(
    readonly error: ApiError,
    readonly retryAfter: string | null = null,
  ) {}
}

/**
 * The request openapi-fetch describes for one attempt, not yet built: its URL and the init of
 * method, headers, body and redirect mode. openapi-fetch only reads `method` and `headers` of
 * it (middleware sets headers); the attempt then passes the URL and init to the runtime's
 * fetch, which builds the one `Request`, or builds it for a custom fetch. Handing the runtime's
 * fetch a finished `Request` instead makes it build a second one, copying the first and piping
 * its body through a stream.
 */
class UnsentRequest {
  readonly method: string;
  readonly headers: Headers;

  constructor(
    readonly url: string,
    readonly init: RequestInit & OutgoingInit,
  ) {
    this.method = init.method;
    this.headers = init.headers;
  }
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

/**
 * The limits `options` sets, over `defaults` where it sets none (or `undefined`), checked in
 * this order: timeoutMs, maxRetries, maxResponseBytes.
 * @throws RangeError naming the first invalid one, what it accepts and what it got.
 */
function checkedLimits(
  where: string,
  options: { readonly [Name in keyof Limits]?: number | undefined },
  defaults: Limits,
): Limits {
  const {
    timeoutMs = defaults.timeoutMs,
    maxRetries = defaults.maxRetries,
    maxResponseBytes = defaults.maxResponseBytes,
  } = options;
  const check = (name: keyof Limits, value: number, valid: boolean, rule: string) => {
    if (typeof value !== "number" || !valid) {
      throw new RangeError(`${where}: ${name} must be ${rule}; got ${String(value)}.`);
    }
  };
  check(
    "timeoutMs",
    timeoutMs,
    (timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS) || timeoutMs === Infinity,
    `a number of milliseconds above 0 and at most ${MAX_TIMER_MS} (about 24.8 days), or Infinity`,
  );
  check(
    "maxRetries",
    maxRetries,
    Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= MAX_RETRIES,
    `a whole number from 0 to ${MAX_RETRIES}`,
  );
  check(
    "maxResponseBytes",
    maxResponseBytes,
    (Number.isInteger(maxResponseBytes) && maxResponseBytes > 0) || maxResponseBytes === Infinity,
    "a whole number of bytes above 0, or Infinity",
  );
  return { timeoutMs, maxRetries, maxResponseBytes };
}
