import { parentPort, workerData } from "node:worker_threads";
import { loadPipelineConfig } from "./config.js";
import { lintSpec, type LintThreadAnswer, type LintThreadRequest } from "./lint.js";
import { ConfinedResolver } from "./refs.js";
import { readSpec } from "./spec.js";

/**
 * The lint worker thread's side of `lintSpecOnThread`: loads redocly.yaml (with its plugins) as
 * the main thread did, reads and lints one API's spec, and posts the problem lines, or the error
 * that stopped it, to the main thread.
 */
async function lintInThisThread(request: LintThreadRequest): Promise<LintThreadAnswer> {
  const startedAt = performance.now();
  try {
    const { root } = request;
    const config = await loadPipelineConfig({ root, configPath: request.configPath });
    const api = config.apis.find((candidate) => candidate.name === request.api);
    if (!api) throw new Error(`redocly.yaml no longer declares API ${request.api}`);
    const spec = await readSpec({
      path: api.specPath,
      root,
      declaredBy: `apis.${api.name}.root in redocly.yaml`,
    });
    const resolver = new ConfinedResolver(api.refs);
    const problems = await lintSpec({ api, spec, resolver, root });
    return { problems, milliseconds: performance.now() - startedAt };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    return { error: { name, message } };
  }
}

const answer = await lintInThisThread((workerData as { request: LintThreadRequest }).request);
parentPort?.postMessage(answer);
