/**
 * Type-checking the project's own code (the facades under `src/`) against freshly generated
 * types, before they are written: a vendor change that breaks a facade is reported by file and
 * line.
 *
 * @packageDocumentation
 */

import { readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { relativePath } from "../pipeline/files.js";
import {
  createDeclarationCache,
  shareDeclarations,
  type DeclarationCache,
} from "./declaration-cache.js";

/** One compiler error, with its position relative to the project root. */
export interface FacadeError {
  /** The file, relative to the root (`src/proficient.ts`), or `tsconfig.json` for config errors. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** TypeScript's error number, e.g. `2339` for TS2339. */
  code: number;
  /** TypeScript's message, its chain of reasons joined into one line. */
  message: string;
}

/** Options of {@link checkFacades}. */
export interface CheckFacadesOptions {
  /** The project to check: its `tsconfig.json`, sources and `generated/`. */
  root: string;
  /**
   * The tsconfig whose compiler options apply, relative to `root`.
   * @default "tsconfig.json"
   */
  tsconfig?: string;
  /**
   * The folder of the facades, relative to `root`; every `.ts` file below it is a root of the
   * program, and the generated types come in through their imports.
   * @default "src"
   */
  sources?: string;
  /**
   * Declaration files to share with the programs checked after this one in the same run.
   * @default a new cache
   */
  declarations?: DeclarationCache;
}

/** The outcome of {@link checkFacades}. */
export interface FacadeCheck {
  /** How many source files were checked (the facades, not the files they import). */
  files: number;
  /** Every error, sorted by file and position; empty when the facades compile. */
  errors: FacadeError[];
}

const require = createRequire(import.meta.url);

/**
 * Runs TypeScript's checker over the facades, in process and without emitting anything.
 *
 * @throws Error when the tsconfig cannot be read or the sources folder does not exist.
 */
export async function checkFacades(options: CheckFacadesOptions): Promise<FacadeCheck> {
  const ts = require("typescript") as typeof import("typescript");
  const root = resolve(options.root);
  const configPath = join(root, options.tsconfig ?? "tsconfig.json");
  const sourceDirectory = join(root, options.sources ?? "src");
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (read.error) {
    throw new Error(
      `cannot read ${relativePath(root, configPath)}: ${ts.flattenDiagnosticMessageText(read.error.messageText, " ")}`,
    );
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configPath);
  const rootNames = await listTypeScriptFiles(sourceDirectory).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT")
        throw new Error(
          `no facades to check: ${relativePath(root, sourceDirectory)} does not exist`,
        );
      throw error;
    },
  );
  const compilerOptions = { ...parsed.options, noEmit: true, incremental: false };
  const host = ts.createCompilerHost(compilerOptions);
  shareDeclarations(host, options.declarations ?? createDeclarationCache());
  const program = ts.createProgram({ rootNames, options: compilerOptions, host });
  const errors = compilerErrors(ts, ts.getPreEmitDiagnostics(program), {
    root,
    configFile: configPath,
  });
  return { files: rootNames.length, errors };
}

/**
 * The errors among TypeScript's diagnostics, each with its file relative to `root` (a diagnostic
 * without a file, such as a config error, is put at `configFile`'s first line), sorted by file and
 * position.
 */
export function compilerErrors(
  ts: typeof import("typescript"),
  diagnostics: readonly import("typescript").Diagnostic[],
  options: { root: string; configFile: string },
): FacadeError[] {
  const { root, configFile } = options;
  return diagnostics
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .map((diagnostic): FacadeError => {
      const message = ts
        .flattenDiagnosticMessageText(diagnostic.messageText, " ")
        .replace(/\s+/g, " ");
      if (!diagnostic.file || diagnostic.start === undefined) {
        return {
          file: relativePath(root, configFile),
          line: 1,
          column: 1,
          code: diagnostic.code,
          message,
        };
      }
      const position = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return {
        file: relativePath(root, diagnostic.file.fileName),
        line: position.line + 1,
        column: position.character + 1,
        code: diagnostic.code,
        message,
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** `src/proficient.ts:16:3  TS2322  Type … is not assignable …`: one line for a terminal. */
export function formatFacadeError(error: FacadeError): string {
  return `${error.file}:${error.line}:${error.column}  TS${error.code}  ${error.message}`;
}

async function listTypeScriptFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(m|c)?tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
