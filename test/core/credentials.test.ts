import { afterEach, describe, expect, test, vi } from "vitest";
import { basicCredential, bearerCredential, credentialProblem } from "../../src/core/auth.js";
import { credentialScheme, resolveCredential } from "../../src/core/credentials.js";
import { isBrowserRuntime, readEnv } from "../../src/core/environment.js";

const schemes = [
  credentialScheme({
    env: { user: "T_USER", password: "T_PASSWORD" },
    build: ({ user, password }) => basicCredential(user, password),
  }),
  credentialScheme({
    env: { token: "T_TOKEN" },
    build: ({ token }) => bearerCredential(token, { secret: false, prefix: "tok" }),
  }),
];

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe("basicCredential and bearerCredential", () => {
  test("encode Basic as base64 of user:password, and list every form of the secret", () => {
    expect(basicCredential("pk_1", "sk_2")).toEqual({
      authorization: "Basic cGtfMTpza18y",
      secrets: ["Basic cGtfMTpza18y", "cGtfMTpza18y", "sk_2"],
      secret: true,
    });
  });

  test("encode non-Latin-1 characters as UTF-8 rather than failing", () => {
    expect(basicCredential("ü", "✓").authorization).toBe(
      `Basic ${Buffer.from("ü:✓").toString("base64")}`,
    );
  });

  test("send Bearer tokens as they are", () => {
    expect(bearerCredential("tok", { secret: true })).toEqual({
      authorization: "Bearer tok",
      secrets: ["Bearer tok", "tok"],
      secret: true,
    });
  });

  test("refuse a token without the required prefix, without repeating it", () => {
    expect(() => bearerCredential("pk_live_1", { secret: true, prefix: "sk_" })).toThrow(
      new Error("the key given does not start with sk_; check that it is the right key."),
    );
  });
});

describe("credentialProblem", () => {
  test.each([
    ["a carriage return", "ab\rcd", "contains U+000D at character 3"],
    ["a line feed", "abc\n", "contains U+000A at character 4"],
    ["a NUL", "\0abc", "contains U+0000 at character 1"],
    ["a tab", "a\tb", "contains U+0009 at character 2"],
    ["DEL", "a\x7f", "contains U+007F at character 2"],
    ["a C1 control", "a\x85", "contains U+0085 at character 2"],
    ["a character above U+00FF", "key\u0100", "contains U+0100 at character 4"],
    ["an emoji", "k\u{1F511}", "contains U+1F511 at character 2"],
  ])("names %s by code point and position, never the value", (_, value, where) => {
    expect(credentialProblem(value)).toBe(
      `${where}; only printable characters up to U+00FF can be sent`,
    );
  });

  test("accepts printable ASCII and Latin-1, spaces included", () => {
    expect(credentialProblem("sk_live A-Z~!é\xff")).toBeUndefined();
  });
});

describe("credentials refused at creation", () => {
  test("bearerCredential refuses a token a header cannot carry, without repeating it", () => {
    expect(() => bearerCredential("tok\r\nX-Evil: 1", { secret: true })).toThrow(
      new Error(
        "the token contains U+000D at character 4; only printable characters up to U+00FF can be sent.",
      ),
    );
  });

  test('basicCredential refuses ":" in the public key (RFC 7617)', () => {
    expect(() => basicCredential("pk:1", "sk")).toThrow(
      new Error(
        'the public key contains ":", which Basic authentication (RFC 7617) cannot carry; check that it is the right key.',
      ),
    );
  });

  test("resolveCredential names the option or variable holding the bad character", () => {
    expect(() => resolveCredential("Test API", { token: "to\u2028k" }, schemes)).toThrow(
      new Error(
        "Test API: token contains U+2028 at character 3; only printable characters up to U+00FF can be sent.",
      ),
    );
    vi.stubEnv("T_USER", "u");
    vi.stubEnv("T_PASSWORD", "p\rw");
    expect(() => resolveCredential("Test API", {}, schemes)).toThrow(
      new Error(
        "Test API: T_PASSWORD contains U+000D at character 2; only printable characters up to U+00FF can be sent.",
      ),
    );
  });
});

