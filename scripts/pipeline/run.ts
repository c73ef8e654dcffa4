import { dirname, join, resolve } from "node:path";
import { ConfigError, SpecError, UsageError } from "./errors.js";
import {
  hashFileIfExists,
  listSourceFiles,
  readTextIfExists,
  relativePath,
  sha256,
  writeFilesAtomically,
} from "./files.js";
import { shortDiff } from "./diff.js";
import {
  MANIFEST_FILE,
  renderManifest,
  tryFastPath,
  type ApiRecord,
  type Manifest,
} from "./manifest.js";
import type { GeneratedApi } from "./generate-api.js";
import type { ToolVersions } from "./tool-versions.js";

/** Options of {@link runPipeline}. */
export interface PipelineOptions {
  /** Project root: `generated/`, `.prettierrc.json` and relative paths are resolved against it. */
  root: string;
  /**
   * redocly.yaml, relative to `root` or absolute.
   * @default "redocly.yaml"
   */
  configPath?: string;
  /**
   * The APIs to generate, by name.
   * @default every API in redocly.yaml
   */
  apis?: readonly string[];
  /**
   * Regenerate in memory and compare with `generated/` instead of writing. Never takes the fast path.
   * @default false
   */
  check?: boolean;
  /**
   * Also write the change report as Markdown to this file (relative to `root` or absolute).
   * @default no file
   */
  reportFile?: string;
  /**
   * Root specs of at least this many bytes are linted on a worker thread while the main thread
   * bundles them and generates and formats their types. The thread loads Redocly, redocly.yaml and
   * the spec again, which costs more than linting a small spec takes.
   * @default 1 MiB
   */
  lintThreadMinBytes?: number;
  /**
   * `performance.now()` when the run started, for the times printed.
   * @default when `runPipeline` is called
   */
  startedAt?: number;
  /**
   * Where output lines go.
   * @default console.log
   */
  print?: (line: string) => void;
}

/** Exit codes: 0 success, 1 spec problems or drift, 2 bad usage or config. */
export type ExitCode = 0 | 1 | 2;

/**
 * Runs the pipeline: every API in redocly.yaml (or those asked for) through lint → bundle with
 * the declared fixes → types → format, all in memory; then either writes the files that changed
 * (only when every API succeeded) or, with `check`, compares them with `generated/`.
 *
 * Imports the heavy tools only when there is work to do: a normal run whose inputs and outputs
 * all match `generated/manifest.json` returns after hashing a few files.
 */
export async function runPipeline(options: PipelineOptions): Promise<ExitCode> {
  const { root, check = false, print = (line: string) => console.log(line) } = options;
  const startedAt = options.startedAt ?? performance.now();
  const seconds = () => `${((performance.now() - startedAt) / 1000).toFixed(2)} s`;
  const manifestPath = join(root, MANIFEST_FILE);
  const reportPath =
    options.reportFile === undefined ? undefined : resolve(root, options.reportFile);
  try {
    const fastPath = await tryFastPath({ ...options, check, print, startedAt });
    if (fastPath.taken) return 0;
    const { manifest: previous, tools, generator } = fastPath;

    const generated = await generateAll({ ...options, print, tools });
    if (generated.failed > 0) {
      print(
        `failed: ${generated.failed} of ${generated.apis} APIs have errors (above); generated/ left untouched (${seconds()})`,
      );
      return 1;
    }
    const manifest: Manifest = { apis: options.apis ? { ...previous?.apis } : {} };
    for (const api of generated.results) {
      const record: ApiRecord = { generator, tools, inputs: api.inputs, outputs: {} };
      if (api.remoteTimeoutMs !== undefined) record.remoteTimeoutMs = api.remoteTimeoutMs;
      for (const file of api.files)
        record.outputs[relativePath(root, file.path)] = sha256(file.content);
      manifest.apis[api.name] = record;
    }
    const files = [
      ...generated.results.flatMap((api) => api.files),
      { path: manifestPath, content: renderManifest(manifest) },
    ];
    const onDisk = await Promise.all(files.map((file) => readTextIfExists(file.path)));
    await reportChanges({ root, generated: generated.results, print, reportPath });
    const changed = files.filter((file, index) => onDisk[index] !== file.content);

    if (check) {
      files.forEach((file, index) => {
        const before = onDisk[index];
        if (before === file.content) return;
        print(`${before === undefined ? "missing" : "stale"}: ${relativePath(root, file.path)}`);
        if (before !== undefined)
          for (const line of shortDiff(before, file.content)) print(`  ${line}`);
      });
      if (changed.length > 0) {
        print(
          `drift: ${changed.length} of ${files.length} files differ from what the specs generate; run npm run generate (${seconds()})`,
        );
        return 1;
      }
      print(
        `in sync: ${files.length} files match what ${generated.apis} APIs generate (${seconds()})`,
      );
      return 0;
    }
    await writeFilesAtomically(changed);
    for (const file of changed) print(`wrote ${relativePath(root, file.path)}`);
    print(
      `generated ${generated.apis} APIs: ${changed.length} files written, ${files.length - changed.length} unchanged (${seconds()})`,
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      print(`${error instanceof UsageError ? "usage" : "config"} error: ${error.message}`);
      return 2;
    }
    if (error instanceof SpecError) {
      print(error.message);
      return 1;
    }
    throw error;
  }
}

