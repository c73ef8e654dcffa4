import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ApiError } from "../../src/index.js";
import { createJoyfillClient, type JoyfillCreateUserBody } from "../../src/joyfill.js";
import { recordViolations, startPrism, type PrismMock } from "../support/prism.js";

let prism: PrismMock;
beforeAll(async () => {
  prism = await startPrism({ spec: "generated/joyfill/openapi.yaml" });
}, 180_000); // the first run also installs tools/contract
afterAll(() => prism?.stop());

const { fetch: recordingFetch, violations } = recordViolations();

function client(credentials: { publicKey: string; secretKey: string } | { accessToken: string }) {
  return createJoyfillClient({
    ...credentials,
    baseUrl: prism.url,
    fetch: recordingFetch,
    maxRetries: 0,
  });
}

describe("Joyfill against a Prism mock of the bundled spec", () => {
  test("a request with API keys passes validation and resolves to the spec's user", async () => {
    violations.length = 0;
    const joyfill = client({ publicKey: "pk_test", secretKey: "sk_test" });
    const user = await joyfill.users.create({ identifier: "u_1", group: "team-a" });
    expect(user).toEqual({ type: "String", identifier: "String", group: "String (optional)" });
    expect(violations).toEqual([null]);
  });

  test("a request with an access token and every field passes validation", async () => {
    violations.length = 0;
    const joyfill = client({ accessToken: "at_test" });
    await joyfill.users.create({
      identifier: "u_2",
      group: "team-b",
      issueAccessToken: true,
      accessTokenExpiration: 1_900_000_000_000,
    });
    expect(violations).toEqual([null]);
  });

  test("an invalid body is rejected by Prism and reaches the caller as an ApiError", async () => {
    violations.length = 0;
    const joyfill = client({ accessToken: "at_test" });
    const invalid = { identifier: 42 } as unknown as JoyfillCreateUserBody;
    const error = await joyfill.users.create(invalid).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      api: "joyfill",
      status: 400,
      code: "invalid_request",
      message: "Invalid Request",
      body: { message: "Invalid Request" },
    });
    expect(violations).toHaveLength(1);
    expect(JSON.parse(violations[0] ?? "[]")).toMatchObject([
      { location: ["request", "body", "identifier"], severity: "Error", code: "type" },
    ]);
  });
});
