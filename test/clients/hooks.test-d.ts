import { describe, expectTypeOf, test } from "vitest";
import {
  createJoyfillClient,
  type ApiError,
  type ApiName,
  type Hooks,
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

  test("the client takes hooks, an array of them, a logLevel and a logger", () => {
    const hooks: Hooks = { onOutcome: ({ durationMs }) => void durationMs };
    createJoyfillClient({ accessToken: "t", hooks, logLevel: "debug", logger: console });
    createJoyfillClient({ accessToken: "t", hooks: [hooks, {}] });
    expectTypeOf<LogLevel>().toEqualTypeOf<"off" | "error" | "warn" | "info" | "debug">();
    expectTypeOf(console).toExtend<Logger>();
    // @ts-expect-error -- not a level
    createJoyfillClient({ accessToken: "t", logLevel: "verbose" });
    // @ts-expect-error -- not a hook
    createJoyfillClient({ accessToken: "t", hooks: { beforeRetry: () => {} } });
  });
});
