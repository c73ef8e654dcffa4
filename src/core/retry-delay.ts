/** How long to wait between attempts. */
export interface RetryPolicy {
  /**
   * Upper bound of the first computed wait; each retry doubles it (full jitter: the wait is a
   * random fraction of the bound).
   * @default 500
   */
  baseDelayMs: number;
  /**
   * Largest bound a computed wait can reach.
   * @default 8000
   */
  maxDelayMs: number;
  /**
   * Longest wait a server may ask for with `Retry-After`; asking for more makes the call fail
   * at once instead of waiting.
   * @default 60000
   */
  maxRetryAfterMs: number;
  /**
   * Source of jitter, returning a number in [0, 1).
   * @default Math.random
   */
  random: () => number;
}

/** The retry policy used unless a client is given another. */
export const defaultRetryPolicy: RetryPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  random: Math.random,
};

const DELAY_SECONDS = /^\s*(\d+(?:\.\d+)?)\s*$/;
const IMF_FIXDATE = /^\s*[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\s*$/;

/**
 * Reads a `Retry-After` header value as a wait in milliseconds.
 *
 * Accepts delay-seconds (`"120"`, also `"1.5"`) and an HTTP date in IMF-fixdate form
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`, the form RFC 9110 requires servers to send); a date in the
 * past means no wait.
 *
 * @param value - the header value, or `null` when the header is absent.
 * @param nowMs - the current time in milliseconds since the epoch (`Date.now()`).
 * @returns the wait in whole milliseconds, or `undefined` when the header is absent or malformed.
 */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const seconds = DELAY_SECONDS.exec(value);
  if (seconds) return Math.ceil(Number(seconds[1]) * 1000);
  if (!IMF_FIXDATE.test(value)) return undefined;
  const dateMs = Date.parse(value);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}

/**
 * The computed wait before retry number `attempt + 1`: exponential backoff with full jitter,
 * `random() × min(maxDelayMs, baseDelayMs × 2^attempt)`, in whole milliseconds.
 *
 * @param attempt - how many attempts have failed so far, minus one (0 after the first failure).
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy): number {
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(policy.random() * bound);
}

/** What {@link retryDelayMs} needs to know about the failed attempt. */
export interface RetryDelayInput {
  /** How many attempts have failed so far, minus one (0 after the first failure). */
  attempt: number;
  /** The response's `Retry-After` header, or `null` (also for failures without a response). */
  retryAfter: string | null;
  /** The current time in milliseconds since the epoch (`Date.now()`). */
  nowMs: number;
}

/**
 * How long to wait before the next attempt.
 *
 * A well-formed `Retry-After` is honoured exactly (no jitter: the server chose the moment);
 * a malformed one is ignored in favour of the computed backoff, so retries still happen.
 *
 * @returns the wait in milliseconds, or `undefined` when the server asks for longer than
 *   `policy.maxRetryAfterMs`: the call should then fail instead of waiting.
 */
export function retryDelayMs(input: RetryDelayInput, policy: RetryPolicy): number | undefined {
  const serverDelayMs = parseRetryAfterMs(input.retryAfter, input.nowMs);
  if (serverDelayMs === undefined) return backoffDelayMs(input.attempt, policy);
  return serverDelayMs > policy.maxRetryAfterMs ? undefined : serverDelayMs;
}
