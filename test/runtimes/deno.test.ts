/**
 * The built package in Deno, from the `runtimes` tool set, with the least permissions it needs:
 * network access to 127.0.0.1 only, and environment access to nothing, or to the two variables that
 * hold the credentials when the clients read them from there. Deno resolves the package from the
 * consumer project's `node_modules`, as it does for any project with a package.json.
 *
 * The process also has a Joyfill key pair in its environment, which Deno does not let it read: the
 * Joyfill client, which looks for the key pair first, must take that refusal as "unset" and use the
 * access token, instead of failing on Deno's `NotCapable` error.
 */
import { describe, expect, inject, test } from "vitest";
import { ensureToolSet } from "../../scripts/tool-sets.js";
import { compileEntry, runCommand } from "./consumer-project.js";
import { describeRuntimeMatrix, pinnedVersion, refusedOrigin } from "./runtime-suite.js";
import { environmentCredentials, type ScenarioInput, type ScenarioReport } from "./scenarios.js";

const version = pinnedVersion("deno");

async function runInDeno(input: ScenarioInput, permissions: string[]): Promise<ScenarioReport> {
  const project = inject("consumerProject");
  const deno = (await ensureToolSet("runtimes")).bin("deno");
  const entry = await compileEntry({
    project,
    entry: "command-line.js",
    packageResolution: "runtime",
  });
  const { stdout } = await runCommand(
    deno,
    [
      "run",
      "--no-prompt",
      "--node-modules-dir=manual",
      ...permissions,
      entry,
      JSON.stringify(input),
    ],
    {
      cwd: project,
      env: {
        PATH: process.env["PATH"],
        // Deno's cache of compiled modules, kept inside the temporary project.
        DENO_DIR: `${project}/.deno`,
        // No check for a newer Deno: the tests talk to 127.0.0.1 only.
        DENO_NO_UPDATE_CHECK: "1",
        JOYFILL_PUBLIC_KEY: "pk_not_allowed",
        JOYFILL_SECRET_KEY: "sk_not_allowed",
        ...environmentCredentials,
      },
    },
  );
  return JSON.parse(stdout) as ScenarioReport;
}

describeRuntimeMatrix({
  title: `Deno ${version}, --allow-net=127.0.0.1 and no env access, credentials in options`,
  reports: `Deno ${version}`,
  kind: "server",
  fromEnvironment: false,
  run: (input) => runInDeno(input, ["--allow-net=127.0.0.1"]),
});

describeRuntimeMatrix({
  title: `Deno ${version}, --allow-net=127.0.0.1 --allow-env=${Object.keys(environmentCredentials).join(",")}`,
  reports: `Deno ${version}`,
  kind: "server",
  fromEnvironment: true,
  run: (input) =>
    runInDeno(input, [
      "--allow-net=127.0.0.1",
      `--allow-env=${Object.keys(environmentCredentials).join(",")}`,
    ]),
});

describe(`Deno ${version}, --allow-net=127.0.0.1 and no env access, no credentials in options`, () => {
  // The variables are set, but Deno refuses to read them: as good as unset, not a NotCapable crash.
  test("clients fail with the package's own error naming the options and variables", async () => {
    const nowhere = await refusedOrigin();
    const report = await runInDeno(
      { apiUrl: nowhere, refusedUrl: nowhere, allowSecretKeys: false, fromEnvironment: true },
      ["--allow-net=127.0.0.1"],
    );

    const creationError = (message: string) => ({
      error: { isApiError: false, name: "Error", message, api: null, code: null, status: null },
    });
    expect(report.fromEnvironment).toEqual({
      joyfillAccessToken: creationError(
        "Joyfill API: no credentials. Pass publicKey and secretKey, or accessToken in the options, " +
          "or set JOYFILL_PUBLIC_KEY and JOYFILL_SECRET_KEY, or JOYFILL_ACCESS_TOKEN.",
      ),
      proficientSecretKey: creationError(
        "Proficient API: no credentials. Pass secretKey in the options, or set PROFICIENT_SECRET_KEY.",
      ),
    });
  });
});
