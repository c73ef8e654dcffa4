/**
 * The engine the vendor fakes share: one fake operation (its queue of failures, its answer,
 * what it received) and the `fetch` that routes a request to it. The vendors' wire formats are
 * the per-API modules' business; nothing here opens a socket or touches a global.
 */

/** The failures a fake answers with, by name. */
export type FailureName =
  | "conflict"
  | "invalid_request"
  | "invalid_credentials"
  | "rate_limited"
  | "unavailable"
  | "slow"
  | "connection_refused"
  | "connection_dropped"
  | "answer_lost";

/** The failures that are an HTTP answer in the vendor's error format. */
export type HttpFailureName = Extract<
  FailureName,
  "conflict" | "invalid_request" | "invalid_credentials" | "rate_limited" | "unavailable"
>;

/** What each failure can be told; every one also takes `times`. */
export interface FailureOptions {
  /** The vendor's "already exists" answer. */
  conflict: HttpFailureOptions;
  /** The vendor's "the request is invalid" answer. */
  invalid_request: HttpFailureOptions;
  /** The vendor's answer to a missing, unknown or revoked credential. */
  invalid_credentials: HttpFailureOptions;
  /** HTTP 429 with a `Retry-After` header. */
  rate_limited: HttpFailureOptions & {
    /**
     * The `Retry-After` header, in seconds; the client waits exactly this long before retrying.
     * @default 1
     */
    retryAfterSeconds?: number | undefined;
  };
  /** The vendor's answer while it is down or overloaded. */
  unavailable: HttpFailureOptions;
  /**
   * No answer for `delayMs`, then the usual one; the request's signal (the client's timeout, the
   * caller's abort) ends the wait, and `fetch` rejects with the signal's reason, as `fetch` does.
   * A request aborted while it waits creates nothing.
   */
  slow: {
    /**
     * How long the answer takes. `Infinity`: it comes only when the request is aborted.
     * @default Infinity
     */
    delayMs?: number | undefined;
  };
  /**
   * The connection is refused: the request certainly never reached the vendor. `fetch` rejects
   * with a `TypeError` whose cause has `code: "ECONNREFUSED"`, as Node's `fetch` does.
   */
  connection_refused: Record<never, never>;
  /**
   * The connection drops after the request was sent, before the vendor acted on it: nothing is
   * created. `fetch` rejects with a `TypeError` whose cause has `code: "ECONNRESET"`.
   */
  connection_dropped: Record<never, never>;
  /**
   * The vendor acts on the request (a user is created), then the connection drops before the
   * answer arrives: `fetch` rejects exactly as for `connection_dropped`, so the client cannot
   * tell whether anything happened.
   */
  answer_lost: Record<never, never>;
}

/** Options every HTTP failure takes. */
export interface HttpFailureOptions {
  /** The error message in the body. @default the vendor's message for this failure */
  message?: string | undefined;
  /** The HTTP status. @default the status the vendor uses for this failure */
  status?: number | undefined;
}

/** How many requests a queued failure answers. */
export interface Times {
  /**
   * How many requests in a row get this failure; `Infinity` for every request until `reset()`.
   * @default 1
   */
  times?: number | undefined;
}

/** The `Authorization` scheme a request used; the credential itself is never recorded. */
export type AuthScheme = "basic" | "bearer" | "none" | "other";

/** What a fake operation received, one entry per request (so per attempt, retries included). */
export interface RecordedRequest<Body> {
  /** 1 for the operation's first request, 2 for the next (a retry or another call), … */
  attempt: number;
  /** e.g. `"POST"`. */
  method: string;
  /** The full URL the request went to. */
  url: string;
  /** The JSON body, parsed; `undefined` when there was none. */
  body: Body;
  /** The `Authorization` scheme, lower case; `"none"` without the header. */
  auth: AuthScheme;
  /**
   * Every header, names in lower case; `authorization` and `proxy-authorization` keep only
   * their scheme (`"Bearer [redacted]"`), `cookie` and `x-api-key` are `"[redacted]"`.
   */
  headers: Record<string, string>;
  /** What the fake did: `"success"` or the failure's name. */
  answer: "success" | FailureName;
}

