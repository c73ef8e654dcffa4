import { describe, expectTypeOf, test } from "vitest";
import type { JoyfillCreateUserBody } from "../../src/joyfill.js";
import type { ProficientCreateUserBody } from "../../src/proficient.js";
import {
  createJoyfillFake,
  createProficientFake,
  type FailureName,
  type RecordedRequest,
} from "../../src/testing.js";

const proficient = createProficientFake();
const joyfill = createJoyfillFake();

describe("answer overrides", () => {
  test("take the operation's typed partial result", () => {
    proficient.users.create.respond({ first_name: "Ada" });
    // @ts-expect-error -- first_name is a string
    proficient.users.create.respond({ first_name: 42 });
    // @ts-expect-error -- not a field of a Proficient user
    proficient.users.create.respond({ firstName: "Ada" });
    // @ts-expect-error -- object is the literal "user"
    proficient.users.create.respond({ object: "member" });
    joyfill.users.create.respond({ identifier: "u_1" });
    // @ts-expect-error -- the vendor's misspelling is not a field of the result
    joyfill.users.create.respond({ identifer: "u_1" });
  });

  test("as a function, get the typed request and must return a typed partial", () => {
    proficient.users.create.respond((request) => {
      expectTypeOf(request).toEqualTypeOf<RecordedRequest<ProficientCreateUserBody>>();
      expectTypeOf(request.body.external_id).toEqualTypeOf<string>();
      return { external_id: request.body.external_id };
    });
    // @ts-expect-error -- the function's answer is checked too
    proficient.users.create.respond(() => ({ live_mode: "yes" }));
    expectTypeOf(joyfill.users.create.requests).toEqualTypeOf<
      readonly RecordedRequest<JoyfillCreateUserBody>[]
    >();
  });
});

describe("failures", () => {
  test("are named, and each takes only its own options", () => {
    proficient.users.create.failNext("rate_limited", { retryAfterSeconds: 1, times: 2 });
    proficient.users.create.failNext("slow", { delayMs: 100 });
    proficient.users.create.failNext("conflict", { message: "taken", status: 409 });
    // @ts-expect-error -- not a failure the fakes know
    proficient.users.create.failNext("teapot");
    // @ts-expect-error -- only rate_limited sends Retry-After
    proficient.users.create.failNext("conflict", { retryAfterSeconds: 1 });
    // @ts-expect-error -- a dropped connection has no message
    proficient.users.create.failNext("connection_dropped", { message: "x" });
    expectTypeOf<FailureName>().toEqualTypeOf<
      | "conflict"
      | "invalid_request"
      | "invalid_credentials"
      | "rate_limited"
      | "unavailable"
      | "slow"
      | "connection_refused"
      | "connection_dropped"
      | "answer_lost"
    >();
  });
});
