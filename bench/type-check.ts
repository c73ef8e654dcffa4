/**
 * Benchmark 5: what a consumer's type check pays for one call through the Joyfill facade against
 * the same call through bare openapi-fetch with the same generated `paths`, from
 * `tsc --extendedDiagnostics` (check time and type instantiations), runs interleaved.
 */
import { makeConsumerProject } from "./consumer-project.js";
import { timeProcess } from "./processes.js";
import { median, medianRatio, type Row } from "./results.js";
import type { Suite, SuiteOptions } from "./suite.js";
import { TOOL_SCRIPTS } from "./tool-paths.js";

const CONSUMERS = {
  facade: [
    'import { createJoyfillClient } from "api-clients/joyfill";',
    'const client = createJoyfillClient({ accessToken: "token" });',
    'export const user = await client.users.create({ identifier: "u_1", group: "team-a" });',
  ].join("\n"),
  bare: [
    'import createClient from "openapi-fetch";',
    'import type { paths } from "./node_modules/api-clients/dist/generated/joyfill/schema.js";',
    "const client = createClient<paths>({",
    '  baseUrl: "https://api-joy.joyfill.io/v1",',
    '  headers: { Authorization: "Bearer token" },',
    "});",
    'const { data, error } = await client.POST("/users", { body: { identifier: "u_1", group: "team-a" } });',
    'if (error !== undefined) throw new Error("request failed");',
    "export const user = data;",
  ].join("\n"),
} as const;

/** What a consumer would have: strict, NodeNext, DOM types for fetch, declarations not re-checked. */
function consumerTsconfig(file: string): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022", "DOM"],
        types: [],
        strict: true,
        skipLibCheck: true,
        noEmit: true,
      },
      files: [file],
    },
    null,
    2,
  )}\n`;
}

/** The figures of one `tsc --extendedDiagnostics` run. */
export interface TypeCheckDiagnostics {
  checkSeconds: number;
  instantiations: number;
}

/** Reads check time and instantiations from `tsc --extendedDiagnostics` output. */
export function parseExtendedDiagnostics(output: string): TypeCheckDiagnostics {
  const field = (label: string) => {
    const match = new RegExp(`^${label}:\\s+([\\d.]+)s?$`, "m").exec(output);
    if (match === null) throw new Error(`tsc --extendedDiagnostics printed no "${label}" line`);
    return Number(match[1]);
  };
  return { checkSeconds: field("Check time"), instantiations: field("Instantiations") };
}

async function runTypeCheck(options: SuiteOptions): Promise<Row[]> {
  const runs = options.quick ? 1 : 7;
  const group = "type check (tsc, one call)";
  const project = await makeConsumerProject();
  try {
    const subjects = ["facade", "bare"] as const;
    for (const subject of subjects) {
      await project.write(`${subject}.ts`, `${CONSUMERS[subject]}\n`);
      await project.write(`tsconfig.${subject}.json`, consumerTsconfig(`${subject}.ts`));
    }
    const results = { facade: [] as TypeCheckDiagnostics[], bare: [] as TypeCheckDiagnostics[] };
    for (let run = 0; run < runs; run++) {
      const order =
        run % 2 === 0 ? subjects : ([...subjects].reverse() as (typeof subjects)[number][]);
      for (const subject of order) {
        const tsc = await timeProcess({
          command: process.execPath,
          args: [TOOL_SCRIPTS.tsc, "-p", `tsconfig.${subject}.json`, "--extendedDiagnostics"],
          cwd: project.root,
        });
        results[subject].push(parseExtendedDiagnostics(tsc.stdout));
      }
      options.log(`types: run ${run + 1}/${runs}`);
    }
    const checkTimes = (subject: keyof typeof results) =>
      results[subject].map((result) => result.checkSeconds * 1000);
    const instantiations = (subject: keyof typeof results) =>
      results[subject].map((result) => result.instantiations);
    const note = `median of ${runs} runs`;
    return [
      {
        group,
        name: "check time, joyfill facade",
        value: median(checkTimes("facade")),
        unit: "ms",
        note,
      },
      {
        group,
        name: "check time, bare openapi-fetch",
        value: median(checkTimes("bare")),
        unit: "ms",
        note,
      },
      {
        group,
        name: "check time, facade / bare",
        value: medianRatio(checkTimes("facade"), checkTimes("bare")),
        unit: "×",
        target: { max: 1.1 },
      },
      {
        group,
        name: "instantiations, joyfill facade",
        value: median(instantiations("facade")),
        unit: "count",
      },
      {
        group,
        name: "instantiations, bare openapi-fetch",
        value: median(instantiations("bare")),
        unit: "count",
      },
      {
        group,
        name: "instantiations, facade / bare",
        value: medianRatio(instantiations("facade"), instantiations("bare")),
        unit: "×",
        target: { max: 1.1 },
      },
    ];
  } finally {
    await project.remove();
  }
}

/** Benchmark 5: type-check cost of one call. */
export const typeCheck: Suite = {
  name: "types",
  summary: "tsc check time and instantiations: one call via the facade vs bare openapi-fetch",
  run: runTypeCheck,
};
