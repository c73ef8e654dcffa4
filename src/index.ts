export {
  ApiError,
  type ApiErrorCode,
  type ApiErrorInit,
  type ApiName,
  type AttemptEvent,
  type CallEvent,
  type ClientOptions,
  type Hooks,
  type KnownApis,
  type Operation,
  type OutcomeEvent,
  type RequestEvent,
  type RequestOptions,
  type ResponseEvent,
  type RetryEvent,
  type RetryReason,
  type StopReason,
  type TypedClient,
  type VendorActed,
  type WithResponse,
} from "./core/index.js";
export * from "./joyfill.js";
export * from "./proficient.js";
export * from "./logging.js";
