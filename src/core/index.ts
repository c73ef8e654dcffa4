export { onAbort, wait } from "./abort.js";
export {
  ApiError,
  type ApiErrorCode,
  type ApiErrorInit,
  type ApiName,
  type KnownApis,
} from "./api-error.js";
export {
  authMiddleware,
  basicCredential,
  bearerCredential,
  type BearerCredentialOptions,
  type Credential,
} from "./auth.js";
export {
  createApiClient,
  type ApiClient,
  type ApiClientConfig,
  type AttemptInit,
  type ClientOptions,
  type Operation,
  type OperationSpec,
  type RequestOptions,
  type TypedClient,
  type WithResponse,
} from "./client.js";
export { credentialScheme, resolveCredential, type CredentialScheme } from "./credentials.js";
export { isBrowserRuntime, presentValue, readEnv } from "./environment.js";
export {
  errorFromResponse,
  errorFromTransport,
  isRecord,
  normalizeResult,
  objectDecoder,
  type Decode,
  type ObjectDecoderOptions,
  type OperationContext,
  type RawResult,
  type TransportFailure,
} from "./normalize.js";
export {
  backoffDelayMs,
  defaultRetryPolicy,
  parseRetryAfterMs,
  retryDelayMs,
  type RetryDelayInput,
  type RetryPolicy,
} from "./retry-delay.js";
export {
  environmentUrl,
  environmentUrls,
  serverUrl,
  type ServerEntry,
  type ServerLabel,
} from "./servers.js";
export type { JsonRequestBody, JsonSuccessBody } from "./schema-types.js";
