import { ApiError, type ApiName } from "./api-error.js";
import { requestIdOf, type RawResult } from "./normalize.js";
import { REDACTED, type RedactText } from "./redact.js";
import type { Mismatch } from "./response-checks.js";

/** What every event says about the call it belongs to. */
export interface CallEvent {
  /** The API, e.g. `"joyfill"`. */
  api: ApiName;
  /** The operation, e.g. `"POST /users"`. */
  operation: string;
  /** The same in every event of one call, and different for every call in this runtime. */
  callId: number;
}

/** An attempt is one request of a call: the first one, or a retry. */
export interface AttemptEvent extends CallEvent {
  /** 1 for the first request, 2 for the first retry, and so on. */
  attempt: number;
}

/** An attempt's request, about to be sent. */
export interface RequestEvent extends AttemptEvent {
  /** e.g. `"POST"`. */
  method: string;
  /** The full URL. */
  url: string;
  /**
   * The headers as sent, names in lower case. `authorization`, `proxy-authorization`, `cookie`
   * and `x-api-key` read `[redacted]`, and any credential inside another value is replaced.
   */
  headers: Record<string, string>;
  /** The text body, see {@link MAX_EVENT_BODY_CHARS}; `undefined` when none, or not known. */
  body: string | undefined;
}

/** An attempt's response, once its body has been read; any status. */
export interface ResponseEvent extends AttemptEvent {
  /** The HTTP status. */
  status: number;
  /** The response headers, redacted like {@link RequestEvent.headers} (and `set-cookie`). */
  headers: Record<string, string>;
  /** The `x-request-id` or `request-id` header, if any. */
  requestId: string | undefined;
  /** Milliseconds from the start of the attempt to the body being read. */
  durationMs: number;
  /** The body as text, see {@link MAX_EVENT_BODY_CHARS}; `undefined` when empty. */
  body: string | undefined;
}

/**
 * Why a failed attempt is retried:
 * - `not_acted`: the vendor certainly did not act on it (the connection could not be made, or
 *   it answered 408, 429 or 503);
 * - `idempotent`: it may have, but the method is idempotent (GET, PUT, DELETE, …);
 * - `idempotency_key`: it may have, but the call carries an idempotency key.
 */
export type RetryReason = "not_acted" | "idempotent" | "idempotency_key";

/**
 * Why a failed call was not retried further:
 * - `not_retryable`: the failure would repeat (a 4xx, an unusable 2xx, a request that could not
 *   be built);
 * - `may_have_acted`: the vendor may have acted on it (a timeout or dropped connection after
 *   sending, 500, 502, 504), and sending it again could do it twice;
 * - `retries_exhausted`: `maxRetries` retries were made;
 * - `retry_after_too_long`: the server asked to wait longer than the client waits;
 * - `aborted`: the caller's signal aborted.
 */
export type StopReason =
  "not_retryable" | "may_have_acted" | "retries_exhausted" | "retry_after_too_long" | "aborted";

/** The decision to retry after a failed attempt; the next attempt is `attempt + 1`. */
export interface RetryEvent extends AttemptEvent {
  /** Why the attempt failed: the error the call would reject with if it stopped here. */
  error: ApiError;
  /** Why it is retried. */
  reason: RetryReason;
  /** How long the client waits before the next attempt, in milliseconds. */
  delayMs: number;
}

/** How a call ended: once per call, success or failure. */
export interface OutcomeEvent extends CallEvent {
  /** Requests sent; 0 when the call failed before sending one (invalid options, aborted). */
  attempts: number;
  /** Milliseconds from the call to its outcome, waits between attempts included. */
  durationMs: number;
  /** The final HTTP status; `undefined` when no response arrived. */
  status: number | undefined;
  /** The final response's request id, if any. */
  requestId: string | undefined;
  /** What the call rejects with; `undefined` when it succeeded. */
  error: ApiError | undefined;
  /** Why the failed call was not retried further; `undefined` when it succeeded. */
  stopReason: StopReason | undefined;
}

/**
 * A 2xx body that differs from the spec, with `responseChecks` in `report` or `strict` mode. The
 * response checks send it, not the call's watcher, so it has no `callId` or `attempt`: the
 * `requestId` ties it to the other events.
 */
export interface MismatchEvent {
  /** The API, e.g. `"joyfill"`. */
  api: ApiName;
  /** The operation, e.g. `"POST /users"`. */
  operation: string;
  /** The HTTP status of the body. */
  status: number;
  /** The `x-request-id` or `request-id` header, if any. */
  requestId: string | undefined;
  /** Where and how it differs: pointers, the spec's expectations and the kinds that arrived. */
  mismatches: readonly Mismatch[];
}

/**
 * Functions the client calls as a call progresses, e.g. to record metrics, trace spans or log
 * (`logTo` of `api-clients/logging` makes such hooks). Each receives one event; none receives a
 * credential (see {@link RequestEvent.headers}). They only watch: to change requests, add
 * openapi-fetch middleware to the client's `raw`. A hook that throws, or returns a promise that
 * rejects, is ignored: the call goes on as if it had returned. Promises are not awaited.
 */
