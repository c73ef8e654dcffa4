export {
  ApiError,
  type ApiErrorCode,
  type ApiErrorInit,
  type ApiName,
  type KnownApis,
  type VendorActed,
} from "./api-error.js";
export { basicCredential, bearerCredential, type Credential } from "./auth.js";
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
export type {
  AttemptEvent,
  CallEvent,
  Hooks,
  MismatchEvent,
  OutcomeEvent,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  RetryReason,
  StopReason,
} from "./hooks.js";
export { credentialScheme, resolveCredential, type CredentialScheme } from "./credentials.js";
export { objectDecoder, type Decode, type ObjectDecoderOptions } from "./normalize.js";
export { defaultRetryPolicy, type RetryPolicy } from "./retry-delay.js";
export { environmentUrl, environmentUrls, type ServerEntry } from "./servers.js";
export type { JsonRequestBody, JsonSuccessBody } from "./schema-types.js";
export type { JsonKind, Mismatch, ResponseCheckMode, ResponseChecks } from "./response-checks.js";
