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

const DELAY_SECONDS = /^\d+(?:\.\d+)?$/;
/**
 * The three forms of HTTP-date that RFC 9110 (section 5.6.7) requires recipients to accept:
 * IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT` (groups 1–3), rfc850 `Sunday, 06-Nov-94 08:49:37
 * GMT` (groups 4–6) and asctime `Sun Nov  6 08:49:37 1994` (groups 7–8, and 12 for the year);
 * groups 9–11 are the time. The weekday is not checked against the date.
 */
const HTTP_DATE =
  /^(?:[A-Z][a-z]{2}, (\d\d) ([A-Z][a-z]{2}) (\d{4})|[A-Z][a-z]{5,8}, (\d\d)-([A-Z][a-z]{2})-(\d\d)|[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d)) (\d\d):(\d\d):(\d\d)(?: GMT| (\d{4}))$/;
const MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

/**
 * Reads an HTTP date in any of its three forms as milliseconds since the epoch, all as GMT.
 *
 * A two-digit rfc850 year is read as RFC 9110 says: the year with those last digits that is
 * not more than 50 years after `nowMs`.
 *
 * @returns the time, or `undefined` when `value` is no HTTP date or names an impossible one.
 */
export function parseHttpDateMs(value: string, nowMs: number): number | undefined {
  const match = HTTP_DATE.exec(value);
  if (!match) return undefined;
  const [, imfDay, imfMonth, imfYear, oldDay, oldMonth, oldYear, ascMonth, ascDay] = match;
  const [hour, minute, second, ascYear] = match.slice(9).map(Number) as number[];
  // Only asctime ends with the year, instead of GMT.
  if ((ascMonth === undefined) !== Number.isNaN(ascYear)) return undefined;
  const day = Number(imfDay ?? oldDay ?? ascDay);
  // The pattern matched one of the three forms, so one of the months is there.
  const month = MONTHS.indexOf((imfMonth ?? oldMonth ?? ascMonth)!) / 3;
  let year = ascMonth === undefined ? Number(imfYear ?? oldYear) : ascYear!;
  if (oldYear !== undefined) {
    const thisYear = new Date(nowMs).getUTCFullYear();
    year += thisYear - (thisYear % 100);
    if (year > thisYear + 50) year -= 100;
  }
  // The seconds are added afterwards, so that a leap second (23:59:60) stays on its own day.
  const minuteMs = Date.UTC(year, month, day, hour, minute);
  // Date.UTC rolls 31 Feb over into March: that date is malformed. So is any hour from 24 to 99,
  // which it rolls into one of the next five days, never to the same day of a month; a minute of
  // 60 or more only rolls into the next hour, so it is checked itself.
  return month >= 0 && new Date(minuteMs).getUTCDate() === day && minute! < 60 && second! < 61
    ? minuteMs + second! * 1000
    : undefined;
}

/**
 * Reads a `Retry-After` header value as a wait in milliseconds.
 *
 * Accepts delay-seconds (`"120"`, also `"1.5"`) and an HTTP date in each of RFC 9110's three
 * forms: IMF-fixdate (`"Wed, 21 Oct 2015 07:28:00 GMT"`), rfc850 (`"Wednesday, 21-Oct-15
 * 07:28:00 GMT"`) and asctime (`"Wed Oct 21 07:28:00 2015"`, read as GMT); a date in the past
 * means no wait.
 *
 * @param value - the header value, or `null` when the header is absent.
 * @param nowMs - the current time in milliseconds since the epoch (`Date.now()`).
 * @returns the wait in whole milliseconds, or `undefined` when the header is absent or malformed.
 */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (DELAY_SECONDS.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const dateMs = parseHttpDateMs(trimmed, nowMs);
  return dateMs === undefined ? undefined : Math.max(0, dateMs - nowMs);
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
