/**
 * The built package in Node, the runtime the rest of the suite uses, as the matrix's baseline.
 */
import { inject } from "vitest";
import { compileEntry, runCommand } from "./consumer-project.js";
import { describeRuntimeMatrix } from "./runtime-suite.js";
import { environmentCredentials, type ScenarioReport } from "./scenarios.js";

describeRuntimeMatrix({
  title: `Node ${process.versions.node}`,
  reports: `Node ${process.versions.node}`,
  kind: "server",
  fromEnvironment: true,
  async run(input) {
    const project = inject("consumerProject");
    const entry = await compileEntry({
      project,
      entry: "command-line.js",
      packageResolution: "runtime",
    });
    const { stdout } = await runCommand(process.execPath, [entry, JSON.stringify(input)], {
      cwd: project,
      env: { PATH: process.env["PATH"], ...environmentCredentials },
    });
    return JSON.parse(stdout) as ScenarioReport;
  },
});