export interface Hooks {
  /** Before each attempt's request is sent. */
  onRequest?: ((event: RequestEvent) => void) | undefined;
  /** After each attempt that got a response, whatever its status. */
  onResponse?: ((event: ResponseEvent) => void) | undefined;
  /** After a failed attempt, when another one follows; before the wait. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** When the call resolves or rejects; exactly once per call. */
  onOutcome?: ((event: OutcomeEvent) => void) | undefined;
  /** When a 2xx body differs from the spec, with `responseChecks` on (see `ResponseCheckMode`). */
  onMismatch?: ((event: MismatchEvent) => void) | undefined;
}

/**
 * Longest body an event carries, in characters; a longer one is cut there, and
 * `… (N characters)` tells its full length.
 */
export const MAX_EVENT_BODY_CHARS = 1000;

const HOOK_NAMES = ["onRequest", "onResponse", "onRetry", "onOutcome", "onMismatch"];
const SECRET_HEADERS = /^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key)$/;

/**
 * What one call tells its hooks, in this order for each attempt: an attempt starts, its request
 * is about to go (with its text body when known), its response was read, or it failed and a
 * retry follows; the call stops retrying, and ends with a response or an `ApiError`.
 */
export type CallWatch = ReturnType<NonNullable<ReturnType<typeof hookWatcher>>>;

let lastCallId = 0;

/**
 * Checks a client's hooks and returns how one call is watched: its events, redacted with
 * `redact`, handed to each hook in turn.
 *
 * @returns `undefined` when there are no hooks, so that calls nobody watches pay nothing.
 * @throws TypeError when a hook is not a function or has an unknown name.
 */
export function hookWatcher(
  api: ApiName,
  hooks: Hooks | readonly Hooks[] | undefined,
  redact: RedactText,
  where: string,
) {
  const list = ([] as readonly Hooks[]).concat(hooks ?? []);
  for (const entry of list) {
    for (const [name, hook] of Object.entries(entry ?? { "": 0 })) {
      if (!HOOK_NAMES.includes(name) || (hook !== undefined && typeof hook !== "function")) {
        throw new TypeError(
          `${where}: hooks${name && `.${name}`} is not a hook; hooks are objects of functions ` +
            `named ${HOOK_NAMES.join(", ")}, or an array of such objects.`,
        );
      }
    }
  }
  // Without hooks, a watcher would emit to nobody: each call would only do more work.
  // Stryker disable next-line ConditionalExpression: a fast path that only saves work
  if (list.length === 0) return undefined;
  const plain = (headers: Headers) => {
    const out: Record<string, string> = {};
    headers.forEach((value, name) => {
      out[name] = SECRET_HEADERS.test(name) ? REDACTED : redact(value);
    });
    return out;
  };
  const shown = (body: unknown) => {
    if (body === undefined || body === "") return undefined;
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return text.length > MAX_EVENT_BODY_CHARS
      ? `${redact(text.slice(0, MAX_EVENT_BODY_CHARS), true)}… (${text.length} characters)`
      : redact(text);
  };
  const optional = (text: string | undefined) => text && redact(text);

  return (operation: string) => {
    const call: CallEvent = { api, operation, callId: ++lastCallId };
    const callStart = performance.now();
    let attempt = 0;
    let attemptStart = 0;
    let stopReason: StopReason | undefined;
    const emit = <Name extends keyof Hooks>(name: Name, fields: object) => {
      const event = { ...call, ...fields } as Parameters<NonNullable<Hooks[Name]>>[0];
      for (const entry of list) {
        try {
          const result: unknown = (entry[name] as ((event: object) => unknown) | undefined)?.(
            event,
          );
          (result as Partial<PromiseLike<unknown>> | undefined)?.then?.(undefined, () => {});
        } catch {
          // A hook that throws only loses its own work.
        }
      }
    };
    return {
      attempt(number: number) {
        attempt = number;
        attemptStart = performance.now();
      },
      request(request: Request, body: string | undefined) {
        emit("onRequest", {
          attempt,
          method: request.method,
          url: redact(request.url),
          headers: plain(request.headers),
          body: shown(body),
        });
      },
      response({ response, data, error }: RawResult) {
        emit("onResponse", {
          attempt,
          status: response.status,
          headers: plain(response.headers),
          requestId: optional(requestIdOf(response)),
          durationMs: performance.now() - attemptStart,
          body: shown(data ?? error),
        });
      },
      retry(delayMs: number, error: ApiError, reason: RetryReason) {
        emit("onRetry", { attempt, error, reason, delayMs });
      },
      stop(reason: StopReason) {
        stopReason = reason;
      },
      end(outcome: { response: Response } | ApiError) {
        const failed = outcome instanceof ApiError;
        emit("onOutcome", {
          attempts: attempt,
          durationMs: performance.now() - callStart,
          status: failed ? outcome.status : outcome.response.status,
          requestId: optional(failed ? outcome.requestId : requestIdOf(outcome.response)),
          error: failed ? outcome : undefined,
          stopReason: failed ? stopReason : undefined,
        });
      },
    };
  };
}
