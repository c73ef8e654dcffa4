import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The runtime matrix (`npm run test:runtimes`): the built package in the machine's Node, Node 22,
 * 24 and 26, Bun, Deno, workerd, Vercel's edge-runtime and Chromium; the pipeline on the newest LTS
 * Node; a strict consumer type-checked with each pinned TypeScript release; and the support policy
 * (docs/support.md, `engines`, the README) against the matrix's rows. Kept out of `npm test`
 * because it installs its tools on first use (tools/runtimes, tools/node, tools/typescript,
 * tools/browser) and takes longer than unit tests.
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
