import { describe, expectTypeOf, test } from "vitest";
import type { paths as JoyfillPaths } from "../../generated/joyfill/schema.js";
import type { components as ProficientComponents } from "../../generated/proficient/schema.js";
import {
  ApiError,
  createJoyfillClient,
  createProficientClient,
  type ApiErrorCode,
  type JoyfillCreateUserBody,
  type JoyfillUser,
  type ProficientEnvironment,
  type ProficientUser,
  type RequestOptions,
} from "../../src/index.js";

const joyfill = createJoyfillClient({ accessToken: "at_1" });
const proficient = createProficientClient({ secretKey: "sk_1", environment: "staging" });

describe("Joyfill", () => {
  test("users.create takes the generated request schema and resolves to the generated user", () => {
    type Operation = JoyfillPaths["/users"]["post"];
    expectTypeOf<JoyfillCreateUserBody>().toEqualTypeOf<
      NonNullable<Operation["requestBody"]>["content"]["application/json"]
    >();
    expectTypeOf<JoyfillUser>().toEqualTypeOf<
      Operation["responses"][200]["content"]["application/json"]
    >();
    expectTypeOf(joyfill.users.create).parameter(0).toEqualTypeOf<JoyfillCreateUserBody>();
    expectTypeOf(joyfill.users.create).returns.resolves.toEqualTypeOf<JoyfillUser>();
    expectTypeOf<JoyfillUser>().toHaveProperty("identifier").toEqualTypeOf<string | undefined>();
  });

  test("wrong bodies do not compile", () => {
    // @ts-expect-error -- identifier is a string
    void joyfill.users.create({ identifier: 1 });
    // @ts-expect-error -- the misspelling is the vendor's, not a field
    void joyfill.users.create({ identifer: "u_1" });
    // @ts-expect-error -- Authorization is not part of the body
    void joyfill.users.create({ Authorization: "Basic x" });
    // @ts-expect-error -- the body is required
    void joyfill.users.create();
  });

  test("takes credentials and client options by name", () => {
    createJoyfillClient({ publicKey: "pk", secretKey: "sk", timeoutMs: 1000, maxRetries: 0 });
    createJoyfillClient();
    // @ts-expect-error -- no such option
    createJoyfillClient({ apiKey: "k" });
  });
});

describe("Proficient", () => {
  test("users.create takes UserCreateParams and resolves to User", () => {
    expectTypeOf(proficient.users.create)
      .parameter(0)
      .toEqualTypeOf<ProficientComponents["schemas"]["UserCreateParams"]>();
    expectTypeOf<ProficientUser>().toEqualTypeOf<ProficientComponents["schemas"]["User"]>();
    expectTypeOf(proficient.users.create).returns.resolves.toEqualTypeOf<ProficientUser>();
    void proficient.users.create({ external_id: "42", first_name: null, live_mode: null });
  });

  test("wrong bodies do not compile", () => {
    // @ts-expect-error -- external_id is required
    void proficient.users.create({ first_name: "Ada" });
    // @ts-expect-error -- live_mode is a boolean
    void proficient.users.create({ external_id: "42", live_mode: "yes" });
  });

  test("environments are the spec's three servers, and no other", () => {
    expectTypeOf<ProficientEnvironment>().toEqualTypeOf<"production" | "staging" | "development">();
    // @ts-expect-error -- not an environment of the spec
    createProficientClient({ secretKey: "sk_1", environment: "qa" });
  });
});

describe("both", () => {
  test("ApiErrorCode is a closed union", () => {
    expectTypeOf<ApiErrorCode>().toEqualTypeOf<
      | "invalid_request"
      | "invalid_credentials"
      | "forbidden"
      | "resource_not_found"
      | "conflict"
      | "rate_limited"
      | "unavailable"
      | "unknown"
      | "timeout"
      | "connection_error"
      | "aborted"
    >();
    // @ts-expect-error -- not in the union
    const teapot: ApiErrorCode = "teapot";
    void teapot;
  });

  test("a switch over ApiError.code can be exhaustive", () => {
    const describe = (error: ApiError): string => {
      switch (error.code) {
        case "invalid_request":
        case "invalid_credentials":
        case "forbidden":
        case "resource_not_found":
        case "conflict":
          return "fix the request";
        case "rate_limited":
        case "unavailable":
        case "timeout":
        case "connection_error":
          return "try later";
        case "aborted":
        case "unknown":
          return "stop";
        default:
          return error.code satisfies never;
      }
    };
    void describe;
  });

  test("ApiError has the documented fields", () => {
    expectTypeOf<ApiError>().toExtend<Error>();
    expectTypeOf<ApiError["api"]>().toEqualTypeOf<"joyfill" | "proficient">();
    expectTypeOf<ApiError["status"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ApiError["requestId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ApiError["body"]>().toEqualTypeOf<unknown>();
    expectTypeOf<ApiError["vendorActed"]>().toEqualTypeOf<"no" | "maybe" | "yes">();
    expectTypeOf<ApiError["attempts"]>().toEqualTypeOf<number>();
  });

  test("call options are signal, timeoutMs, maxRetries, maxResponseBytes, headers and idempotencyKey", () => {
    expectTypeOf<keyof RequestOptions>().toEqualTypeOf<
      "signal" | "timeoutMs" | "maxRetries" | "maxResponseBytes" | "headers" | "idempotencyKey"
    >();
    // @ts-expect-error -- no such call option
    void proficient.users.create({ external_id: "42" }, { retries: 1 });
  });

  test("baseUrl is readonly and raw is the typed openapi-fetch client", () => {
    expectTypeOf(joyfill.baseUrl).toEqualTypeOf<string>();
    // @ts-expect-error -- readonly
    joyfill.baseUrl = "https://elsewhere.test";
    void joyfill.raw.POST("/users", { body: { identifier: "u_1" } });
    // @ts-expect-error -- the spec has no GET /users
    void proficient.raw.GET("/users");
    // @ts-expect-error -- the raw body is typed too
    void proficient.raw.POST("/users", { body: { first_name: "Ada" } });
  });
});
