import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { parseYaml } from "@redocly/openapi-core";
import { createProject, fixtureText, type Project } from "../support/project.js";

const RESPONSE_BODY = "#/paths/~1users/post/responses/200/content/application~1json";
const EXPIRES_AT =
  "#/paths/~1users/post/requestBody/content/application~1json/schema/properties/expiresAt";

/** The rules the defect fixtures need switched off, as the real redocly.yaml does for the vendors. */
const QUIET = {
  "info-license": "off",
  "info-license-strict": "off",
  "no-invalid-media-type-examples": "off",
};

const FIXES = {
  "api-clients/parse-string-examples": "on",
  "api-clients/rename-property": {
    renames: [{ mediaType: RESPONSE_BODY, from: "identifer", to: "identifier" }],
  },
  "api-clients/patch-schema": {
    patches: [
      {
        at: EXPIRES_AT,
        expect: { type: "string", format: "date-time" },
        set: { type: "integer", format: "int64" },
      },
    ],
  },
  "api-clients/declare-security": {
    securitySchemes: { accessToken: { type: "http", scheme: "bearer" } },
    security: [{ basicAuth: [] }, { accessToken: [] }],
  },
  "api-clients/remove-parameter": { parameters: [{ in: "header", name: "Authorization" }] },
};

let project: Project;
beforeEach(async () => {
  project = await createProject({ copy: [".prettierrc.json"] });
});
afterEach(() => project.remove());

async function generate(spec: string, decorators: Record<string, unknown>) {
  await project.write("specs/users.yaml", spec);
  await project.writeConfig({
    apis: { users: { root: "specs/users.yaml", rules: QUIET, decorators } },
  });
  return project.run();
}

async function bundled(): Promise<any> {
  return parseYaml(await project.read("generated/users/openapi.yaml"));
}

/** The problem lines of a failed run (everything that names the spec file). */
function problems(lines: string[]): string[] {
  return lines.filter((line) => line.startsWith("specs/"));
}

