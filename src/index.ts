export {
  ApiError,
  type ApiErrorCode,
  type ApiErrorInit,
  type ApiName,
  type ClientOptions,
  type KnownApis,
  type Operation,
  type RequestOptions,
  type TypedClient,
  type WithResponse,
} from "./core/index.js";
export * from "./joyfill.js";
export * from "./proficient.js";
