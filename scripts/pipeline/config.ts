import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  escapePointerFragment,
  BaseResolver,
  getLineColLocation,
  lintConfig,
  loadConfig,
  makeDocumentFromString,
  YamlParseError,
  type Config,
  type Plugin,
} from "@redocly/openapi-core";
import { ConfigError } from "./errors.js";
import { compiledTwin, RUNS_COMPILED } from "./layout.js";
import { displayPath, formatProblem, type ProblemLine } from "./problems.js";
import { DEFAULT_REMOTE_TIMEOUT_MS, type RefPolicy } from "./refs.js";

/** One API declared under `apis:` in redocly.yaml. */
export interface ApiDefinition {
  /** Its key under `apis:`; also the folder name under `generated/`. */
  name: string;
  /** Absolute path of its root spec file (`root:`, relative to redocly.yaml). */
  specPath: string;
  /** Redocly's configuration for this API: `recommended` merged with its own rules and decorators. */
  redocly: Config;
  /** Which `$ref`s its spec may follow: files in its folder, and the URLs it allows. */
  refs: RefPolicy;
  /**
   * The request header the vendor documents as an idempotency key (`x-api-clients.idempotencyHeader`),
   * or `undefined`: the client then sends a random key there on every call of a method that is not
   * idempotent, and retries such calls after failures the vendor may have acted on.
   */
  idempotencyHeader: string | undefined;
}

/**
 * What an API name may be: lowercase letters and digits, in words joined by single hyphens,
 * starting with a letter, at most 64 characters. Each name is a folder under `generated/`, so no
 * name may leave it (`..`, `/`), collide with `manifest.json` or with another name on a
 * case-insensitive file system, or hold characters a shell or an import path would trip on.
 */
export const API_NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** The longest API name accepted. */
export const API_NAME_MAX_LENGTH = 64;

/** Names Windows reserves for devices: a folder of that name cannot be created there. */
const RESERVED_NAMES = new Set([
  "con",
  "prn",
  "aux",
  "nul",
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`com${n}`, `lpt${n}`]),
]);

/** Why `name` may not be an API name, or `undefined` when it may. */
export function apiNameProblem(name: string): string | undefined {
  if (!API_NAME_PATTERN.test(name)) {
    return (
      "an API name must be lowercase letters and digits in words joined by single hyphens, starting with a letter " +
      `(${API_NAME_PATTERN.source}); it names the folder generated/<api>/`
    );
  }
  if (name.length > API_NAME_MAX_LENGTH)
    return `an API name may be at most ${API_NAME_MAX_LENGTH} characters long`;
  if (RESERVED_NAMES.has(name))
    return `"${name}" is a device name on Windows, where no folder can have it`;
  return undefined;
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
    throw new ConfigError(
      `${name}: no such file; the pipeline needs a redocly.yaml with an apis: map`,
    );
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
  if (
    raw === null ||
    typeof raw !== "object" ||
    !isRecord(raw.apis) ||
    Object.keys(raw.apis).length === 0
  ) {
    throw new ConfigError(`${name}: needs an apis: map with one entry per API`);
  }
  const at = (pointer: string, reportOnKey: boolean) => {
    try {
      const location = { source: document.source, pointer, reportOnKey } as Parameters<
        typeof getLineColLocation
      >[0];
      const { start } = getLineColLocation(location);
      return `${name}:${start.line}:${start.col}`;
    } catch {
      return name;
    }
  };
  for (const api of Object.keys(raw.apis)) {
    const problem = apiNameProblem(api);
    if (problem)
      throw new ConfigError(
        `${at(`#/apis/${escapePointerFragment(api)}`, true)}  apis.${JSON.stringify(api)}: ${problem}`,
      );
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
    config = await loadConfig({
      configPath,
      externalRefResolver: resolver,
      plugins: plugins.flat(),
    });
  } catch (error) {
    throw new ConfigError(`${name}: ${(error as Error).message}`);
  }

  const problems = (await lintConfig({ config })).map((problem) => formatProblem(problem, options));
  const errors = problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0) {
    throw new ConfigError(errors.map((problem) => problem.text).join("\n"));
  }

  const knownDecorators = new Set(
    config.plugins.flatMap((plugin) =>
      Object.values(plugin.decorators ?? {}).flatMap((set) => Object.keys(set ?? {})),
    ),
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
    const specPath = resolve(dirname(configPath), entry.root);
    const refs = readRefPolicy({ api, entry, folder: dirname(specPath), at });
    const idempotencyHeader = readIdempotencyHeader(api, entry, at);
    return { name: api, specPath, redocly, refs, idempotencyHeader };
  });
  return { configPath, apis, pluginPaths, warnings: problems };
}

/**
 * Imports a plugin module. Running compiled, a TypeScript plugin under `scripts/` is imported as its
 * compiled twin in `build/scripts/`; any other TypeScript plugin through tsx's `tsImport`, which
 * compiles that module and its imports only.
 */
async function importModule(path: string): Promise<unknown> {
  const twin = compiledTwin(path);
  if (twin !== undefined) return import(pathToFileURL(twin).href);
  if (RUNS_COMPILED && /\.[mc]?ts$/.test(path)) {
    const { tsImport } = await import("tsx/esm/api");
    return tsImport(pathToFileURL(path).href, import.meta.url);
  }
  return import(pathToFileURL(path).href);
}

