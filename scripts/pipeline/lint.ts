import { Worker } from "node:worker_threads";
import { lintDocument, type BaseResolver } from "@redocly/openapi-core";
import type { ApiDefinition } from "./config.js";
import { pipelineModuleUrl, RUNS_COMPILED } from "./layout.js";
import { ConfigError, SpecError } from "./errors.js";
import { formatProblem, type ProblemLine } from "./problems.js";
import type { SpecFile } from "./spec.js";

/**
 * Lints a spec as written by the vendor, with the API's rules from redocly.yaml (`recommended`
 * plus its own). Decorators do not run here, so every problem points at the vendor's file and line.
 */
export async function lintSpec(options: {
  api: ApiDefinition;
  spec: SpecFile;
  /** Shared with {@link bundleSpec} so `$ref`'d files are read and parsed once. */
  resolver: BaseResolver;
  root: string;
}): Promise<ProblemLine[]> {
  const problems = await lintDocument({
    document: options.spec.document,
    config: options.api.redocly,
    externalRefResolver: options.resolver,
  });
  return problems.map((problem) => formatProblem(problem, options));
}

/** What the main thread asks the lint thread: lint one API of a redocly.yaml. */
export interface LintThreadRequest {
  root: string;
  /** Absolute path of redocly.yaml. */
  configPath: string;
  /** The API's name in redocly.yaml. */
  api: string;
}

/** The lint thread's answer: the problem lines and how long it took, or the error that stopped it. */
export type LintThreadAnswer =
  { problems: ProblemLine[]; milliseconds: number } | { error: { name: string; message: string } };

/** A lint running on a worker thread; see {@link lintSpecOnThread}. */
export interface LintThread {
  /** The problem lines, exactly as {@link lintSpec} gives them, and the thread's wall time. */
  result: Promise<{ problems: ProblemLine[]; milliseconds: number }>;
  /** Stops the thread (when its answer is no longer wanted). */
  stop(): Promise<void>;
}

/**
 * Starts linting one API on a worker thread, so a large spec is linted while the main thread
 * bundles it and generates and formats its types. The thread loads redocly.yaml, its plugins and
 * the spec itself (objects do not cross threads cheaply), which costs a few hundred
 * milliseconds: worth it only for a large spec.
 *
 * `result` rejects with a {@link SpecError} or {@link ConfigError} when the thread met one (the
 * same the main thread would meet), with an `Error` for anything else.
 */
export function lintSpecOnThread(request: LintThreadRequest): LintThread {
  const worker = startLintWorker(request);
  const result = new Promise<{ problems: ProblemLine[]; milliseconds: number }>(
    (resolve, reject) => {
      worker.once("message", (answer: LintThreadAnswer) => {
        // Its answer is all the thread had to give: end it now, so its heap (the spec, Redocly's
        // line index of it) is not held while this thread formats the types.
        void worker.terminate();
        if ("problems" in answer) return resolve(answer);
        const { name, message } = answer.error;
        reject(
          name === "SpecError"
            ? new SpecError(message)
            : name === "ConfigError"
              ? new ConfigError(message)
              : new Error(message),
        );
      });
      worker.once("error", reject);
      worker.once("exit", (code) =>
        reject(
          new Error(
            `the lint thread for API ${request.api} exited (code ${code}) without an answer`,
          ),
        ),
      );
    },
  );
  // Settled or not, a rejection nobody awaits (the run stopped early) must not crash the process.
  result.catch(() => undefined);
  return { result, stop: () => worker.terminate().then(() => undefined) };
}

/**
 * The thread has a heap of its own, whose young generation V8 sizes as the main thread's (up to
 * 16 MiB per semi-space, three of them). Lint builds large, long-lived structures, where a smaller
 * one costs little time and keeps the process's peak memory down on GitHub's spec.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/**
 * Starts `lint-thread` on `request`. Compiled, the thread runs the `.js` file as is; from the
 * sources a worker does not inherit the thread's TypeScript loader, so a few lines register tsx
 * in it first.
 */
function startLintWorker(request: LintThreadRequest): Worker {
  const entry = pipelineModuleUrl("lint-thread");
  const options = { workerData: { request }, resourceLimits: WORKER_LIMITS };
  if (RUNS_COMPILED) return new Worker(entry, options);
  const source =
    `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(source, { ...options, eval: true });
}
