import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { redactCause, redactValue, textRedactor } from "../../src/core/redact.js";

const redact = textRedactor(["sk_live_secret", "Bearer sk_live_secret", ""]);

describe("textRedactor", () => {
  test("replaces every occurrence, the longest secret first", () => {
    expect(redact("Bearer sk_live_secret, then sk_live_secret")).toBe(
      "[redacted], then [redacted]",
    );
  });

  test("drops the start of a secret left at the end of a cut text, and only with cut", () => {
    expect(redact("tail sk_live_se", true)).toBe("tail ");
    expect(redact("tail Bearer sk_l", true)).toBe("tail ");
    expect(redact("tail sk_live_se")).toBe("tail sk_live_se");
    expect(redact("tail sk_live_secret", true)).toBe("tail [redacted]");
    expect(redact("nothing to see", true)).toBe("nothing to see");
  });

  test("keeps dropping until the cut text no longer ends with the start of a secret", () => {
    const dashed = textRedactor(["-!!!"]);
    expect(dashed("ok----!!", true)).toBe("ok");
    expect(dashed("ok----!!")).toBe("ok----!!");
  });
});

describe("textRedactor, made in each test", () => {
  test("replaces a secret inside a longer one as the longer one, whatever order they come in", () => {
    for (const secrets of [
      ["sk_1", "Bearer sk_1"],
      ["Bearer sk_1", "sk_1"],
    ]) {
      expect(textRedactor(secrets)("Bearer sk_1 and sk_1")).toBe("[redacted] and [redacted]");
    }
  });

  test("drops the longest start of a secret that a cut text ends with", () => {
    expect(textRedactor(["sk_abc"])("a sk_ab", true)).toBe("a ");
    expect(textRedactor(["sk_abc"])("", true)).toBe("");
  });

  test("never cuts into the [redacted] marker, even for a secret its end matches", () => {
    expect(textRedactor(["d]"])("key d]", true)).toBe("key [redacted]");
  });
});

describe("redactValue", () => {
  test("defines copied properties as parsed JSON has them: writable, enumerable, configurable", () => {
    const copy = redactValue({ a: "sk_live_secret", list: [1] }, redact) as Record<string, unknown>;
    for (const [target, key] of [
      [copy, "a"],
      [copy["list"], "0"],
    ] as const) {
      expect(Object.getOwnPropertyDescriptor(target, key)).toMatchObject({
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  });

  test("redacts keys and values at any depth and leaves the input alone", () => {
    const input = { sk_live_secret: ["a sk_live_secret b", { k: 1 }], n: null };
    expect(redactValue(input, redact)).toEqual({
      "[redacted]": ["a [redacted] b", { k: 1 }],
      n: null,
    });
    expect(input).toEqual({ sk_live_secret: ["a sk_live_secret b", { k: 1 }], n: null });
  });

  test("keeps the order of keys", () => {
    expect(Object.keys(redactValue({ z: 1, a: 2, m: "sk_live_secret" }, redact))).toEqual([
      "z",
      "a",
      "m",
    ]);
  });

  test("walks 100 000 levels without overflowing, keeping 100 and marking the rest", () => {
    const deep = JSON.parse("[".repeat(100_000) + '"sk_live_secret"' + "]".repeat(100_000));
    let level: unknown = redactValue(deep, redact);
    let depth = 0;
    while (Array.isArray(level)) {
      level = level[0];
      depth++;
    }
    expect({ depth, level }).toEqual({ depth: 100, level: "[too deep]" });
  });

  test("copies shared and circular references once, without looping", () => {
    const shared = { s: "sk_live_secret" };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    const copy = redactValue(cyclic, redact) as Record<string, unknown>;
    expect(copy.a).toBe(copy.b);
    expect(copy.self).toBe(copy);
    expect(copy.a).toEqual({ s: "[redacted]" });
  });
});

describe("redactCause", () => {
  test("keeps a clean error as it is, same object", () => {
    const cause = new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", port: 1 }),
    });
    expect(redactCause(cause, redact)).toBe(cause);
  });

  test("replaces an error quoting a secret anywhere in its chain with a redacted copy", () => {
    const inner = Object.assign(new Error("header sk_live_secret"), { extra: "x" });
    const cause = new TypeError("fetch failed", { cause: inner });
    const copy = redactCause(cause, redact) as Error;
    expect(copy).not.toBe(cause);
    expect(copy).toMatchObject({ name: "TypeError", message: "fetch failed" });
    expect((copy.cause as Error).message).toBe("header [redacted]");
    expect(inspect(copy, { depth: Infinity, showHidden: true })).not.toContain("sk_live_secret");
  });

  test("treats an error holding an object as possibly carrying a secret", () => {
    const cause = Object.assign(new Error("failed"), { request: { headers: {} } });
    const copy = redactCause(cause, redact) as Error;
    expect(copy).not.toBe(cause);
    expect(copy.message).toBe("failed");
    expect(Object.keys(copy)).toEqual([]);
  });

  test("checks the errors of an AggregateError and redacts a string cause", () => {
    const aggregate = new AggregateError([new Error("sk_live_secret")], "all failed");
    expect(redactCause(aggregate, redact)).not.toBe(aggregate);
    expect(redactCause("why: sk_live_secret", redact)).toBe("why: [redacted]");
    expect(redactCause(undefined, redact)).toBeUndefined();
  });

  test("stops at a cause chain that loops", () => {
    const looped = new Error("loop sk_live_secret");
    looped.cause = looped;
    const copy = redactCause(looped, redact) as Error;
    expect(inspect(copy, { depth: Infinity })).not.toContain("sk_live_secret");
  });

  /** `length` errors, each the cause of the one before, each with `message`. */
  function chain(length: number, message: string): Error {
    let error = new Error(`${message} ${length - 1}`);
    for (let index = length - 2; index >= 0; index--) {
      error = new Error(`${message} ${index}`, { cause: error });
    }
    return error;
  }

  function chainLength(error: unknown): number {
    let length = 0;
    for (let link = error; link instanceof Error; link = link.cause) length++;
    return length;
  }

  test("copies a chain of causes quoting a secret nine errors deep, and drops the rest", () => {
    expect(chainLength(redactCause(chain(8, "sk_live_secret"), redact))).toBe(8);
    expect(chainLength(redactCause(chain(9, "sk_live_secret"), redact))).toBe(9);
    expect(chainLength(redactCause(chain(12, "sk_live_secret"), redact))).toBe(9);
  });

  test("gives a copy without a cause no cause property at all", () => {
    const copy = redactCause(new Error("sk_live_secret"), redact) as Error;
    expect(Object.hasOwn(copy, "cause")).toBe(false);
  });

  test("keeps a clean chain of up to nine errors as it is, and copies a deeper one", () => {
    const short = chain(9, "clean");
    const long = chain(10, "clean");
    expect(redactCause(short, redact)).toBe(short);
    expect(redactCause(long, redact)).not.toBe(long);
  });

  test("keeps an error whose own fields are null as it is", () => {
    const cause = Object.assign(new Error("failed"), { code: null });
    expect(redactCause(cause, redact)).toBe(cause);
  });

  test("gives the copy a writable, configurable name, as an Error's own", () => {
    const copy = redactCause(new TypeError("sk_live_secret"), redact) as Error;
    expect(Object.getOwnPropertyDescriptor(copy, "name")).toEqual({
      value: "TypeError",
      writable: true,
      enumerable: false,
      configurable: true,
    });
  });
});
