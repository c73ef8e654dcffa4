/**
 * What `generate --watch` reacts to, driven in process on a throwaway project: a file the spec
 * `$ref`s from a folder below its own (specs may only `$ref` files inside their folder tree), and redocly.yaml; and what it ignores (its own output).
 */
import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { watchGenerate } from "../../scripts/watch/watch-generate.js";
import { createProject, fixtureText, type Project } from "../support/project.js";

let project: Project;
let lines: string[];
let runOutput: string;
let stop: AbortController;
let watching: Promise<void> | undefined;

async function waitForLine(pattern: RegExp, count: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (lines.filter((line) => pattern.test(line)).length < count) {
    if (Date.now() > deadline)
      throw new Error(`no ${count}× ${pattern} within ${timeoutMs} ms:\n${lines.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeEach(async () => {
  project = await createProject({ copy: [".prettierrc.json"] });
  lines = [];
  runOutput = "";
  stop = new AbortController();
  const root = (await fixtureText("pipeline/split/root.yaml")).replace(
    '$ref: "./thing.yaml"',
    '$ref: "./shared/thing.yaml"',
  );
  await project.write("specs/split/root.yaml", root);
  await project.write(
    "specs/split/shared/thing.yaml",
    await fixtureText("pipeline/split/thing.yaml"),
  );
  await project.writeConfig({ apis: { split: { root: "specs/split/root.yaml" } } });
});

afterEach(async () => {
  stop.abort();
  await watching;
  await project.remove();
});

describe("generate --watch", () => {
  test(
    "regenerates when a $ref'd file in a subfolder or redocly.yaml changes, not on its own output",
    { timeout: 240_000 },
    async () => {
      watching = watchGenerate({
        root: project.root,
        debounceMs: 100,
        signal: stop.signal,
        print: (line) => lines.push(line),
        runOutput: (text) => (runOutput += text),
      });
      await waitForLine(/^run finished/, 1);
      // Only after a successful run does the manifest name the $ref'd file; the watcher plans again then.
      expect(await project.read("generated/split/openapi.yaml")).toContain("label:");

      await project.write(
        "specs/split/shared/thing.yaml",
        `${await fixtureText("pipeline/split/thing.yaml")}  size:\n    type: integer\n`,
      );
      await waitForLine(/^run finished/, 2);
      expect(lines).toContain("changed: specs/split/shared/thing.yaml; regenerating");
      expect(await project.read("generated/split/schema.ts")).toContain("size?: number;");
      expect(runOutput).toContain(
        "  non-breaking  GET /things response 200 [].size: optional field added (integer)\n",
      );

      const config = await readFile(`${project.root}/redocly.yaml`, "utf8");
      await project.write("redocly.yaml", `${config}rules:\n  operation-4xx-response: off\n`);
      await waitForLine(/^run finished/, 3);
      expect(lines).toContain("changed: redocly.yaml; regenerating");

      // Three runs and no more: writing generated/ did not trigger another.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(lines.filter((line) => line.startsWith("changed: "))).toEqual([
        "changed: specs/split/shared/thing.yaml; regenerating",
        "changed: redocly.yaml; regenerating",
      ]);
      stop.abort();
      await watching;
      expect(lines.at(-1)).toMatch(/^run finished \([\d.]+ s\); watching for changes$/);
    },
  );
});
