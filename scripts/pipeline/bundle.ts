import { Source, bundle, type BaseResolver } from "@redocly/openapi-core";
import type { ApiDefinition } from "./config.js";
import { formatProblem, type ProblemLine } from "./problems.js";
import type { SpecFile } from "./spec.js";

/** A spec bundled into one document, with the API's decorators (declared fixes) applied. */
export interface BundledSpec {
  /** The bundled document: local `$ref`s only, components kept as the vendor named them. */
  document: Record<string, unknown>;
  /** Unresolvable `$ref`s and failed or stale fixes. */
  problems: ProblemLine[];
  /** Absolute paths of the files the root spec pulls in through `$ref`. */
  referencedFiles: string[];
}

/**
 * Bundles a spec (OpenAPI 3.0 and 3.1 alike) and applies the decorators configured for its API.
 * Mutates `spec.document`, so lint first.
 */
export async function bundleSpec(options: {
  api: ApiDefinition;
  spec: SpecFile;
  resolver: BaseResolver;
  root: string;
}): Promise<BundledSpec> {
  const { source, parsed } = options.spec.document;
  const result = await bundle({
    // A fresh Source: lint cached a line index of the file (a YAML AST) on the original, hundreds
    // of MB for a large spec, which bundling needs only to place a failed fix.
    doc: { source: new Source(source.absoluteRef, source.body, source.mimeType), parsed },
    config: options.api.redocly,
    externalRefResolver: options.resolver,
  });
  return {
    document: result.bundle.parsed as Record<string, unknown>,
    problems: result.problems.map((problem) => formatProblem(problem, options)),
    referencedFiles: [...result.fileDependencies]
      .filter((path) => path !== options.spec.path)
      .sort(),
  };
}
