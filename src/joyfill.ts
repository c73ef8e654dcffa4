import type { paths } from "../generated/joyfill/schema.js";
import { idempotencyHeader, servers } from "../generated/joyfill/servers.js";
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
  publicKey?: string | undefined;
  /** Secret half of an API key pair; back ends only. @default process.env.JOYFILL_SECRET_KEY */
  secretKey?: string | undefined;
  /** A user access token, fine in front ends. @default process.env.JOYFILL_ACCESS_TOKEN */
  accessToken?: string | undefined;
}

/** A Joyfill API client; `users.create` is `POST /users`. */
export interface JoyfillClient extends core.TypedClient<paths> {
  readonly users: { readonly create: core.Operation<JoyfillCreateUserBody, JoyfillUser> };
}

/**
 * Creates a Joyfill client: API keys go as `Authorization: Basic`, an access token as `Bearer`.
 * @throws Error when credentials are missing, or a secret key is used in a browser.
 */
export function createJoyfillClient(options: JoyfillClientOptions = {}): JoyfillClient {
  const api = core.createApiClient<paths>({
    ...options,
    api: "joyfill",
    displayName: "Joyfill API",
    idempotencyHeader,
    baseUrl: options.baseUrl ?? servers[0].url,
    credential: core.resolveCredential("Joyfill API", options, [
      core.credentialScheme({
        env: { publicKey: "JOYFILL_PUBLIC_KEY", secretKey: "JOYFILL_SECRET_KEY" },
        build: ({ publicKey, secretKey }) => core.basicCredential(publicKey, secretKey),
      }),
      core.credentialScheme({
        env: { accessToken: "JOYFILL_ACCESS_TOKEN" },
        build: ({ accessToken }) => core.bearerCredential(accessToken, { secret: false }),
      }),
    ]),
  });
  const create = api.operation({
    name: "POST /users",
    send: (body: JoyfillCreateUserBody, init) => api.raw.POST("/users", { ...init, body }),
    decode: core.objectDecoder<JoyfillUser>({ renamedFields: { identifer: "identifier" } }),
  });
  return { baseUrl: api.baseUrl, raw: api.raw, users: { create } };
}
