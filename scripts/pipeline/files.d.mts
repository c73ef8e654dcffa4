/**
 * The pipeline's file I/O outside Redocly's own spec reading: reading what is on disk, hashing it,
 * and writing the generated files. Plain JavaScript (`files.mjs`) with these declarations, so the
 * launcher's fast path runs it without TypeScript support loaded.
 */

/** A file to write: absolute path and full content. */
export interface FileWrite {
  path: string;
  content: string;
}

/** The file's text, or `undefined` when it does not exist. */
export function readTextIfExists(path: string): Promise<string | undefined>;

/**
 * The source files (`.ts`, `.mts`, `.js`, `.mjs`) directly in a folder, sorted: a plugin's or the
 * pipeline's own code, whose every change must count as a changed input.
 */
export function listSourceFiles(directory: string): Promise<string[]>;

/** SHA-256 of the file's bytes, or `null` when it does not exist. */
export function hashFileIfExists(path: string): Promise<string | null>;

/** SHA-256 of text (as UTF-8) or bytes, hex. */
export function sha256(content: string | Uint8Array): string;

/**
 * Writes every file through a temporary file and a rename, so no reader ever sees half a file.
 * All temporary files are written before the first rename: a failure while writing them leaves
 * every target untouched (and removes the temporary files).
 */
export function writeFilesAtomically(files: readonly FileWrite[]): Promise<void>;
