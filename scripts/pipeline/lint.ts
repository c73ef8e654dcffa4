import type { BaseResolver } from "@redocly/openapi-core";
import type { ApiDefinition } from "./config.js";
import { formatProblem, type ProblemLine } from "./problems.js";
import type { SpecFile } from "./spec.js";
import { redocly } from "./tools.js";

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
  const problems = await redocly.lintDocument({
    document: options.spec.document,
    config: options.api.redocly,
    externalRefResolver: options.resolver,
  });
  return problems.map((problem) => formatProblem(problem, options));
}
