import { describe, expect, test } from "vitest";
import {
  backoffDelayMs,
  defaultRetryPolicy,
  parseHttpDateMs,
  parseRetryAfterMs,
  retryDelayMs,
  type RetryPolicy,
} from "../../src/core/retry-delay.js";

const NOW = Date.UTC(2015, 9, 21, 7, 27, 30);
const half: RetryPolicy = { ...defaultRetryPolicy, random: () => 0.5 };

describe("parseRetryAfterMs", () => {
  test.each([
    ["0", 0],
    ["1", 1000],
    ["120", 120_000],
    ["1.5", 1500],
    [" 3 ", 3000],
  ])("reads delay-seconds %j as %i ms", (value, expected) => {
    expect(parseRetryAfterMs(value, NOW)).toBe(expected);
  });

  test("reads an HTTP date as the time left until it", () => {
    expect(parseRetryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", NOW)).toBe(30_000);
  });

  test.each([
    ["IMF-fixdate", "Wed, 21 Oct 2015 07:28:00 GMT"],
    ["rfc850", "Wednesday, 21-Oct-15 07:28:00 GMT"],
    ["asctime", "Wed Oct 21 07:28:00 2015"],
  ])("reads an HTTP date in %s form as the time left until it", (_, value) => {
    expect(parseRetryAfterMs(value, NOW)).toBe(30_000);
  });

  test("reads a one-digit asctime day, padded with a space", () => {
    expect(parseRetryAfterMs("Sun Nov  6 08:49:37 1994", Date.UTC(1994, 10, 6, 8, 49, 30))).toBe(
      7000,
    );
  });

  test("reads an HTTP date in the past as no wait", () => {
    expect(parseRetryAfterMs("Wed, 21 Oct 2015 07:27:00 GMT", NOW)).toBe(0);
  });

  test.each([
    ["", "empty"],
    ["-1", "negative"],
    ["soon", "a word"],
    ["1e3", "exponent notation"],
    ["2015-10-21T07:28:00Z", "an ISO date"],
    ["Wed, 21 Oct 2015 07:28:00 PST", "a date outside GMT"],
    ["Wed, 99 Oct 2015 07:28:00 GMT", "an impossible date"],
    ["Wed, 31 Feb 2015 07:28:00 GMT", "the 31st of February"],
    ["Wed, 21 Oct 2015 24:28:00 GMT", "hour 24"],
    ["Wed, 31 Oct 2015 99:28:00 GMT", "hour 99"],
    ["Wed, 21 Oct 2015 07:60:00 GMT", "minute 60"],
    ["Wed, 21 Oct 2015 07:28:61 GMT", "second 61"],
    ["Wed, 21 oct 2015 07:28:00 GMT", "a lower-case month"],
    ["Wed, 21-Oct-15 07:28:00 GMT", "rfc850 with a short weekday"],
    ["Wednesday, 21-Oct-2015 07:28:00 GMT", "rfc850 with a four-digit year"],
    ["Wed Oct 21 07:28:00 2015 GMT", "asctime with a zone"],
    ["Wed Oct 21 07:28:00 15", "asctime with a two-digit year"],
    ["Wed Oct 21 07:28:00 GMT", "asctime with GMT instead of the year"],
    ["Wed, 21 Oct 2015 07:28:00 2015", "IMF-fixdate ending with the year"],
    ["Wed, 21 Foo 2015 07:28:00 GMT", "an unknown month"],
  ])("rejects %j (%s) as malformed", (value) => {
    expect(parseRetryAfterMs(value, NOW)).toBeUndefined();
  });

  test("returns undefined when the header is absent", () => {
    expect(parseRetryAfterMs(null, NOW)).toBeUndefined();
  });
});

describe("parseHttpDateMs", () => {
  test.each([
    // RFC 9110: a two-digit year more than 50 years ahead belongs to the century before.
    ["a year up to 50 years ahead in this century", "Sunday, 06-Nov-65 08:49:37 GMT", 2065],
    [
      "a year more than 50 years ahead in the century before",
      "Sunday, 06-Nov-76 08:49:37 GMT",
      1976,
    ],
    ["this year's digits as this year", "Sunday, 06-Nov-15 08:49:37 GMT", 2015],
  ])("reads %s", (_, value, year) => {
    const ms = parseHttpDateMs(value, NOW);
    expect(ms === undefined ? undefined : new Date(ms).getUTCFullYear()).toBe(year);
  });

  test("refuses a date with anything before or after it", () => {
    const date = "Sun, 06 Nov 1994 08:49:37 GMT";
    expect(parseHttpDateMs(date, NOW)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDateMs(`x${date}`, NOW)).toBeUndefined();
    expect(parseHttpDateMs(`${date}x`, NOW)).toBeUndefined();
  });

  test("reads January, the first month, and a leap second", () => {
    expect(parseHttpDateMs("Thu, 01 Jan 2015 00:00:00 GMT", NOW)).toBe(Date.UTC(2015, 0, 1));
    expect(parseHttpDateMs("Thu, 01 Jan 2015 23:59:60 GMT", NOW)).toBe(Date.UTC(2015, 0, 2));
  });

  test("reads every field of each form as GMT", () => {
    const expected = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(
      [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
      ].map((value) => parseHttpDateMs(value, NOW)),
    ).toEqual([expected, expected, expected]);
  });
});

describe("backoffDelayMs", () => {
  test("doubles the bound per attempt from 500 ms and caps it at 8 s (full jitter at 0.5)", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((attempt) => backoffDelayMs(attempt, half))).toEqual([
      250, 500, 1000, 2000, 4000, 4000, 4000,
    ]);
  });

  test("spans the whole range from 0 to just under the bound", () => {
    expect(backoffDelayMs(1, { ...defaultRetryPolicy, random: () => 0 })).toBe(0);
    expect(backoffDelayMs(1, { ...defaultRetryPolicy, random: () => 0.9999 })).toBe(999);
  });
});

