/**
 * The pipeline loads every package through an entry point the package declares by name in its
 * `exports` (`prettier/standalone`, not `prettier/index.mjs`), never a file of its `dist/` by
 * path, which may move or vanish in any release.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { installedPackageDirectory } from "../../scripts/installed-packages.js";
import { REPOSITORY } from "../support/project.js";

/** Every package specifier imported by a module under scripts/, with the files importing it. */
async function importedSpecifiers(): Promise<Map<string, string[]>> {
  const scripts = join(REPOSITORY, "scripts");
  const found = new Map<string, string[]>();
  for (const entry of await readdir(scripts, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.m?[jt]s$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    // Without comments, whose examples name packages of other folders.
    const code = (await readFile(path, "utf8")).replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");
    for (const [, specifier] of code.matchAll(/(?:from|import\(|resolve\()\s*"([^".][^"]*)"/g)) {
      if (specifier!.startsWith("node:")) continue;
      found.set(specifier!, [...(found.get(specifier!) ?? []), path.slice(scripts.length + 1)]);
    }
  }
  return found;
}

/** The package name and the subpath (`"."`, `"./standalone"`) of a bare specifier. */
function splitSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split("/");
  const length = specifier.startsWith("@") ? 2 : 1;
  const rest = parts.slice(length).join("/");
  return { name: parts.slice(0, length).join("/"), subpath: rest === "" ? "." : `./${rest}` };
}

test("every package imported under scripts/ is reached through an entry its exports name", async () => {
  const specifiers = await importedSpecifiers();
  expect(specifiers.has("@redocly/openapi-core")).toBe(true);
  expect(specifiers.has("openapi-typescript")).toBe(true);
  expect(specifiers.has("prettier/standalone")).toBe(true);
  const unnamed: string[] = [];
  for (const [specifier, files] of specifiers) {
    const { name, subpath } = splitSpecifier(specifier);
    const manifest = JSON.parse(
      await readFile(join(installedPackageDirectory(name), "package.json"), "utf8"),
    ) as { exports?: unknown };
    // Without an `exports` map every file of a package is public, as Node resolves it.
    const exported =
      subpath === "." || manifest.exports === undefined
        ? true
        : typeof manifest.exports === "object" &&
          manifest.exports !== null &&
          Object.hasOwn(manifest.exports, subpath);
    if (!exported) unnamed.push(`${specifier} (${files.join(", ")})`);
  }
  expect(unnamed).toEqual([]);
});
