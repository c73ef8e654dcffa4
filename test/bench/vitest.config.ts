import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The benchmarks' smoke run (`npm run test:bench`): every suite of `npm run bench -- --quick` end
 * to end. Kept out of `npm test` for its minute or more on a two-core machine; CI runs it after.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/bench/run.test.ts"],
  },
});
