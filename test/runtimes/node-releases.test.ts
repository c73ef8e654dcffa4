/**
 * The built package on each supported Node.js line, with the binaries `tools/node` pins (npm
 * packages that carry Node itself), run as the machine's Node runs it in `node.test.ts`. A line
 * with no binary for this platform is skipped, and the skip says why.
 */
import { inject, test } from "vitest";
import { ensureToolSet } from "../../scripts/tool-sets.js";
import { compileEntry, runCommand } from "./consumer-project.js";
import { describeRuntimeMatrix } from "./runtime-suite.js";
import { environmentCredentials, type ScenarioReport } from "./scenarios.js";
import { nodeExecutable, pinnedNodeReleases, planNodeRows } from "./support-matrix.js";

const plan = planNodeRows({
  releases: pinnedNodeReleases(),
  platform: process.platform,
  arch: process.arch,
});

for (const { major, reason } of plan.skipped) {
  process.stderr.write(`runtime matrix: Node.js ${major} skipped: ${reason}\n`);
  test.skip(`Node.js ${major}: skipped, ${reason}`, () => {});
}

for (const release of plan.rows) {
  describeRuntimeMatrix({
    title: `Node ${release.version} (${release.packageName})`,
    reports: `Node ${release.version}`,
    kind: "server",
    fromEnvironment: true,
    async run(input) {
      const project = inject("consumerProject");
      const node = nodeExecutable((await ensureToolSet("node")).directory, release);
      const entry = await compileEntry({
        project,
        entry: "command-line.js",
        packageResolution: "runtime",
      });
      const { stdout } = await runCommand(node, [entry, JSON.stringify(input)], {
        cwd: project,
        env: { PATH: process.env["PATH"], ...environmentCredentials },
      });
      return JSON.parse(stdout) as ScenarioReport;
    },
  });
}