/** An answer override: fields of the success body, or a function of the request giving them. */
export type Respond<Body, Result> =
  Partial<Result> | ((request: RecordedRequest<Body>) => Partial<Result>);

/** One operation of a fake vendor, e.g. `fake.users.create`. */
export interface FakeOperation<Body, Result> {
  /**
   * Answers every later successful request with these fields over the default success (the
   * spec's example, with the request's own fields copied in), until `reset()`. A function is
   * called with each request.
   */
  respond(answer: Respond<Body, Result>): this;
  /**
   * Answers the next request (or the next `times`) with a failure, after any already queued;
   * once the queue is empty, requests succeed again.
   */
  failNext<Name extends FailureName>(name: Name, options?: FailureOptions[Name] & Times): this;
  /** Every request received, oldest first; `requests.length` is the number of attempts. */
  readonly requests: readonly RecordedRequest<Body>[];
  /** Forgets the queued failures, the `respond` override and the recorded requests. */
  reset(): void;
}

/** One queued failure. */
interface QueuedFailure {
  name: FailureName;
  options: FailureOptions["rate_limited"] & FailureOptions["slow"];
  remaining: number;
}

/** The codes of the vendors' error bodies (Proficient sends them; Joyfill's carry none). */
export type VendorErrorCode =
  | "invalid_request"
  | "invalid_credentials"
  | "forbidden"
  | "resource_not_found"
  | "conflict"
  | "unavailable"
  | "unknown";

/** One error answer: its status, the vendor's code for it, and its message. */
export interface VendorError {
  status: number;
  code: VendorErrorCode;
  message: string;
}

/** How an API answers, beyond its success bodies: its wire format. */
export interface VendorFormat {
  /** The API's name in messages, e.g. `"Joyfill"`. */
  displayName: string;
  /** How the vendor answers each HTTP failure unless a test says otherwise. */
  failures: Readonly<Record<HttpFailureName, VendorError>>;
  /** The body of an error answer, in the vendor's shape. */
  errorBody(error: VendorError): unknown;
  /** The `Authorization` headers the vendor takes; it refuses any other, and a missing one. */
  authorization: RegExp;
}

/** What a fake operation needs from its API module. */
export interface OperationConfig<Body, Result> {
  method: string;
  /** The path below the server's URL, e.g. `"/users"`. */
  path: string;
  /** The default success body for a request, before any `respond` override. */
  success(body: Body): Result;
  /** Called with each body the vendor acted on: successes and `answer_lost`. */
  onPerformed(result: Result): void;
}

/** What routing needs of an operation, whatever its body and result types. */
export interface RoutedOperation {
  config: { method: string; path: string };
  answer(request: Request, signal: AbortSignal, format: VendorFormat): Promise<Response>;
}

/** A fake operation, for the test, and how its fake vendor answers it. */
export interface OperationHandle<Body, Result> extends RoutedOperation {
  operation: FakeOperation<Body, Result>;
  config: OperationConfig<Body, Result>;
}

