import type { ApiError } from "./api-error.js";
import { readEnv } from "./environment.js";
import type { CallEvent, OutcomeEvent, RequestEvent, ResponseEvent, RetryEvent } from "./hooks.js";
import { redact } from "./normalize.js";

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
 * Where log lines go; `console` is one, and so are most logging libraries' loggers. Each line
 * is one message; at `debug`, an object of details follows it.
 */
export interface Logger {
  error(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
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
  logLevel?: LogLevel;
  /**
   * Where to log.
   * @default console
   */
  logger?: Logger;
}

/** Writes a client's log lines; built by {@link createLog}. */
export interface CallLog {
  /** At `debug`: the request and its body (read from a clone). */
  request(event: RequestEvent, request: Request): Promise<void>;
  /** At `debug`: the response and its body. */
  response(event: ResponseEvent, body: unknown): void;
  /** At `warn`: a retry. */
  retry(event: RetryEvent): void;
  /** At `info` a success, at `error` a failure. */
  outcome(event: OutcomeEvent): void;
  /** At `warn`: a hook threw. */
  hookFailed(event: CallEvent, hook: string, error: unknown): void;
}

const LEVELS: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];
const DEBUG = 4;

/**
 * Builds a client's log from its options, or from {@link LOG_LEVEL_ENV} when `logLevel` is not
 * given. Every line is redacted: no credential, in any form, reaches the logger.
 *
 * @returns `undefined` when the level is `"off"`.
 * @throws RangeError when the level is not a {@link LogLevel}; TypeError when the logger lacks
 *   one of its four methods.
 */
export function createLog(
  options: LogOptions & { displayName: string; secrets: readonly string[] },
): CallLog | undefined {
  const { displayName, secrets } = options;
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

  /** Writes one line if `at` is enabled; a line that fails to build or a logger that throws is dropped. */
  function write(at: number, line: () => [string, object?]): void {
    if (at > level) return;
    try {
      const [message, details] = line();
      logger[LEVELS[at] as keyof Logger](redact(message, secrets), ...(details ? [details] : []));
    } catch {
      // Logging must never break a call.
    }
  }
  const prefix = (event: CallEvent) => `${displayName} ${event.operation} #${event.callId}`;
  const shown = (body: unknown) => {
    if (body === undefined || body === "") return undefined;
    const text = redact(typeof body === "string" ? body : JSON.stringify(body), secrets);
    return text.length > MAX_LOGGED_BODY_CHARS
      ? `${text.slice(0, MAX_LOGGED_BODY_CHARS)}… (${text.length} characters)`
      : text;
  };

  return {
    async request(event, request) {
      if (level < DEBUG) return;
      const body = await request
        .clone()
        .text()
        .catch(() => undefined);
      write(DEBUG, () => [
        `${prefix(event)} attempt ${event.attempt}: ${event.method} ${event.url}`,
        { headers: event.headers, body: shown(body) },
      ]);
    },
    response(event, body) {
      write(DEBUG, () => [
        `${prefix(event)} attempt ${event.attempt}: HTTP ${event.status} in ${ms(event.durationMs)}`,
        { headers: event.headers, requestId: event.requestId, body: shown(body) },
      ]);
    },
    retry(event) {
      write(2, () => [
        `${prefix(event)} attempt ${event.attempt} failed (${summary(event.error)}); ` +
          `retrying in ${ms(event.delayMs)}`,
      ]);
    },
    outcome({ error, ...event }) {
      const attempts = `${event.attempts} attempt${event.attempts === 1 ? "" : "s"}`;
      const took = `in ${ms(event.durationMs)} after ${attempts}`;
      if (error) {
        write(error.code === "aborted" ? 3 : 1, () => [
          `${prefix(event)} failed ${took} (${summary(error)})`,
        ]);
      } else {
        write(3, () => [
          `${prefix(event)}: HTTP ${event.status} ${took}` +
            (event.requestId ? `, request id ${event.requestId}` : ""),
        ]);
      }
    },
    hookFailed(event, hook, error) {
      write(2, () => [`${prefix(event)}: hooks.${hook} threw, and the call went on: ${error}`]);
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
