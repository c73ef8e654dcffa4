/**
 * The `specs:update` command line: arguments in, lines, output files and an exit code out.
 *
 * @packageDocumentation
 */

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeFilesAtomically, type FileWrite } from "../pipeline/files.js";
import { timeoutOption } from "../pull/pull-command.js";
import { PullConfigError } from "../pull/pull-config.js";
import { updateSpecs } from "./update-specs.js";

const usage = `Usage: npm run specs:update -- [api…] [--dry-run] [--json FILE] [--report FILE] [--config FILE] [--timeout MS]

Pulls each API's spec from its vendor docs page, regenerates the clients, and when they changed:
type-checks the facades in src/ against the new types, bumps package.json's version by the
change report's verdict, and prepends a section to CHANGELOG.md. Nothing is written unless every
step passed.

  api…           APIs to update (default: every API in the config)
  --dry-run      do everything, print what would be written, write nothing (not even --json/--report)
  --json FILE    also write the summary as JSON: per API its verdict, counts and spec sha256s; the version
  --report FILE  also write the report as Markdown, for a pull request ("" when nothing changed)
  --config FILE  the Redocly config, relative to the project root (default: redocly.yaml)
  --timeout MS   how long one docs page may take (default: 20000)

Exit codes: 0 done (changed or not), 1 a pull or regeneration failed, 2 bad usage or config.`;

const argumentOptions = {
  "dry-run": { type: "boolean" },
  json: { type: "string" },
  report: { type: "string" },
  config: { type: "string" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Options of {@link runUpdateCommand}. */
export interface UpdateCommandOptions {
  /** The arguments after the script name. */
  argv: readonly string[];
  /** The project root; `--json` and `--report` paths are relative to it. */
  root: string;
  /** Where progress lines go (one call per line). */
  out: (line: string) => void;
  /** Where failures and usage errors go (one call per line). */
  err: (line: string) => void;
  /**
   * The release date for the changelog, `YYYY-MM-DD`.
   * @default today's date in UTC
   */
  today?: string;
}

/** Runs `specs:update` and returns its exit code: 0 done, 1 a step failed (nothing written), 2 bad usage or config. */
export async function runUpdateCommand(options: UpdateCommandOptions): Promise<0 | 1 | 2> {
  const { out, err, root } = options;
  let args;
  let timeoutMs: number | undefined;
  try {
    args = parseArgs({ args: [...options.argv], options: argumentOptions, allowPositionals: true });
    timeoutMs = timeoutOption(args.values.timeout);
  } catch (error) {
    err(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (args.values.help) {
    out(usage);
    return 0;
  }
  const { json, report, config } = args.values;
  for (const [flag, value] of [
    ["--json", json],
    ["--report", report],
    ["--config", config],
  ] as const) {
    if (value === "") {
      err(`${flag} needs a file name\n\n${usage}`);
      return 2;
    }
  }
  const dryRun = args.values["dry-run"] ?? false;
  let result;
  try {
    result = await updateSpecs({
      root,
      apis: args.positionals,
      dryRun,
      print: out,
      ...(config !== undefined && { configPath: config }),
      ...(timeoutMs !== undefined && { timeoutMs }),
      ...(options.today !== undefined && { today: options.today }),
    });
  } catch (error) {
    if (error instanceof PullConfigError) {
      err(error.message);
      return 2;
    }
    throw error;
  }
  if (!result.ok) {
    err(`specs:update failed: ${result.message}`);
    return result.exitCode;
  }
  const outputs: FileWrite[] = [];
  if (json !== undefined)
    outputs.push({
      path: resolve(root, json),
      content: `${JSON.stringify(result.summary, null, 2)}\n`,
    });
  if (report !== undefined) outputs.push({ path: resolve(root, report), content: result.markdown });
  if (dryRun) {
    for (const file of outputs) {
      out(`would write ${file.path}:`);
      for (const line of file.content.trimEnd().split("\n")) out(`  ${line}`);
    }
  } else {
    await writeFilesAtomically(outputs);
    for (const file of outputs) out(`wrote ${file.path}`);
  }
  return 0;
}
