/**
 * Benchmark 1: time per call against a keep-alive server on 127.0.0.1, for raw `fetch`, bare
 * openapi-fetch and both facades, one call at a time and 16 in flight, with the server in its
 * own process, then one at a time with the server in this process. Every round runs every
 * subject (in a rotating order), and ratios are taken round by round, so machine noise hits
 * all subjects alike.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import createClient from "openapi-fetch";
import { joyfillResponseChecks } from "../generated/joyfill/checks.js";
import { proficientResponseChecks } from "../generated/proficient/checks.js";
import type { paths as JoyfillPaths } from "../generated/joyfill/schema.js";
import { createJoyfillClient } from "../src/joyfill.js";
import { createProficientClient } from "../src/proficient.js";
import { startFixtureApi } from "./fixture-api.js";
import { FIXTURE_USERS } from "./fixture-users.js";
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
  /** Calls per round without a socket, where one call costs a few microseconds. */
  inMemoryCalls: number;
}

const FULL_COUNTS: CallCounts = {
  rounds: 41,
  warmupRounds: 3,
  sequentialCalls: 100,
  concurrentCalls: 400,
  inMemoryCalls: 1_500,
};
const QUICK_COUNTS: CallCounts = {
  rounds: 2,
  warmupRounds: 1,
  sequentialCalls: 20,
  concurrentCalls: 64,
  inMemoryCalls: 50,
};

/** What one batch of calls cost, per call. */
interface PerCall {
  /** Wall-clock microseconds: what the targets are about. */
  wall: number;
  /**
   * CPU microseconds of this process (user + system), which the server's process and other jobs
   * on the machine do not inflate: the steadier measure of what a client adds.
   */
  cpu: number;
}

/** A way of timing a subject. */
interface TimingMode {
  group: string;
  note: string;
  time: (subject: Subject) => Promise<PerCall>;
}

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

/** Times `run`, which makes `calls` calls. */
async function perCall(calls: number, run: () => Promise<void>): Promise<PerCall> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await run();
  const wall = ((performance.now() - started) * 1000) / calls;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / calls };
}

/** Cost per call, making `calls` calls one after another. */
function timeSequential(subject: Subject, calls: number): Promise<PerCall> {
  return perCall(calls, async () => {
    for (let i = 0; i < calls; i++) await subject.call();
  });
}

/** Cost per call, making `calls` calls with `IN_FLIGHT` of them pending at any time. */
function timeConcurrent(subject: Subject, calls: number): Promise<PerCall> {
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started++;
      await subject.call();
    }
  };
  return perCall(calls, async () => {
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  });
}

/** Where the clients send requests: the fixture server, or a `fetch` that answers in memory. */
interface Transport {
  joyfillUrl: string;
  proficientUrl: string;
  fetch?: (request: Request) => Promise<Response>;
}

/** A `fetch` that answers at once with the fixture user of the API the URL names. */
function inMemoryFetch(request: Request): Promise<Response> {
  const body = request.url.includes("/proficient/")
    ? FIXTURE_USERS.proficient
    : FIXTURE_USERS.joyfill;
  return Promise.resolve(
    new Response(body, { status: 200, headers: { "content-type": "application/json" } }),
  );
}

function rawFetchSubject(transport: Transport): Subject {
  return {
    name: "fetch",
    call: async () => {
      const response = await fetch(`${transport.joyfillUrl}/users`, {
        method: "POST",
        headers: { Authorization: BASIC_AUTHORIZATION, "Content-Type": "application/json" },
        body: JSON.stringify(JOYFILL_BODY),
      });
      if (!response.ok) throw new Error(`fetch: HTTP ${response.status}`);
      return response.json();
    },
  };
}

