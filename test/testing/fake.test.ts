import { describe, expect, test } from "vitest";
import { withRequestFields } from "../../src/testing/fake.js";

describe("a fake's success body", () => {
  const example = { name: "example", tags: ["a"], plan: { tier: "free" }, seats: 1 };

  test("takes each request field of the example's JSON type, objects included", () => {
    const body = { name: "Ada", tags: ["b", "c"], plan: { tier: "pro" }, seats: 5 };
    expect(withRequestFields(example, body)).toEqual(body);
  });

  test("keeps the example's value for a null, a field of another type, and adds no field", () => {
    const body = { name: 42, tags: null, plan: null, seats: "5", extra: "x" };
    expect(withRequestFields(example, body)).toEqual(example);
  });

  test("is the example when the body is not an object", () => {
    expect([null, "text", undefined].map((body) => withRequestFields(example, body))).toEqual([
      example,
      example,
      example,
    ]);
  });
});
