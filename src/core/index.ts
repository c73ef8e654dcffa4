export { onAbort, wait } from "./abort.js";
export {
  ApiError,
  type ApiErrorCode,
  type ApiErrorInit,
  type ApiName,
  type KnownApis,
  type VendorActed,
} from "./api-error.js";
export {
  authMiddleware,
  basicCredential,
  bearerCredential,
  credentialProblem,
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
export {
  createObserver,
  redactHeaders,
  type AttemptEvent,
  type CallEvent,
  type CallObserver,
  type RetryReason,
  type StopReason,
  type EventLog,
  type EventOf,
  type HookName,
  type Hooks,
  type ObserverConfig,
  type OutcomeEvent,
  type RequestEvent,
  type ResponseEvent,
  type RetryEvent,
} from "./hooks.js";
export {
  createLog,
  LOG_LEVEL_ENV,
  MAX_LOGGED_BODY_CHARS,
  type Logger,
  type LogLevel,
  type LogOptions,
} from "./logging.js";
export { credentialScheme, resolveCredential, type CredentialScheme } from "./credentials.js";
export { isBrowserRuntime, presentValue, readEnv } from "./environment.js";
export {
  errorFromResponse,
  errorFromTransport,
  isRecord,
  normalizeResult,
  objectDecoder,
  requestIdOf,
  type Decode,
  type ObjectDecoderOptions,
  type OperationContext,
  type RawResult,
  type TransportFailure,
} from "./normalize.js";
export {
  backoffDelayMs,
  defaultRetryPolicy,
  parseHttpDateMs,
  parseRetryAfterMs,
  retryDelayMs,
  type RetryDelayInput,
  type RetryPolicy,
} from "./retry-delay.js";
export { userAgent } from "./user-agent.js";
export { VERSION } from "./version.js";
export {
  environmentUrl,
  environmentUrls,
  serverUrl,
  type ServerEntry,
  type ServerLabel,
} from "./servers.js";
export type { JsonRequestBody, JsonSuccessBody } from "./schema-types.js";
