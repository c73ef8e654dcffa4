import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hashFileIfExists, listSourceFiles, sha256 } from "./files.js";
import type { ToolVersions } from "./tool-versions.js";

/**
 * `generated/manifest.json` records, per API, the hash of every input its generated files were
 * made from and of every generated file. A normal run whose inputs and outputs all still match
 * skips the work (the fast path); `--check` never trusts it and regenerates.
 */
export const MANIFEST_FILE = "generated/manifest.json";

/** What one API's generated files were made from, and what they hash to. */
export interface ApiRecord {
  /** SHA-256 over the pipeline's own source files. */
  generator: string;
  tools: ToolVersions;
  /** Input file (relative to the root) → SHA-256, or `null` for an optional file that was absent. */
  inputs: Record<string, string | null>;
  /** Generated file (relative to the root) → SHA-256. */
  outputs: Record<string, string>;
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
    const manifest = JSON.parse(text) as Manifest;
    return manifest !== null && typeof manifest.apis === "object" ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * SHA-256 over the pipeline's source files (this folder): a change to how files are generated
 * must invalidate the fast path as surely as a change to a spec.
 */
export async function hashGeneratorSource(): Promise<string> {
  const files = await listSourceFiles(dirname(fileURLToPath(import.meta.url)));
  const hashes = await Promise.all(files.map((file) => hashFileIfExists(file)));
  return sha256(files.map((file, index) => `${basename(file)} ${hashes[index]}\n`).join(""));
}

/**
 * Whether every named API's record still matches: same generator and tools, and every input and
 * output file hashing as recorded. Reads and hashes each file once.
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
  const hashOf = (path: string) => {
    let hash = hashes.get(path);
    if (!hash) {
      hash = hashFileIfExists(join(root, path));
      hashes.set(path, hash);
    }
    return hash;
  };
  const checks = options.apis.map(async (api) => {
    const record = manifest.apis[api];
    if (!record || record.generator !== options.generator) return false;
    if (JSON.stringify(sortKeys(record.tools)) !== JSON.stringify(sortKeys(options.tools))) return false;
    const files = [...Object.entries(record.inputs), ...Object.entries(record.outputs)];
    const current = await Promise.all(files.map(([path]) => hashOf(path)));
    return files.every(([, hash], index) => current[index] === hash);
  });
  return (await Promise.all(checks)).every(Boolean);
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
