import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { changeVerdict } from "../../scripts/update/verdict.js";

async function pair(name: string) {
  const read = async (side: string) =>
    parse(
      await readFile(new URL(`../fixtures/report/${name}.${side}.yaml`, import.meta.url), "utf8"),
    ) as unknown;
  return { api: name, before: await read("before"), after: await read("after") };
}

describe("changeVerdict", () => {
  it("calls documentation-only changes cosmetic", async () => {
    expect(changeVerdict([await pair("cosmetic")])).toBe("cosmetic");
  });

  it("calls equal documents none, and an empty list none", async () => {
    const { before } = await pair("operations");
    expect(changeVerdict([{ api: "a", before, after: structuredClone(before) }])).toBe("none");
    expect(changeVerdict([])).toBe("none");
  });

  it("calls a report with a breaking line breaking, and gives the most severe of several APIs", async () => {
    expect(changeVerdict([await pair("cosmetic"), await pair("response-fields")])).toBe("breaking");
  });

  it("calls a change the report does not list, such as a new maxLength, non-breaking", async () => {
    const { before } = await pair("cosmetic");
    const after = structuredClone(before) as { components?: unknown };
    const text = JSON.stringify(after);
    const changed = JSON.parse(
      text.replace('"type":"string"', '"type":"string","maxLength":80'),
    ) as unknown;
    expect(JSON.stringify(changed)).not.toBe(text);
    expect(changeVerdict([{ api: "a", before, after: changed }])).toBe("non-breaking");
  });

  it("keeps a field named description: removing it is not cosmetic", () => {
    const schema = (properties: Record<string, unknown>) => ({
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: {},
      components: { schemas: { Item: { type: "object", properties } } },
    });
    const before = schema({ description: { type: "string" }, id: { type: "string" } });
    const after = schema({ id: { type: "string" } });
    expect(changeVerdict([{ api: "a", before, after }])).not.toBe("cosmetic");
  });
});
