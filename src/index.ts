export {
  ApiError,
  type ApiErrorCode,
  type ApiErrorInit,
  type ApiName,
  type AttemptEvent,
  type CallEvent,
  type ClientOptions,
  type Hooks,
  type JsonKind,
  type KnownApis,
  type Mismatch,
  type MismatchEvent,
  type Operation,
  type OutcomeEvent,
  type RequestEvent,
  type RequestOptions,
  type ResponseCheckMode,
  type ResponseChecks,
  type ResponseEvent,
  type RetryEvent,
  type RetryReason,
  type StopReason,
  type TypedClient,
  type VendorActed,
  type WithResponse,
} from "./core/index.js";
export type { ResponseCheckOptions } from "./checks/response-checks.js";
export type { StandardSchemaV1 } from "./checks/standard-schema.js";
export * from "./joyfill.js";
export * from "./proficient.js";
export * from "./logging.js";
