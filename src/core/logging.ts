import type { ApiError } from "./api-error.js";
import { readEnv } from "./environment.js";
import type { EventLog, OutcomeEvent, RequestEvent, ResponseEvent, RetryEvent } from "./hooks.js";
import type { RedactText } from "./redact.js";

/**
 * How much a client logs; each level includes the ones before it.
 *
 * - `error`: calls that fail (a caller's abort is logged at `info`).
 * - `warn`: each retry, with its cause and wait; hooks that throw.
 * - `info`: each call that succeeds, with its status, duration, attempts and request id.
 * - `debug`: each attempt's request and response: method, URL, status, duration, headers
 *   (credentials redacted) and bodies cut to {@link MAX_LOGGED_BODY_CHARS}.
 */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/**
 * Where log lines go; `console` is one, and so are many logging libraries' loggers. Each line
 * is one message; at `debug`, an object of details follows it.
 */
export interface Logger {
  /** Failed calls. */
  error(message: string, ...details: unknown[]): void;
  /** Retries, and hooks that threw. */
  warn(message: string, ...details: unknown[]): void;
  /** Calls that succeeded, and calls aborted by their caller. */
  info(message: string, ...details: unknown[]): void;
  /** Each attempt's request and response, with `{ headers, body, … }` as details. */
  debug(message: string, ...details: unknown[]): void;
}

/** The environment variable read for the log level when the `logLevel` option is not given. */
export const LOG_LEVEL_ENV = "API_CLIENTS_LOG";

/** Longest body a `debug` line shows, in characters; longer ones are cut and their length told. */
export const MAX_LOGGED_BODY_CHARS = 1000;

/** The logging options of a client. */
export interface LogOptions {
  /**
   * How much to log.
   * @default process.env.API_CLIENTS_LOG, else "off"
   */
  logLevel?: LogLevel | undefined;
  /**
   * Where to log.
   * @default console
   */
  logger?: Logger | undefined;
}

const LEVELS: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

/**
 * Builds a client's log from its options, or from {@link LOG_LEVEL_ENV} when `logLevel` is not
 * given. Every line is redacted: no credential, in any form, reaches the logger. A line that
 * fails to build, or a logger that throws, is dropped: logging never breaks a call.
 *
 * @returns `undefined` when the level is `"off"`.
 * @throws RangeError when the level is not a {@link LogLevel}; TypeError when the logger lacks
 *   one of its four methods.
 */
export function createLog(
  options: LogOptions & { displayName: string; redact: RedactText },
): EventLog | undefined {
  const { displayName, redact } = options;
  const given = options.logLevel;
  const name = given ?? readEnv(LOG_LEVEL_ENV)?.toLowerCase() ?? "off";
  const level = LEVELS.indexOf(name as LogLevel);
  if (level < 0) {
    throw new RangeError(
      `${displayName}: ${given === undefined ? LOG_LEVEL_ENV : "logLevel"} must be one of ` +
        `${LEVELS.join(", ")}; got ${JSON.stringify(name)}.`,
    );
  }
  const logger = options.logger ?? console;
  for (const method of LEVELS.slice(1)) {
    if (typeof logger[method as keyof Logger] !== "function") {
      throw new TypeError(`${displayName}: logger has no ${method} method.`);
    }
  }
  if (level === 0) return undefined;

  const shown = (body: unknown) => {
    if (body === undefined || body === "") return undefined;
    const text = redact(typeof body === "string" ? body : JSON.stringify(body));
    return text.length > MAX_LOGGED_BODY_CHARS
      ? `${text.slice(0, MAX_LOGGED_BODY_CHARS)}… (${text.length} characters)`
      : text;
  };

  return async (hook, event, extra) => {
    const { error, attempts } = event as Partial<OutcomeEvent>;
    const at =
      hook === "onRequest" || hook === "onResponse"
        ? 4
        : hook === "onOutcome"
          ? error === undefined || error.code === "aborted"
            ? 3
            : 1
          : 2;
    if (at > level) return;
    try {
      const where = `${displayName} ${event.operation} #${event.callId}`;
      let details: object | undefined;
      let message: string;
      if (hook === "onRequest") {
        const { attempt, method, url, headers } = event as RequestEvent;
        // Operations send JSON, which openapi-fetch has serialized to a string.
        const body = typeof extra === "string" ? extra : undefined;
        message = `${where} attempt ${attempt}: ${method} ${url}`;
        details = { headers, body: shown(body) };
      } else if (hook === "onResponse") {
        const { attempt, status, durationMs, headers, requestId } = event as ResponseEvent;
        message = `${where} attempt ${attempt}: HTTP ${status} in ${ms(durationMs)}`;
        details = { headers, requestId, body: shown(extra) };
      } else if (hook === "onRetry") {
        const retry = event as RetryEvent;
        message =
          `${where} attempt ${retry.attempt} failed (${summary(retry.error)}); ` +
          `retrying in ${ms(retry.delayMs)} (${retry.reason})`;
      } else if (hook === "onOutcome") {
        const { status, durationMs, requestId, stopReason } = event as OutcomeEvent;
        const took = `in ${ms(durationMs)} after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
        message = error
          ? `${where} failed ${took} (${summary(error)}); stop: ${stopReason}`
          : `${where}: HTTP ${status} ${took}${requestId ? `, request id ${requestId}` : ""}`;
      } else {
        const [name, thrown] = extra as [string, unknown];
        message = `${where}: hooks.${name} threw, and the call went on: ${thrown}`;
      }
      logger[LEVELS[at] as keyof Logger](redact(message), ...(details ? [details] : []));
    } catch {
      // Logging must never break a call.
    }
  };
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

function summary(error: ApiError): string {
  return (
    error.code +
    (error.status === undefined ? "" : `, HTTP ${error.status}`) +
    (error.requestId ? `, request id ${error.requestId}` : "") +
    `: ${error.message}`
  );
}
