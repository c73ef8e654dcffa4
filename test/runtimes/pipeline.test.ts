/**
 * The pipeline on the newest LTS line of Node.js, besides the machine's own Node that the main
 * suite uses: `npm run generate -- --check` with that Node first on `PATH` (so npm runs the
 * script with it), and the pipeline's own tests under it. Also checks and reports, from Node's
 * `NODE_DEBUG_NATIVE=COMPILE_CACHE` output, that the generating process uses Node's compile
 * cache (`scripts/run-compiled.mjs` calls `module.enableCompileCache()` where Node has it, 22.1+).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { installedBin } from "../../scripts/installed-packages.js";
import { ensureToolSet } from "../../scripts/tool-sets.js";
import { REPO_ROOT, runCommand, type CommandOutput } from "./consumer-project.js";
import { compileCacheReport } from "./compile-cache-report.js";
import { nodeExecutable, pipelineNodePlan } from "./support-matrix.js";

const plan = pipelineNodePlan();
const [release] = plan.rows;

/** The pipeline's own tests, as the main suite runs them on the machine's Node. */
const PIPELINE_TESTS = "test/pipeline";

for (const { major, reason } of plan.skipped) {
  process.stderr.write(`runtime matrix: the pipeline on Node.js ${major} skipped: ${reason}\n`);
  test.skip(`The pipeline on Node.js ${major}: skipped, ${reason}`, () => {});
}

/** The parent's environment without vitest's own variables, which a nested vitest would read. */
function environmentWithNode(node: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(VITEST|NODE_OPTIONS$)/.test(key)),
  );
  return { ...inherited, PATH: `${dirname(node)}:${process.env["PATH"] ?? ""}`, ...extra };
}

if (release) {
  describe(`The pipeline on Node ${release.version}, the newest LTS line`, () => {
    let node: string;
    let firstRun: CommandOutput;
    let secondRun: CommandOutput;

    beforeAll(async () => {
      node = nodeExecutable((await ensureToolSet("node")).directory, release);
      const generate = () =>
        runCommand("npm", ["run", "generate", "--", "--check"], {
          cwd: REPO_ROOT,
          env: environmentWithNode(node, { NODE_DEBUG_NATIVE: "COMPILE_CACHE" }),
          timeoutMs: 300_000,
        });
      // Twice: the first run may fill the compile cache, the second shows whether it is read.
      firstRun = await generate();
      secondRun = await generate();
    }, 600_000);

    test("npm run generate -- --check runs the pipeline with that Node and finds generated/ in sync", () => {
      for (const run of [firstRun, secondRun]) {
        expect(run.stdout).toMatch(/^in sync: \d+ files match what \d+ APIs generate/m);
      }
    });

    test("the second run reads the pipeline's modules from Node's compile cache", () => {
      const report = compileCacheReport(secondRun.stderr, { under: REPO_ROOT });
      process.stdout.write(`Node ${release.version}, npm run generate: ${report.summary}\n`);
      expect(report.enabled).toBe(true);
      // The cache is kept per Node version: its folder shows which Node generated.
      expect(report.directory).toContain(`/v${release.version}-`);
      // What the first run wrote is read, and V8 accepts all of it.
      expect(report.accepted).toBeGreaterThan(0);
      expect(report.rejected).toEqual([]);
    });

    describe("the pipeline's tests", () => {
      let results: string;

      beforeAll(async () => {
        results = await mkdtemp(join(tmpdir(), "api-clients-pipeline-tests-"));
      });

      afterAll(async () => {
        if (results) await rm(results, { recursive: true, force: true });
      });

      test(`pass under that Node (${PIPELINE_TESTS})`, async () => {
        const outputFile = join(results, "vitest.json");
        const vitest = installedBin("vitest", "vitest");
        const args = [
          vitest,
          "run",
          PIPELINE_TESTS,
          "--reporter=json",
          `--outputFile=${outputFile}`,
        ];
        // A failing test makes vitest exit 1; its JSON report then says which and why.
        const exit = await runCommand(node, args, {
          cwd: REPO_ROOT,
          env: environmentWithNode(node),
          timeoutMs: 900_000,
        }).then(
          () => undefined,
          (error: Error) => error.message,
        );
        const summary = JSON.parse(
          await readFile(outputFile, "utf8").catch(() => {
            throw new Error(`vitest wrote no report: ${exit ?? "it exited 0"}`);
          }),
        ) as {
          numPassedTests: number;
          numFailedTests: number;
          testResults: {
            name: string;
            status: string;
            message: string;
            assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
          }[];
        };
        process.stdout.write(
          `Node ${release.version}, ${PIPELINE_TESTS}: ${summary.numPassedTests} tests passed, ` +
            `${summary.numFailedTests} failed, in ${summary.testResults.length} files\n`,
        );
        const failures = summary.testResults.flatMap((file) => [
          ...(file.status === "passed" || file.assertionResults.length > 0
            ? []
            : [`${file.name}: ${file.message}`]),
          ...file.assertionResults
            .filter((result) => result.status === "failed")
            .map(
              (result) => `${file.name} > ${result.fullName}: ${result.failureMessages[0] ?? ""}`,
            ),
        ]);
        expect(failures).toEqual([]);
        expect(exit).toBeUndefined();
        expect(summary.numPassedTests).toBeGreaterThan(0);
      }, 900_000);
    });
  });
}
