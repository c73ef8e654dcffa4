/**
 * Benchmark 4: what a browser consumer pays in bundle size for `api-clients/joyfill` over bare
 * openapi-fetch, each consumer making the same one call (esbuild, minified, ESM, browser, then
 * gzip), and whether any Proficient code rides along in the Joyfill bundle.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
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

/** Bundles `source` as an entry file of `project` for browsers, minified, and measures it. */
export async function bundleConsumer(
  project: ConsumerProject,
  file: string,
  source: string,
): Promise<MeasuredBundle> {
  await project.write(file, `${source}\n`);
  const result = await build({
    absWorkingDir: project.path,
    entryPoints: [join(project.path, file)],
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
    const found = markersIn(joyfill.text, await proficientMarkers());
    const ownCode = [...joyfill.bytesByInput]
      .filter(([input]) => input.includes("node_modules/api-clients/"))
      .sort((a, b) => b[1] - a[1]);
    const kB = (bytes: number) => bytes / 1000;
    const minNote = (bundle: MeasuredBundle) =>
      `${kB(bundle.minifiedBytes).toFixed(2)} kB minified`;
    return [
      {
        group,
        name: "api-clients/joyfill, gzip",
        value: kB(joyfill.gzipBytes),
        unit: "kB",
        note: minNote(joyfill),
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
        target: { max: 1.5 },
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
