/**
 * Declaration files (the `lib` files, `@types/node`, installed packages' types) parsed once and
 * shared by every program `specs:update` type-checks (the facades', then each app's), as
 * TypeScript's language service shares them between projects: parsing them is most of what a
 * small app's check costs.
 *
 * @packageDocumentation
 */

import type * as TypeScript from "typescript";

/** Parsed declaration files by language version, module format and path. */
export type DeclarationCache = Map<string, TypeScript.SourceFile>;

/** An empty cache, for one `specs:update` run. */
export function createDeclarationCache(): DeclarationCache {
  return new Map();
}

/** Makes `host` read declaration files through `cache`; other files are read as before. */
export function shareDeclarations(host: TypeScript.CompilerHost, cache: DeclarationCache): void {
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, settings, onError, shouldCreate) => {
    if (!/\.d\.[cm]?ts$/.test(fileName))
      return readSourceFile(fileName, settings, onError, shouldCreate);
    const { languageVersion, impliedNodeFormat } =
      typeof settings === "object" ? settings : { languageVersion: settings, impliedNodeFormat: 0 };
    const key = `${languageVersion}:${impliedNodeFormat ?? ""}:${fileName}`;
    let file = cache.get(key);
    if (file === undefined) {
      file = readSourceFile(fileName, settings, onError, shouldCreate);
      if (file !== undefined) cache.set(key, file);
    }
    return file;
  };
}
