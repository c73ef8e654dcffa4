import { ApiError, type ApiName } from "./api-error.js";
import { requestIdOf, type RawResult } from "./normalize.js";
import { REDACTED, type RedactText } from "./redact.js";

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
 * Functions the client calls as a call progresses, e.g. to record metrics or trace spans. Each
 * receives one event; none receives a credential (see {@link RequestEvent.headers}). They only
 * watch: to change requests, add openapi-fetch middleware to the client's `raw`.
 *
 * A hook that throws, or returns a promise that rejects, does not affect the call: it goes on
 * as if the hook had returned, and the failure is logged at `warn` (see `logLevel`). A returned
 * promise is not awaited.
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
}

/** The name of one of the {@link Hooks}. */
export type HookName = keyof Hooks;
/** The event the hook `Name` receives. */
export type EventOf<Name extends HookName> = Parameters<NonNullable<Hooks[Name]>>[0];

const HOOK_NAMES: readonly string[] = ["onRequest", "onResponse", "onRetry", "onOutcome"];
const SECRET_HEADERS = /^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key)$/;

/** What one call reports to its observer, in this order for each attempt. */
export interface CallObserver {
  /** Attempt number `attempt` (from 1) starts. */
  attempt(attempt: number): void;
  /**
   * The attempt's request, with its text body when known, is about to be sent; the promise
   * settles when it may go.
   */
  request(request: Request, body: string | undefined): Promise<void>;
  /** The attempt's response arrived and its body was read. */
  response(result: RawResult): void;
  /** The attempt failed with `error`, and the next one follows in `delayMs`, for `reason`. */
  retry(delayMs: number, error: ApiError, reason: RetryReason): void;
  /** The call fails without a further retry, for `reason`. */
  stop(reason: StopReason): void;
  /** The call resolved with `outcome`, or rejected with it when it is an `ApiError`. */
  end(outcome: { response: Response } | ApiError): void;
}

/**
 * Writes an event to the log; `extra` is the request (`onRequest`), the response body
 * (`onResponse`), or the hook's name and error (`hookFailed`).
 */
export type EventLog = (
  name: HookName | "hookFailed",
  event: CallEvent,
  extra?: unknown,
) => Promise<void> | undefined;

/** What {@link createObserver} needs. */
export interface ObserverConfig {
  /** The API, for the events' `api`. */
  api: ApiName;
  /** The API's name for people, in error messages. */
  displayName: string;
  /** Replaces the credentials, which no event may contain, in a text. */
  redact: RedactText;
  /** The caller's hooks. */
  hooks: Hooks | readonly Hooks[] | undefined;
  /** The client's log, `undefined` when logging is off. */
  log: EventLog | undefined;
}

let lastCallId = 0;

/**
 * Builds the observer a client's calls report to: it turns what happens into redacted events
 * and hands them to the hooks, then to the log.
 *
 * @returns a function starting the observation of one call, or `undefined` when there are no
 *   hooks and logging is off, so that calls nobody watches pay nothing.
 * @throws TypeError when a hook is not a function or has an unknown name.
 */
export function createObserver(
  config: ObserverConfig,
): ((operation: string) => CallObserver) | undefined {
  const { api, redact, log } = config;
  const hookList = checkedHooks(config.hooks, config.displayName);
  if (hookList.length === 0 && log === undefined) return undefined;

  return (operation) => {
    const call: CallEvent = { api, operation, callId: ++lastCallId };
    const callStart = performance.now();
    let attempt = 0;
    let attemptStart = 0;
    let stopReason: StopReason | undefined;
    function emit<Name extends HookName>(
      name: Name,
      fields: Omit<EventOf<Name>, keyof CallEvent>,
      extra?: unknown,
    ) {
      const event = { ...call, ...fields } as EventOf<Name>;
      const failed = (error: unknown) => log?.("hookFailed", event, [name, error]);
      for (const hooks of hookList) {
        try {
          const result = (hooks[name] as ((event: EventOf<Name>) => unknown) | undefined)?.(event);
          (result as Partial<PromiseLike<unknown>> | undefined)?.then?.(undefined, failed);
        } catch (error) {
          failed(error);
        }
      }
      return log?.(name, event, extra);
    }
    return {
      attempt(number) {
        attempt = number;
        attemptStart = performance.now();
      },
      request: async (request, body) =>
        emit(
          "onRequest",
          {
            attempt,
            method: request.method,
            url: redact(request.url),
            headers: redactHeaders(request.headers, redact),
          },
          body,
        ),
      response({ response, data, error }) {
        emit(
          "onResponse",
          {
            attempt,
            status: response.status,
            headers: redactHeaders(response.headers, redact),
            requestId: optional(requestIdOf(response), redact),
            durationMs: performance.now() - attemptStart,
          },
          data ?? error,
        );
      },
      retry(delayMs, error, reason) {
        emit("onRetry", { attempt, error, delayMs, reason });
      },
      stop(reason) {
        stopReason = reason;
      },
      end(outcome) {
        const failed = outcome instanceof ApiError;
        emit("onOutcome", {
          attempts: attempt,
          durationMs: performance.now() - callStart,
          status: failed ? outcome.status : outcome.response.status,
          requestId: optional(failed ? outcome.requestId : requestIdOf(outcome.response), redact),
          error: failed ? outcome : undefined,
          stopReason: failed ? stopReason : undefined,
        });
      },
    };
  };
}

/** Headers as a plain object, with credential headers and any secret inside a value redacted. */
export function redactHeaders(headers: Headers, redact: RedactText): Record<string, string> {
  const plain: Record<string, string> = {};
  headers.forEach((value, name) => {
    plain[name] = SECRET_HEADERS.test(name) ? REDACTED : redact(value);
  });
  return plain;
}

function checkedHooks(hooks: ObserverConfig["hooks"], where: string): readonly Hooks[] {
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
  return list;
}

function optional(text: string | undefined, redact: RedactText): string | undefined {
  return text === undefined ? undefined : redact(text);
}
