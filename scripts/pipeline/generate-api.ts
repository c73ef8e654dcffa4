import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { Options } from "prettier";
import { bundleSpec } from "./bundle.js";
import { declaredRenames, renderChecks } from "./checks.js";
import { renderExamples } from "./examples.js";
import type { ApiDefinition } from "./config.js";
import { ConfigError, SpecError } from "./errors.js";
import { hashFileIfExists, type FileWrite } from "./files.js";
import { formatTypes, formatTypeScript } from "./format.js";
import { lintSpec, lintSpecOnThread } from "./lint.js";
import { displayPath, problemText, type ProblemLine } from "./problems.js";
import { renderHeader, renderServers, renderSpecYaml } from "./render.js";
import { checkRefs, ConfinedResolver } from "./refs.js";
import { readSpec, type SpecFile } from "./spec.js";
import type { ToolVersions } from "./tool-versions.js";
import { generateTypes } from "./types.js";

/** The stages of one API, in order. */
export type Stage = "lint" | "bundle" | "types" | "format";

/** Everything generated for one API, in memory. */
export interface GeneratedApi {
  name: string;
  /** `schema.ts`, `servers.ts`, `examples.ts`, `checks.ts` and `openapi.yaml` under `generated/<name>/`. */
  files: FileWrite[];
  /** The bundled spec as YAML, without its header: compared with the previous one for the change report. */
  specYaml: string;
  /**
   * Every file the output was made from (relative to the root) → SHA-256 (`null` when absent),
   * and every remote document its `$ref`s fetched, by URL.
   */
  inputs: Record<string, string | null>;
  /** The API's `remoteRefs.timeoutMs`, when it fetched remote documents. */
  remoteTimeoutMs?: number;
}

/** What an API's stages share with every other API of the run. */
export interface SharedInputs {
  root: string;
  /** Absolute path of redocly.yaml, which a lint thread loads again. */
  configPath: string;
  tools: ToolVersions;
  prettier: Options;
  /** redocly.yaml, the prettier config and the plugins, with their hashes. */
  inputs: Record<string, string | null>;
  /** Root specs of at least this many bytes are linted on a worker thread (see `runPipeline`). */
  lintThreadMinBytes: number;
}

/** How a stage reports: `onStage` once per finished stage, `print` for each problem line. */
interface StageReporting {
  onStage: (stage: Stage, milliseconds: number, note: string) => void;
  print: (line: string) => void;
}

/**
 * Runs lint → bundle (with the declared fixes) → types → format for one API, entirely in memory.
 * Prints every problem and one line per stage; returns `undefined` when the API failed.
 *
 * A large spec is linted on a worker thread while this thread bundles, generates and formats; the
 * lines of those stages are held back until lint's are printed, so the output is the same, in the
 * same order, as when lint runs first, and a lint error still fails the API (the held-back lines
 * and files are dropped).
 *
 * @throws {ConfigError} when a declared fix has invalid options.
 */
export async function generateApi(
  options: { api: ApiDefinition; shared: SharedInputs } & StageReporting,
): Promise<GeneratedApi | undefined> {
  const { api, shared, print } = options;
  const specName = displayPath(api.specPath, shared.root);
  const size = await stat(api.specPath).then(
    (stats) => stats.size,
    () => 0,
  );
  const lintThread =
    size >= shared.lintThreadMinBytes
      ? lintSpecOnThread({ root: shared.root, configPath: shared.configPath, api: api.name })
      : undefined;
  const heldBack: (() => void)[] = [];
  const reporting: StageReporting = lintThread
    ? {
        print: (line) => heldBack.push(() => print(line)),
        onStage: (...stage) => heldBack.push(() => options.onStage(...stage)),
      }
    : options;
  try {
    const startedAt = performance.now();
    // Held in a box that the bundle stage empties: a large spec's parsed document (hundreds of MB)
    // must not outlive the stages that read it, so none of its references lasts as long as this call.
    const spec: SpecBox = {
      current: await readSpec({
        path: api.specPath,
        root: shared.root,
        declaredBy: `apis.${api.name}.root in redocly.yaml`,
      }),
    };
    const resolver = new ConfinedResolver(api.refs);
    // Before lint or bundle follow any $ref: nothing outside the spec's folder is read, no URL the API does not allow is fetched.
    const refProblems = await checkRefs({
      root: spec.current!.document,
      resolver,
      projectRoot: shared.root,
    });
    if (printProblems(refProblems, print) > 0) return undefined;
    let generated: GeneratedApi | undefined;
    let failure: unknown;
    try {
      generated = await produceFiles({
        api,
        shared,
        reporting,
        lintHere: !lintThread,
        spec,
        resolver,
        startedAt,
      });
    } catch (error) {
      // An unreadable spec stops the API before lint, as it always has: no lint lines to wait for.
      if (!lintThread || error instanceof SpecError) throw error;
      failure = error;
    }
    if (lintThread) {
      const { problems, milliseconds } = await lintThread.result;
      const errors = printProblems(problems, print);
      options.onStage(
        "lint",
        milliseconds,
        `${countNote(errors, problems.length - errors)}, on a worker thread`,
      );
      if (errors > 0) return undefined;
      for (const line of heldBack) line();
      if (failure !== undefined) throw failure;
    }
    return generated;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    print(
      error instanceof SpecError
        ? error.message
        : problemText(specName, "error", "spec-invalid", (error as Error).message),
    );
    return undefined;
  } finally {
    await lintThread?.stop();
  }
}

