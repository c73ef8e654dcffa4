// @ts-check
// Declarations and documentation: manifest.d.mts.
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { hashFileIfExists, listSourceFiles, readTextIfExists, sha256, writeFilesAtomically } from "./files.mjs";
import { readToolVersions } from "./tool-versions.mjs";

/** @typedef {import("./manifest.mjs").Manifest} Manifest */

export const MANIFEST_FILE = "generated/manifest.json";

/**
 * @param {Manifest} manifest
 * @returns {string}
 */
export function renderManifest(manifest) {
  return `${JSON.stringify(sortKeys(manifest), null, 2)}\n`;
}

/**
 * @param {string | undefined} text
 * @returns {Manifest | undefined}
 */
export function parseManifest(text) {
  if (text === undefined) return undefined;
  try {
    const manifest = JSON.parse(text);
    return manifest !== null && typeof manifest.apis === "object" ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** @returns {Promise<string>} */
export async function hashGeneratorSource() {
  const files = await listSourceFiles(dirname(fileURLToPath(import.meta.url)));
  const hashes = await Promise.all(files.map((file) => hashFileIfExists(file)));
  return sha256(files.map((file, index) => `${basename(file)} ${hashes[index]}\n`).join(""));
}

/**
 * @param {Parameters<typeof import("./manifest.mjs").isUpToDate>[0]} options
 * @returns {Promise<boolean>}
 */
export async function isUpToDate(options) {
  const { root, manifest } = options;
  /** @type {Map<string, Promise<string | null>>} */
  const hashes = new Map();
  /** @param {string} path */
  const hashOf = (path) => {
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

/**
 * @param {import("./manifest.mjs").FastPathOptions} options
 * @returns {ReturnType<typeof import("./manifest.mjs").tryFastPath>}
 */
export async function tryFastPath(options) {
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

/**
 * @param {unknown} value
 * @returns {unknown}
 */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(/** @type {Record<string, unknown>} */ (value)[key])]),
  );
}
