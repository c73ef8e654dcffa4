import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { runPipeline, type ExitCode, type PipelineOptions } from "../../scripts/pipeline/run.js";

/** The repository root, and the project's fix plugin by absolute path. */
export const REPOSITORY = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIX_PLUGIN = join(REPOSITORY, "scripts", "fixes", "plugin.ts");

/** Reads a fixture spec from test/fixtures/pipeline/. */
export function readFixture(name: string): Promise<string> {
  return readFile(join(REPOSITORY, "test", "fixtures", "pipeline", name), "utf8");
}

/** A throwaway project directory: specs, a redocly.yaml, and what the pipeline generates. */
export interface TempProject {
  root: string;
  /** Writes a file (creating folders), relative to the root. */
  write(path: string, content: string): Promise<void>;
  read(path: string): Promise<string>;
  /** Writes redocly.yaml from an object, listing the project's fix plugin first. */
  writeConfig(config: Record<string, unknown>): Promise<void>;
  /** Runs the pipeline in the project; returns the exit code and every printed line. */
  run(
    options?: Omit<PipelineOptions, "root" | "print">,
  ): Promise<{ exitCode: ExitCode; lines: string[] }>;
  /** Every file under generated/ with its content, for byte-for-byte comparisons. */
  snapshotGenerated(): Promise<Record<string, string>>;
  remove(): Promise<void>;
}

/** Creates a temporary project holding the repository's prettier config. */
export async function createTempProject(): Promise<TempProject> {
  const root = await mkdtemp(join(tmpdir(), "pipeline-"));
  const project: TempProject = {
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
    async run(options = {}) {
      const lines: string[] = [];
      const exitCode = await runPipeline({ ...options, root, print: (line) => lines.push(line) });
      return { exitCode, lines };
    },
    async snapshotGenerated() {
      const snapshot: Record<string, string> = {};
      const entries = await readdir(join(root, "generated"), {
        recursive: true,
        withFileTypes: true,
      }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        snapshot[path.slice(root.length + 1)] = await readFile(path, "utf8");
      }
      return snapshot;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
  await project.write(
    ".prettierrc.json",
    await readFile(join(REPOSITORY, ".prettierrc.json"), "utf8"),
  );
  return project;
}
