/**
 * Benchmark 4: what a browser consumer pays in bundle size for `api-clients/joyfill` over bare
 * openapi-fetch, each consumer making the same one call (esbuild, minified, ESM, browser, then
 * gzip), and whether any Proficient code rides along in the Joyfill bundle. Also what the
 * observability features add: the same bundle with their modules stubbed out, and consumers
 * that use them.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";
import { parse } from "yaml";
import { makeConsumerProject, type ConsumerProject } from "./consumer-project.js";
import type { Row } from "./results.js";
import { PROJECT_ROOT, type Suite, type SuiteOptions } from "./suite.js";

/** Two consumers making the same `POST /users` call, one through each entry point. */
export const BUNDLE_CONSUMERS = {
  "api-clients/joyfill": [
    'import { createJoyfillClient } from "api-clients/joyfill";',
    "export function createUser(accessToken) {",
    '  return createJoyfillClient({ accessToken }).users.create({ identifier: "u_1" });',
    "}",
  ].join("\n"),
  "api-clients/joyfill, withResponse": [
    'import { createJoyfillClient } from "api-clients/joyfill";',
    "export function createUser(accessToken) {",
    "  return createJoyfillClient({ accessToken })",
    '    .users.create.withResponse({ identifier: "u_1" })',
    "    .then(({ data, requestId }) => ({ data, requestId }));",
    "}",
  ].join("\n"),
  "api-clients/joyfill, hooks and logging": [
    'import { createJoyfillClient } from "api-clients/joyfill";',
    'import { logTo } from "api-clients/logging";',
    "export function createUser(accessToken, onOutcome) {",
    '  const hooks = [{ onOutcome }, logTo(console, { level: "info" })];',
    '  return createJoyfillClient({ accessToken, hooks }).users.create({ identifier: "u_1" });',
    "}",
  ].join("\n"),
  "api-clients/joyfill, response checks": [
    'import { createJoyfillClient } from "api-clients/joyfill";',
    'import { joyfillResponseChecks } from "api-clients/joyfill/checks";',
    "export function createUser(accessToken) {",
    "  return createJoyfillClient({",
    "    accessToken,",
    '    responseChecks: joyfillResponseChecks({ mode: "report" }),',
    '  }).users.create({ identifier: "u_1" });',
    "}",
  ].join("\n"),
  "openapi-fetch": [
    'import createClient from "openapi-fetch";',
    "export function createUser(accessToken) {",
    "  const client = createClient({",
    '    baseUrl: "https://api-joy.joyfill.io/v1",',
    "    headers: { Authorization: `Bearer ${accessToken}` },",
    "  });",
    '  return client.POST("/users", { body: { identifier: "u_1" } });',
    "}",
  ].join("\n"),
} as const;

/** A bundle's text and its sizes in bytes. */
export interface MeasuredBundle {
  text: string;
  minifiedBytes: number;
  gzipBytes: number;
  /** Minified bytes each input file contributes, by path relative to the project. */
  bytesByInput: Map<string, number>;
}

/**
 * Modules of the package that make up one feature: stubbing them out (each export becomes a
 * function returning `undefined`, which the client reads as "feature off") shows what the
 * feature adds to a bundle.
 */
export const FEATURE_MODULES = {
  "hook events": ["src/core/hooks.js"],
  // version.js is reached only through user-agent.js: stubbing that leaves it out too.
  "User-Agent": ["src/core/user-agent.js"],
} as const;

/**
 * An esbuild plugin that loads each of `modules` (paths under the package's `dist/`) as a stub
 * exporting the same names, and fails the build if one of them was never loaded, so a renamed
 * module cannot make a feature look free.
 */
