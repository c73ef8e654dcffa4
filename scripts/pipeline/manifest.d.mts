/**
 * `generated/manifest.json` records, per API, the hash of every input its generated files were
 * made from and of every generated file. A normal run whose inputs and outputs all still match
 * skips the work (the fast path); `--check` never trusts it and regenerates.
 *
 * Plain JavaScript (`manifest.mjs`) with these declarations: `scripts/generate.mjs` runs the fast
 * path before any TypeScript support is loaded, and `runPipeline` runs the same code.
 */
import type { ToolVersions } from "./tool-versions.mjs";

/** Where the manifest lives, relative to the project root. */
export const MANIFEST_FILE: "generated/manifest.json";

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
export function renderManifest(manifest: Manifest): string;

/** Parses a manifest; anything unreadable counts as no manifest. */
export function parseManifest(text: string | undefined): Manifest | undefined;

/**
 * SHA-256 over the pipeline's source files (this folder): a change to how files are generated
 * must invalidate the fast path as surely as a change to a spec.
 */
export function hashGeneratorSource(): Promise<string>;

/**
 * Whether every named API's record still matches: same generator and tools, and every input and
 * output file hashing as recorded. Reads and hashes each file once.
 */
export function isUpToDate(options: {
  root: string;
  manifest: Manifest;
  /** The APIs asked for. */
  apis: readonly string[];
  generator: string;
  tools: ToolVersions;
}): Promise<boolean>;

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
export function tryFastPath(options: FastPathOptions): Promise<{ taken: true } | ({ taken: false } & PreviousRun)>;
