import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * `npm run test:bench`: the benchmarks' smoke run (every suite of `npm run bench -- --quick` end
 * to end) and the tests that read GitHub's REST spec from the `bench` tool set. Kept out of
 * `npm test` for their minutes on a two-core machine and the 400 MB that set installs; CI runs
 * them after.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/bench/run.test.ts", "test/bench/github-spec.test.ts"],
  },
});
