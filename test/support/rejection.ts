/**
 * Awaits a call that must fail and returns its `ApiError`, so a test asserts on the error's
 * fields; fails the test if the call succeeds or fails with anything else.
 */
import { expect } from "vitest";
import { ApiError } from "../../src/core/api-error.js";

/** The `ApiError` the promise rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => expect.unreachable("the call should fail"),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

/** What a call's message ends with when the vendor may have acted on it, after `attempts` requests. */
export function mayHaveActed(attempts = 1): string {
  return (
    ` It may have been carried out (${attempts} request${attempts === 1 ? "" : "s"} sent): ` +
    "look its result up before sending it again."
  );
}
