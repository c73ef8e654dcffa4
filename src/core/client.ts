import createClient, { mergeHeaders, type Client } from "openapi-fetch";
import { onAbort, wait } from "./abort.js";
import { ApiError, type ApiName } from "./api-error.js";
import { authMiddleware, type Credential } from "./auth.js";
import { isBrowserRuntime } from "./environment.js";
import { createObserver, type CallObserver, type Hooks } from "./hooks.js";
import { createLog, type LogOptions } from "./logging.js";
import {
  errorFromTransport,
  normalizeResult,
  requestIdOf,
  type Decode,
  type OperationContext,
  type RawResult,
  type TransportFailure,
} from "./normalize.js";
import { defaultRetryPolicy, retryDelayMs, type RetryPolicy } from "./retry-delay.js";
import { userAgent } from "./user-agent.js";

/** Options every client accepts. */
export interface ClientOptions extends LogOptions {
  /** Sends requests here instead of the URL the client would pick from the spec. */
  baseUrl?: string;
  /**
   * The `fetch` to send requests with, e.g. one with a proxy or instrumentation. It is called as
   * `fetch(request, { signal })`; like the global one, it must honour `init.signal`, which
   * carries timeouts and cancellation (pass `init` on when wrapping another `fetch`).
   * @default globalThis.fetch
   */
  fetch?: (request: Request, init?: RequestInit) => Promise<Response>;
  /**
   * Headers sent with every request (`Authorization` is always the client's own). A
   * `User-Agent` here replaces the package's `api-clients/<version> <runtime>`.
   */
  headers?: RequestInit["headers"];
  /**
   * Longest time one attempt may take, response body included; `Infinity` disables it.
   * @default 60000
   */
  timeoutMs?: number;
  /**
   * How many times a failed request is retried (so `2` means at most 3 requests).
   * @default 2
   */
  maxRetries?: number;
  /**
   * Allows a secret key in a browser or web worker, where every visitor can read it. Only for
   * setups where that is intended, e.g. an internal tool behind its own login.
   * @default false
   */
  dangerouslyAllowBrowser?: boolean;
  /**
   * Functions called on each attempt's request and response, each retry and each call's
   * outcome, e.g. to record metrics or trace spans; an array runs each in order.
   * @default none
   */
  hooks?: Hooks | readonly Hooks[];
}

/** Options for one call; they override the client's. */
export interface RequestOptions {
  /** Cancels the request and any wait between retries; the call rejects with code `aborted`. */
  signal?: AbortSignal;
  /** Longest time one attempt may take; `Infinity` disables it. Defaults to the client's. */
  timeoutMs?: number;
  /** How many times this call may be retried. Defaults to the client's. */
  maxRetries?: number;
  /** Extra headers for this call, on top of the client's. */
  headers?: RequestInit["headers"];
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
  retryPolicy?: Partial<RetryPolicy>;
}

