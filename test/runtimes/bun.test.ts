/**
 * The built package in Bun, from the `runtimes` tool set, resolving it from the consumer project's
 * `node_modules` as a Bun project would.
 */
import { inject } from "vitest";
import { ensureToolSet } from "../../scripts/tool-sets.js";
import { compileEntry, runCommand } from "./consumer-project.js";
import { describeRuntimeMatrix, pinnedVersion } from "./runtime-suite.js";
import { environmentCredentials, type ScenarioReport } from "./scenarios.js";

const version = pinnedVersion("bun");

describeRuntimeMatrix({
  title: `Bun ${version}`,
  reports: `Bun ${version}`,
  kind: "server",
  fromEnvironment: true,
  async run(input) {
    const project = inject("consumerProject");
    const bun = (await ensureToolSet("runtimes")).bin("bun");
    const entry = await compileEntry({
      project,
      entry: "command-line.js",
      packageResolution: "runtime",
    });
    const { stdout } = await runCommand(bun, ["run", entry, JSON.stringify(input)], {
      cwd: project,
      // DO_NOT_TRACK: no crash reports or usage data leave the machine.
      env: {
        PATH: process.env["PATH"],
        HOME: project,
        DO_NOT_TRACK: "1",
        ...environmentCredentials,
      },
    });
    return JSON.parse(stdout) as ScenarioReport;
  },
});