export function stubModules(modules: readonly string[]): Plugin {
  return {
    name: "stub-modules",
    setup(plugin) {
      const stubbed = new Set<string>();
      plugin.onLoad({ filter: /\/dist\/src\/.+\.js$/ }, async ({ path }) => {
        const module = modules.find((candidate) => path.endsWith(`/dist/${candidate}`));
        if (module === undefined) return undefined;
        const names = [
          ...(await readFile(path, "utf8")).matchAll(
            /^export (?:async )?(?:function|const|let|class) (\w+)/gm,
          ),
        ].map((match) => match[1]);
        if (names.length === 0) throw new Error(`${module} exports nothing to stub`);
        stubbed.add(module);
        return {
          contents: names.map((name) => `export const ${name} = () => undefined;`).join("\n"),
        };
      });
      plugin.onEnd((result) => {
        const missed = modules.filter((module) => !stubbed.has(module));
        if (result.errors.length === 0 && missed.length > 0) {
          throw new Error(`modules to stub were not in the bundle: ${missed.join(", ")}`);
        }
      });
    },
  };
}

/**
 * Bundles `source` as an entry file of `project` for browsers, minified, and measures it;
 * `stubbed` modules of the package are replaced by {@link stubModules}.
 */
export async function bundleConsumer(
  project: ConsumerProject,
  file: string,
  source: string,
  stubbed: readonly string[] = [],
): Promise<MeasuredBundle> {
  await project.write(file, `${source}\n`);
  const result = await build({
    plugins: stubbed.length > 0 ? [stubModules(stubbed)] : [],
    absWorkingDir: project.root,
    entryPoints: [join(project.root, file)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const bytes = result.outputFiles[0]!.contents;
  const [output] = Object.values(result.metafile.outputs);
  const bytesByInput = new Map(
    Object.entries(output?.inputs ?? {}).map(([input, { bytesInOutput }]) => [
      input,
      bytesInOutput,
    ]),
  );
  return {
    text: new TextDecoder().decode(bytes),
    minifiedBytes: bytes.byteLength,
    gzipBytes: gzipSync(bytes).byteLength,
    bytesByInput,
  };
}

/**
 * Strings only Proficient code would carry: its name and the server URLs of its spec. Read from
 * the spec, so the check follows the spec rather than a copy of it.
 */
export async function proficientMarkers(): Promise<string[]> {
  const spec = parse(await readFile(join(PROJECT_ROOT, "specs/proficient.yaml"), "utf8")) as {
    servers?: { url: string }[];
  };
  return ["proficient", ...(spec.servers ?? []).map((server) => server.url.toLowerCase())];
}

/** The markers found in a bundle's text, compared without regard to case. */
export function markersIn(text: string, markers: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return markers.filter((marker) => lower.includes(marker));
}

const kB = (bytes: number) => bytes / 1000;

async function runBundleSize(_options: SuiteOptions): Promise<Row[]> {
  const group = "bundle (esbuild, min, ESM, browser)";
  const project = await makeConsumerProject();
  try {
    const joyfill = await bundleConsumer(
      project,
      "joyfill.js",
      BUNDLE_CONSUMERS["api-clients/joyfill"],
    );
    const bare = await bundleConsumer(project, "bare.js", BUNDLE_CONSUMERS["openapi-fetch"]);
    const features: Row[] = [];
    for (const [feature, modules] of Object.entries(FEATURE_MODULES)) {
      const without = await bundleConsumer(
        project,
        "without.js",
        BUNDLE_CONSUMERS["api-clients/joyfill"],
        modules,
      );
      const minified = modules.reduce(
        (sum, module) =>
          sum +
          ([...joyfill.bytesByInput].find(([input]) => input.endsWith(`/dist/${module}`))?.[1] ??
            0),
        0,
      );
      features.push({
        group,
        name: `${feature}: what it adds, gzip`,
        value: kB(joyfill.gzipBytes - without.gzipBytes),
        unit: "kB",
        note: `against the same bundle with ${modules.join(", ")} stubbed; ${kB(minified).toFixed(2)} kB minified`,
      });
    }
    const withLogging = await bundleConsumer(
      project,
      "logging.js",
      BUNDLE_CONSUMERS["api-clients/joyfill, hooks and logging"],
    );
    for (const use of ["withResponse"] as const) {
      const used = await bundleConsumer(
        project,
        "uses.js",
        BUNDLE_CONSUMERS[`api-clients/joyfill, ${use}`],
      );
      features.push({
        group,
        name: `a consumer using ${use}, gzip difference`,
        value: kB(used.gzipBytes - joyfill.gzipBytes),
        unit: "kB",
        note: "only the consumer's own code differs: nothing more of the package is pulled in",
      });
    }
    const checked = await bundleConsumer(
      project,
      "checked.js",
      BUNDLE_CONSUMERS["api-clients/joyfill, response checks"],
    );
    const checkCode = [...checked.bytesByInput].filter(([input]) =>
      /\/dist\/(?:generated\/joyfill\/checks|src\/checks\/)/.test(input),
    );
    features.push({
      group,
      name: "response checks (report): what they add, gzip",
      value: kB(checked.gzipBytes - joyfill.gzipBytes),
      unit: "kB",
      note:
        `a consumer passing joyfillResponseChecks({ mode: "report" }); ` +
        checkCode
          .map(([input, bytes]) => `${input.replace(/^.*\/dist\//, "")} ${kB(bytes).toFixed(2)}`)
          .join(", ") +
        " kB minified; none of it in a bundle without the option",
    });
    const found = markersIn(joyfill.text, await proficientMarkers());
    const ownCode = [...joyfill.bytesByInput]
      .filter(([input]) => input.includes("node_modules/api-clients/"))
      .sort((a, b) => b[1] - a[1]);
    const minNote = (bundle: MeasuredBundle) =>
      `${kB(bundle.minifiedBytes).toFixed(2)} kB minified`;
    return [
      {
        group,
        name: "api-clients/joyfill, gzip",
        value: kB(joyfill.gzipBytes),
        unit: "kB",
        target: { max: 6.5 },
        note: `${minNote(joyfill)}; no hooks or logging configured; with bounded bodies, redaction and withResponse`,
      },
      {
        group,
        name: "api-clients/joyfill with hooks and logging, gzip",
        value: kB(withLogging.gzipBytes),
        unit: "kB",
        target: { max: 8 },
        note: `${minNote(withLogging)}; a consumer passing a hook and logTo(console)`,
      },
      {
        group,
        name: "openapi-fetch, gzip",
        value: kB(bare.gzipBytes),
        unit: "kB",
        note: minNote(bare),
      },
      {
        group,
        name: "api-clients/joyfill − openapi-fetch, gzip",
        value: kB(joyfill.gzipBytes - bare.gzipBytes),
        unit: "kB",
        note: "gzip level 6 (node:zlib default)",
      },
      {
        group,
        name: "api-clients' own code in it, minified",
        value: kB(ownCode.reduce((sum, [, bytes]) => sum + bytes, 0)),
        unit: "kB",
        note: ownCode
          .slice(0, 4)
          .map(([input, bytes]) => `${input.replace(/^.*\/dist\//, "")} ${kB(bytes).toFixed(1)}`)
          .join(", "),
      },
      {
        group,
        name: "Proficient strings in the Joyfill bundle",
        value: found.length,
        unit: "count",
        target: { max: 0 },
        note:
          found.length === 0
            ? "searched: proficient, its server URLs"
            : `found: ${found.join(", ")}`,
      },
      ...features,
      ...ownCode.map(([input, bytes]): Row => ({
        group,
        name: `where the bytes go: ${input.replace(/^.*\/dist\//, "")}, minified`,
        value: kB(bytes),
        unit: "kB",
        note: "its share of the api-clients/joyfill bundle, as esbuild's metafile counts it",
      })),
    ];
  } finally {
    await project.remove();
  }
}

/** Benchmark 4: bundle size of a Joyfill-only consumer. */
export const bundleSize: Suite = {
  name: "bundle",
  summary: "gzip size of a consumer of api-clients/joyfill vs one of openapi-fetch",
  run: runBundleSize,
};
