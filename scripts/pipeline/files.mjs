// @ts-check
// Declarations and documentation: files.d.mts.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * @param {string} path
 * @returns {Promise<string | undefined>}
 */
export async function readTextIfExists(path) {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isMissingFile(error)) return undefined;
    throw error;
  }
}

/**
 * @param {string} directory
 * @returns {Promise<string[]>}
 */
export async function listSourceFiles(directory) {
  const names = await readdir(directory);
  return names
    .filter((name) => /\.m?[tj]s$/.test(name))
    .sort()
    .map((name) => join(directory, name));
}

/**
 * @param {string} path
 * @returns {Promise<string | null>}
 */
export async function hashFileIfExists(path) {
  try {
    return sha256(await readFile(path));
  } catch (error) {
    if (isMissingFile(error)) return null;
    throw error;
  }
}

/**
 * @param {string | Uint8Array} content
 * @returns {string}
 */
export function sha256(content) {
  return createHash("sha256").update(content).digest("hex");
}

/**
 * @param {readonly import("./files.mjs").FileWrite[]} files
 * @returns {Promise<void>}
 */
export async function writeFilesAtomically(files) {
  /** @type {{ temporary: string; path: string }[]} */
  const staged = [];
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true });
      const temporary = `${file.path}.${process.pid}.tmp`;
      staged.push({ temporary, path: file.path });
      await writeFile(temporary, file.content);
    }
  } catch (error) {
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
    throw error;
  }
  for (const { temporary, path } of staged) await rename(temporary, path);
}

/** @param {unknown} error */
function isMissingFile(error) {
  return /** @type {NodeJS.ErrnoException} */ (error).code === "ENOENT";
}
