import { escapePointerFragment, unescapePointerFragment } from "@redocly/openapi-core";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  followLocalRef,
  parseJsonPointer,
  valueAtPointer,
} from "../../scripts/fixes/json-pointer.js";

describe("parseJsonPointer (RFC 6901, as a URI fragment)", () => {
  test("turns ~1 into / and ~0 into ~", () => {
    expect(parseJsonPointer("#/paths/~1users~1{id}/get")).toEqual(["paths", "/users/{id}", "get"]);
    expect(parseJsonPointer("#/a~0b")).toEqual(["a~b"]);
  });

  test("undoes ~1 before ~0, so ~01 is ~1, never /", () => {
    expect(parseJsonPointer("#/~01")).toEqual(["~1"]);
    expect(parseJsonPointer("#/~10")).toEqual(["/0"]);
    expect(parseJsonPointer("#/~0~1")).toEqual(["~/"]);
  });

  test("percent-decodes the fragment before the ~ escapes, as section 6 orders", () => {
    expect(parseJsonPointer("#/100%25")).toEqual(["100%"]);
    expect(parseJsonPointer("#/a%7E1b")).toEqual(["a/b"]);
    expect(parseJsonPointer("#/a%20b")).toEqual(["a b"]);
    // Redocly's unescaper reverses the order, which is why it is not used here.
    expect(unescapePointerFragment("a%7E1b")).toBe("a~1b");
  });

  test("takes a % that starts no escape as written", () => {
    expect(parseJsonPointer("#/50%/x")).toEqual(["50%", "x"]);
  });

  test("reads # as the whole document and refuses a pointer without #/", () => {
    expect(parseJsonPointer("#")).toEqual([]);
    expect(() => parseJsonPointer("paths/x")).toThrow(
      new SyntaxError('"paths/x" is not a JSON pointer of the form "#/a/b"'),
    );
  });

  test("reads back every key Redocly's escapePointerFragment writes (keys without %)", () => {
    fc.assert(
      fc.property(fc.array(fc.string().filter((key) => !key.includes("%"))), (keys) => {
        const pointer = `#/${keys.map((key) => escapePointerFragment(key)).join("/")}`;
        expect(parseJsonPointer(pointer)).toEqual(keys.length === 0 ? [""] : keys);
      }),
    );
  });
});

describe("valueAtPointer and followLocalRef", () => {
  const document = {
    paths: { "/users": { post: { $ref: "#/components/x~1y" } } },
    components: {
      "x/y": { $ref: "#/components/z" },
      z: { type: "string" },
      loop: { $ref: "#/components/loop" },
    },
  };

  test("follow local $refs on the way to the value", () => {
    expect(valueAtPointer(document, parseJsonPointer("#/paths/~1users/post/type"))).toBe("string");
    expect(followLocalRef(document, { $ref: "#/components/x~1y" })).toEqual({ type: "string" });
  });

  test("stop at a $ref that leads back to itself, and at what is not there", () => {
    expect(followLocalRef(document, document.components.loop)).toEqual({
      $ref: "#/components/loop",
    });
    expect(valueAtPointer(document, ["paths", "/pets"])).toBeUndefined();
  });
});
