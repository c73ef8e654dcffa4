import { examples } from "../../generated/proficient/examples.js";
import type { components } from "../../generated/proficient/schema.js";
import { servers } from "../../generated/proficient/servers.js";
import type { ProficientCreateUserBody, ProficientUser } from "../proficient.js";
import { createUsersFake, type UsersFake } from "./fake.js";

/** Proficient's error body, `{ error: { code, message } }`, as its spec declares it. */
export type ProficientErrorBody = components["schemas"]["ApiError"];
/** The flat `{ code, message }` error body of Proficient's older admin API. */
export type ProficientFlatErrorBody = components["schemas"]["ApiErrorBody"];

/** Options for {@link createProficientFake}. */
export interface ProficientFakeOptions {
  /**
   * A server URL the fake answers besides the spec's three, for a client created with this
   * `baseUrl`.
   * @default only the spec's servers
   */
  baseUrl?: string | undefined;
  /**
   * Which of Proficient's error shapes the fake sends: `"nested"`, `{ error: { code, message } }`
   * as its spec declares, or `"flat"`, `{ code, message }`, as its older admin API does.
   * @default "nested"
   */
  errorShape?: "nested" | "flat" | undefined;
}

/** A fake Proficient AI API: pass its `fetch` to `createProficientClient`. */
export type ProficientFake = UsersFake<ProficientCreateUserBody, ProficientUser>;

/**
 * Creates a fake Proficient AI API for tests: `POST /users` answers with a user built from the
 * spec's schema (which has no example; the request's fields copied in), or with the failures a
 * test queues, each in Proficient's wire format. Nothing leaves the process.
 *
 * @example
 * const fake = createProficientFake();
 * const proficient = createProficientClient({ secretKey: "sk_test", fetch: fake.fetch });
 * fake.users.create.failNext("rate_limited", { retryAfterSeconds: 0 });
 */
export function createProficientFake(options: ProficientFakeOptions = {}): ProficientFake {
  const flat = options.errorShape === "flat";
  return createUsersFake<ProficientCreateUserBody, ProficientUser>({
    format: {
      displayName: "Proficient",
      failures: {
        invalid_request: { status: 400, code: "invalid_request", message: "Bad Request" },
        // Proficient reports a duplicate as a 400 with its own code (its spec has no 409).
        conflict: { status: 400, code: "conflict", message: "Conflict" },
        invalid_credentials: { status: 401, code: "invalid_credentials", message: "Unauthorized" },
        // Its spec's codes have none for rate limits: the client keeps `unknown`, status 429.
        rate_limited: { status: 429, code: "unknown", message: "Too Many Requests" },
        // A 500 with the code `unavailable`, which the client retries whatever the status.
        unavailable: { status: 500, code: "unavailable", message: "Service Unavailable" },
      },
      errorBody: ({ code, message }): ProficientErrorBody | ProficientFlatErrorBody =>
        flat ? { code, message } : { error: { code, message } },
      // Secret keys only, as Bearer tokens.
      authorization: /^Bearer sk_\S/,
    },
    servers,
    baseUrl: options.baseUrl,
    example: examples["/users"].post["200"],
  });
}
