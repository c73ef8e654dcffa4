import { describe, expect, test } from "vitest";
import { environmentUrl, environmentUrls, serverUrl } from "../../src/core/servers.js";

const servers = [
  { url: "https://api.example.test", description: "Production (live)" },
  { url: "https://staging.example.test", description: "Staging (pre-release)" },
  { url: "http://localhost:9", description: "Development" },
] as const;

describe("serverUrl", () => {
  test("finds a server by the first word of its description", () => {
    expect(serverUrl(servers, "Staging")).toBe("https://staging.example.test");
  });

  test("finds a server whose description is just the label", () => {
    expect(serverUrl(servers, "Development")).toBe("http://localhost:9");
  });

  test("fails loudly, listing the servers, when a label matches none", () => {
    const renamed = [{ url: "https://a.test", description: "Live (x)" }] as const;
    // @ts-expect-error -- "Production" is not a label of this tuple: the compile error comes first.
    expect(() => serverUrl(renamed, "Production")).toThrow(
      new Error(
        'Expected exactly one server described as "Production" in the generated servers, found ' +
          "0: Live (x). Regenerate the clients (npm run generate) and update the facade's environments.",
      ),
    );
  });

  test("fails loudly when a label matches two servers", () => {
    const twice = [
      { url: "https://a.test", description: "Production (eu)" },
      { url: "https://b.test", description: "Production (us)" },
    ] as const;
    expect(() => serverUrl(twice, "Production")).toThrow(
      /found 2: Production \(eu\), Production \(us\)/,
    );
  });
});

describe("environmentUrls and environmentUrl", () => {
  // Built in each test rather than when the file is collected, where a throw would fail the
  // file without failing any test.
  const mapped = () => environmentUrls(servers, ["Production", "Staging"]);

  test("names each environment after its label in lower case", () => {
    const urls = mapped();
    expect(urls).toEqual({
      production: "https://api.example.test",
      staging: "https://staging.example.test",
    });
    expect(environmentUrl("Test API", urls, "staging")).toBe("https://staging.example.test");
  });

  test("types the names, so an unknown one does not compile", () => {
    // @ts-expect-error -- "development" was not mapped
    expect(() => environmentUrl("Test API", mapped(), "development")).toThrow();
  });

  test("names the known environments when given another", () => {
    expect(() => environmentUrl("Test API", mapped(), "qa" as "staging")).toThrow(
      new Error('Test API: unknown environment "qa"; use one of production, staging.'),
    );
  });

  test("does not mistake inherited properties for environments", () => {
    expect(() => environmentUrl("Test API", mapped(), "toString" as "staging")).toThrow(
      /unknown environment "toString"/,
    );
  });
});
