import { configDefaults, defineConfig } from "vitest/config";

// The suites that run src/ in this process, where a mutant can change what they observe: the
// core's units, the clients against 127.0.0.1 servers, and the testing kit. Left out: the browser
// suite (its page runs a bundle built before the mutant), the contract tests (Prism, a tool set
// of its own) and everything that only builds or spawns.
export default defineConfig({
  test: {
    include: [
      "test/core/**/*.test.ts",
      "test/clients/**/*.test.ts",
      "test/checks/**/*.test.ts",
      "test/testing/**/*.test.ts",
    ],
    exclude: [...configDefaults.exclude, "test/clients/browser-hostile.test.ts"],
    typecheck: { enabled: false },
  },
});
