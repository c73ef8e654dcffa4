import { Worker } from "node:worker_threads";
import { pipelineModuleUrl, RUNS_COMPILED } from "./layout.js";

/**
 * Each thread has a heap of its own; V8 sizes a thread's young generation as it does the main
 * thread's (up to 16 MiB per semi-space, three of them). The pipeline's threads build large,
 * long-lived structures, where a smaller young generation costs little time and keeps the
 * process's peak memory down (measured on GitHub's spec: see the README's figures).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/**
 * Starts a worker thread on a module of `scripts/pipeline/` (by name, without extension).
 * Compiled, the thread runs the `.js` file as is. From the sources, a worker does not inherit
 * the TypeScript loader of the thread that starts it, so a few lines of JavaScript register tsx
 * in it first.
 */
export function startPipelineWorker(name: string, workerData: unknown): Worker {
  const entry = pipelineModuleUrl(name);
  const options = { workerData, resourceLimits: WORKER_LIMITS };
  if (RUNS_COMPILED) return new Worker(entry, options);
  const source =
    `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(source, { ...options, eval: true });
}
