import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, test } from "vitest";
import { parseYaml } from "@redocly/openapi-core";
import { REPOSITORY } from "../support/project.js";

/**
 * The checked-in output for the two vendors carries each declared fix (`npm test` runs
 * `generate --check` first, so these files are what the specs generate).
 */
const read = (path: string) => readFile(join(REPOSITORY, "generated", path), "utf8");
const bundled = async (api: string): Promise<any> => parseYaml(await read(`${api}/openapi.yaml`));

describe("Joyfill's generated output", () => {
  test("spells the response field identifier, in the types and in the examples", async () => {
    const schema = await read("joyfill/schema.ts");
    expect(schema).not.toContain("identifer");
    const body = (await bundled("joyfill")).paths["/users"].post.responses["200"].content[
      "application/json"
    ];
    expect(Object.keys(body.schema.properties)).toEqual(["type", "identifier", "group", "token"]);
    expect(body.examples["Token Creation"].value).toEqual({
      type: "String",
      identifier: "String",
      group: "String (optional)",
      token: "String",
    });
  });

  test("types accessTokenExpiration as the millisecond timestamp its description names", async () => {
    expect(await read("joyfill/schema.ts")).toContain(
      "           * Format: int64\n           * @description Millisecond timestamp of token expiration date. Expired tokens will not be able to make API requests. Leave blank to issue an access token that never expires.\n           */\n          accessTokenExpiration?: number;",
    );
  });

  test("declares Basic and Bearer security and no Authorization header parameter", async () => {
    const document = await bundled("joyfill");
    expect(document.security).toEqual([{ sec0: [] }, { accessToken: [] }]);
    expect(document.components.securitySchemes.accessToken).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(document.paths["/users"].post.parameters).toBeUndefined();
    expect(document.paths["/users"].post.security).toBeUndefined();
    expect(await read("joyfill/schema.ts")).toContain(
      "    parameters: {\n      query?: never;\n      header?: never;",
    );
  });
});

describe("Proficient's generated output", () => {
  test("makes first_name, last_name and live_mode of the create body nullable", async () => {
    const schema = await read("proficient/schema.ts");
    expect(schema).toContain("first_name?: string | null;");
    expect(schema).toContain("last_name?: string | null;");
    expect(schema).toContain("live_mode?: boolean | null;");
  });

  test("declares Bearer security with the secret key", async () => {
    const document = await bundled("proficient");
    expect(document.security).toEqual([{ secretKey: [] }]);
    expect(document.components.securitySchemes.secretKey).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
  });

  test("lists the three servers in the spec's order", async () => {
    expect(await read("proficient/servers.ts")).toContain(
      [
        "export const servers = [",
        '  { url: "https://api.proficientai.com", description: "Production (The production environment)" },',
        '  { url: "https://main-64bxvpctea-uc.a.run.app", description: "Staging (The staging environment)" },',
        '  { url: "http://localhost:8080", description: "Development (The local environment)" },',
        "] as const;",
      ].join("\n"),
    );
  });
});

describe("openapi.yaml", () => {
  for (const api of ["joyfill", "proficient"]) {
    test(`is already in prettier's YAML style for ${api}`, async () => {
      const text = await read(`${api}/openapi.yaml`);
      const options = await prettier.resolveConfig(
        join(REPOSITORY, "generated", api, "openapi.yaml"),
      );
      expect(await prettier.format(text, { ...options, parser: "yaml" })).toBe(text);
    });
  }
});
