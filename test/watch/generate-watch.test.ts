/**
 * `npm run generate -- --watch` in a child process, on a copy of the project: it regenerates
 * after each saved edit, survives a broken save with generated/ untouched, and stops on SIGINT.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createProject, REPOSITORY, snapshotFiles, type Project } from "../support/project.js";

/** The compiled generate command (built on install), run with the copy as its working directory. */
const GENERATE = join(REPOSITORY, "build", "scripts", "generate.js");

let project: Project;
let root: string;
let watcher: ChildProcess | undefined;
let output = "";

/** Waits until the watcher's output matches `pattern` `count` times, for at most `timeoutMs`. */
async function waitForOutput(pattern: RegExp, count: number, timeoutMs = 60_000): Promise<void> {
  const global = new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`);
  const deadline = Date.now() + timeoutMs;
  while ((output.match(global) ?? []).length < count) {
    if (Date.now() > deadline) {
      throw new Error(`no ${count}× ${pattern} within ${timeoutMs} ms; output so far:\n${output}`);
    }
    if (watcher?.exitCode !== null) throw new Error(`the watcher exited early; output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function generatedFiles(snapshot: Awaited<ReturnType<typeof snapshotFiles>>) {
  return Object.fromEntries(
    Object.entries(snapshot)
      .filter(([path]) => path.startsWith("generated/"))
      .map(([path, file]) => [path, file.text]),
  );
}

beforeAll(async () => {
  project = await createProject({ copy: "project", label: "watch" });
  root = project.root;
});

afterAll(async () => {
  if (watcher && watcher.exitCode === null) watcher.kill("SIGKILL");
  await project.remove();
});

describe("npm run generate -- --watch", () => {
  test(
    "regenerates after two edits, keeps generated/ through a broken save, and stops on SIGINT",
    { timeout: 240_000 },
    async () => {
      const specPath = join(root, "specs", "proficient.yaml");
      const original = await readFile(specPath, "utf8");
      watcher = spawn(process.execPath, [GENERATE, "--watch"], {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
      });
      watcher.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      watcher.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      await waitForOutput(/^watching \d+ files in \d+ folders; Ctrl-C to stop$/m, 1);
      await waitForOutput(/^run (finished|failed)/m, 1, 120_000);
      expect(output).toMatch(/^(up to date: joyfill, proficient|generated 2 APIs)/m);

      // First edit, written in place: a description.
      const described = original.replace(
        "description: Creates a new user with the given properties.",
        "description: Creates a user in your project.",
      );
      expect(described).not.toBe(original);
      await writeFile(specPath, described);
      await waitForOutput(/^run finished/m, 2, 120_000);
      const afterFirst = output;
      expect(afterFirst).toMatch(/^changed: specs\/proficient\.yaml; regenerating$/m);
      expect(afterFirst).toMatch(/^proficient +lint +\d+ ms +0 errors, 0 warnings$/m);
      expect(afterFirst).toMatch(/^wrote generated\/proficient\/schema\.ts$/m);
      expect(await readFile(join(root, "generated/proficient/schema.ts"), "utf8")).toContain(
        "Creates a user in your project.",
      );

      // Second edit, saved the way many editors do: a temporary file renamed over the spec.
      const withField = described.replace(
        "        updated_at:\n          $ref: '#/components/schemas/UpdatedAt'\n      required:\n        - id",
        "        updated_at:\n          $ref: '#/components/schemas/UpdatedAt'\n        nickname:\n          type: string\n      required:\n        - id",
      );
      expect(withField).not.toBe(described);
      await writeFile(`${specPath}.swp`, withField);
      await rename(`${specPath}.swp`, specPath);
      await waitForOutput(/^run finished/m, 3, 120_000);
      expect(output.slice(afterFirst.length)).toContain(
        [
          "proficient: non-breaking (0 breaking, 1 non-breaking)",
          "  non-breaking  POST /users response 200 .nickname: optional field added (string)",
        ].join("\n"),
      );
      const good = generatedFiles(await snapshotFiles(root));
      expect(good["generated/proficient/schema.ts"]).toContain("nickname?: string;");

      // A broken save: invalid YAML. The run fails, generated/ stays, the watcher goes on.
      const beforeBroken = output.length;
      await writeFile(specPath, `${withField}\n  - : [unclosed\n`);
      await waitForOutput(
        /^run failed with exit code 1 \([\d.]+ s\); generated\/ left as it was; watching for changes$/m,
        1,
        120_000,
      );
      expect(output.slice(beforeBroken)).toMatch(/^specs\/proficient\.yaml:\d+:\d+ +error /m);
      expect(generatedFiles(await snapshotFiles(root))).toEqual(good);

      const exited = new Promise<number | null>((resolve) =>
        watcher!.on("exit", (code) => resolve(code)),
      );
      watcher.kill("SIGINT");
      const code = await Promise.race([
        exited,
        new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 20_000)),
      ]);
      expect(code).toBe(0);
      expect(output).toMatch(/^SIGINT: stopping after the run in progress, if any/m);
      expect(output.trimEnd().endsWith("stopped watching")).toBe(true);
    },
  );

  test("refuses --watch with --check as a usage error, exit code 2", { timeout: 60_000 }, () => {
    const result = spawnSync(process.execPath, [GENERATE, "--watch", "--check"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "usage error: --watch and --check do not go together\nusage: npm run generate -- [--check | --watch] [--report FILE] [api …]\n",
    );
  });
});
