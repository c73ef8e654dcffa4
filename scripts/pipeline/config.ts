import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Config, Plugin } from "@redocly/openapi-core";
import { ConfigError } from "./errors.js";
import { displayPath, formatProblem, type ProblemLine } from "./problems.js";
import { redocly } from "./tools.js";

const { BaseResolver, lintConfig, loadConfig, makeDocumentFromString, YamlParseError } = redocly;

/** One API declared under `apis:` in redocly.yaml. */
export interface ApiDefinition {
  /** Its key under `apis:`; also the folder name under `generated/`. */
  name: string;
  /** Absolute path of its root spec file (`root:`, relative to redocly.yaml). */
  specPath: string;
  /** Redocly's configuration for this API: `recommended` merged with its own rules and decorators. */
  redocly: Config;
}

/** Everything the pipeline takes from redocly.yaml. */
export interface PipelineConfig {
  /** Absolute path of redocly.yaml. */
  configPath: string;
  /** The APIs, in the order redocly.yaml declares them. */
  apis: ApiDefinition[];
  /** Absolute paths of the plugin modules listed under `plugins:`. */
  pluginPaths: string[];
  /** Warnings about redocly.yaml itself, already formatted. */
  warnings: ProblemLine[];
}

/**
 * Reads redocly.yaml, loads the plugins it lists and returns one entry per API.
 *
 * Redocly would import `plugins:` itself with Node's own `import()`, which cannot load a TypeScript
 * plugin outside tsx (vitest, for one, leaves Redocly to Node). So this function imports them (the
 * caller's loader compiles TypeScript), hands them to Redocly as ready plugin objects, and gives
 * their rules and decorators the `<plugin id>/` prefix Redocly gives plugins it loads.
 *
 * @throws {ConfigError} when the file is missing or invalid, a plugin does not load, a rule or
 *   decorator is unknown, or an API has no `root`.
 */
export async function loadPipelineConfig(options: {
  /** The project root: paths in messages are relative to it. */
  root: string;
  /** Path of redocly.yaml, relative to `root` or absolute. */
  configPath: string;
}): Promise<PipelineConfig> {
  const configPath = resolve(options.root, options.configPath);
  const name = displayPath(configPath, options.root);
  const text = await readFile(configPath, "utf8").catch(() => {
    throw new ConfigError(`${name}: no such file; the pipeline needs a redocly.yaml with an apis: map`);
  });
  let document;
  try {
    document = makeDocumentFromString<Record<string, unknown>>(text, configPath);
  } catch (error) {
    if (error instanceof YamlParseError) {
      throw new ConfigError(`${name}:${error.line}:${error.col}  invalid YAML: ${error.message}`);
    }
    throw error;
  }
  const raw = document.parsed;
  if (raw === null || typeof raw !== "object" || !isRecord(raw.apis) || Object.keys(raw.apis).length === 0) {
    throw new ConfigError(`${name}: needs an apis: map with one entry per API`);
  }
  const { plugins: pluginEntries = [], ...withoutPlugins } = raw;
  if (!Array.isArray(pluginEntries) || !pluginEntries.every((entry) => typeof entry === "string")) {
    throw new ConfigError(`${name}: plugins: must be a list of module paths`);
  }
  const pluginPaths = pluginEntries.map((entry: string) => resolve(dirname(configPath), entry));
  const plugins = await Promise.all(pluginPaths.map((path) => importPlugin(path, name)));

  document.parsed = withoutPlugins;
  const resolver = new BaseResolver();
  resolver.cache.set(configPath, Promise.resolve(document));
  let config: Config;
  try {
    config = await loadConfig({ configPath, externalRefResolver: resolver, plugins: plugins.flat() });
  } catch (error) {
    throw new ConfigError(`${name}: ${(error as Error).message}`);
  }

  const problems = (await lintConfig({ config })).map((problem) => formatProblem(problem, options));
  const errors = problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0) {
    throw new ConfigError(errors.map((problem) => problem.text).join("\n"));
  }

  const knownDecorators = new Set(
    config.plugins.flatMap((plugin) => Object.values(plugin.decorators ?? {}).flatMap((set) => Object.keys(set ?? {}))),
  );
  const apis = Object.entries(raw.apis).map(([api, entry]): ApiDefinition => {
    if (!isRecord(entry) || typeof entry.root !== "string") {
      throw new ConfigError(`${name}: apis.${api} needs root: <path of its spec file>`);
    }
    const redocly = config.forAlias(api);
    const unknown = Object.values(redocly.decorators)
      .flatMap(Object.keys)
      .filter((decorator) => !knownDecorators.has(decorator));
    if (unknown.length > 0) {
      throw new ConfigError(
        `${name}: apis.${api}.decorators: unknown decorator ${[...new Set(unknown)].join(", ")}` +
          ` (known: ${[...knownDecorators].sort().join(", ")})`,
      );
    }
    return { name: api, specPath: resolve(dirname(configPath), entry.root), redocly };
  });
  return { configPath, apis, pluginPaths, warnings: problems };
}

async function importPlugin(path: string, configName: string): Promise<Plugin[]> {
  try {
    const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
    const exported = typeof module.default === "function" ? await module.default({ contentDir: dirname(path) }) : module.default;
    const plugins = (Array.isArray(exported) ? exported : [exported]) as Plugin[];
    if (!plugins.every((plugin) => isRecord(plugin) && typeof plugin.id === "string")) {
      throw new Error("its default export must be a plugin object with an id, or a function returning one");
    }
    return plugins.map(withPrefixedIds);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${configName}: plugin ${path} does not load: ${(error as Error).message}`);
  }
}

function withPrefixedIds(plugin: Plugin): Plugin {
  const prefix = (sets: object | undefined) =>
    sets &&
    Object.fromEntries(
      Object.entries(sets).map(([specType, set]) => [
        specType,
        Object.fromEntries(Object.entries(set as object).map(([id, value]) => [`${plugin.id}/${id}`, value])),
      ]),
    );
  return {
    ...plugin,
    ...(plugin.rules && { rules: prefix(plugin.rules) }),
    ...(plugin.preprocessors && { preprocessors: prefix(plugin.preprocessors) }),
    ...(plugin.decorators && { decorators: prefix(plugin.decorators) }),
  } as Plugin;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
