import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each has its own config and command, which CI runs after this suite: the runtime matrix
    // (npm run test:runtimes) and the benchmarks' smoke run (npm run test:bench).
    exclude: [...configDefaults.exclude, "test/runtimes/**", "test/bench/run.test.ts"],
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