/**
 * Loads redocly.yaml and runs every selected API through its stages, in memory.
 *
 * @throws {UsageError} for an API name redocly.yaml does not declare.
 * @throws {ConfigError} for a bad redocly.yaml, plugin or fix options.
 */
async function generateAll(
  options: PipelineOptions & { print: (line: string) => void; tools: ToolVersions },
) {
  const { root, print } = options;
  const [{ loadPipelineConfig }, { generateApi }, { loadPrettierOptions }] = await Promise.all([
    import("./config.js"),
    import("./generate-api.js"),
    import("./format.js"),
  ]);

  const configPath = resolve(root, options.configPath ?? "redocly.yaml");
  const config = await loadPipelineConfig({ root, configPath });
  for (const warning of config.warnings) print(warning.text);
  const known = config.apis.map((api) => api.name);
  const unknown = (options.apis ?? []).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown API ${unknown.join(", ")}; redocly.yaml declares: ${known.join(", ")}`,
    );
  }
  const selected = config.apis.filter((api) => !options.apis || options.apis.includes(api.name));

  const prettierConfig = join(root, ".prettierrc.json");
  const prettierHash = await hashFileIfExists(prettierConfig);
  const inputs: Record<string, string | null> = {
    [relativePath(root, configPath)]: await hashFileIfExists(configPath),
    [relativePath(root, prettierConfig)]: prettierHash,
  };
  for (const pluginPath of config.pluginPaths) {
    for (const path of await listSourceFiles(dirname(pluginPath)))
      inputs[relativePath(root, path)] = await hashFileIfExists(path);
  }
  const shared = {
    root,
    configPath,
    lintThreadMinBytes: options.lintThreadMinBytes ?? 2 ** 20,
    tools: options.tools,
    prettier: await loadPrettierOptions({
      root,
      configFile: prettierHash === null ? undefined : prettierConfig,
    }),
    inputs,
  };

  const width = Math.max(...selected.map((api) => api.name.length));
  const results: GeneratedApi[] = [];
  for (const api of selected) {
    const result = await generateApi({
      api,
      shared,
      print,
      onStage: (stage, milliseconds, note) =>
        print(
          `${api.name.padEnd(width)}  ${stage.padEnd(6)} ${milliseconds.toFixed(0).padStart(6)} ms  ${note}`.trimEnd(),
        ),
    });
    if (result) results.push(result);
  }
  return { apis: selected.length, failed: selected.length - results.length, results };
}

/**
 * Prints the change report for every API whose bundled spec differs from the one in
 * `generated/<api>/openapi.yaml` (a missing file is a new API and is skipped), and writes it as
 * Markdown when asked.
 */
async function reportChanges(options: {
  root: string;
  generated: readonly GeneratedApi[];
  print: (line: string) => void;
  reportPath: string | undefined;
}): Promise<void> {
  const { parseYaml } = await import("@redocly/openapi-core");
  const changes: { api: string; before: unknown; after: unknown }[] = [];
  for (const api of options.generated) {
    const previous = await readTextIfExists(
      join(options.root, "generated", api.name, "openapi.yaml"),
    );
    if (previous === undefined || withoutHeader(previous) === api.specYaml) continue;
    changes.push({
      api: api.name,
      before: parseYaml(previous),
      after: parseYaml(api.specYaml),
    });
  }
  if (changes.length === 0 && !options.reportPath) return;
  const { renderChangeReport } = await import("../report/index.js");
  const text = changes.length > 0 ? renderChangeReport(changes, { format: "text" }) : "";
  if (text !== "") options.print(text.trimEnd());
  if (options.reportPath) {
    const markdown = changes.length > 0 ? renderChangeReport(changes, { format: "markdown" }) : "";
    await writeFilesAtomically([{ path: options.reportPath, content: markdown }]);
  }
}

function withoutHeader(yaml: string): string {
  return yaml.replace(/^(#.*\n)+/, "");
}
