import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The runtime matrix (`npm run test:runtimes`): the built package in Node, Bun, Deno, workerd,
 * Vercel's edge-runtime and Chromium. Kept out of `npm test` because it installs the runtimes on
 * first use (tools/runtimes) and takes longer than unit tests.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/runtimes/**/*.test.ts"],
    globalSetup: ["test/runtimes/global-setup.ts"],
    hookTimeout: 180_000,
    testTimeout: 30_000,
  },
});
