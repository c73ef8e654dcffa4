/**
 * The strict consumer that the package test and the runtime matrix's TypeScript rows type-check
 * against the packed package: its source, and the compiler options every consumer config shares.
 *
 * @packageDocumentation
 */

/**
 * A strict consumer that uses every entry point. The function that is never called holds the
 * mistakes the published types must reject.
 */
export const consumerSource = `\
import { ApiError, type ApiErrorCode } from "api-clients";
import { createJoyfillClient } from "api-clients/joyfill";
import { createProficientClient } from "api-clients/proficient";

export async function run(baseUrl: string) {
  const joyfill = createJoyfillClient({
    publicKey: "pk_consumer",
    secretKey: "sk_consumer_joyfill",
    baseUrl: \`\${baseUrl}/joyfill\`,
  });
  const user = await joyfill.users.create({ identifier: "u_1", group: "team-a" });
  const identifier: string | undefined = user.identifier;

  const proficient = createProficientClient({
    secretKey: "sk_consumer_proficient",
    baseUrl: \`\${baseUrl}/proficient\`,
    maxRetries: 0,
  });
  const member = await proficient.users.create({ external_id: "42", first_name: "Ada" });
  const memberId: string = member.id;

  let failure: { api: string; status: number | undefined; code: ApiErrorCode; message: string } | undefined;
  try {
    await proficient.users.create({ external_id: "taken" });
  } catch (error) {
    if (error instanceof ApiError) {
      failure = { api: error.api, status: error.status, code: error.code, message: error.message };
    }
  }
  const joyfillBaseUrl: string = joyfill.baseUrl;
  return {
    joyfillBaseUrl,
    identifier,
    group: user.group,
    memberId,
    firstName: member.first_name,
    failure,
  };
}

export function mistakesTheTypesReject(): void {
  // @ts-expect-error external_id is required by Proficient's create body
  void createProficientClient({ secretKey: "sk_x" }).users.create({ first_name: "Ada" });
  // @ts-expect-error "moon" is not one of Proficient's environments
  void createProficientClient({ secretKey: "sk_x", environment: "moon" });
  // @ts-expect-error the Joyfill body has no "email" field
  void createJoyfillClient({ accessToken: "t" }).users.create({ email: "ada@example.test" });
  // @ts-expect-error "/nope" is not a path of Joyfill's spec
  void createJoyfillClient({ accessToken: "t" }).raw.POST("/nope", {});
  // @ts-expect-error "teapot" is not an ApiErrorCode
  const code: ApiErrorCode = "teapot";
  void code;
}
`;

/** Options every consumer config shares: as strict as TypeScript gets, library types included. */
export const strictest = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noPropertyAccessFromIndexSignature: true,
  verbatimModuleSyntax: true,
  skipLibCheck: false,
  target: "ES2022",
};
