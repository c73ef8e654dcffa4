import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { linkInstalledPackages } from "../../scripts/installed-packages.js";

/** The checkout the tests run in. */
export const CHECKOUT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * What `specs:update` and `generate` read; the installed packages are linked, not copied, from
 * wherever npm put them (next to the package or hoisted to a workspace root).
 */
const copiedEntries = [
  ".prettierrc.json",
  "CHANGELOG.md",
  "package.json",
  "package-lock.json",
  "redocly.yaml",
  "scripts",
  "specs",
  "generated",
  "src",
  "tsconfig.json",
];

/** A fixture page from test/fixtures/pull or test/fixtures/update (`"update/proficient-description.md"`). */
export function fixtureText(name: string): Promise<string> {
  const path = name.includes("/") ? name : `pull/${name}`;
  return readFile(new URL(`../fixtures/${path}`, import.meta.url), "utf8");
}

/**
 * Copies the checkout's project files into a new temp folder, links the installed packages, and
 * points each API's `docsPage` in the copy's `redocly.yaml` at the URL given.
 */
export async function copyProject(options: {
  docsPages: Record<string, string>;
  from?: string;
}): Promise<string> {
  const from = options.from ?? CHECKOUT;
  const root = await mkdtemp(join(tmpdir(), "api-clients-update-"));
  for (const entry of copiedEntries)
    await cp(join(from, entry), join(root, entry), { recursive: true });
  await linkInstalledPackages(root);
  const configPath = join(root, "redocly.yaml");
  const config = parseDocument(await readFile(configPath, "utf8"));
  for (const [api, url] of Object.entries(options.docsPages))
    config.setIn(["apis", api, "x-api-clients", "docsPage"], url);
  await writeFile(configPath, config.toString());
  return root;
}

/** Removes a copy made by {@link copyProject}. */
export function removeProject(root: string): Promise<void> {
  return rm(root, { recursive: true, force: true });
}

/**
 * Every file under the root (but `node_modules`) with its content and modification time, to
 * prove that nothing was written, not even a file with the same content.
 */
export async function snapshotTree(
  root: string,
): Promise<Record<string, { text: string; mtimeMs: number }>> {
  const snapshot: Record<string, { text: string; mtimeMs: number }> = {};
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    const name = path.slice(root.length + 1);
    if (!entry.isFile() || name.startsWith("node_modules")) continue;
    snapshot[name] = { text: await readFile(path, "utf8"), mtimeMs: (await stat(path)).mtimeMs };
  }
  return snapshot;
}
