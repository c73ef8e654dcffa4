import type { paths } from "../generated/proficient/schema.js";
import { idempotencyHeader, servers } from "../generated/proficient/servers.js";
import * as core from "./core/index.js";

declare module "./core/api-error.js" {
  interface KnownApis {
    proficient: true;
  }
}

/** Body of `users.create`: the request schema of Proficient's "Create a user". */
export type ProficientCreateUserBody = core.JsonRequestBody<paths["/users"]["post"]>;
/** A Proficient user as "Create a user" returns it. */
export type ProficientUser = core.JsonSuccessBody<paths["/users"]["post"]>;

const environments = core.environmentUrls(servers, ["Production", "Staging", "Development"]);
/** Which of the spec's servers to call. */
export type ProficientEnvironment = keyof typeof environments;

/** Options for {@link createProficientClient}. */
export interface ProficientClientOptions extends core.ClientOptions {
  /** Secret key (`sk_…`), back ends only. @default process.env.PROFICIENT_SECRET_KEY */
  secretKey?: string | undefined;
  /** The server to call; `baseUrl` overrides it. @default "production" */
  environment?: ProficientEnvironment | undefined;
}

/** A Proficient AI API client; `users.create` is `POST /users`. */
export interface ProficientClient extends core.TypedClient<paths> {
  readonly users: { readonly create: core.Operation<ProficientCreateUserBody, ProficientUser> };
}

/**
 * Creates a Proficient AI client, sending `Authorization: Bearer <secret key>`.
 * @throws Error when the key is missing or malformed, the environment unknown, or in a browser.
 */
export function createProficientClient(options: ProficientClientOptions = {}): ProficientClient {
  const environment = options.environment ?? "production";
  const api = core.createApiClient<paths>({
    ...options,
    api: "proficient",
    displayName: "Proficient API",
    idempotencyHeader,
    baseUrl: options.baseUrl ?? core.environmentUrl("Proficient API", environments, environment),
    credential: core.resolveCredential("Proficient API", options, [
      core.credentialScheme({
        env: { secretKey: "PROFICIENT_SECRET_KEY" },
        build: ({ secretKey }) => core.bearerCredential(secretKey, { secret: true, prefix: "sk_" }),
      }),
    ]),
  });
  const create = api.operation({
    name: "POST /users",
    send: (body: ProficientCreateUserBody, init) => api.raw.POST("/users", { ...init, body }),
    decode: core.objectDecoder<ProficientUser>(),
  });
  return { baseUrl: api.baseUrl, raw: api.raw, users: { create } };
}
