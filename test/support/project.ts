/**
 * Throw-away projects for tests and benchmarks, in the system's temporary directory: empty, seeded
 * with a few of the checkout's files, or a full copy of the project with the installed packages
 * linked, so a test or a benchmark can run the pipeline, `specs:pull` or `specs:update` there and
 * change whatever it likes without touching the checkout. Fixture files are read from here too.
 *
 * ```ts
 * const project = await createProject({ copy: [".prettierrc.json"] });
 * await project.write("specs/api.yaml", await fixtureText("pipeline/minimal.yaml"));
 * await project.writeConfig({ apis: { api: { root: "specs/api.yaml" } } });
 * const { exitCode, lines } = await project.run();
 * await project.remove();
 * ```
 *
 * @packageDocumentation
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument, stringify } from "yaml";
import { linkInstalledPackages } from "../../scripts/installed-packages.js";
import { runPipeline, type ExitCode, type PipelineOptions } from "../../scripts/pipeline/run.js";
import { extractSpecBlock } from "../../scripts/pull/extract-spec-block.js";
import { copyProjectFiles } from "../../scripts/update/staging.js";

/** The checkout the tests run in. */
export const REPOSITORY = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");

/** The project's fix plugin, by absolute path, as a redocly.yaml outside the checkout names it. */
export const FIX_PLUGIN = join(REPOSITORY, "scripts", "fixes", "plugin.ts");

/** A file under `test/fixtures/`, by its path there (`"pipeline/minimal.yaml"`, `"pull/joyfill.md"`). */
export function fixtureText(path: string): Promise<string> {
  return readFile(join(REPOSITORY, "test", "fixtures", path), "utf8");
}

/** The spec a fixture docs page under `test/fixtures/` holds, as `specs:pull` would write it. */
export async function fixtureSpec(page: string): Promise<string> {
  return extractSpecBlock(await fixtureText(page)).text;
}

/** Options of {@link createProject}. */
export interface ProjectOptions {
  /**
   * What to copy from `from`: `"project"` for every project file `specs:update` stages (specs,
   * config, scripts, sources, generated output, package files; no tests, benchmarks, tool sets
   * or build output), with the installed packages linked into its `node_modules`; or a list of
   * paths relative to `from`.
   * @default nothing: an empty folder
   */
  copy?: "project" | readonly string[];
  /**
   * The project copied from.
   * @default REPOSITORY
   */
  from?: string;
  /**
   * Part of the folder's name (`api-clients-<label>-…`), to tell leftovers apart.
   * @default "project"
   */
  label?: string;
  /**
   * A docs page URL per API: set as `x-api-clients.docsPage` in the copied redocly.yaml, or, when
   * there is none, written as a new one with one entry per API whose root is `specs/<api>.yaml`.
   * @default redocly.yaml left as copied
   */
  docsPages?: Record<string, string>;
  /**
   * Spec text per API, written to `specs/<api>.yaml` (the folder is made even for none).
   * @default no `specs/` folder made
   */
  specs?: Record<string, string>;
}

/** A throw-away project made by {@link createProject}. */
export interface Project {
  /** The project's folder. */
  readonly root: string;
  /** Writes a file (creating folders), relative to the root. */
  write(path: string, content: string): Promise<void>;
  /** Reads a file, relative to the root. */
  read(path: string): Promise<string>;
  /** Writes redocly.yaml from an object, listing the project's fix plugin first. */
  writeConfig(config: Record<string, unknown>): Promise<void>;
  /** Runs the pipeline in the project; returns the exit code and every printed line. */
  run(
    options?: Omit<PipelineOptions, "root" | "print">,
  ): Promise<{ exitCode: ExitCode; lines: string[] }>;
  /** Every file under `generated/` with its content, by its path from the root. */
  snapshotGenerated(): Promise<Record<string, string>>;
  /** Deletes the folder. */
  remove(): Promise<void>;
}

/** Creates a project in a new temporary folder; see {@link ProjectOptions}. */
export async function createProject(options: ProjectOptions = {}): Promise<Project> {
  const { from = REPOSITORY, copy = [] } = options;
  const root = await mkdtemp(join(tmpdir(), `api-clients-${options.label ?? "project"}-`));
  const project: Project = {
    root,
    async write(path, content) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    },
    read: (path) => readFile(join(root, path), "utf8"),
    writeConfig: (config) =>
      project.write(
        "redocly.yaml",
        stringify({ extends: ["recommended"], plugins: [FIX_PLUGIN], ...config }),
      ),
    async run(runOptions = {}) {
      const lines: string[] = [];
      const exitCode = await runPipeline({
        ...runOptions,
        root,
        print: (line) => lines.push(line),
      });
      return { exitCode, lines };
    },
    async snapshotGenerated() {
      const files = await snapshotFiles(join(root, "generated")).catch(() => ({}));
      return Object.fromEntries(
        Object.entries(files).map(([path, file]) => [`generated/${path}`, file.text]),
      );
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
  if (copy === "project") {
    await copyProjectFiles({ from, to: root });
    await linkInstalledPackages(root);
  } else {
    for (const path of copy) await cp(join(from, path), join(root, path), { recursive: true });
  }
  if (options.docsPages) await setDocsPages(project, options.docsPages);
  if (options.specs) await mkdir(join(root, "specs"), { recursive: true });
  for (const [api, text] of Object.entries(options.specs ?? {}))
    await project.write(`specs/${api}.yaml`, text);
  return project;
}

async function setDocsPages(project: Project, docsPages: Record<string, string>): Promise<void> {
  const existing = await project.read("redocly.yaml").catch(() => undefined);
  if (existing === undefined) {
    const apis = Object.entries(docsPages).map(([api, docsPage]) => [
      api,
      { root: `specs/${api}.yaml`, "x-api-clients": { docsPage } },
    ]);
    return project.write("redocly.yaml", stringify({ apis: Object.fromEntries(apis) }));
  }
  const config = parseDocument(existing);
  for (const [api, url] of Object.entries(docsPages))
    config.setIn(["apis", api, "x-api-clients", "docsPage"], url);
  await project.write("redocly.yaml", config.toString());
}

/**
 * Every file under `directory` (but `node_modules`) with its content and modification time, by
 * its path from `directory`, to prove that nothing was written, not even a file with the same
 * content.
 */
export async function snapshotFiles(
  directory: string,
): Promise<Record<string, { text: string; mtimeMs: number }>> {
  const snapshot: Record<string, { text: string; mtimeMs: number }> = {};
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  for (const entry of entries.sort((a, b) =>
    join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)),
  )) {
    const path = join(entry.parentPath, entry.name);
    const name = path.slice(directory.length + 1);
    if (!entry.isFile() || name.startsWith("node_modules")) continue;
    snapshot[name] = { text: await readFile(path, "utf8"), mtimeMs: (await stat(path)).mtimeMs };
  }
  return snapshot;
}
