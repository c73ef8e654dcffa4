/**
 * What a vendor change does to the apps beside the package: the workspace packages that depend on
 * it, each type-checked with its own `tsconfig.json` against the regenerated clients in the
 * staging copy, before anything is written. An app that fails is checked once more against the
 * package as it is, so an app that was already broken is not blamed on the vendor.
 *
 * The apps see the staged package through their imports of it: `api-clients` and
 * `api-clients/<entry>` resolve to the staging copy's sources (the package's
 * `@api-clients/source` export condition), everything else the way the app's own options
 * resolve it. Nothing is built and no app is copied.
 *
 * @packageDocumentation
 */

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve, sep } from "node:path";
import type * as TypeScript from "typescript";
import { relativePath } from "../pipeline/files.js";
import {
  createDeclarationCache,
  shareDeclarations,
  type DeclarationCache,
} from "./declaration-cache.js";
import { compilerErrors, type FacadeError } from "./facade-check.js";
import {
  findWorkspace,
  readManifest,
  workspaceDependents,
  type WorkspacePackage,
} from "./workspace.js";

/** The export condition under which the package's `exports` point at its TypeScript sources. */
export const SOURCE_CONDITION = "@api-clients/source";

/**
 * - `compiles`: no error against the new clients;
 * - `breaks`: errors that the app did not have against the package as it is (the vendor's change);
 * - `already-broken`: errors, every one of which it had before the update too;
 * - `not-checked`: the app has no `tsconfig.json`.
 */
export type AppStatus = "compiles" | "breaks" | "already-broken" | "not-checked";

/** One dependent app's outcome. */
export interface AppImpact {
  /** Its package name. */
  name: string;
  /** Its folder, relative to the workspace root (`apps/server`). */
  path: string;
  status: AppStatus;
  /** How many of its own files its tsconfig lists (0 when not checked). */
  files: number;
  /**
   * `breaks`: the new errors, the ones the update causes; `already-broken`: the errors it has
   * either way. Files are relative to the workspace root (`apps/server/src/signup.ts`).
   */
  errors: FacadeError[];
  /** How many errors it had against the package as it is; 0 when it compiles after the update. */
  errorsBefore: number;
}

/** The outcome of {@link checkConsumers}. */
export interface ConsumerImpact {
  /**
   * The workspace root relative to the package root (`../..`), or `null` when the package is in no
   * workspace (then it has no dependents to check).
   */
  workspace: string | null;
  /** The dependents, sorted by path; empty when none depends on the package. */
  apps: AppImpact[];
}

/** Options of {@link checkConsumers}. */
export interface CheckConsumersOptions {
  /** The package's folder: its `package.json` names it, its workspace lists it. */
  packageRoot: string;
  /** The staging copy with the regenerated clients, laid out like the package. */
  stagedRoot: string;
  /**
   * Declaration files already parsed in this run (by the facade check), to share.
   * @default a new cache
   */
  declarations?: DeclarationCache;
}

const require = createRequire(import.meta.url);

/** Finds the workspace's dependents of the package and type-checks each (see the module's description). */
export async function checkConsumers(options: CheckConsumersOptions): Promise<ConsumerImpact> {
  const packageRoot = resolve(options.packageRoot);
  const workspace = await findWorkspace(packageRoot);
  if (workspace === undefined) return { workspace: null, apps: [] };
  const manifest = (await readManifest(packageRoot)) as { name?: string; exports?: unknown };
  const workspacePath = relativePath(packageRoot, workspace.root);
  const { name } = manifest;
  if (name === undefined) return { workspace: workspacePath, apps: [] };
  const ts = require("typescript") as typeof TypeScript;
  const declarations = options.declarations ?? createDeclarationCache();
  const apps: AppImpact[] = [];
  for (const app of workspaceDependents(workspace, name)) {
    apps.push(
      impactOn({
        app,
        path: relativePath(workspace.root, app.directory),
        check: (packageDirectory) =>
          typeCheckApp(ts, {
            app,
            declarations,
            workspaceRoot: workspace.root,
            packageRoot,
            resolvePackage: (specifier) =>
              sourceEntry({ name, exports: manifest.exports, packageDirectory, specifier }),
          }),
        stagedRoot: options.stagedRoot,
        packageRoot,
      }),
    );
  }
  return { workspace: workspacePath, apps };
}

/**
 * Checks the app against the staged package, and when it fails, once more against the package
 * as it is: only errors the update adds count as breaking it.
 */
