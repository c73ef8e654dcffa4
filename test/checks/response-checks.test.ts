/**
 * The runtime behind a generated module's checks: the mismatches of a body (the kind that
 * arrived, where, the listed statuses, renamed properties, the cap per body) and the Standard
 * Schema of an operation, run with checks written as the generator writes them.
 */
import { describe, expect, test } from "vitest";
import { isObject, type BodyCheck } from "../../src/checks/body-check.js";
import {
  findMismatches,
  responseSchema,
  type OperationChecks,
} from "../../src/checks/response-checks.js";

const string: BodyCheck = (v, p, m) => {
  if (typeof v !== "string") m(p, "type", "string", v);
};
const integer: BodyCheck = (v, p, m) => {
  if (!Number.isInteger(v)) m(p, "type", "integer", v);
};
const strings: BodyCheck = (v, p, m) => {
  if (!Array.isArray(v)) m(p, "type", "array", v);
  else v.forEach((item, index) => string(item, `${p}/${index}`, m));
};
/** `{ id: string, name: string }`, both required. */
const user: BodyCheck = (v, p, m) => {
  if (!isObject(v)) return m(p, "type", "object", v);
  if (v["id"] === undefined) m(`${p}/id`, "required", "string (required)", undefined);
  else string(v["id"], `${p}/id`, m);
  if (v["name"] === undefined) m(`${p}/name`, "required", "string (required)", undefined);
  else string(v["name"], `${p}/name`, m);
};
/** An object whose every property must be a string, at its escaped pointer. */
const labels: BodyCheck = (v, p, m) => {
  if (!isObject(v)) return m(p, "type", "object", v);
  for (const key in v) string(v[key], `${p}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, m);
};
/** Reports each element of an array as a difference, whatever it is. */
const nothing: BodyCheck = (v: unknown[], p, m) => {
  v.forEach((item, index) => m(`${p}/${index}`, "not", "nothing", item));
};

describe("findMismatches", () => {
  test("names the JSON kind of what arrived, never its value, and a missing value as nothing", () => {
    const body = [null, [1], true, 3, 1.5, "s", {}, undefined];
    expect(
      findMismatches({ "200": { check: nothing } }, 200, body).map(({ received, message }) => [
        received,
        message,
      ]),
    ).toEqual([
      ["null", "at /0: expected nothing, got null"],
      ["array", "at /1: expected nothing, got array"],
      ["boolean", "at /2: expected nothing, got boolean"],
      ["integer", "at /3: expected nothing, got integer"],
      ["number", "at /4: expected nothing, got number"],
      ["string", "at /5: expected nothing, got string"],
      ["object", "at /6: expected nothing, got object"],
      ["missing", "at /7: expected nothing, got nothing"],
    ]);
  });

  test("an operation the spec does not have, or a status without a JSON body, is not checked", () => {
    expect(findMismatches(undefined, 200, 1)).toEqual([]);
    expect(findMismatches({ "204": null }, 204, 1)).toEqual([]);
  });

  test("a difference of the whole body is placed at the root", () => {
    expect(findMismatches({ "200": { check: user } }, 200, ["Ada"])).toEqual([
      {
        pointer: "",
        keyword: "type",
        expected: "object",
        received: "array",
        message: "at the root: expected object, got array",
      },
    ]);
  });

  test("a status the spec does not list is named with every status it does list", () => {
    const statuses = { "200": { check: user }, "201": { check: user } };
    expect(findMismatches(statuses, 204, { id: "u_1", name: "Ada" })).toEqual([
      {
        pointer: "",
        keyword: "status",
        expected: "HTTP 200, 201",
        received: "HTTP 204",
        message: "at the root: HTTP 204 is not a status the spec lists (200, 201)",
      },
    ]);
  });

  test("a renamed property's old name is reported, and checked with the body under its new name", () => {
    const statuses = { "200": { check: user, renamed: { ident: "id" } } };
    expect(findMismatches(statuses, 200, { ident: 7, name: "Ada" })).toEqual([
      {
        pointer: "/ident",
        keyword: "renamed",
        expected: "`id`",
        received: "integer",
        message: "at /ident: `ident` arrived; the fix renames it to `id`",
      },
      {
        pointer: "/id",
        keyword: "type",
        expected: "string",
        received: "integer",
        message: "at /id: expected string, got integer",
      },
    ]);
  });

  test("when both names of a renamed property arrived, the new one is checked", () => {
    const statuses = { "200": { check: user, renamed: { ident: "id" } } };
    expect(
      findMismatches(statuses, 200, { ident: 7, id: "u_1", name: "Ada" }).map(
        ({ pointer }) => pointer,
      ),
    ).toEqual(["/ident"]);
  });

  test("keeps the first 20 mismatches of a body: all of 20, the first 20 of 21", () => {
    const pointers = (count: number) =>
      findMismatches({ "200": { check: nothing } }, 200, Array.from({ length: count })).map(
        ({ pointer }) => pointer,
      );
    const first20 = Array.from({ length: 20 }, (_, index) => `/${index}`);
    expect(pointers(19)).toEqual(first20.slice(0, 19));
    expect(pointers(20)).toEqual(first20);
    expect(pointers(21)).toEqual(first20);
  });
});

describe("responseSchema", () => {
  const statuses: OperationChecks[string] = {
    "200": { check: user },
    "201": { check: integer },
    "2XX": { check: strings },
  };
  const validate = (value: unknown, of = statuses) =>
    responseSchema(of)["~standard"].validate(value);

  test("is a Standard Schema of version 1 whose vendor is api-clients", () => {
    const { version, vendor } = responseSchema(statuses)["~standard"];
    expect({ version, vendor }).toEqual({ version: 1, vendor: "api-clients" });
  });

  test("passes, as it is, a body that matches the schema of any of the operation's statuses", () => {
    const body = { id: "u_1", name: "Ada" };
    expect(validate(body)).toEqual({ value: body });
    expect(validate(7)).toEqual({ value: 7 });
    const list = ["a", "b"];
    expect(validate(list)).toEqual({ value: list });
    expect(validate("anything", { "204": null })).toEqual({ value: "anything" });
  });

  test("otherwise gives the issues of its first status, each with its message and path", () => {
    expect(validate({ id: 1 })).toEqual({
      issues: [
        { message: "at /id: expected string, got integer", path: ["id"] },
        { message: "at /name: expected string (required), got nothing", path: ["name"] },
      ],
    });
    expect(validate(true)).toEqual({
      issues: [{ message: "at the root: expected object, got boolean", path: [] }],
    });
  });

  test("a path has one segment per level, with / and ~ in names unescaped", () => {
    const nested: BodyCheck = (v, p, m) => labels(v["a/b~c"], `${p}/a~1b~0c`, m);
    expect(validate({ "a/b~c": { "~1/": 2 } }, { "200": { check: nested } })).toEqual({
      issues: [
        { message: "at /a~1b~0c/~01~1: expected string, got integer", path: ["a/b~c", "~1/"] },
      ],
    });
  });
});
