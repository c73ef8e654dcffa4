import { examples } from "../../generated/joyfill/examples.js";
import type { paths } from "../../generated/joyfill/schema.js";
import { servers } from "../../generated/joyfill/servers.js";
import type { JoyfillCreateUserBody, JoyfillUser } from "../joyfill.js";
import { createUsersFake, type UsersFake } from "./fake.js";

/** A Joyfill error body: `{ message }`, the only error shape its spec documents. */
export type JoyfillErrorBody =
  paths["/users"]["post"]["responses"][400]["content"]["application/json"];

/** Options for {@link createJoyfillFake}. */
export interface JoyfillFakeOptions {
  /**
   * A server URL the fake answers besides the spec's, for a client created with this `baseUrl`.
   * @default only the spec's server
   */
  baseUrl?: string | undefined;
}

/** A fake Joyfill API: pass its `fetch` to `createJoyfillClient`. */
export type JoyfillFake = UsersFake<JoyfillCreateUserBody, JoyfillUser>;

/**
 * Creates a fake Joyfill API for tests: `POST /users` answers with the spec's example user (the
 * request's fields of the same name copied in, here `identifier` and `group`), or with the
 * failures a test queues, each in Joyfill's wire format. Nothing leaves the process.
 *
 * @example
 * const fake = createJoyfillFake();
 * const joyfill = createJoyfillClient({ accessToken: "token", fetch: fake.fetch });
 * fake.users.create.failNext("conflict");
 */
export function createJoyfillFake(options: JoyfillFakeOptions = {}): JoyfillFake {
  return createUsersFake<JoyfillCreateUserBody, JoyfillUser>({
    // Joyfill's answers to the named failures; every body is `{ message }`.
    format: {
      displayName: "Joyfill",
      failures: {
        // The status and message of the spec's own 400 example.
        invalid_request: {
          status: 400,
          code: "invalid_request",
          message: examples["/users"].post["400"].message,
        },
        // Statuses the spec does not document: the HTTP ones, with their reason phrases.
        conflict: { status: 409, code: "conflict", message: "Conflict" },
        invalid_credentials: { status: 401, code: "invalid_credentials", message: "Unauthorized" },
        rate_limited: { status: 429, code: "unknown", message: "Too Many Requests" },
        unavailable: { status: 503, code: "unavailable", message: "Service Unavailable" },
      },
      errorBody: ({ message }): JoyfillErrorBody => ({ message }),
      // An API key pair (Basic) or a user access token (Bearer), the schemes the spec declares.
      authorization: /^(Basic|Bearer) \S/,
    },
    servers,
    baseUrl: options.baseUrl,
    example: examples["/users"].post["200"],
  });
}
