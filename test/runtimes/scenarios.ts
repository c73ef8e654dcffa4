/**
 * What the runtime matrix runs in each runtime: the built package's clients against the fake API,
 * one scenario per credential kind and failure, each reported as plain JSON so that the test in
 * Node can compare runtimes with the same assertions. Uses only what every runtime with `fetch`
 * has: no Node API, no DOM.
 *
 * The runtime's entry (`entries/*.js`) imports the package by its published name and passes it in,
 * so the code under test is the installed tarball, not `src/`.
 *
 * @packageDocumentation
 */
import type * as Package from "../../src/index.js";

/** The package's exports a scenario uses, as the runtime's entry imported them. */
export type PackageExports = Pick<
  typeof Package,
  "ApiError" | "createJoyfillClient" | "createProficientClient"
>;

/** Where to send requests, and how the runtime is expected to be treated. */
export interface ScenarioInput {
  /** Origin of the fake API, e.g. `http://127.0.0.1:40123`. */
  apiUrl: string;
  /** An origin on 127.0.0.1 where nothing listens, so connecting is refused. */
  refusedUrl: string;
  /**
   * Pass `dangerouslyAllowBrowser: true` to the clients that carry a secret key: needed in a
   * browser page or web worker, where they are refused otherwise.
   */
  allowSecretKeys: boolean;
  /** Also create clients from the environment variables in {@link environmentCredentials}. */
  fromEnvironment: boolean;
}

/** The credentials the scenarios pass in options; the tests expect exactly these on the wire. */
export const optionCredentials = {
  joyfillPublicKey: "pk_matrix_public",
  joyfillSecretKey: "sk_matrix_joyfill_secret",
  joyfillAccessToken: "ut_matrix_access_token",
  proficientSecretKey: "sk_matrix_proficient_secret",
} as const;

/** The variables a runtime's process gets for the {@link ScenarioInput.fromEnvironment} case. */
export const environmentCredentials = {
  JOYFILL_ACCESS_TOKEN: "ut_matrix_access_token_from_env",
  PROFICIENT_SECRET_KEY: "sk_matrix_proficient_secret_from_env",
} as const;

/** A failure as the runtime saw it, with the fields of an `ApiError` when it is one. */
export interface ReportedError {
  /** `error instanceof ApiError`, with the `ApiError` the runtime imported. */
  isApiError: boolean;
  name: string;
  message: string;
  /** `ApiError` fields; `null` when absent (JSON has no `undefined`). */
  api: string | null;
  code: string | null;
  status: number | null;
}

/** What one call resolved to, or how it failed. */
export type Outcome<T> = { value: T } | { error: ReportedError };

/** The fields of a Joyfill user the scenarios read, through the generated types. */
export interface JoyfillUserFields {
  identifier: string | null;
  group: string | null;
}

/** The fields of a Proficient user the scenarios read, through the generated types. */
export interface ProficientUserFields {
  id: string;
  externalId: string;
  firstName: string | null;
  liveMode: boolean | null;
}

/** Everything one runtime reports. */
export interface ScenarioReport {
  /** The runtime's own name and version, e.g. `Bun 1.4.5` (see {@link runtimeName}). */
  runtime: string;
  /**
   * Creating a client with a secret key and without `dangerouslyAllowBrowser`: the error's message
   * where the runtime refuses it, `null` where it is accepted.
   */
  secretKeyRefusals: { joyfillKeyPair: string | null; proficientSecretKey: string | null };
  joyfillKeyPair: Outcome<JoyfillUserFields>;
  joyfillAccessToken: Outcome<JoyfillUserFields>;
  proficientSecretKey: Outcome<ProficientUserFields>;
  /** A call the fake API answers with 409. */
  conflict: Outcome<JoyfillUserFields>;
  /** A call to {@link ScenarioInput.refusedUrl}. */
  connectionRefused: Outcome<JoyfillUserFields>;
  /** Clients created with no credential option, from the environment; `null` when not asked. */
  fromEnvironment: {
    joyfillAccessToken: Outcome<JoyfillUserFields>;
    proficientSecretKey: Outcome<ProficientUserFields>;
  } | null;
}

/** Path prefixes on the fake API, one per scenario, so each request tells which scenario sent it. */
export const scenarioPaths = {
  joyfillKeyPair: "/key-pair",
  joyfillAccessToken: "/access-token",
  proficientSecretKey: "/proficient",
  conflict: "/conflict",
  environmentJoyfill: "/env-access-token",
  environmentProficient: "/env-proficient",
} as const;

