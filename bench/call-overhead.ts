/**
 * Benchmark 1: time per call against a keep-alive server on 127.0.0.1, for raw `fetch`, bare
 * openapi-fetch and both facades, one call at a time and 16 in flight. Every round runs every
 * subject (in a rotating order), and ratios are taken round by round, so machine noise hits
 * all subjects alike.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import createClient from "openapi-fetch";
import type { paths as JoyfillPaths } from "../generated/joyfill/schema.js";
import { createJoyfillClient } from "../src/joyfill.js";
import { createProficientClient } from "../src/proficient.js";
import { median, medianRatio, type Row } from "./results.js";
import { PROJECT_ROOT, type Suite, type SuiteOptions } from "./suite.js";

/** Calls in flight at once in the concurrent variant, as the issue asks. */
const IN_FLIGHT = 16;

const JOYFILL_BODY = { identifier: "u_1", group: "team-a" };
const PROFICIENT_BODY = { external_id: "42", first_name: "Ada" };
const BASIC_AUTHORIZATION = `Basic ${btoa("pk_bench:sk_bench")}`;

/** One way of making the same API call. */
interface Subject {
  name: string;
  call: () => Promise<unknown>;
}

/** The counts one run of the suite uses. */
interface CallCounts {
  rounds: number;
  warmupRounds: number;
  sequentialCalls: number;
  concurrentCalls: number;
}

const FULL_COUNTS: CallCounts = {
  rounds: 11,
  warmupRounds: 3,
  sequentialCalls: 300,
  concurrentCalls: 1_200,
};
const QUICK_COUNTS: CallCounts = {
  rounds: 2,
  warmupRounds: 1,
  sequentialCalls: 20,
  concurrentCalls: 64,
};

/** Starts the fixture server in its own process and resolves to its origin once it listens. */
async function startFixtureServer(): Promise<{ origin: string; stop: () => Promise<void> }> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), resolve(PROJECT_ROOT, "bench/fixture-server.ts")],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const lines = createInterface({ input: child.stdout });
  const [firstLine] = (await Promise.race([
    once(lines, "line"),
    once(child, "exit").then(([code]) => {
      throw new Error(`fixture server exited with ${String(code)} before listening`);
    }),
  ])) as [string];
  const port = /^listening (\d+)$/.exec(firstLine)?.[1];
  if (port === undefined) throw new Error(`fixture server said ${JSON.stringify(firstLine)}`);
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = once(child, "exit");
      child.stdin.end();
      await exited;
    },
  };
}

/** Microseconds per call, making `calls` calls one after another. */
async function timeSequential(subject: Subject, calls: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await subject.call();
  return ((performance.now() - started) * 1000) / calls;
}

/** Microseconds per call, making `calls` calls with `IN_FLIGHT` of them pending at any time. */
async function timeConcurrent(subject: Subject, calls: number): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started++;
      await subject.call();
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return ((performance.now() - begin) * 1000) / calls;
}

function baselineSubjects(origin: string): Subject[] {
  const joyfillUrl = `${origin}/joyfill`;
  const bare = createClient<JoyfillPaths>({
    baseUrl: joyfillUrl,
    headers: { Authorization: BASIC_AUTHORIZATION },
  });
  return [
    {
      name: "fetch",
      call: async () => {
        const response = await fetch(`${joyfillUrl}/users`, {
          method: "POST",
          headers: { Authorization: BASIC_AUTHORIZATION, "Content-Type": "application/json" },
          body: JSON.stringify(JOYFILL_BODY),
        });
        if (!response.ok) throw new Error(`fetch: HTTP ${response.status}`);
        return response.json();
      },
    },
    {
      name: "openapi-fetch",
      call: async () => {
        const { data, error, response } = await bare.POST("/users", { body: JOYFILL_BODY });
        if (error !== undefined) throw new Error(`openapi-fetch: HTTP ${response.status}`);
        return data;
      },
    },
  ];
}

function facadeSubjects(origin: string): Subject[] {
  const joyfill = createJoyfillClient({
    publicKey: "pk_bench",
    secretKey: "sk_bench",
    baseUrl: `${origin}/joyfill`,
  });
  const proficient = createProficientClient({
    secretKey: "sk_bench",
    baseUrl: `${origin}/proficient`,
  });
  return [
    { name: "joyfill facade", call: () => joyfill.users.create(JOYFILL_BODY) },
    { name: "proficient facade", call: () => proficient.users.create(PROFICIENT_BODY) },
  ];
}

/** Each subject once, outside the timing, so a broken subject fails loudly instead of fast. */
async function checkSubjects(subjects: readonly Subject[]): Promise<void> {
  for (const subject of subjects) {
    const result = await subject.call();
    if (typeof result !== "object" || result === null) {
      throw new Error(`${subject.name} resolved to ${JSON.stringify(result)}, not the user`);
    }
  }
}

function rowsFor(
  group: string,
  perCall: ReadonlyMap<string, number[]>,
  note: string,
): Row[] {
  const rows: Row[] = [];
  for (const [name, values] of perCall) {
    rows.push({ group, name, value: median(values), unit: "µs", note });
  }
  const times = (name: string) => perCall.get(name);
  const ratio = (numerator: string, denominator: string, max?: number) => {
    const top = times(numerator);
    const bottom = times(denominator);
    if (top === undefined || bottom === undefined) return;
    rows.push({
      group,
      name: `${numerator} / ${denominator}`,
      value: medianRatio(top, bottom),
      unit: "×",
      ...(max === undefined ? {} : { target: { max } }),
    });
  };
  ratio("openapi-fetch", "fetch");
  for (const facade of ["joyfill facade", "proficient facade"]) {
    ratio(facade, "openapi-fetch", 1.05);
    ratio(facade, "fetch", 1.25);
  }
  return rows;
}

async function runCallOverhead(options: SuiteOptions): Promise<Row[]> {
  const counts = options.quick ? QUICK_COUNTS : FULL_COUNTS;
  const server = await startFixtureServer();
  try {
    const subjects = [...baselineSubjects(server.origin), ...facadeSubjects(server.origin)];
    await checkSubjects(subjects);
    const sequential = new Map(subjects.map((subject) => [subject.name, [] as number[]]));
    const concurrent = new Map(subjects.map((subject) => [subject.name, [] as number[]]));
    for (let round = -counts.warmupRounds; round < counts.rounds; round++) {
      const offset = ((round % subjects.length) + subjects.length) % subjects.length;
      const order = [...subjects.slice(offset), ...subjects.slice(0, offset)];
      for (const subject of order) {
        const oneByOne = await timeSequential(subject, counts.sequentialCalls);
        const inFlight = await timeConcurrent(subject, counts.concurrentCalls);
        if (round >= 0) {
          sequential.get(subject.name)!.push(oneByOne);
          concurrent.get(subject.name)!.push(inFlight);
        }
      }
      if (round >= 0) options.log(`calls: round ${round + 1}/${counts.rounds}`);
    }
    const note = `median of ${counts.rounds} rounds`;
    return [
      ...rowsFor("calls, sequential", sequential, `${note} × ${counts.sequentialCalls} calls`),
      ...rowsFor(`calls, ${IN_FLIGHT} in flight`, concurrent, `${note} × ${counts.concurrentCalls} calls`),
    ];
  } finally {
    await server.stop();
  }
}

/** Benchmark 1: per-call overhead. */
export const callOverhead: Suite = {
  name: "calls",
  summary: "per-call time on 127.0.0.1: fetch, openapi-fetch, both facades",
  run: runCallOverhead,
};