/** Creates one fake operation. */
export function fakeOperation<Body, Result>(
  config: OperationConfig<Body, Result>,
): OperationHandle<Body, Result> {
  let queue: QueuedFailure[] = [];
  let respond: Respond<Body, Result> | undefined;
  const requests: RecordedRequest<Body>[] = [];

  const operation: FakeOperation<Body, Result> = {
    respond(answer) {
      respond = answer;
      return this;
    },
    failNext(name, options) {
      const { times = 1, ...rest } = (options ?? {}) as QueuedFailure["options"] & Times;
      if (!(times >= 1)) {
        throw new RangeError(`failNext("${name}"): times must be 1 or more; got ${String(times)}.`);
      }
      queue.push({ name, options: rest, remaining: times });
      return this;
    },
    requests,
    reset() {
      queue = [];
      respond = undefined;
      requests.length = 0;
    },
  };

  async function answer(
    request: Request,
    signal: AbortSignal,
    format: VendorFormat,
  ): Promise<Response> {
    const body = (await readJson(request)) as Body;
    // A connection that fails before the vendor reads the request fails whatever its credentials;
    // past that point, the vendor refuses credentials it does not take before anything else.
    const next = queue[0];
    const beforeVendor = next?.name === "connection_refused" || next?.name === "connection_dropped";
    const authorization = request.headers.get("authorization");
    const accepted = authorization !== null && format.authorization.test(authorization);
    const failure: QueuedFailure | undefined =
      accepted || beforeVendor ? next : { name: "invalid_credentials", options: {}, remaining: 1 };
    if (failure === next && next && --next.remaining <= 0) queue.shift();
    const recorded: RecordedRequest<Body> = {
      attempt: requests.length + 1,
      method: request.method,
      url: request.url,
      body,
      auth: authScheme(authorization),
      headers: recordedHeaders(request.headers),
      answer: failure?.name ?? "success",
    };
    requests.push(recorded);
    /** Carries the request out: the success body, which the vendor now holds. */
    const perform = (): Result => {
      const override = typeof respond === "function" ? respond(recorded) : respond;
      const result = { ...config.success(body), ...override };
      config.onPerformed(result);
      return result;
    };
    if (!failure) return Response.json(perform());
    const { name, options } = failure;
    switch (name) {
      case "slow":
        await delay(options.delayMs ?? Infinity, signal);
        return Response.json(perform());
      case "connection_refused":
        throw transportError(`connect ECONNREFUSED ${new URL(request.url).host}`, "ECONNREFUSED");
      case "answer_lost":
        perform();
        throw transportError("read ECONNRESET", "ECONNRESET");
      case "connection_dropped":
        throw transportError("read ECONNRESET", "ECONNRESET");
      case "rate_limited": {
        const seconds = options.retryAfterSeconds ?? 1;
        return errorResponse(format, name, options, { "retry-after": String(seconds) });
      }
      default:
        return errorResponse(format, name, options);
    }
  }

  return { operation, config, answer };
}

/**
 * The `fetch` of a fake vendor: answers requests to its servers' URLs by operation, in the
 * vendor's format, and honours `init.signal` like the runtime's `fetch`.
 */
export function fakeFetch(options: {
  servers: readonly string[];
  format: VendorFormat;
  operations: readonly RoutedOperation[];
}): (input: Request | string | URL, init?: RequestInit) => Promise<Response> {
  const { servers, format, operations } = options;
  return async (input, init) => {
    const request = new Request(input, init);
    const signal = init?.signal ?? request.signal;
    if (signal.aborted) throw signal.reason;
    const server = servers.find((base) => request.url.startsWith(`${base}/`));
    if (server === undefined) {
      throw new TypeError(
        `The ${format.displayName} fake has no server at ${request.url}; it answers ` +
          `${servers.join(", ")}. Pass baseUrl to the fake to answer another.`,
      );
    }
    const path = new URL(request.url).pathname.slice(
      new URL(server).pathname.replace(/\/$/, "").length,
    );
    const handle = operations.find(
      ({ config }) => config.method === request.method && config.path === path,
    );
    if (!handle) {
      const message = `The ${format.displayName} fake has no operation ${request.method} ${path}.`;
      const error: VendorError = { status: 404, code: "resource_not_found", message };
      return Response.json(format.errorBody(error), { status: error.status });
    }
    return handle.answer(request, signal, format);
  };
}

