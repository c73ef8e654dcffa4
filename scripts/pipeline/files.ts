/**
 * The pipeline's file I/O outside Redocly's own spec reading: reading what is on disk, hashing it,
 * and writing the generated files.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

/** Temporary files are named `<file>.<pid>.<suffix>`; a random suffix keeps two threads of one process apart. */
const TEMPORARY_SUFFIX = `${randomBytes(4).toString("hex")}.tmp`;

/** A file to write: absolute path and full content. */
export interface FileWrite {
  path: string;
  content: string;
}

/** The file's text, or `undefined` when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isMissingFile(error)) return undefined;
    throw error;
  }
}

/**
 * The source files (`.ts`, `.mts`, `.js`, `.mjs`) directly in a folder, sorted: a plugin's or the
 * pipeline's own code, whose every change must count as a changed input.
 */
export async function listSourceFiles(directory: string): Promise<string[]> {
  const names = await readdir(directory);
  return names
    .filter((name) => /\.m?[tj]s$/.test(name))
    .sort()
    .map((name) => join(directory, name));
}

/** SHA-256 of the file's bytes, or `null` when it does not exist. */
export async function hashFileIfExists(path: string): Promise<string | null> {
  try {
    return sha256(await readFile(path));
  } catch (error) {
    if (isMissingFile(error)) return null;
    throw error;
  }
}

/** SHA-256 of text (as UTF-8) or bytes, hex. */
export function sha256(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

/**
 * Writes every file through a temporary file and a rename, so no reader ever sees half a file.
 * All temporary files are written before the first rename: a failure while writing them leaves
 * every target untouched (and removes the temporary files).
 */
export async function writeFilesAtomically(files: readonly FileWrite[]): Promise<void> {
  const staged: { temporary: string; path: string }[] = [];
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true });
      const temporary = `${file.path}.${process.pid}.${TEMPORARY_SUFFIX}`;
      staged.push({ temporary, path: file.path });
      await writeFile(temporary, file.content);
    }
  } catch (error) {
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
    throw error;
  }
  for (const { temporary, path } of staged) await rename(temporary, path);
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

/** `path` relative to `root`, with `/` as the separator on every platform (for output and records). */
export function relativePath(root: string, path: string): string {
  return relative(root, path).replaceAll("\\", "/");
}
