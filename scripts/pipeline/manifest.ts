/**
 * `generated/manifest.json` records, per API, the hash of every input its generated files were
 * made from and of every generated file. A normal run whose inputs and outputs all still match
 * skips the work (the fast path); `--check` never trusts it and regenerates. This module loads no
 * tool, so the fast path costs a few file reads and hashes.
 */
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import {
  hashFileIfExists,
  listSourceFiles,
  readTextIfExists,
  sha256,
  writeFilesAtomically,
} from "./files.js";
import { SPEC_LIMITS } from "../spec-limits.js";
import { SCRIPTS_SOURCE_DIRECTORY } from "./layout.js";
import { readToolVersions, type ToolVersions } from "./tool-versions.js";

/** Where the manifest lives, relative to the project root. */
export const MANIFEST_FILE = "generated/manifest.json";

/** What one API's generated files were made from, and what they hash to. */
export interface ApiRecord {
  /** SHA-256 over the pipeline's own source files. */
  generator: string;
  tools: ToolVersions;
  /**
   * Input → SHA-256: files by path relative to the root (`null` for an optional file that was
   * absent), and the http(s) documents the API's `$ref`s fetched, by URL.
   */
  inputs: Record<string, string | null>;
  /** Generated file (relative to the root) → SHA-256. */
  outputs: Record<string, string>;
  /**
   * How long the fast path waits for each remote input (the API's `remoteRefs.timeoutMs`);
   * present only when the API has remote inputs.
   */
  remoteTimeoutMs?: number;
}

/** The manifest: one record per API. */
export interface Manifest {
  apis: Record<string, ApiRecord>;
}

/** Renders the manifest with sorted keys, so equal manifests are equal bytes. */
export function renderManifest(manifest: Manifest): string {
  return `${JSON.stringify(sortKeys(manifest), null, 2)}\n`;
}

/** Parses a manifest; anything unreadable counts as no manifest. */
export function parseManifest(text: string | undefined): Manifest | undefined {
  if (text === undefined) return undefined;
  try {
    const manifest = JSON.parse(text) as Manifest | null;
    return manifest !== null &&
      typeof manifest === "object" &&
      typeof manifest.apis === "object" &&
      manifest.apis !== null
      ? manifest
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * SHA-256 over the pipeline's TypeScript sources (`scripts/pipeline/` and the limits in
 * `scripts/spec-limits.ts`), whether it runs compiled or not: a change to how files are
 * generated must invalidate the fast path as surely as a change to a spec.
 */
export async function hashGeneratorSource(): Promise<string> {
  const files = [
    ...(await listSourceFiles(join(SCRIPTS_SOURCE_DIRECTORY, "pipeline"))),
    join(SCRIPTS_SOURCE_DIRECTORY, "spec-limits.ts"),
  ];
  const hashes = await Promise.all(files.map((file) => hashFileIfExists(file)));
  return sha256(
    files
      .map((file, index) => `${file.slice(SCRIPTS_SOURCE_DIRECTORY.length + 1)} ${hashes[index]}\n`)
      .join(""),
  );
}

/**
 * Whether every named API's record still matches: same generator and tools, and every input and
 * output hashing as recorded. Reads and hashes each file once; fetches each remote input once,
 * within the record's timeout (a failure counts as a change, and the full run reports it).
 */
export async function isUpToDate(options: {
  root: string;
  manifest: Manifest;
  /** The APIs asked for. */
  apis: readonly string[];
  generator: string;
  tools: ToolVersions;
}): Promise<boolean> {
  const { root, manifest } = options;
  const hashes = new Map<string, Promise<string | null>>();
  const hashOf = (path: string, timeoutMs: number) => {
    let hash = hashes.get(path);
    if (!hash) {
      hash = /^https?:\/\//i.test(path)
        ? hashRemote(path, timeoutMs)
        : hashFileIfExists(join(root, path));
      hashes.set(path, hash);
    }
    return hash;
  };
  const checks = options.apis.map(async (api) => {
    const record = Object.hasOwn(manifest.apis, api) ? manifest.apis[api] : undefined;
    if (!record || record.generator !== options.generator) return false;
    if (JSON.stringify(sortKeys(record.tools)) !== JSON.stringify(sortKeys(options.tools)))
      return false;
    const files = [...Object.entries(record.inputs ?? {}), ...Object.entries(record.outputs ?? {})];
    const current = await Promise.all(
      files.map(([path]) => hashOf(path, record.remoteTimeoutMs ?? 10_000)),
    );
    return files.every(([, hash], index) => current[index] === hash);
  });
  return (await Promise.all(checks)).every(Boolean);
}

/**
 * SHA-256 of a remote document's body, or `null` when it cannot be fetched in time, redirects, or
 * passes the size limit on a spec file.
 */
async function hashRemote(url: string, timeoutMs: number): Promise<string | null> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
    const reader = response.ok ? response.body?.getReader() : undefined;
    if (!reader) {
      await response.body?.cancel();
      return response.ok ? sha256("") : null;
    }
    const hash = createHash("sha256");
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return hash.digest("hex");
      bytes += value.byteLength;
      if (bytes > SPEC_LIMITS.maxBytes) {
        await reader.cancel();
        return null;
      }
      hash.update(value);
    }
  } catch {
    return null;
  }
}

/** Options of {@link tryFastPath}: the run's own options, as `runPipeline` takes them. */
export interface FastPathOptions {
  /** Project root. */
  root: string;
  /**
   * The APIs asked for.
   * @default every API in the manifest
   */
  apis?: readonly string[];
  /**
   * A `--check` run, which never takes the fast path.
   * @default false
   */
  check?: boolean;
  /**
   * The change report's file (relative to `root` or absolute): written empty when the fast path
   * is taken, since nothing changed.
   * @default no file
   */
  reportFile?: string;
  /** Where the "up to date" line goes. */
  print: (line: string) => void;
  /**
   * `performance.now()` when the run started, for the time printed.
   * @default when `tryFastPath` is called
   */
  startedAt?: number;
}

/** What a run that cannot take the fast path carries on with. */
export interface PreviousRun {
  /** The manifest the last run wrote; `undefined` when missing or unreadable. */
  manifest: Manifest | undefined;
  /** {@link hashGeneratorSource} now. */
  generator: string;
  /** The tool versions installed now. */
  tools: ToolVersions;
}

/**
 * The fast path: when the run is not a `--check` and every API asked for is up to date with the
 * manifest, prints `up to date: …`, writes the empty change report if one was asked for, and
 * returns `{ taken: true }`. Otherwise returns what it read, for the run to carry on with.
 */
export async function tryFastPath(
  options: FastPathOptions,
): Promise<{ taken: true } | ({ taken: false } & PreviousRun)> {
  const { root, check = false, print, startedAt = performance.now() } = options;
  const [manifestText, tools, generator] = await Promise.all([
    readTextIfExists(join(root, MANIFEST_FILE)),
    readToolVersions(),
    hashGeneratorSource(),
  ]);
  const manifest = parseManifest(manifestText);
  if (!check && manifest) {
    const apis = options.apis ?? Object.keys(manifest.apis);
    if (apis.length > 0 && (await isUpToDate({ root, manifest, apis, generator, tools }))) {
      if (options.reportFile !== undefined) {
        await writeFilesAtomically([{ path: resolve(root, options.reportFile), content: "" }]);
      }
      const seconds = ((performance.now() - startedAt) / 1000).toFixed(2);
      print(`up to date: ${apis.join(", ")} (no input changed since the last run) in ${seconds} s`);
      return { taken: true };
    }
  }
  return { taken: false, manifest, generator, tools };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
