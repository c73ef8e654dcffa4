import { describe, expectTypeOf, test } from "vitest";
import {
  createJoyfillClient,
  type ApiError,
  type ApiName,
  type Hooks,
  logTo,
  type Logger,
  type LogLevel,
  type OutcomeEvent,
  type RequestEvent,
  type ResponseEvent,
  type RetryEvent,
} from "../../src/index.js";

describe("hooks and logging options", () => {
  test("each hook receives its event, with the ApiError where there is one", () => {
    expectTypeOf<NonNullable<Hooks["onRequest"]>>().parameter(0).toEqualTypeOf<RequestEvent>();
    expectTypeOf<NonNullable<Hooks["onResponse"]>>().parameter(0).toEqualTypeOf<ResponseEvent>();
    expectTypeOf<NonNullable<Hooks["onRetry"]>>().parameter(0).toEqualTypeOf<RetryEvent>();
    expectTypeOf<NonNullable<Hooks["onOutcome"]>>().parameter(0).toEqualTypeOf<OutcomeEvent>();
    expectTypeOf<RetryEvent["error"]>().toEqualTypeOf<ApiError>();
    expectTypeOf<OutcomeEvent["error"]>().toEqualTypeOf<ApiError | undefined>();
    expectTypeOf<RequestEvent["api"]>().toEqualTypeOf<ApiName>();
    expectTypeOf<ResponseEvent["headers"]>().toEqualTypeOf<Record<string, string>>();
  });

  test("the client takes hooks, and an array of them such as logTo's", () => {
    const hooks: Hooks = { onOutcome: ({ durationMs }) => void durationMs };
    createJoyfillClient({ accessToken: "t", hooks: [hooks, logTo(console, { level: "debug" })] });
    createJoyfillClient({ accessToken: "t", hooks: [hooks, {}] });
    expectTypeOf(logTo(console)).toEqualTypeOf<Hooks>();
    expectTypeOf<LogLevel>().toEqualTypeOf<"off" | "error" | "warn" | "info" | "debug">();
    expectTypeOf(console).toExtend<Logger>();
    // @ts-expect-error -- not a level
    logTo(console, { level: "verbose" });
    // @ts-expect-error -- logging is hooks now, not a client option
    createJoyfillClient({ accessToken: "t", logLevel: "debug" });
    // @ts-expect-error -- not a hook
    createJoyfillClient({ accessToken: "t", hooks: { beforeRetry: () => {} } });
  });
});