describe("declared fixes on an OpenAPI 3.1 spec", { timeout: 60_000 }, () => {
  test("parse-string-examples turns string examples with trailing commas into objects", async () => {
    const { exitCode } = await generate(await fixtureText("pipeline/users-3.1-defects.yaml"), {
      "api-clients/parse-string-examples": "on",
    });
    expect(exitCode).toBe(0);
    const body = (await bundled()).paths["/users"].post.responses["200"].content[
      "application/json"
    ];
    expect(body.examples.Result.value).toEqual({ type: "String", identifer: "String" });
  });

  test("rename-property renames the property in the schema, its required list and the parsed examples", async () => {
    const { exitCode } = await generate(await fixtureText("pipeline/users-3.1-defects.yaml"), {
      "api-clients/parse-string-examples": "on",
      "api-clients/rename-property": FIXES["api-clients/rename-property"],
    });
    expect(exitCode).toBe(0);
    const body = (await bundled()).paths["/users"].post.responses["200"].content[
      "application/json"
    ];
    expect(Object.keys(body.schema.properties)).toEqual(["type", "identifier"]);
    expect(body.schema.required).toEqual(["identifier"]);
    expect(body.examples.Result.value).toEqual({ type: "String", identifier: "String" });
    expect(await project.read("generated/users/schema.ts")).toContain(
      '"application/json": {\n            type?: string;\n            identifier: string;\n          };',
    );
  });

  test("patch-schema retypes a field whose keywords still read as expected", async () => {
    const { exitCode } = await generate(await fixtureText("pipeline/users-3.1-defects.yaml"), {
      "api-clients/patch-schema": FIXES["api-clients/patch-schema"],
    });
    expect(exitCode).toBe(0);
    const schema = (await bundled()).paths["/users"].post.requestBody.content["application/json"]
      .schema;
    expect(schema.properties.expiresAt).toEqual({
      type: "integer",
      description: "Millisecond timestamp of the expiry.",
      format: "int64",
    });
    expect(await project.read("generated/users/schema.ts")).toContain("expiresAt?: number;");
  });

  test("declare-security adds the schemes, sets security and drops the operation's security: []", async () => {
    const { exitCode } = await generate(await fixtureText("pipeline/users-3.1-defects.yaml"), {
      "api-clients/declare-security": FIXES["api-clients/declare-security"],
    });
    expect(exitCode).toBe(0);
    const document = await bundled();
    expect(document.security).toEqual([{ basicAuth: [] }, { accessToken: [] }]);
    expect(document.components.securitySchemes).toEqual({
      basicAuth: { type: "http", scheme: "basic" },
      accessToken: { type: "http", scheme: "bearer" },
    });
    expect("security" in document.paths["/users"].post).toBe(false);
  });

  test("remove-parameter removes the Authorization header from the operation and its generated type", async () => {
    const { exitCode } = await generate(await fixtureText("pipeline/users-3.1-defects.yaml"), {
      "api-clients/remove-parameter": FIXES["api-clients/remove-parameter"],
    });
    expect(exitCode).toBe(0);
    expect("parameters" in (await bundled()).paths["/users"].post).toBe(false);
    expect(await project.read("generated/users/schema.ts")).not.toContain("Authorization");
  });

  test("each fix fails with its own message once the vendor has fixed its defect", async () => {
    const fixed = (await fixtureText("pipeline/users-3.1-defects.yaml"))
      .replaceAll("identifer", "identifier")
      .replace(/value: \|-\n(?: {20}.*\n)+/, "value: { type: String, identifier: String }\n")
      .replace(
        "type: string\n                  description: Millisecond",
        "type: integer\n                  description: Millisecond",
      )
      .replace("format: date-time", "format: int64")
      .replace(/ {6}parameters:\n(?:.*\n){5}/, "")
      .replace("      security: []\n", "");
    const before = await project.snapshotGenerated();
    const { exitCode, lines } = await generate(fixed, FIXES);
    expect(exitCode).toBe(1);
    expect(problems(lines)).toEqual([
      "specs/users.yaml:1:1  error    api-clients/parse-string-examples  fix api-clients/parse-string-examples for API users is no longer needed: no JSON media type has a string example any more; remove it from redocly.yaml",
      `specs/users.yaml:30:13  error    api-clients/rename-property  fix api-clients/rename-property for API users is no longer needed: the schema at ${RESPONSE_BODY} has no property "identifer" (it is now called "identifier"); remove it from redocly.yaml`,
      `specs/users.yaml:22:17  error    api-clients/patch-schema  fix api-clients/patch-schema for API users is no longer needed: the schema at ${EXPIRES_AT} changed (now type: "integer", format: "int64"); remove it from redocly.yaml`,
      "specs/users.yaml:1:1  error    api-clients/declare-security  fix api-clients/declare-security for API users is no longer needed: every operation declares security; remove it from redocly.yaml",
      'specs/users.yaml:1:1  error    api-clients/remove-parameter  fix api-clients/remove-parameter for API users is no longer needed: no operation has the header parameter "Authorization"; remove it from redocly.yaml',
    ]);
    expect(await project.snapshotGenerated()).toEqual(before);
  });

  test("parse-string-examples fails on an example that is not JSON even without trailing commas", async () => {
    const spec = (await fixtureText("pipeline/users-3.1-defects.yaml")).replace(
      '"type": "String",',
      '"type": String,',
    );
    const { exitCode, lines } = await generate(spec, { "api-clients/parse-string-examples": "on" });
    expect(exitCode).toBe(1);
    expect(problems(lines)).toEqual([
      `specs/users.yaml:39:26  error    api-clients/parse-string-examples  fix api-clients/parse-string-examples for API users cannot be applied: the example is not JSON: ${jsonError('{\n  "type": String,\n  "identifer": "String"\n}')}; review the spec and update the fix in redocly.yaml`,
    ]);
  });

  test("rename-property fails when nothing is at its media type pointer", async () => {
    const { exitCode, lines } = await generate(
      await fixtureText("pipeline/users-3.1-defects.yaml"),
      {
        "api-clients/rename-property": {
          renames: [{ mediaType: "#/paths/~1nope", from: "a", to: "b" }],
        },
      },
    );
    expect(exitCode).toBe(1);
    expect(problems(lines)).toEqual([
      "specs/users.yaml:9:1  error    api-clients/rename-property  fix api-clients/rename-property for API users cannot be applied: no media type with an object schema at #/paths/~1nope; review the spec and update the fix in redocly.yaml",
    ]);
  });

  test("declare-security refuses a scheme name the spec already uses", async () => {
    const { exitCode, lines } = await generate(
      await fixtureText("pipeline/users-3.1-defects.yaml"),
      {
        "api-clients/declare-security": {
          securitySchemes: { basicAuth: { type: "http", scheme: "basic" } },
          security: [{ basicAuth: [] }],
        },
      },
    );
    expect(exitCode).toBe(1);
    expect(problems(lines)).toEqual([
      'specs/users.yaml:57:5  error    api-clients/declare-security  fix api-clients/declare-security for API users cannot be applied: the spec already defines a security scheme "basicAuth"; review the spec and update the fix in redocly.yaml',
    ]);
  });

  test("a fix with invalid options is a config error (exit 2) naming the decorator", async () => {
    const { exitCode, lines } = await generate(
      await fixtureText("pipeline/users-3.1-defects.yaml"),
      {
        "api-clients/rename-property": { renames: [{ from: "identifer" }] },
      },
    );
    expect(exitCode).toBe(2);
    expect(lines.at(-1)).toBe(
      'config error: redocly.yaml: decorator api-clients/rename-property needs `renames`: a list of { mediaType: "#/json/pointer", from, to }',
    );
  });

  test("an unknown decorator is a config error listing the known ones", async () => {
    const { exitCode, lines } = await generate(
      await fixtureText("pipeline/users-3.1-defects.yaml"),
      {
        "api-clients/rename-properties": "on",
      },
    );
    expect(exitCode).toBe(2);
    expect(lines.at(-1)).toMatch(
      /^config error: redocly\.yaml: apis\.users\.decorators: unknown decorator api-clients\/rename-properties \(known: .*api-clients\/rename-property.*\)$/,
    );
  });
});

