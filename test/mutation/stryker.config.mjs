// StrykerJS over the hand-written runtime, run by `npm run test:mutation` (test/mutation/run.ts)
// with the plugins of tools/mutation. Reports go to .tmp/mutation/.
export default {
  testRunner: "vitest",
  // Every test file of the config, not only those whose static imports reach a mutated file: the
  // tests of the generated checks reach src/checks through modules they generate and import.
  vitest: { configFile: "test/mutation/vitest.config.ts", related: false },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.build.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: ["src/**/*.ts", "!src/core/version.ts"],
  coverageAnalysis: "perTest",
  // Static mutants (in what a module computes when loaded) each need the whole suite: run only
  // with `npm run test:mutation -- --static` (test/mutation/run.ts sets this variable).
  ignoreStatic: process.env.API_CLIENTS_MUTATION_STATIC !== "1",
  // Vitest strips types without checking them, so no `// @ts-nocheck` is needed (and a test reads
  // src/core/version.ts as text).
  disableTypeChecks: false,
  incremental: true,
  incrementalFile: ".tmp/mutation/incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: ".tmp/mutation/report.html" },
  jsonReporter: { fileName: ".tmp/mutation/report.json" },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  tempDirName: ".tmp/stryker",
  // The sandbox copies the project: the tool sets, builds and docs are not needed there.
  ignorePatterns: ["tools", "build", "dist", "docs", "bench", ".tmp", "coverage"],
  concurrency: 2,
  timeoutMS: 10_000,
  thresholds: { high: 97, low: 90, break: null },
};
