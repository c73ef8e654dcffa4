/**
 * The monorepo's service tests its own sign-up flow with `api-clients/testing`, as an app would:
 * `apps/server/src/signup.ts` and its test `signup.test.ts`, compiled with the service by
 * `tsc -b` and run with `node --test` against the fake vendors, one test per named failure. The
 * test holds no vendor JSON: successes and errors are the fakes'.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The flow under test: a Proficient member, then the member's Joyfill user. */
const signupSource = `\
import { ApiError, type ApiErrorCode } from "api-clients";
import type { JoyfillClient } from "api-clients/joyfill";
import type { ProficientClient } from "api-clients/proficient";

/** What a sign-up came to, as the service reports it to the person signing up. */
export type SignupResult =
  | { status: "created"; memberId: string; formsUser: string }
  | { status: "taken" }
  | { status: "rejected"; message: string }
  | { status: "retry-later"; reason: ApiErrorCode };

/** Signs a person up: a Proficient member, then a Joyfill user in the members' group. */
export async function signUp(
  clients: { proficient: ProficientClient; joyfill: JoyfillClient },
  person: { id: string; firstName: string },
): Promise<SignupResult> {
  try {
    const member = await clients.proficient.users.create({
      external_id: person.id,
      first_name: person.firstName,
    });
    const user = await clients.joyfill.users.create({ identifier: member.id, group: "members" });
    return { status: "created", memberId: member.id, formsUser: user.identifier ?? member.id };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    switch (error.code) {
      case "conflict":
        return { status: "taken" };
      case "invalid_request":
        return { status: "rejected", message: error.message };
      case "rate_limited":
      case "unavailable":
      case "timeout":
      case "connection_error":
        return { status: "retry-later", reason: error.code };
      default:
        throw error;
    }
  }
}
`;

/** The service's test of the flow, against each failure the fakes name. */
const signupTestSource = `\
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { createJoyfillClient } from "api-clients/joyfill";
import { createProficientClient } from "api-clients/proficient";
import { createJoyfillFake, createProficientFake } from "api-clients/testing";
import { signUp } from "./signup.js";

const proficientFake = createProficientFake();
const joyfillFake = createJoyfillFake();
const limits = { timeoutMs: 100, maxRetries: 1 };
const clients = {
  proficient: createProficientClient({ secretKey: "sk_test", fetch: proficientFake.fetch, ...limits }),
  joyfill: createJoyfillClient({ publicKey: "pk_test", secretKey: "sk_test", fetch: joyfillFake.fetch, ...limits }),
};
const ada = { id: "42", firstName: "Ada" };

beforeEach(() => {
  proficientFake.reset();
  joyfillFake.reset();
  proficientFake.users.create.respond({ id: "usr_42" });
});

describe("signUp", () => {
  test("creates the member and the member's forms user", async () => {
    assert.deepEqual(await signUp(clients, ada), {
      status: "created",
      memberId: "usr_42",
      formsUser: "usr_42",
    });
    assert.deepEqual(
      proficientFake.users.create.requests.map(({ body, auth }) => ({ body, auth })),
      [{ body: { external_id: "42", first_name: "Ada" }, auth: "bearer" }],
    );
    assert.deepEqual(
      joyfillFake.users.create.requests.map(({ body, auth }) => ({ body, auth })),
      [{ body: { identifier: "usr_42", group: "members" }, auth: "basic" }],
    );
  });

  test("reports a taken id on conflict", async () => {
    proficientFake.users.create.failNext("conflict");
    assert.deepEqual(await signUp(clients, ada), { status: "taken" });
    assert.equal(joyfillFake.users.create.requests.length, 0);
  });

  test("passes on the vendor's message for an invalid request", async () => {
    joyfillFake.users.create.failNext("invalid_request");
    assert.deepEqual(await signUp(clients, ada), { status: "rejected", message: "Invalid Request" });
  });

  test("lets invalid credentials through as an error", async () => {
    proficientFake.users.create.failNext("invalid_credentials");
    await assert.rejects(signUp(clients, ada), { name: "ApiError", code: "invalid_credentials" });
  });

  test("waits out a rate limit, then signs up", async () => {
    joyfillFake.users.create.failNext("rate_limited", { retryAfterSeconds: 0 });
    assert.equal((await signUp(clients, ada)).status, "created");
    assert.deepEqual(
      joyfillFake.users.create.requests.map((request) => request.answer),
      ["rate_limited", "success"],
    );
  });

  test("asks to retry later while a vendor is unavailable", async () => {
    joyfillFake.users.create.failNext("unavailable", { times: Infinity });
    assert.deepEqual(await signUp(clients, ada), { status: "retry-later", reason: "unavailable" });
    // Joyfill's 503 says it did not act, so the client tried again before giving up.
    assert.equal(joyfillFake.users.create.requests.length, 2);
  });

  test("asks to retry later when a vendor is too slow", async () => {
    proficientFake.users.create.failNext("slow", { times: Infinity });
    assert.deepEqual(await signUp(clients, ada), { status: "retry-later", reason: "timeout" });
  });

  test("signs up when the first connection was refused", async () => {
    joyfillFake.users.create.failNext("connection_refused");
    assert.equal((await signUp(clients, ada)).status, "created");
    assert.equal(joyfillFake.users.created.length, 1);
  });

  test("asks to retry later when the connection drops, and nothing was created", async () => {
    proficientFake.users.create.failNext("connection_dropped", { times: Infinity });
    assert.deepEqual(await signUp(clients, ada), { status: "retry-later", reason: "connection_error" });
    assert.equal(proficientFake.users.created.length, 0);
  });

  test("asks to retry later when the answer was lost, and the member exists once", async () => {
    proficientFake.users.create.failNext("answer_lost");
    assert.deepEqual(await signUp(clients, ada), { status: "retry-later", reason: "connection_error" });
    // The client did not repeat the create; the service must look the member up before
    // signing the person up again.
    assert.equal(proficientFake.users.create.requests.length, 1);
    assert.equal(proficientFake.users.created.length, 1);
  });
});
`;

/** Writes the flow and its test into the monorepo's service, next to its `main.ts`. */
export async function writeSignupApp(monorepo: string): Promise<void> {
  const source = join(monorepo, "apps/server/src");
  await mkdir(source, { recursive: true });
  await writeFile(join(source, "signup.ts"), signupSource);
  await writeFile(join(source, "signup.test.ts"), signupTestSource);
}