/** A fake vendor API whose operation is `POST /users`: pass its `fetch` as the client's `fetch`. */
export interface UsersFake<Body, User> {
  /**
   * Answers the client's requests as the vendor would, without any network; called as the
   * client calls it, `fetch(request, { signal })`, and honours the signal.
   */
  readonly fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** The server URLs the fake answers: the spec's, and `baseUrl` if given. */
  readonly servers: readonly string[];
  readonly users: {
    /** `POST /users`. */
    readonly create: FakeOperation<Body, User>;
    /** Every user the vendor created, oldest first: one per success and per `answer_lost`. */
    readonly created: readonly User[];
  };
  /** Resets every operation and forgets the created users. */
  reset(): void;
}

/** What {@link createUsersFake} needs of an API. */
export interface UsersFakeConfig<User> {
  /** How the API answers. */
  format: VendorFormat;
  /** The servers its spec declares. */
  servers: readonly { url: string }[];
  /** A server URL the test adds, for a client created with this `baseUrl`. */
  baseUrl: string | undefined;
  /** The success body of `POST /users` before the request's fields are copied in. */
  example: User;
}

/**
 * Creates the fake of an API whose operation is `POST /users`: a success answers with the
 * example, the request's fields of the same name copied in, and records the user as created.
 */
export function createUsersFake<Body, User extends object>(
  config: UsersFakeConfig<User>,
): UsersFake<Body, User> {
  const created: User[] = [];
  const create = fakeOperation<Body, User>({
    method: "POST",
    path: "/users",
    success: (body) => withRequestFields(config.example, body),
    onPerformed: (user) => created.push(user),
  });
  const urls = [
    ...config.servers.map((server) => server.url),
    ...(config.baseUrl ? [config.baseUrl] : []),
  ];
  return {
    fetch: fakeFetch({
      servers: urls.map((url) => url.replace(/\/+$/, "")),
      format: config.format,
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

/**
 * The example with each field of the request body that it also has, of the same JSON type,
 * copied in: a created resource echoes what it was created with. `null`s are left out.
 */
export function withRequestFields<Result extends object>(example: Result, body: unknown): Result {
  if (body === null || typeof body !== "object") return example;
  const result: Record<string, unknown> = { ...(example as Record<string, unknown>) };
  for (const [name, value] of Object.entries(body)) {
    if (name in result && value !== null && typeof value === typeof result[name]) {
      result[name] = value;
    }
  }
  return result as Result;
}

/** An HTTP failure in the vendor's format, with the test's message and status if it gave them. */
function errorResponse(
  format: VendorFormat,
  name: HttpFailureName,
  options: HttpFailureOptions,
  headers?: Record<string, string>,
): Response {
  const usual = format.failures[name];
  const error: VendorError = {
    status: options.status ?? usual.status,
    code: usual.code,
    message: options.message ?? usual.message,
  };
  return Response.json(format.errorBody(error), { status: error.status, headers: headers ?? {} });
}

/** A request's JSON body, or `undefined` when it has none. */
async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function authScheme(authorization: string | null): AuthScheme {
  if (authorization === null) return "none";
  const scheme = authorization.split(" ")[0]!.toLowerCase();
  return scheme === "basic" || scheme === "bearer" ? scheme : "other";
}

const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key"]);

function recordedHeaders(headers: Headers): Record<string, string> {
  const recorded: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!SECRET_HEADERS.has(name)) recorded[name] = value;
    else if (name.endsWith("authorization")) recorded[name] = `${value.split(" ")[0]} [redacted]`;
    else recorded[name] = "[redacted]";
  });
  return recorded;
}

/**
 * The rejection of Node's `fetch` when the connection fails: a `TypeError` whose cause carries
 * the system error's `code`, by which a client tells a refused connection from a dropped one.
 */
function transportError(message: string, code: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

/** Waits `ms` (forever for `Infinity`), or rejects with the signal's reason once it aborts. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = ms === Infinity ? undefined : setTimeout(done, ms);
    // A signal aborts at most once, so the listener needs no `once`; `clearTimeout` ignores
    // `undefined`, the timer of an endless wait.
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort);
    function done() {
      // Stryker disable next-line StringLiteral: the listener left behind would only reject a settled promise
      signal.removeEventListener("abort", onAbort);
      resolve();
    }
  });
}
