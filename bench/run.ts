/**
 * `npm run bench`: runs the benchmarks of issue 4 side by side and prints one table of medians,
 * ratios and targets.
 *
 *   npm run bench -- [--quick] [--only calls,generate,scale,bundle,types,consumers] [--json FILE]
 *
 * Exit codes: 0 when every selected suite ran (whether or not its targets are met: the verdict
 * column says that), 1 when a suite failed to run, 2 for bad usage.
 */
import { cpus } from "node:os";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { bundleSize } from "./bundle-size.js";
import { callOverhead } from "./call-overhead.js";
import { consumerImpact } from "./consumer-impact.js";
import { generation } from "./generation.js";
import { formatTable, notMeasured, verdictOf, type Row } from "./results.js";
import { scale } from "./scale.js";
import type { Suite } from "./suite.js";
import { typeCheck } from "./type-check.js";

const SUITES: readonly Suite[] = [
  callOverhead,
  generation,
  scale,
  bundleSize,
  typeCheck,
  consumerImpact,
];

/** The machine the figures were taken on, printed above the table and kept in the JSON. */
function describeMachine() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    node: process.version,
    date: new Date().toISOString(),
  };
}

function usage(): string {
  return [
    "usage: npm run bench -- [--quick] [--only NAME,…] [--json FILE]",
    "",
    "  --quick       tiny counts, one round: checks the suites run; figures mean nothing",
    "  --only LIST   run only these suites, comma-separated",
    "  --json FILE   also write the machine, the rows and their verdicts to FILE",
    "",
    "suites:",
    ...SUITES.map((suite) => `  ${suite.name.padEnd(10)} ${suite.summary}`),
  ].join("\n");
}

function parseCommandLine(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const names = values.only
    ?.split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names?.filter((name) => !SUITES.some((suite) => suite.name === name)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `unknown suite ${unknown.join(", ")}; known: ${SUITES.map((s) => s.name).join(", ")}`,
    );
  }
  return {
    quick: values.quick,
    help: values.help,
    jsonFile: values.json,
    suites: names === undefined ? SUITES : SUITES.filter((suite) => names.includes(suite.name)),
  };
}

async function main(): Promise<number> {
  let commandLine: ReturnType<typeof parseCommandLine>;
  try {
    commandLine = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage()}\n`);
    return 2;
  }
  if (commandLine.help) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const machine = describeMachine();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const rows: Row[] = [];
  const failures: string[] = [];
  for (const suite of commandLine.suites) {
    log(`— ${suite.name}: ${suite.summary}`);
    try {
      rows.push(...(await suite.run({ quick: commandLine.quick, log })));
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.push(`${suite.name}: ${message}`);
      rows.push(
        notMeasured({ group: suite.name, name: "suite failed", unit: "count" }, "see stderr"),
      );
    }
  }
  const mode = commandLine.quick ? " (quick: figures mean nothing)" : "";
  process.stdout.write(
    `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.date}${mode}\n\n` +
      `${formatTable(rows)}\n`,
  );
  if (commandLine.jsonFile !== undefined) {
    const json = {
      machine,
      quick: commandLine.quick,
      rows: rows.map((row) => ({ ...row, verdict: verdictOf(row) })),
    };
    writeFileSync(commandLine.jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  }
  for (const failure of failures) process.stderr.write(`\nsuite failed: ${failure}\n`);
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = await main();
