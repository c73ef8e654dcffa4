import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extractSpecBlock } from "../../scripts/pull/extract-spec-block.js";

/** A docs page from test/fixtures/pull. */
export function fixturePage(name: string): Promise<string> {
  return readFile(new URL(`../fixtures/pull/${name}`, import.meta.url), "utf8");
}

/** The spec text a fixture page holds, as a pull would write it. */
export async function fixtureSpec(name: string): Promise<string> {
  return extractSpecBlock(await fixturePage(name)).text;
}

/**
 * Creates a project in a temp dir: a `redocly.yaml` with one entry per API pointing at its docs
 * page, and the given spec files under `specs/`.
 */
export async function makeProject(options: {
  docsPages: Record<string, string>;
  specs: Record<string, string>;
}): Promise<{ dir: string; configPath: string }> {
  const dir = await mkdtemp(join(tmpdir(), "api-clients-pull-"));
  const entries = Object.entries(options.docsPages).map(
    ([api, url]) =>
      `  ${api}:\n    root: specs/${api}.yaml\n    x-api-clients:\n      docsPage: ${url}\n`,
  );
  const configPath = join(dir, "redocly.yaml");
  await writeFile(configPath, `apis:\n${entries.join("")}`);
  await mkdir(join(dir, "specs"));
  for (const [api, text] of Object.entries(options.specs)) {
    await writeFile(join(dir, "specs", `${api}.yaml`), text);
  }
  return { dir, configPath };
}

/** Every file under `specs/` with its content and modification time, to prove nothing changed. */
export async function snapshotSpecs(
  dir: string,
): Promise<Record<string, { text: string; mtimeMs: number }>> {
  const snapshot: Record<string, { text: string; mtimeMs: number }> = {};
  for (const name of (await readdir(join(dir, "specs"))).sort()) {
    const path = join(dir, "specs", name);
    snapshot[name] = { text: await readFile(path, "utf8"), mtimeMs: (await stat(path)).mtimeMs };
  }
  return snapshot;
}
