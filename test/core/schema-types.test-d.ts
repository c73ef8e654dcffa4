import { describe, expectTypeOf, test } from "vitest";
import type { JsonRequestBody, JsonSuccessBody } from "../../src/core/index.js";

/** The shapes openapi-typescript emits with `readWriteMarkers` for readOnly and writeOnly. */
type $Read<T> = { readonly $read: T };
type $Write<T> = { readonly $write: T };

interface Account {
  id: $Read<string>;
  name: string;
  password: $Write<string>;
  keys?: { fingerprint: $Read<string>; label: string }[];
}

interface CreateAccount {
  requestBody: { content: { "application/json": Account } };
  responses: {
    200: { content: { "application/json": Account } };
    202: { content: { "application/json": { job: string } } };
    204: { content?: never };
    404: { content: { "application/json": { message: string } } };
  };
}

describe("JsonRequestBody", () => {
  test("leaves read-only fields out, and refuses them, at every depth", () => {
    type Body = JsonRequestBody<CreateAccount>;
    expectTypeOf<Body["name"]>().toEqualTypeOf<string>();
    expectTypeOf<Body["password"]>().toEqualTypeOf<string>();
    const body: Body = { name: "Ada", password: "pw", keys: [{ label: "laptop" }] };
    void body;
    // @ts-expect-error -- id is assigned by the server
    const withId: Body = { id: "a_1", name: "Ada", password: "pw" };
    void withId;
    type Key = NonNullable<Body["keys"]>[number];
    // @ts-expect-error -- a key's fingerprint is assigned by the server
    const withFingerprint: Key = { fingerprint: "f", label: "laptop" };
    void withFingerprint;
  });

  test("keeps a body without markers exactly as generated", () => {
    type Plain = {
      requestBody: { content: { "application/json": { name: string; tags?: string[] } } };
    };
    expectTypeOf<JsonRequestBody<Plain>>().toEqualTypeOf<{ name: string; tags?: string[] }>();
  });
});

describe("JsonSuccessBody", () => {
  test("is the union of the 2xx JSON bodies, without write-only fields", () => {
    expectTypeOf<JsonSuccessBody<CreateAccount>>().toEqualTypeOf<
      | { id: string; name: string; keys?: { fingerprint: string; label: string }[] }
      | { job: string }
    >();
  });
});