describe("declared fixes on an OpenAPI 3.0 spec", { timeout: 60_000 }, () => {
  const SECRET_KEY = {
    securitySchemes: { secretKey: { type: "http", scheme: "bearer" } },
    security: [{ secretKey: [] }],
  };

  test("nullable-refs makes a $ref with nullable: true nullable in the spec and the types", async () => {
    const { exitCode } = await generate(await fixtureText("pipeline/users-3.0-defects.yaml"), {
      "api-clients/nullable-refs": "on",
    });
    expect(exitCode).toBe(0);
    expect((await bundled()).components.schemas.UserCreateParams.properties.first_name).toEqual({
      type: "string",
      description: "The first name of the user.",
      nullable: true,
    });
    expect(await project.read("generated/users/schema.ts")).toContain(
      "/** @description The first name of the user. */\n      first_name?: string | null;",
    );
  });

  test("declare-security gives a spec with security: [] a bearer scheme", async () => {
    const { exitCode } = await generate(await fixtureText("pipeline/users-3.0-defects.yaml"), {
      "api-clients/declare-security": SECRET_KEY,
    });
    expect(exitCode).toBe(0);
    const document = await bundled();
    expect(document.security).toEqual([{ secretKey: [] }]);
    expect(document.components.securitySchemes).toEqual({
      secretKey: { type: "http", scheme: "bearer" },
    });
  });

  test("nullable-refs and declare-security fail once the vendor has fixed their defects", async () => {
    const fixed = (await fixtureText("pipeline/users-3.0-defects.yaml"))
      .replace("          nullable: true\n", "")
      .replace("security: []", "security:\n  - secretKey: []")
      .replace(
        "components:\n",
        "components:\n  securitySchemes:\n    secretKey:\n      type: http\n      scheme: bearer\n",
      );
    const { exitCode, lines } = await generate(fixed, {
      "api-clients/nullable-refs": "on",
      "api-clients/declare-security": SECRET_KEY,
    });
    expect(exitCode).toBe(1);
    expect(problems(lines)).toEqual([
      "specs/users.yaml:1:1  error    api-clients/declare-security  fix api-clients/declare-security for API users is no longer needed: every operation declares security; remove it from redocly.yaml",
      "specs/users.yaml:1:1  error    api-clients/nullable-refs  fix api-clients/nullable-refs for API users is no longer needed: no schema has `nullable: true` beside a `$ref` any more; remove it from redocly.yaml",
    ]);
  });

  test("nullable-refs refuses an OpenAPI 3.1 spec", async () => {
    const { exitCode, lines } = await generate(
      await fixtureText("pipeline/users-3.1-defects.yaml"),
      {
        "api-clients/nullable-refs": "on",
      },
    );
    expect(exitCode).toBe(1);
    expect(problems(lines)).toEqual([
      "specs/users.yaml:1:1  error    api-clients/nullable-refs  fix api-clients/nullable-refs for API users cannot be applied: it applies to OpenAPI 3.0 documents only; review the spec and update the fix in redocly.yaml",
    ]);
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected invalid JSON");
}
