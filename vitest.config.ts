import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each has its own config and command, which CI runs after this suite: the runtime matrix
    // (npm run test:runtimes), and the benchmarks' smoke run with the tests that read GitHub's
    // spec (npm run test:bench).
    exclude: [
      ...configDefaults.exclude,
      "test/runtimes/**",
      "test/bench/run.test.ts",
      "test/bench/github-spec.test.ts",
    ],
    // Vitest's default is one worker per core less one: a single worker on a two-core machine.
    // Most files here wait on child processes and sockets, so two workers there halve the run.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