function impactOn(options: {
  app: WorkspacePackage;
  /** The app's folder relative to the workspace root. */
  path: string;
  check: (packageDirectory: string) => { files: number; errors: FacadeError[] } | undefined;
  stagedRoot: string;
  packageRoot: string;
}): AppImpact {
  const { app, path, check } = options;
  const after = check(options.stagedRoot);
  if (after === undefined)
    return { name: app.name, path, status: "not-checked", files: 0, errors: [], errorsBefore: 0 };
  if (after.errors.length === 0) {
    return {
      name: app.name,
      path,
      status: "compiles",
      files: after.files,
      errors: [],
      errorsBefore: 0,
    };
  }
  const before = check(options.packageRoot)?.errors ?? [];
  const known = new Set(before.map(errorKey));
  const added = after.errors.filter((error) => !known.has(errorKey(error)));
  return {
    name: app.name,
    path,
    status: added.length > 0 ? "breaks" : "already-broken",
    files: after.files,
    errors: added.length > 0 ? added : after.errors,
    errorsBefore: before.length,
  };
}

function errorKey(error: FacadeError): string {
  return `${error.file}:${error.line}:${error.column}:${error.code}:${error.message}`;
}

/**
 * The staged (or current) source file behind an import of the package: `api-clients/joyfill` is
 * `exports["./joyfill"]["@api-clients/source"]`. `undefined` for another package's import, and
 * for an entry the package does not export, which then fails as it would for the app.
 */
function sourceEntry(options: {
  name: string;
  exports: unknown;
  packageDirectory: string;
  specifier: string;
}): string | undefined {
  const { name, specifier } = options;
  if (specifier !== name && !specifier.startsWith(`${name}/`)) return undefined;
  const subpath = specifier === name ? "." : `./${specifier.slice(name.length + 1)}`;
  const entry = (options.exports as Record<string, unknown> | undefined)?.[subpath];
  const source =
    typeof entry === "object" && entry !== null
      ? (entry as Record<string, unknown>)[SOURCE_CONDITION]
      : undefined;
  return typeof source === "string" ? join(options.packageDirectory, source) : undefined;
}

/**
 * The app's own errors under its tsconfig, with imports of the package sent to `resolvePackage`'s
 * files. Emit is off, and project references are left out: the package they would point at is the
 * one being replaced. Errors in the package's files or in installed packages are not the app's.
 * `undefined` when the app has no `tsconfig.json`.
 */
function typeCheckApp(
  ts: typeof TypeScript,
  options: {
    app: WorkspacePackage;
    declarations: DeclarationCache;
    workspaceRoot: string;
    packageRoot: string;
    resolvePackage: (specifier: string) => string | undefined;
  },
): { files: number; errors: FacadeError[] } | undefined {
  const { app, workspaceRoot } = options;
  const configFile = join(app.directory, "tsconfig.json");
  if (!existsSync(configFile)) return undefined;
  const read = ts.readConfigFile(configFile, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(
    read.config ?? {},
    ts.sys,
    app.directory,
    undefined,
    configFile,
  );
  const compilerOptions: TypeScript.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    incremental: false,
    composite: false,
  };
  delete compilerOptions.tsBuildInfoFile;
  const host = ts.createCompilerHost(compilerOptions);
  shareDeclarations(host, options.declarations);
  const cache = ts.createModuleResolutionCache(
    app.directory,
    (fileName) => host.getCanonicalFileName(fileName),
    compilerOptions,
  );
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, resolution, file) =>
    literals.map((literal) => {
      const entry = options.resolvePackage(literal.text);
      if (entry !== undefined && existsSync(entry))
        return {
          resolvedModule: {
            resolvedFileName: entry,
            extension: ts.Extension.Ts,
            isExternalLibraryImport: false,
          },
        };
      return ts.resolveModuleName(
        literal.text,
        containingFile,
        resolution,
        host,
        cache,
        redirected,
        ts.getModeForUsageLocation(file, literal, resolution),
      );
    });
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: compilerOptions,
    host,
  });
  const packagePrefix = `${options.packageRoot}${sep}`;
  const own = (fileName: string) => {
    const path = resolve(fileName);
    return !path.startsWith(packagePrefix) && !path.split(sep).includes("node_modules");
  };
  // Only the app's own files are checked: the checker then types no more of the package (and of
  // @types/node) than those files use, which is most of the speed.
  const diagnostics = [
    ...(read.error ? [read.error] : []),
    ...parsed.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program
      .getSourceFiles()
      .filter((file) => own(file.fileName))
      .flatMap((file) => [
        ...program.getSyntacticDiagnostics(file),
        ...program.getSemanticDiagnostics(file),
      ]),
  ].filter((diagnostic) => !diagnostic.file || own(diagnostic.file.fileName));
  return {
    files: parsed.fileNames.filter(own).length,
    errors: compilerErrors(ts, diagnostics, { root: workspaceRoot, configFile }),
  };
}
