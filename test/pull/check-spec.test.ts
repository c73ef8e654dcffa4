import { describe, expect, test } from "vitest";
import { checkSpecText } from "../../scripts/pull/check-spec.js";

const specPath = "/project/specs/example.yaml";

function spec(lines: string[]): string {
  return `${lines.join("\n")}\n`;
}

describe("checkSpecText", () => {
  test("accepts an OpenAPI 3.0 document", async () => {
    const text = spec(["openapi: 3.0.1", "info: { title: t, version: '1' }", "paths: {}"]);
    await expect(checkSpecText(text, { specPath })).resolves.toBeUndefined();
  });

  test("accepts an OpenAPI 3.1 document", async () => {
    const text = spec(["openapi: 3.1.0", "info: { title: t, version: '1' }", "paths: {}"]);
    await expect(checkSpecText(text, { specPath })).resolves.toBeUndefined();
  });

  test("points at the line and column of a YAML error, in the spec and on the page", async () => {
    const text = spec(["openapi: 3.0.1", "info:", "  title: t", "  version: [1", "paths: {}"]);
    await expect(checkSpecText(text, { specPath, firstLine: 20 })).rejects.toThrow(
      "the YAML block is not valid YAML: line 5:1 (page line 24): Flow sequence in block collection must be sufficiently indented and end with a ]",
    );
  });

  test("refuses a Swagger 2.0 document", async () => {
    const text = spec(["swagger: '2.0'", "info: { title: t, version: '1' }", "paths: {}"]);
    await expect(checkSpecText(text, { specPath })).rejects.toThrow(
      "the YAML block is a Swagger 2.0 document, not OpenAPI 3.x",
    );
  });

  test("refuses YAML without an openapi field", async () => {
    await expect(checkSpecText(spec(["title: not a spec"]), { specPath })).rejects.toThrow(
      "the YAML block is not an OpenAPI 3.x document: it has no openapi field",
    );
  });

  test("refuses YAML that is not a mapping", async () => {
    await expect(checkSpecText(spec(["- a", "- b"]), { specPath })).rejects.toThrow(
      "the YAML block is not an OpenAPI document: it is not a mapping",
    );
  });

  test("refuses a document without paths", async () => {
    const text = spec(["openapi: 3.0.1", "info: { title: t, version: '1' }"]);
    await expect(checkSpecText(text, { specPath })).rejects.toThrow(
      "the YAML block is not an OpenAPI document: it has no paths object",
    );
  });

  test("refuses a $ref to another document", async () => {
    const text = spec([
      "openapi: 3.0.1",
      "info: { title: t, version: '1' }",
      "paths:",
      "  /users:",
      "    $ref: 'https://example.invalid/users.yaml'",
    ]);
    await expect(checkSpecText(text, { specPath })).rejects.toThrow(
      'the spec refers to another document ($ref "https://example.invalid/users.yaml" at #/paths/~1users); a pulled spec must be self-contained',
    );
  });

  test("lists Redocly's structural errors with their lines", async () => {
    const text = spec([
      "openapi: 3.0.1",
      "info:",
      "  title: no version",
      "paths:",
      "  /users:",
      "    post:",
      "      responses: 5",
      "components:",
      "  schemas:",
      "    User: { $ref: '#/components/schemas/Missing' }",
    ]);
    await expect(checkSpecText(text, { specPath })).rejects.toThrow(
      [
        "the OpenAPI document has structural errors:",
        "  line 2:1 struct: The field `version` must be present on this level.",
        "  line 7:18 struct: Expected type `Responses` (object) but got `integer`",
        "  line 10:11 no-unresolved-refs: Can't resolve $ref",
      ].join("\n"),
    );
  });
});