/** The per-attempt options the core passes to an operation's `send`. */
export interface AttemptInit {
  /**
   * Sends the request with the attempt's abort signal, which covers the timeout and the
   * caller's abort; `undefined` (the client's own `fetch`) when there is neither.
   */
  fetch: ((request: Request) => Promise<Response>) | undefined;
  /** The call's extra headers. */
  headers: RequestInit["headers"];
  /** The core parses bodies itself, so that a 2xx that is not JSON becomes an `ApiError`. */
  parseAs: "text";
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
   * through it get no retries, timeouts or `ApiError`s.
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
const NO_OPTIONS: RequestOptions = Object.freeze({});

/**
 * Builds the typed openapi-fetch client for one API and the retry loop its operations share.
 *
 * @throws Error when the credential is a secret and this is a browser without
 *   `dangerouslyAllowBrowser: true`; RangeError when `timeoutMs` or `maxRetries` is invalid.
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
  const timeoutMs = checkedTimeoutMs(config.timeoutMs ?? 60_000, displayName);
  const maxRetries = checkedMaxRetries(config.maxRetries ?? 2, displayName);
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...config.retryPolicy };
  const baseUrl = config.baseUrl.replace(/\/+$/, "");
  const transport = config.fetch ?? ((request, init) => globalThis.fetch(request, init));
  const agent = userAgent();
  // The caller's headers come last, so a User-Agent of their own replaces the package's.
  const headers = mergeHeaders(agent ? { "user-agent": agent } : undefined, config.headers);
  const raw = createClient<Paths>({ baseUrl, fetch: transport, headers });
  raw.use(authMiddleware(credential));
  const secrets = credential.secrets;
  const observe = createObserver({
    api,
    displayName,
    secrets,
    hooks: config.hooks,
    log: createLog({ ...config, displayName, secrets }),
  });

  function operation<Input, Output>(spec: OperationSpec<Input, Output>): Operation<Input, Output> {
    const context: OperationContext = {
      api,
      displayName,
      operation: spec.name,
      secrets: credential.secrets,
    };
    const fail = (code: TransportFailure, cause: unknown, attemptTimeoutMs: number) =>
      errorFromTransport(code, cause, { ...context, baseUrl, timeoutMs: attemptTimeoutMs });

    async function attempt(
      input: Input,
      options: RequestOptions,
      attemptTimeoutMs: number,
      watch: CallObserver | undefined,
    ): Promise<WithResponse<Output> | Failure> {
      const callerSignal = options.signal;
      let signal = callerSignal;
      let controller: AbortController | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopForwarding: (() => void) | undefined;
      if (attemptTimeoutMs <= MAX_TIMER_MS) {
        const attemptController = new AbortController();
        controller = attemptController;
        signal = attemptController.signal;
        timer = setTimeout(abortOnTimeout, attemptTimeoutMs, attemptController);
        if (callerSignal) {
          stopForwarding = onAbort(callerSignal, () =>
            attemptController.abort(callerSignal.reason),
          );
        }
      }
      // The signal goes to fetch itself rather than into openapi-fetch's Request: the runtime's
      // fetch builds its own Request anyway, so the signal is linked once, not twice.
      const send = (request: Request) => transport(request, signal && { signal });
      const fetch = watch
        ? (request: Request) => watch.request(request).then(() => send(request))
        : signal && send;
      try {
        const result = await spec.send(input, { fetch, headers: options.headers, parseAs: "text" });
        watch?.response(result);
        const { response } = result;
        const data = normalizeResult(result, spec.decode, context);
        return data instanceof ApiError
          ? new Failure(data, response.headers.get("retry-after"))
          : { data, response, requestId: requestIdOf(response) };
      } catch (cause) {
        if (callerSignal?.aborted) return new Failure(fail("aborted", cause, attemptTimeoutMs));
        if (controller?.signal.aborted) {
          return new Failure(fail("timeout", cause, attemptTimeoutMs));
        }
        return new Failure(fail("connection_error", cause, attemptTimeoutMs));
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        stopForwarding?.();
      }
    }

    async function run(
      input: Input,
      options: RequestOptions,
      watch: CallObserver | undefined,
    ): Promise<WithResponse<Output>> {
      let attemptTimeoutMs = timeoutMs;
      let retries = maxRetries;
      try {
        const where = `${displayName} ${spec.name}`;
        if (options.timeoutMs !== undefined) {
          attemptTimeoutMs = checkedTimeoutMs(options.timeoutMs, where);
        }
        if (options.maxRetries !== undefined) {
          retries = checkedMaxRetries(options.maxRetries, where);
        }
      } catch (cause) {
        throw invalidOptionError(cause as RangeError, context);
      }
      const { signal } = options;
      for (let attemptIndex = 0; ; attemptIndex++) {
        if (signal?.aborted) throw fail("aborted", signal.reason, attemptTimeoutMs);
        watch?.attempt(attemptIndex + 1);
        const outcome = await attempt(input, options, attemptTimeoutMs, watch);
        if (!(outcome instanceof Failure)) return outcome;
        const { error } = outcome;
        if (attemptIndex >= retries || !isRetryable(error)) throw error;
        const delayMs = retryDelayMs(
          { attempt: attemptIndex, retryAfter: outcome.retryAfter, nowMs: Date.now() },
          policy,
        );
        if (delayMs === undefined) throw error;
        watch?.retry(delayMs, error);
        if (!(await wait(delayMs, signal))) throw fail("aborted", signal?.reason, attemptTimeoutMs);
      }
    }

    function withResponse(input: Input, options: RequestOptions = NO_OPTIONS) {
      const watch = observe?.(spec.name);
      const result = run(input, options, watch);
      // Attached first, so the outcome is reported before the caller's code resumes.
      if (watch) void result.then(watch.end, watch.end);
      return result;
    }

    const call = (input: Input, options?: RequestOptions) =>
      withResponse(input, options).then(({ data }) => data);
    return Object.assign(call, { withResponse });
  }

  return { baseUrl, raw, operation };
}

/** A failed attempt, with what the retry decision needs. */
class Failure {
  constructor(
    readonly error: ApiError,
    readonly retryAfter: string | null = null,
  ) {}
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

/** A call's own options were invalid: it fails like any call, before a request is sent. */
function invalidOptionError(cause: RangeError, context: OperationContext): ApiError {
  return new ApiError({
    api: context.api,
    status: undefined,
    code: "invalid_request",
    message: cause.message,
    requestId: undefined,
    body: undefined,
    cause,
  });
}

function checkedTimeoutMs(value: number, where: string): number {
  if (value > 0) return value;
  throw new RangeError(
    `${where}: timeoutMs must be a positive number of milliseconds or Infinity; got ${value}.`,
  );
}

function checkedMaxRetries(value: number, where: string): number {
  if (Number.isInteger(value) && value >= 0) return value;
  throw new RangeError(
    `${where}: maxRetries must be a whole number of retries, 0 or more; got ${value}.`,
  );
}
