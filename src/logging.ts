/**
 * `api-clients/logging`: log lines made from a client's hooks, in their own entry point so that
 * an app that does not log does not bundle them.
 */
import type { ApiError, CallEvent, Hooks } from "./core/index.js";
import { readEnv } from "./core/environment.js";

/**
 * How much to log; each level includes the ones before it.
 *
 * - `error`: calls that fail (a caller's abort is logged at `info`).
 * - `warn`: each retry, with its cause, wait and reason; each place a 2xx body differs from the
 *   spec, with `responseChecks` on (where and what kind arrived, never a value).
 * - `info`: each call that succeeds, with its status, duration, attempts and request id.
 * - `debug`: each attempt's request and response: method, URL, status, duration, headers
 *   (credentials redacted) and bodies (cut to 1,000 characters).
 */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/**
 * Where log lines go; `console` is one, and so are many logging libraries' loggers. Each line
 * is one message; at `debug`, an object of details follows it.
 */
export interface Logger {
  error(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  debug(message: string, ...details: unknown[]): void;
}

/** Options for {@link logTo}. */
export interface LogOptions {
  /** How much to log. @default process.env.API_CLIENTS_LOG where the runtime has it, else "info" */
  level?: LogLevel | undefined;
}

/** The environment variable {@link logTo} reads when given no `level`. */
export const LOG_LEVEL_ENV = "API_CLIENTS_LOG";

const LEVELS: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

/**
 * Hooks that write a client's calls to `logger`, one line per event at or above the level:
 * `createJoyfillClient({ hooks: logTo(console, { level: "info" }) })`. Lines never hold a
 * credential (the events they are made of are redacted), and a logger that throws loses its
 * line, not the call.
 *
 * @throws RangeError when the level (or {@link LOG_LEVEL_ENV}) is not a {@link LogLevel};
 *   TypeError when the logger lacks one of its four methods.
 */
export function logTo(logger: Logger, options: LogOptions = {}): Hooks {
  const name = options.level ?? readEnv(LOG_LEVEL_ENV)?.toLowerCase() ?? "info";
  const level = LEVELS.indexOf(name as LogLevel);
  if (level < 0) {
    throw new RangeError(
      `${options.level === undefined ? LOG_LEVEL_ENV : "level"} must be one of ` +
        `${LEVELS.join(", ")}; got ${JSON.stringify(name)}.`,
    );
  }
  for (const method of LEVELS.slice(1)) {
    if (typeof logger[method as keyof Logger] !== "function") {
      throw new TypeError(`logTo: the logger has no ${method} method.`);
    }
  }
  // Each line starts with the API, the operation and the call's id: `joyfill POST /users #3`.
  const write = (at: number, event: CallEvent, text: string, details?: object) => {
    if (at > level) return;
    const line = `${event.api} ${event.operation} #${event.callId}${text}`;
    logger[LEVELS[at] as keyof Logger](line, ...(details ? [details] : []));
  };
  return {
    onRequest: ({ attempt, method, url, headers, body, ...call }) =>
      write(4, call, ` attempt ${attempt}: ${method} ${url}`, { headers, body }),
    onResponse: ({ attempt, status, durationMs, headers, requestId, body, ...call }) =>
      write(4, call, ` attempt ${attempt}: HTTP ${status} in ${ms(durationMs)}`, {
        headers,
        requestId,
        body,
      }),
    onRetry: ({ attempt, error, delayMs, reason, ...call }) =>
      write(
        2,
        call,
        ` attempt ${attempt} failed (${summary(error)}); retrying in ${ms(delayMs)} (${reason})`,
      ),
    onMismatch: ({ api, operation, status, requestId, mismatches }) => {
      if (level < 2) return;
      const id = requestId ? ` (request id ${requestId})` : "";
      for (const { message } of mismatches) {
        logger.warn(
          `${api} ${operation}: the HTTP ${status} body${id} differs from the spec ${message}`,
        );
      }
    },
    onOutcome: ({ error, attempts, requestId, status, durationMs, stopReason, ...call }) => {
      const took = `in ${ms(durationMs)} after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
      if (error)
        write(
          error.code === "aborted" ? 3 : 1,
          call,
          ` failed ${took} (${summary(error)}); stop: ${stopReason}`,
        );
      else
        write(3, call, `: HTTP ${status} ${took}${requestId ? `, request id ${requestId}` : ""}`);
    },
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
