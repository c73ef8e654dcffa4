import { examples } from "../../generated/joyfill/examples.js";
import type { paths } from "../../generated/joyfill/schema.js";
import { servers } from "../../generated/joyfill/servers.js";
import type { JoyfillCreateUserBody, JoyfillUser } from "../joyfill.js";
import {
  fakeFetch,
  fakeOperation,
  withRequestFields,
  type FakeOperation,
  type VendorFormat,
} from "./fake.js";

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
export interface JoyfillFake {
  /**
   * Answers the client's requests as Joyfill would, without any network; called as the client
   * calls it, `fetch(request, { signal })`, and honours the signal.
   */
  readonly fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** The server URLs the fake answers. */
  readonly servers: readonly string[];
  readonly users: {
    /** `POST /users`. */
    readonly create: FakeOperation<JoyfillCreateUserBody, JoyfillUser>;
    /** Every user Joyfill created, oldest first: one per success and per `answer_lost`. */
    readonly created: readonly JoyfillUser[];
  };
  /** Resets every operation and forgets the created users. */
  reset(): void;
}

/** Joyfill's answers to the named failures; every body is `{ message }`. */
const joyfillFormat: VendorFormat = {
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
  acceptsAuthorization: (authorization) => /^(Basic|Bearer) \S/.test(authorization ?? ""),
};

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
  const created: JoyfillUser[] = [];
  const create = fakeOperation<JoyfillCreateUserBody, JoyfillUser>({
    method: "POST",
    path: "/users",
    success: (body) => withRequestFields<JoyfillUser>(examples["/users"].post["200"], body),
    onPerformed: (user) => created.push(user),
  });
  const urls = [
    ...servers.map((server) => server.url),
    ...(options.baseUrl ? [options.baseUrl] : []),
  ];
  return {
    fetch: fakeFetch({
      servers: urls.map((url) => url.replace(/\/+$/, "")),
      format: joyfillFormat,
      operations: [create],
    }),
    servers: urls,
    users: { create: create.operation, created },
    reset() {
      create.operation.reset();
      created.length = 0;
    },
  };
}
