/**
 * `api-clients/testing`: fake vendors for an app's own tests. Each fake gives a `fetch` to pass
 * as the client's `fetch` option, so the real client (auth, retries, timeouts, decoding, errors)
 * runs against answers in the vendor's exact wire format, with no network, port or global patch.
 * For MSW, the same fakes as request handlers: `api-clients/testing/msw`.
 */
export {
  type AuthScheme,
  type FailureName,
  type FailureOptions,
  type FakeOperation,
  type HttpFailureOptions,
  type RecordedRequest,
  type Respond,
  type Times,
} from "./testing/fake.js";
export {
  createJoyfillFake,
  type JoyfillErrorBody,
  type JoyfillFake,
  type JoyfillFakeOptions,
} from "./testing/joyfill.js";
export {
  createProficientFake,
  type ProficientErrorBody,
  type ProficientFakeOptions,
  type ProficientFlatErrorBody,
  type ProficientFake,
} from "./testing/proficient.js";
