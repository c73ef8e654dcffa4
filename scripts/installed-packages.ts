/**
 * Where npm put the packages this one depends on: in the package's own `node_modules`, or hoisted
 * to the root of a workspace that contains it. They are found the way Node's module resolution
 * finds them (each `node_modules` folder from the package upwards), never by a fixed
 * `<package>/node_modules/...` path, so scripts, tests and benchmarks run the same in both layouts.
 *
 * ```ts
 * const tsc = installedBin("typescript", "tsc"); // …/node_modules/typescript/bin/tsc
 * ```
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's own folder, the one holding its `package.json`. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Options for {@link installedPackageDirectory} and {@link installedBin}. */
export interface InstalledPackageOptions {
  /**
   * The folder whose point of view resolves the name, as a module in it would import it.
   * @default PACKAGE_ROOT
   */
  from?: string;
}

/**
 * The folder of the installed package `name` (`"typescript"`, `"@types/node"`), as an import from
 * `options.from` would find it.
 *
 * @throws Error naming the package and every folder searched when it is not installed.
 */
export function installedPackageDirectory(
  name: string,
  options: InstalledPackageOptions = {},
): string {
  const from = options.from ?? PACKAGE_ROOT;
  const searched = searchedNodeModules(from);
  for (const nodeModules of searched) {
    const candidate = join(nodeModules, name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
  }
  throw new Error(
    `${name} is not installed where ${from} can import it (searched ${searched.join(", ")}); run npm install.`,
  );
}

/**
 * The `node_modules` folder that holds the installed package `name`: the package's own, or a
 * workspace root's when npm hoisted its dependencies there.
 */
export function nodeModulesHolding(name: string, options: InstalledPackageOptions = {}): string {
  const directory = installedPackageDirectory(name, options);
  return name.startsWith("@") ? dirname(dirname(directory)) : dirname(directory);
}

/**
 * Absolute path of the script behind the executable `bin` of the installed package `name`, read
 * from its `package.json`, to run as `node <script>` without a shell or npm in between.
 *
 * @throws Error when the package declares no such executable.
 */
export function installedBin(
  name: string,
  bin: string,
  options: InstalledPackageOptions = {},
): string {
  const directory = installedPackageDirectory(name, options);
  const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as {
    name: string;
    bin?: string | Record<string, string>;
  };
  const unscopedName = manifest.name.slice(manifest.name.lastIndexOf("/") + 1);
  const script =
    typeof manifest.bin === "string"
      ? bin === unscopedName
        ? manifest.bin
        : undefined
      : manifest.bin?.[bin];
  if (script === undefined) {
    throw new Error(
      `${name} (${directory}) declares no executable named ${bin} in its package.json "bin".`,
    );
  }
  return join(directory, script);
}

/**
 * Gives `directory` a `node_modules` folder in which every package installed for this one can be
 * imported: one symbolic link per package, taken from each `node_modules` folder Node would search
 * from the package (its own first, then a workspace root's), the nearest copy winning as it does
 * for Node. A temporary copy of the project thus runs exactly the installed tools, whether npm
 * left them next to the package, hoisted them, or split them between the two.
 */
export async function linkInstalledPackages(directory: string): Promise<void> {
  const target = join(directory, "node_modules");
  const searched = searchedNodeModules(PACKAGE_ROOT);
  const linked = new Set<string>();
  for (const nodeModules of searched) {
    for (const entry of await readdir(nodeModules).catch(() => [])) {
      if (entry.startsWith(".")) continue;
      const names = entry.startsWith("@")
        ? (await readdir(join(nodeModules, entry))).map((name) => `${entry}/${name}`)
        : [entry];
      for (const name of names) {
        if (linked.has(name)) continue;
        linked.add(name);
        await mkdir(dirname(join(target, name)), { recursive: true });
        await symlink(join(nodeModules, name), join(target, name), "dir");
      }
    }
  }
}

/** The `node_modules` folders Node searches for a bare import from `from`, nearest first. */
function searchedNodeModules(from: string): string[] {
  return createRequire(join(from, "package.json")).resolve.paths("any-package") ?? [];
}