/** Runs every scenario in order, one request at a time, and reports what happened. */
export async function runScenarios(
  api: PackageExports,
  input: ScenarioInput,
): Promise<ScenarioReport> {
  const { createJoyfillClient, createProficientClient } = api;
  const url = (path: string) => `${input.apiUrl}${path}`;
  const optIn = { dangerouslyAllowBrowser: input.allowSecretKeys, maxRetries: 0 };
  const report = <T>(call: () => Promise<T>) => outcome(api, call);

  const secretKeyRefusals = {
    joyfillKeyPair: creationError(() =>
      createJoyfillClient({
        publicKey: optionCredentials.joyfillPublicKey,
        secretKey: optionCredentials.joyfillSecretKey,
        baseUrl: url(scenarioPaths.joyfillKeyPair),
      }),
    ),
    proficientSecretKey: creationError(() =>
      createProficientClient({
        secretKey: optionCredentials.proficientSecretKey,
        baseUrl: url(scenarioPaths.proficientSecretKey),
      }),
    ),
  };

  const joyfillKeyPair = await report(async () => {
    const client = createJoyfillClient({
      ...optIn,
      publicKey: optionCredentials.joyfillPublicKey,
      secretKey: optionCredentials.joyfillSecretKey,
      baseUrl: url(scenarioPaths.joyfillKeyPair),
    });
    return joyfillFields(
      await client.users.create({ identifier: "u_key_pair", group: "back-end" }),
    );
  });

  const joyfillAccessToken = await report(async () => {
    const client = createJoyfillClient({
      accessToken: optionCredentials.joyfillAccessToken,
      baseUrl: url(scenarioPaths.joyfillAccessToken),
      maxRetries: 0,
    });
    return joyfillFields(
      await client.users.create({ identifier: "u_access_token", group: "front-end" }),
    );
  });

  const proficientSecretKey = await report(async () => {
    const client = createProficientClient({
      ...optIn,
      secretKey: optionCredentials.proficientSecretKey,
      baseUrl: url(scenarioPaths.proficientSecretKey),
    });
    return proficientFields(
      await client.users.create({ external_id: "matrix-1", first_name: "Ada" }),
    );
  });

  const conflict = await report(async () => {
    // Retries left on purpose: a 409 must not be retried, so the fake API sees one request.
    const client = createJoyfillClient({
      accessToken: optionCredentials.joyfillAccessToken,
      baseUrl: url(scenarioPaths.conflict),
    });
    return joyfillFields(await client.users.create({ identifier: "u_taken" }));
  });

  const connectionRefused = await report(async () => {
    const client = createJoyfillClient({
      accessToken: optionCredentials.joyfillAccessToken,
      baseUrl: input.refusedUrl,
      maxRetries: 0,
    });
    return joyfillFields(await client.users.create({ identifier: "u_unreachable" }));
  });

  let fromEnvironment: ScenarioReport["fromEnvironment"] = null;
  if (input.fromEnvironment) {
    fromEnvironment = {
      joyfillAccessToken: await report(async () => {
        const client = createJoyfillClient({
          baseUrl: url(scenarioPaths.environmentJoyfill),
          maxRetries: 0,
        });
        return joyfillFields(await client.users.create({ identifier: "u_env" }));
      }),
      proficientSecretKey: await report(async () => {
        const client = createProficientClient({
          ...optIn,
          baseUrl: url(scenarioPaths.environmentProficient),
        });
        return proficientFields(await client.users.create({ external_id: "matrix-env" }));
      }),
    };
  }

  return {
    runtime: runtimeName(),
    secretKeyRefusals,
    joyfillKeyPair,
    joyfillAccessToken,
    proficientSecretKey,
    conflict,
    connectionRefused,
    fromEnvironment,
  };
}

/** Reads a Joyfill user through its generated type: a renamed or retyped field fails `tsc`. */
function joyfillFields(user: Package.JoyfillUser): JoyfillUserFields {
  const identifier: string | undefined = user.identifier;
  const group: string | undefined = user.group;
  return { identifier: identifier ?? null, group: group ?? null };
}

/** Reads a Proficient user through its generated type. */
function proficientFields(user: Package.ProficientUser): ProficientUserFields {
  const id: string = user.id;
  const externalId: string = user.external_id;
  const firstName: string | null | undefined = user.first_name;
  const liveMode: boolean | null | undefined = user.live_mode;
  return { id, externalId, firstName: firstName ?? null, liveMode: liveMode ?? null };
}

async function outcome<T>(api: PackageExports, call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error: reportedError(api, error) };
  }
}

function reportedError(api: PackageExports, error: unknown): ReportedError {
  if (error instanceof api.ApiError) {
    return {
      isApiError: true,
      name: error.name,
      message: error.message,
      api: error.api,
      code: error.code,
      status: error.status ?? null,
    };
  }
  const { name, message } =
    error instanceof Error ? error : { name: typeof error, message: String(error) };
  return { isApiError: false, name, message, api: null, code: null, status: null };
}

function creationError(create: () => unknown): string | null {
  try {
    create();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The runtime's name and version as it reports them itself, so the matrix checks that it ran the
 * runtime it meant to: `Node 20.20.2`, `Bun 1.4.5`, `Deno 2.9.6`, `workerd` (Cloudflare's user
 * agent carries no version), `edge-runtime`, or the browser's user agent.
 */
export function runtimeName(): string {
  const scope = globalThis as {
    Bun?: { version: string };
    Deno?: { version: { deno: string } };
    EdgeRuntime?: string;
    process?: { versions?: { node?: string } };
    navigator?: { userAgent?: string };
  };
  if (scope.Bun) return `Bun ${scope.Bun.version}`;
  if (scope.Deno) return `Deno ${scope.Deno.version.deno}`;
  if (typeof scope.EdgeRuntime === "string") return `EdgeRuntime ${scope.EdgeRuntime}`;
  if (scope.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  if (scope.process?.versions?.node) return `Node ${scope.process.versions.node}`;
  return scope.navigator?.userAgent ?? "unknown runtime";
}