/** Bare openapi-fetch and both facades, all sending through `transport`. */
function clientSubjects(transport: Transport): Subject[] {
  const viaFetch = transport.fetch === undefined ? {} : { fetch: transport.fetch };
  const bare = createClient<JoyfillPaths>({
    baseUrl: transport.joyfillUrl,
    headers: { Authorization: BASIC_AUTHORIZATION },
    ...viaFetch,
  });
  const joyfill = createJoyfillClient({
    publicKey: "pk_bench",
    secretKey: "sk_bench",
    baseUrl: transport.joyfillUrl,
    ...viaFetch,
  });
  const proficient = createProficientClient({
    secretKey: "sk_bench",
    baseUrl: transport.proficientUrl,
    ...viaFetch,
  });
  // The same facades with each 2xx body checked against the spec, reporting mismatches.
  const checkedJoyfill = createJoyfillClient({
    publicKey: "pk_bench",
    secretKey: "sk_bench",
    baseUrl: transport.joyfillUrl,
    responseChecks: joyfillResponseChecks({ mode: "report" }),
    ...viaFetch,
  });
  const checkedProficient = createProficientClient({
    secretKey: "sk_bench",
    baseUrl: transport.proficientUrl,
    responseChecks: proficientResponseChecks({ mode: "report" }),
    ...viaFetch,
  });
  return [
    {
      name: "openapi-fetch",
      call: async () => {
        const { data, error, response } = await bare.POST("/users", { body: JOYFILL_BODY });
        if (error !== undefined) throw new Error(`openapi-fetch: HTTP ${response.status}`);
        return data;
      },
    },
    { name: "joyfill facade", call: () => joyfill.users.create(JOYFILL_BODY) },
    { name: "proficient facade", call: () => proficient.users.create(PROFICIENT_BODY) },
    {
      name: `joyfill facade${CHECKED}`,
      call: () => checkedJoyfill.users.create(JOYFILL_BODY),
    },
    {
      name: `proficient facade${CHECKED}`,
      call: () => checkedProficient.users.create(PROFICIENT_BODY),
    },
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

const FACADES = ["joyfill facade", "proficient facade"] as const;

/** What the names of the facades with response checks in `report` mode add. */
const CHECKED = ", checks report";

/** Most that checking each body in `report` mode may add to a call, against no checks. */
const CHECKED_MAX = 1.1;

/** Which rows {@link rowsFor} adds besides the times and the ratios. */
interface RowOptions {
  /**
   * Most a facade may take per call, as a multiple of bare openapi-fetch's time: set over a
   * socket, not with `fetch` answered in memory, where the ratios only show where the time goes.
   */
  facadeMax: number | undefined;
  /** Whether to add the client-CPU ratios: only when the server runs in another process. */
  clientCpu: boolean;
}

function rowsFor(
  group: string,
  results: ReadonlyMap<string, PerCall[]>,
  note: string,
  { facadeMax, clientCpu }: RowOptions,
): Row[] {
  const rows: Row[] = [];
  for (const [name, rounds] of results) {
    rows.push({ group, name, value: median(rounds.map((round) => round.wall)), unit: "µs", note });
  }
  const ratio = (
    numerator: string,
    denominator: string,
    measure: keyof PerCall,
    options: { max?: number; suffix?: string } = {},
  ) => {
    const top = results.get(numerator)?.map((round) => round[measure]);
    const bottom = results.get(denominator)?.map((round) => round[measure]);
    if (top === undefined || bottom === undefined) return;
    rows.push({
      group,
      name: `${numerator} / ${denominator}${options.suffix ?? ""}`,
      value: medianRatio(top, bottom),
      unit: "×",
      ...(options.max === undefined ? {} : { target: { max: options.max } }),
    });
  };
  // Targets apply on the socket; in memory the ratios only show where the time goes.
  ratio("openapi-fetch", "fetch", "wall");
  for (const facade of FACADES) {
    ratio(facade, "openapi-fetch", "wall", facadeMax === undefined ? {} : { max: facadeMax });
    ratio(facade, "fetch", "wall", { max: 1.25 });
  }
  for (const facade of FACADES) {
    ratio(
      `${facade}${CHECKED}`,
      facade,
      "wall",
      facadeMax === undefined ? {} : { max: CHECKED_MAX },
    );
  }
  if (clientCpu) {
    for (const facade of FACADES) {
      ratio(facade, "openapi-fetch", "cpu", { suffix: ", client CPU" });
      ratio(facade, "fetch", "cpu", { suffix: ", client CPU" });
    }
  }
  return rows;
}

/**
 * Runs every subject in every mode, round after round, the subjects' order rotating each round;
 * the warm-up rounds are run the same way and thrown away. Resolves to the cost per call, by
 * mode and subject, one value per round.
 */
async function measureRounds(
  subjects: readonly Subject[],
  modes: readonly TimingMode[],
  counts: CallCounts,
  log: (line: string) => void,
): Promise<Map<TimingMode, Map<string, PerCall[]>>> {
  const results = new Map(
    modes.map((mode) => [
      mode,
      new Map(subjects.map((subject) => [subject.name, [] as PerCall[]])),
    ]),
  );
  for (let round = -counts.warmupRounds; round < counts.rounds; round++) {
    const offset = ((round % subjects.length) + subjects.length) % subjects.length;
    const order = [...subjects.slice(offset), ...subjects.slice(0, offset)];
    for (const subject of order) {
      for (const mode of modes) {
        const cost = await mode.time(subject);
        if (round >= 0) results.get(mode)!.get(subject.name)!.push(cost);
      }
    }
    if (round >= 0) log(`calls (${modes[0]!.group}): round ${round + 1}/${counts.rounds}`);
  }
  return results;
}

/** Raw `fetch`, bare openapi-fetch and both facades, calling the fixture API at `origin`. */
function subjectsOver(origin: string): Subject[] {
  const transport: Transport = {
    joyfillUrl: `${origin}/joyfill`,
    proficientUrl: `${origin}/proficient`,
  };
  return [rawFetchSubject(transport), ...clientSubjects(transport)];
}

/** Checks `subjects`, times them in every mode round by round, and gives each mode's rows. */
async function measuredRows(
  subjects: readonly Subject[],
  modes: readonly TimingMode[],
  counts: CallCounts,
  options: SuiteOptions,
  rowOptions: RowOptions,
): Promise<Row[]> {
  await checkSubjects(subjects);
  const rows: Row[] = [];
  for (const [mode, perCall] of await measureRounds(subjects, modes, counts, options.log)) {
    rows.push(...rowsFor(mode.group, perCall, mode.note, rowOptions));
  }
  return rows;
}

async function runCallOverhead(options: SuiteOptions): Promise<Row[]> {
  const counts = options.quick ? QUICK_COUNTS : FULL_COUNTS;
  const rounds = `median of ${counts.rounds} rounds`;
  const rows: Row[] = [];
  const server = await startFixtureServer();
  try {
    const modes: TimingMode[] = [
      {
        group: "calls, sequential",
        note: `${rounds} × ${counts.sequentialCalls} calls`,
        time: (subject) => timeSequential(subject, counts.sequentialCalls),
      },
      {
        group: `calls, ${IN_FLIGHT} in flight`,
        note: `${rounds} × ${counts.concurrentCalls} calls`,
        time: (subject) => timeConcurrent(subject, counts.concurrentCalls),
      },
    ];
    rows.push(
      ...(await measuredRows(subjectsOver(server.origin), modes, counts, options, {
        facadeMax: 1,
        clientCpu: true,
      })),
    );
  } finally {
    await server.stop();
  }
  // The same calls with the server in this process, sharing the clients' event loop.
  const local = await startFixtureApi();
  try {
    const mode: TimingMode = {
      group: "calls, server in this process",
      note: `${rounds} × ${counts.sequentialCalls} calls, one at a time`,
      time: (subject) => timeSequential(subject, counts.sequentialCalls),
    };
    rows.push(
      // Issue 19: with openapi-fetch's middleware contract intact, within 5 % of it.
      ...(await measuredRows(subjectsOver(local.origin), [mode], counts, options, {
        facadeMax: 1.05,
        clientCpu: false,
      })),
    );
  } finally {
    local.server.closeAllConnections();
    await new Promise((closed) => local.server.close(closed));
  }
  // The client-side share alone: the same calls answered by a `fetch` that never touches a socket.
  const inMemory = clientSubjects({
    joyfillUrl: "http://in-memory/joyfill",
    proficientUrl: "http://in-memory/proficient",
    fetch: inMemoryFetch,
  });
  const mode: TimingMode = {
    group: "calls, fetch answered in memory",
    note: `${rounds} × ${counts.inMemoryCalls} calls`,
    time: (subject) => timeSequential(subject, counts.inMemoryCalls),
  };
  rows.push(
    ...(await measuredRows(inMemory, [mode], counts, options, {
      facadeMax: undefined,
      clientCpu: false,
    })),
  );
  return rows;
}

/** Benchmark 1: per-call overhead. */
export const callOverhead: Suite = {
  name: "calls",
  summary: "per-call time on 127.0.0.1: fetch, openapi-fetch, both facades",
  run: runCallOverhead,
};
