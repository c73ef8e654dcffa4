import { afterEach, describe, expect, test, vi } from "vitest";
import { isBrowserRuntime, readEnv } from "../../src/core/environment.js";
import { createJoyfillClient } from "../../src/joyfill.js";

/** What Deno throws for a variable outside `--allow-env=…`. */
class NotCapable extends Error {
  override name = "NotCapable";
}

const originalEnv = process.env;

/**
 * Replaces `process.env` with one that answers the clients' variables only from `allowed` and
 * refuses every other of them the way Deno does under `--allow-env=<allowed names>`. Other
 * variables (Node's own, read while fetching) come from the real environment.
 *
 * @returns the names whose reads were refused, in order.
 */
function allowEnvOnly(allowed: Record<string, string>): string[] {
  const refused: string[] = [];
  process.env = new Proxy(originalEnv, {
    get(target, name) {
      if (typeof name !== "string" || !/^(JOYFILL|PROFICIENT)_/.test(name)) {
        return Reflect.get(target, name);
      }
      if (!(name in allowed)) {
        refused.push(name);
        throw new NotCapable(
          `Requires env access to "${name}", run again with the --allow-env flag`,
        );
      }
      return allowed[name];
    },
  });
  return refused;
}

afterEach(() => {
  process.env = originalEnv;
  vi.unstubAllGlobals();
});

describe("readEnv", () => {
  test("counts a variable the runtime refuses to read as unset", () => {
    const refused = allowEnvOnly({});

    expect(readEnv("JOYFILL_PUBLIC_KEY")).toBeUndefined();
    expect(refused).toEqual(["JOYFILL_PUBLIC_KEY"]);
  });

  test("still reads, trims and returns a variable the runtime allows", () => {
    allowEnvOnly({ JOYFILL_ACCESS_TOKEN: "  token-1 \n" });

    expect(readEnv("JOYFILL_ACCESS_TOKEN")).toBe("token-1");
  });
});

describe("a client under least-privilege environment access", () => {
  test("starts with only JOYFILL_ACCESS_TOKEN readable and authenticates with it", async () => {
    const refused = allowEnvOnly({ JOYFILL_ACCESS_TOKEN: "token-from-env" });
    const sent: (string | null)[] = [];
    const joyfill = createJoyfillClient({
      baseUrl: "http://127.0.0.1:9",
      fetch: async (request: Request) => {
        sent.push(request.headers.get("authorization"));
        return Response.json({ type: "user", identifier: "u_1", group: "g" });
      },
    });

    const user = await joyfill.users.create({ identifier: "u_1", group: "g" });

    expect(user.identifier).toBe("u_1");
    expect(sent).toEqual(["Bearer token-from-env"]);
    expect(refused).toEqual(["JOYFILL_PUBLIC_KEY", "JOYFILL_SECRET_KEY"]);
  });

  test("names the options and variables when the only readable variable is unset too", () => {
    allowEnvOnly({});

    expect(() => createJoyfillClient({})).toThrow(
      /JOYFILL_PUBLIC_KEY.*JOYFILL_SECRET_KEY.*JOYFILL_ACCESS_TOKEN/s,
    );
  });
});

describe("isBrowserRuntime", () => {
  test("is false with a document but no window, as under a server-side DOM stand-in", () => {
    vi.stubGlobal("document", {});
    expect(isBrowserRuntime()).toBe(false);
    vi.stubGlobal("window", {});
    expect(isBrowserRuntime()).toBe(true);
  });
});
