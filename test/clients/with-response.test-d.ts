import { describe, expectTypeOf, test } from "vitest";
import {
  createJoyfillClient,
  createProficientClient,
  type JoyfillCreateUserBody,
  type JoyfillUser,
  type ProficientCreateUserBody,
  type ProficientUser,
  type RequestOptions,
  type WithResponse,
} from "../../src/index.js";

const joyfill = createJoyfillClient({ accessToken: "at_1" });
const proficient = createProficientClient({ secretKey: "sk_1" });

describe("withResponse", () => {
  test("keeps the operation's body type in data", () => {
    expectTypeOf(joyfill.users.create.withResponse).returns.resolves.toEqualTypeOf<
      WithResponse<JoyfillUser>
    >();
    expectTypeOf(proficient.users.create.withResponse).returns.resolves.toEqualTypeOf<
      WithResponse<ProficientUser>
    >();
    expectTypeOf<WithResponse<ProficientUser>["data"]>().toEqualTypeOf<ProficientUser>();
  });

  test("gives the Response and the request id", () => {
    expectTypeOf<WithResponse<JoyfillUser>>().toEqualTypeOf<{
      data: JoyfillUser;
      response: Response;
      requestId: string | undefined;
    }>();
  });

  test("takes the same arguments as the plain call", () => {
    expectTypeOf(joyfill.users.create.withResponse)
      .parameter(0)
      .toEqualTypeOf<JoyfillCreateUserBody>();
    expectTypeOf(proficient.users.create.withResponse)
      .parameter(0)
      .toEqualTypeOf<ProficientCreateUserBody>();
    expectTypeOf(proficient.users.create.withResponse)
      .parameter(1)
      .toEqualTypeOf<RequestOptions | undefined>();
    // @ts-expect-error -- external_id is required
    void proficient.users.create.withResponse({ first_name: "Ada" });
    // @ts-expect-error -- no such call option
    void joyfill.users.create.withResponse({}, { retries: 1 });
  });

  test("data is not any: a wrong field does not compile", async () => {
    const { data } = await proficient.users.create.withResponse({ external_id: "42" });
    expectTypeOf(data.id).toEqualTypeOf<string>();
    // @ts-expect-error -- Proficient's user has no identifier
    void data.identifier;
  });
});
