/**
 * Reads the per-stage timings `npm run generate` prints (`<api>  <stage>  <n> ms  …`), so a
 * whole-process time can be split into the pipeline's own work and everything around it
 * (process start-up, module loading).
 */

/** Milliseconds per stage (lint, bundle, types, format), summed over the APIs. */
export function stageMilliseconds(output: string): Map<string, number> {
  const stages = new Map<string, number>();
  for (const match of output.matchAll(/^\S+\s+(lint|bundle|types|format)\s+(\d+) ms\b/gm)) {
    stages.set(match[1]!, (stages.get(match[1]!) ?? 0) + Number(match[2]));
  }
  return stages;
}

/** `"lint 1.2 s, bundle 0.1 s, …"`, or `""` when the output has no stage lines. */
export function describeStages(stages: ReadonlyMap<string, number>): string {
  return [...stages].map(([stage, ms]) => `${stage} ${(ms / 1000).toFixed(1)} s`).join(", ");
}
