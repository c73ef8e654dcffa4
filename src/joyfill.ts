import type { paths } from "../generated/joyfill/schema.js";
import { servers } from "../generated/joyfill/servers.js";
import * as core from "./core/index.js";

declare module "./core/api-error.js" {
  interface KnownApis {
    joyfill: true;
  }
}

/** Body of `users.create`: the request schema of Joyfill's "Create a user". */
export type JoyfillCreateUserBody = core.JsonRequestBody<paths["/users"]["post"]>;
/** A Joyfill user as "Create a user" returns it (always `identifier`, never `identifer`). */
export type JoyfillUser = core.JsonSuccessBody<paths["/users"]["post"]>;

/** Options for {@link createJoyfillClient}: an API key pair (back ends) or an access token. */
export interface JoyfillClientOptions extends core.ClientOptions {
  /** Public half of an API key pair. @default process.env.JOYFILL_PUBLIC_KEY */
  publicKey?: string;
  /** Secret half of an API key pair; back ends only. @default process.env.JOYFILL_SECRET_KEY */
  secretKey?: string;
  /** A user access token, fine in front ends. @default process.env.JOYFILL_ACCESS_TOKEN */
  accessToken?: string;
}

/** A Joyfill API client. */
export interface JoyfillClient extends core.TypedClient<paths> {
  /** Users: `create` is `POST /users`. */
  readonly users: { readonly create: core.Operation<JoyfillCreateUserBody, JoyfillUser> };
}

const credentialSchemes = [
  core.credentialScheme({
    options: ["publicKey", "secretKey"],
    env: ["JOYFILL_PUBLIC_KEY", "JOYFILL_SECRET_KEY"],
    build: core.basicCredential,
  }),
  core.credentialScheme({
    options: ["accessToken"],
    env: ["JOYFILL_ACCESS_TOKEN"],
    build: (token) => core.bearerCredential(token, { secret: false }),
  }),
];

/**
 * Creates a Joyfill client: API keys go as `Authorization: Basic`, an access token as `Bearer`.
 * @throws Error when credentials are missing, or a secret key is used in a browser.
 */
export function createJoyfillClient(options: JoyfillClientOptions = {}): JoyfillClient {
  const api = core.createApiClient<paths>({
    ...options,
    api: "joyfill",
    displayName: "Joyfill API",
    baseUrl: options.baseUrl ?? servers[0].url,
    credential: core.resolveCredential("Joyfill API", options, credentialSchemes),
  });
  const create = api.operation({
    name: "POST /users",
    send: (body: JoyfillCreateUserBody, init) => api.raw.POST("/users", { ...init, body }),
    decode: core.objectDecoder<JoyfillUser>({ renamedFields: { identifer: "identifier" } }),
  });
  return { baseUrl: api.baseUrl, raw: api.raw, users: { create } };
}