/** The parsed spec, until the stage that needs it last takes it out. */
interface SpecBox {
  current: SpecFile | undefined;
}

/** Every stage but (with `lintHere: false`) lint, then the files and their inputs. */
async function produceFiles(options: {
  api: ApiDefinition;
  shared: SharedInputs;
  reporting: StageReporting;
  /** Whether lint runs here, first, or elsewhere. */
  lintHere: boolean;
  spec: SpecBox;
  resolver: ConfinedResolver;
  /** When the API's work began: the first stage's time counts from there. */
  startedAt: number;
}): Promise<GeneratedApi | undefined> {
  const { api, shared, reporting, lintHere, spec, resolver } = options;
  const { root } = shared;
  const timer = stageTimer(reporting.onStage, options.startedAt);
  const sources = await produceSources({
    api,
    root,
    print: reporting.print,
    timer,
    lintHere,
    spec,
    resolver,
  });
  if (!sources) return undefined;
  const specName = displayPath(api.specPath, root);
  const header = { specPath: specName, specSha256: sources.specSha256, tools: shared.tools };
  const tsHeader = renderHeader(header, { commentPrefix: "//" });
  const directory = join(root, "generated", api.name);
  const files: FileWrite[] = [
    {
      path: join(directory, "schema.ts"),
      content: await formatTypes([{ source: tsHeader }, ...sources.types], shared),
    },
    {
      path: join(directory, "servers.ts"),
      content: await formatTypeScript(tsHeader + sources.servers, shared),
    },
    // Not run through prettier: a large spec's examples are megabytes, which it takes seconds over.
    { path: join(directory, "examples.ts"), content: tsHeader + sources.examples },
    // Written as rendered, for the same reason: a large spec's checks are megabytes too.
    { path: join(directory, "checks.ts"), content: tsHeader + sources.checks },
    {
      path: join(directory, "openapi.yaml"),
      content: renderHeader(header, { commentPrefix: "#" }) + sources.specYaml,
    },
  ];
  timer("format", "");

  const inputs: Record<string, string | null> = {
    ...shared.inputs,
    [specName]: sources.specSha256,
  };
  for (const path of sources.referencedFiles) {
    if (!/^https?:/i.test(path)) inputs[displayPath(path, root)] = await hashFileIfExists(path);
  }
  for (const [url, hash] of resolver.remoteHashes) inputs[url] = hash;
  const remote =
    resolver.remoteHashes.size > 0 ? { remoteTimeoutMs: api.refs.remoteTimeoutMs } : {};
  return { name: api.name, files, specYaml: sources.specYaml, inputs, ...remote };
}

/**
 * Lint (when `lintHere`), bundle and types, returning text only: the parsed spec, its line index
 * and openapi-typescript's AST (hundreds of MB for a large spec) are garbage once this returns,
 * before prettier, the stage that needs the most memory, starts.
 */
async function produceSources(options: {
  api: ApiDefinition;
  root: string;
  print: (line: string) => void;
  timer: (stage: Stage, note: string) => void;
  lintHere: boolean;
  spec: SpecBox;
  resolver: ConfinedResolver;
}) {
  const { api, root, print, timer, resolver } = options;
  let spec: SpecFile | undefined = options.spec.current!;
  options.spec.current = undefined;
  const specSha256 = spec.sha256;

  if (options.lintHere) {
    const lintProblems = await lintSpec({ api, spec, resolver, root });
    const lintErrors = printProblems(lintProblems, print);
    timer("lint", countNote(lintErrors, lintProblems.length - lintErrors));
    if (lintErrors > 0) return undefined;
  }

  const { document, problems, referencedFiles } = await bundleSpec({ api, spec, resolver, root });
  spec = undefined;
  const bundleErrors = printProblems(problems, print);
  timer("bundle", bundleErrors > 0 ? countNote(bundleErrors, 0) : fixesNote(api));
  if (bundleErrors > 0) return undefined;

  // Before the types: openapi-typescript patches discriminator enums into the document.
  const specYaml = renderSpecYaml(document);
  const servers = renderServers(document, api);
  const examples = renderExamples(document);
  for (const warning of examples.warnings) {
    print(problemText(displayPath(api.specPath, root), "warn", "api-clients/examples", warning));
  }
  const renames = declaredRenames(api.redocly.decorators);
  const checks = renderChecks({ api: api.name, document, renames });
  const types = generateTypes(document);
  timer("types", "");
  return {
    specSha256,
    referencedFiles,
    specYaml,
    servers,
    examples: examples.source,
    checks,
    types,
  };
}

/** Prints every problem line; returns how many are errors. */
function printProblems(problems: readonly ProblemLine[], print: (line: string) => void): number {
  for (const problem of problems) print(problem.text);
  return problems.filter((problem) => problem.severity === "error").length;
}

function stageTimer(
  onStage: StageReporting["onStage"],
  startedAt: number,
): (stage: Stage, note: string) => void {
  let started = startedAt;
  return (stage, note) => {
    const now = performance.now();
    onStage(stage, now - started, note);
    started = now;
  };
}

function countNote(errors: number, warnings: number): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}

function fixesNote(api: ApiDefinition): string {
  const fixes = new Set(Object.values(api.redocly.decorators).flatMap(Object.keys));
  return fixes.size === 0 ? "no fixes" : `fixes: ${[...fixes].join(", ")}`;
}
