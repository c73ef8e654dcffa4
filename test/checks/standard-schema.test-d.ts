import type { StandardSchemaV1 } from "@standard-schema/spec";
import { expectTypeOf, test } from "vitest";
import { joyfillResponseSchemas } from "../../generated/joyfill/checks.js";
import { proficientResponseSchemas } from "../../generated/proficient/checks.js";
import type { JoyfillUser, ProficientUser } from "../../src/index.js";

test("each operation's schema is a Standard Schema whose output is the client's result type", () => {
  const joyfill = joyfillResponseSchemas["POST /users"];
  const proficient = proficientResponseSchemas["POST /users"];
  expectTypeOf(joyfill).toExtend<StandardSchemaV1<unknown, JoyfillUser>>();
  expectTypeOf<StandardSchemaV1.InferOutput<typeof joyfill>>().toEqualTypeOf<JoyfillUser>();
  expectTypeOf<StandardSchemaV1.InferOutput<typeof proficient>>().toEqualTypeOf<ProficientUser>();
});