describe("resolveCredential", () => {
  test("prefers options over the environment, trimming them", () => {
    vi.stubEnv("T_TOKEN", "tok-env");
    expect(resolveCredential("Test API", { token: " tok-options\n" }, schemes).authorization).toBe(
      "Bearer tok-options",
    );
  });

  test("reads the first scheme set in the environment, trimmed", () => {
    vi.stubEnv("T_USER", " u ");
    vi.stubEnv("T_PASSWORD", "p\n");
    vi.stubEnv("T_TOKEN", "tok");
    expect(resolveCredential("Test API", {}, schemes).authorization).toBe(`Basic ${btoa("u:p")}`);
  });

  test("treats blank options and variables as missing", () => {
    vi.stubEnv("T_USER", "  ");
    vi.stubEnv("T_TOKEN", "tok");
    expect(resolveCredential("Test API", { user: "", token: " " }, schemes).authorization).toBe(
      "Bearer tok",
    );
  });

  test("names every option and variable when nothing is set", () => {
    expect(() => resolveCredential("Test API", {}, schemes)).toThrow(
      new Error(
        "Test API: no credentials. Pass user and password, or token in the options, or set " +
          "T_USER and T_PASSWORD, or T_TOKEN.",
      ),
    );
  });

  test("names the missing half of a pair given in the options", () => {
    expect(() => resolveCredential("Test API", { user: "u" }, schemes)).toThrow(
      new Error("Test API: user and password go together; password is missing or blank."),
    );
  });

  test("names the missing half of a pair set in the environment", () => {
    vi.stubEnv("T_PASSWORD", "p");
    expect(() => resolveCredential("Test API", {}, schemes)).toThrow(
      new Error("Test API: T_USER and T_PASSWORD go together; T_USER is missing or blank."),
    );
  });

  test("says the missing names are missing when more than one of a scheme's is", () => {
    const triple = credentialScheme({
      env: { a: "T_A", b: "T_B", c: "T_C" },
      build: ({ a }) => bearerCredential(a, { secret: false }),
    });
    expect(() => resolveCredential("Test API", { a: "x" }, [triple])).toThrow(
      new Error("Test API: a and b and c go together; b and c are missing or blank."),
    );
  });

  test("keeps the refusal of build as the cause of the error naming the API", () => {
    let error: unknown;
    try {
      resolveCredential("Test API", { token: "x" }, schemes);
    } catch (caught) {
      error = caught;
    }
    expect((error as Error).cause).toEqual(
      new Error("the key given does not start with tok; check that it is the right key."),
    );
  });

  test("names the API when build refuses the values", () => {
    expect(() => resolveCredential("Test API", { token: "x" }, schemes)).toThrow(
      new Error("Test API: the key given does not start with tok; check that it is the right key."),
    );
  });

  test("refuses options of two schemes at once", () => {
    expect(() => resolveCredential("Test API", { user: "u", token: "t" }, schemes)).toThrow(
      new Error("Test API: pass user and password, or token, not several."),
    );
  });

  test("reads no environment where there is no process", () => {
    vi.stubEnv("T_TOKEN", "tok");
    vi.stubGlobal("process", undefined);
    const fromEnv = readEnv("T_TOKEN");
    vi.unstubAllGlobals();
    expect(fromEnv).toBeUndefined();
    expect(readEnv("T_TOKEN")).toBe("tok");
  });
});

describe("isBrowserRuntime", () => {
  test("is false in Node", () => {
    expect(isBrowserRuntime()).toBe(false);
  });

  test("is true with both window and document", () => {
    vi.stubGlobal("window", {});
    expect(isBrowserRuntime()).toBe(false);
    vi.stubGlobal("document", {});
    expect(isBrowserRuntime()).toBe(true);
  });

  test("is true in a web worker", () => {
    vi.stubGlobal(
      "WorkerGlobalScope",
      class WorkerGlobalScope {
        static [Symbol.hasInstance](value: unknown) {
          return value === globalThis;
        }
      },
    );
    expect(isBrowserRuntime()).toBe(true);
  });
});