describe("retryDelayMs", () => {
  test("honours Retry-After seconds exactly, without jitter", () => {
    expect(retryDelayMs({ attempt: 0, retryAfter: "2", nowMs: NOW }, half)).toBe(2000);
  });

  test("honours a Retry-After date exactly", () => {
    const retryAfter = "Wed, 21 Oct 2015 07:27:45 GMT";
    expect(retryDelayMs({ attempt: 3, retryAfter, nowMs: NOW }, half)).toBe(15_000);
  });

  test("waits the full cap of 60 s when asked to", () => {
    expect(retryDelayMs({ attempt: 0, retryAfter: "60", nowMs: NOW }, half)).toBe(60_000);
  });

  test("gives up (undefined) when Retry-After asks for more than the cap", () => {
    expect(retryDelayMs({ attempt: 0, retryAfter: "61", nowMs: NOW }, half)).toBeUndefined();
    const later = "Wed, 21 Oct 2015 07:30:00 GMT";
    expect(retryDelayMs({ attempt: 0, retryAfter: later, nowMs: NOW }, half)).toBeUndefined();
  });

  test("falls back to the computed backoff when Retry-After is malformed", () => {
    expect(retryDelayMs({ attempt: 2, retryAfter: "later", nowMs: NOW }, half)).toBe(1000);
  });

  test("uses the computed backoff when there is no Retry-After", () => {
    expect(retryDelayMs({ attempt: 1, retryAfter: null, nowMs: NOW }, half)).toBe(500);
  });

  test("respects a policy's own cap on server delays", () => {
    const strict = { ...half, maxRetryAfterMs: 1000 };
    expect(retryDelayMs({ attempt: 0, retryAfter: "1", nowMs: NOW }, strict)).toBe(1000);
    expect(retryDelayMs({ attempt: 0, retryAfter: "2", nowMs: NOW }, strict)).toBeUndefined();
  });
});
