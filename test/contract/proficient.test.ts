import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ApiError } from "../../src/index.js";
import { createProficientClient, type ProficientCreateUserBody } from "../../src/proficient.js";
import { recordViolations, startPrism, type PrismMock } from "../support/prism.js";

let prism: PrismMock;
beforeAll(async () => {
  prism = await startPrism({ spec: "generated/proficient/openapi.yaml" });
}, 180_000); // the first run also installs tools/contract
afterAll(() => prism?.stop());

const { fetch: recordingFetch, violations } = recordViolations();

const proficient = () =>
  createProficientClient({
    secretKey: "sk_test_contract",
    baseUrl: prism.url,
    fetch: recordingFetch,
    maxRetries: 0,
  });

describe("Proficient against a Prism mock of the bundled spec", () => {
  test("a full request passes validation and resolves to the spec's User", async () => {
    violations.length = 0;
    const user = await proficient().users.create({
      external_id: "42",
      first_name: "Ada",
      last_name: null,
      live_mode: false,
    });
    expect(user).toEqual({
      id: "string",
      object: "user",
      created_at: 0,
      external_id: "string",
      first_name: "string",
      last_name: "string",
      live_mode: true,
      updated_at: 0,
    });
    expect(violations).toEqual([null]);
  });

  test("an invalid body is rejected by Prism and reaches the caller as an ApiError", async () => {
    violations.length = 0;
    const invalid = { first_name: "Ada" } as ProficientCreateUserBody;
    const error = await proficient()
      .users.create(invalid)
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      api: "proficient",
      status: 400,
      code: "invalid_request",
      body: { error: { code: "invalid_request", message: "string" } },
    });
    expect(JSON.parse(violations[0] ?? "[]")).toMatchObject([
      {
        location: ["request", "body"],
        severity: "Error",
        code: "required",
        message: "Request body must have required property 'external_id'",
      },
    ]);
  });
});
