import { Worker } from "node:worker_threads";
import { pipelineModuleUrl, RUNS_COMPILED } from "./layout.js";

/**
 * Starts a worker thread on a module of `scripts/pipeline/` (by name, without extension).
 * Compiled, the thread runs the `.js` file as is. From the sources, a worker does not inherit
 * the TypeScript loader of the thread that starts it, so a few lines of JavaScript register tsx
 * in it first.
 */
export function startPipelineWorker(name: string, workerData: unknown): Worker {
  const entry = pipelineModuleUrl(name);
  if (RUNS_COMPILED) return new Worker(entry, { workerData });
  const source =
    `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(source, { eval: true, workerData });
}
