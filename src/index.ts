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
  type Logger,
  type LogLevel,
  type Operation,
  type OutcomeEvent,
  type RequestEvent,
  type RequestOptions,
  type ResponseEvent,
  type RetryEvent,
  type TypedClient,
  type WithResponse,
} from "./core/index.js";
export * from "./joyfill.js";
export * from "./proficient.js";