async function importPlugin(path: string, configName: string): Promise<Plugin[]> {
  try {
    const module = (await importModule(path)) as { default?: unknown };
    const exported =
      typeof module.default === "function"
        ? await module.default({ contentDir: dirname(path) })
        : module.default;
    const plugins = (Array.isArray(exported) ? exported : [exported]) as Plugin[];
    if (!plugins.every((plugin) => isRecord(plugin) && typeof plugin.id === "string")) {
      throw new Error(
        "its default export must be a plugin object with an id, or a function returning one",
      );
    }
    return plugins.map(withPrefixedIds);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `${configName}: plugin ${path} does not load: ${(error as Error).message}`,
    );
  }
}

function withPrefixedIds(plugin: Plugin): Plugin {
  const prefix = (sets: object | undefined) =>
    sets &&
    Object.fromEntries(
      Object.entries(sets).map(([specType, set]) => [
        specType,
        Object.fromEntries(
          Object.entries(set as object).map(([id, value]) => [`${plugin.id}/${id}`, value]),
        ),
      ]),
    );
  return {
    ...plugin,
    ...(plugin.rules && { rules: prefix(plugin.rules) }),
    ...(plugin.preprocessors && { preprocessors: prefix(plugin.preprocessors) }),
    ...(plugin.decorators && { decorators: prefix(plugin.decorators) }),
  } as Plugin;
}

/**
 * An API's `$ref` policy from `x-api-clients.remoteRefs` (`allow`: URL prefixes, each
 * `scheme://host[:port]/…`; `timeoutMs`: per document, body included).
 *
 * @throws {ConfigError} naming the entry when the setting has the wrong shape.
 */
function readRefPolicy(options: {
  api: string;
  entry: Record<string, unknown>;
  folder: string;
  at: (pointer: string, reportOnKey: boolean) => string;
}): RefPolicy {
  const { api, entry, folder, at } = options;
  const own = entry["x-api-clients"];
  const setting = isRecord(own) ? own.remoteRefs : undefined;
  if (setting === undefined)
    return { folder, remotePrefixes: [], remoteTimeoutMs: DEFAULT_REMOTE_TIMEOUT_MS };
  const pointer = `#/apis/${escapePointerFragment(api)}/x-api-clients/remoteRefs`;
  const fail = (where: string, message: string): never => {
    throw new ConfigError(`${at(where, false)}  apis.${api}.x-api-clients.remoteRefs: ${message}`);
  };
  if (!isRecord(setting))
    return fail(pointer, "must be a map with allow: [URL prefixes] and, optionally, timeoutMs");
  const unknown = Object.keys(setting).filter((key) => key !== "allow" && key !== "timeoutMs");
  if (unknown.length > 0)
    fail(pointer, `unknown key ${unknown.join(", ")} (known: allow, timeoutMs)`);
  const { allow, timeoutMs = DEFAULT_REMOTE_TIMEOUT_MS } = setting;
  if (!Array.isArray(allow) || allow.length === 0)
    fail(`${pointer}/allow`, "allow must be a non-empty list of URL prefixes");
  const prefixes = (allow as unknown[]).map((prefix, index) => {
    let url: URL | undefined;
    try {
      url = typeof prefix === "string" ? new URL(prefix) : undefined;
    } catch {
      url = undefined;
    }
    if (
      !url ||
      (url.protocol !== "http:" && url.protocol !== "https:") ||
      !(prefix as string).startsWith(`${url.origin}/`)
    ) {
      fail(
        `${pointer}/allow/${index}`,
        `allow[${index}] must be an http(s) URL prefix with at least its origin and a slash, e.g. https://schemas.example.net/`,
      );
    }
    return prefix as string;
  });
  if (
    typeof timeoutMs !== "number" ||
    !Number.isInteger(timeoutMs) ||
    timeoutMs < 1 ||
    timeoutMs > 300_000
  ) {
    fail(
      `${pointer}/timeoutMs`,
      "timeoutMs must be a whole number of milliseconds from 1 to 300000",
    );
  }
  return { folder, remotePrefixes: prefixes, remoteTimeoutMs: timeoutMs as number };
}

/** An HTTP field name (RFC 9110's `token`). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * An API's `x-api-clients.idempotencyHeader`, e.g. `Idempotency-Key`: set it only when the
 * vendor documents that it honours the header, since the client then retries calls it would
 * otherwise never repeat.
 *
 * @throws {ConfigError} naming the entry when the value is not a header name.
 */
function readIdempotencyHeader(
  api: string,
  entry: Record<string, unknown>,
  at: (pointer: string, reportOnKey: boolean) => string,
): string | undefined {
  const own = entry["x-api-clients"];
  const header = isRecord(own) ? own.idempotencyHeader : undefined;
  if (header === undefined || (typeof header === "string" && HEADER_NAME.test(header))) {
    return header;
  }
  const pointer = `#/apis/${escapePointerFragment(api)}/x-api-clients/idempotencyHeader`;
  throw new ConfigError(
    `${at(pointer, false)}  apis.${api}.x-api-clients.idempotencyHeader: must be a header name, e.g. Idempotency-Key`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
