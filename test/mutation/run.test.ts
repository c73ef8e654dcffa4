import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  binPath,
  forgetUndetectedStaticMutants,
  parseMutationArguments,
  scoresOf,
  totalScore,
} from "./run.js";

describe("npm run test:mutation", () => {
  test("finds a command through its package's bin, which the package need not export", async () => {
    const directory = await mkdtemp(join(tmpdir(), "bin-path-"));
    try {
      const manifest = join(directory, "package.json");
      const exports = { ".": "./dist/index.js", "./package.json": "./package.json" };
      await writeFile(manifest, JSON.stringify({ exports, bin: { stryker: "./bin/stryker.js" } }));
      expect(await binPath(manifest, "stryker")).toBe(join(directory, "bin", "stryker.js"));
      await writeFile(manifest, JSON.stringify({ name: "tool", bin: "./cli.js" }));
      expect(await binPath(manifest, "tool")).toBe(join(directory, "cli.js"));
      await writeFile(manifest, JSON.stringify({ bin: { other: "./other.js" } }));
      await expect(binPath(manifest, "stryker")).rejects.toThrow(
        `${manifest} declares no command stryker in "bin"`,
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  test("reads --since with its revision and --force, in any order", () => {
    expect(parseMutationArguments([])).toEqual({ force: false, static: false });
    expect(parseMutationArguments(["--force", "--since", "main"])).toEqual({
      force: true,
      static: false,
      since: "main",
    });
    expect(parseMutationArguments(["--static", "--since", "HEAD~1"])).toEqual({
      force: false,
      static: true,
      since: "HEAD~1",
    });
  });

  test("refuses --since without a revision and an unknown flag, naming them", () => {
    expect(() => parseMutationArguments(["--since"])).toThrow(
      "--since needs a git revision, e.g. --since main",
    );
    expect(() => parseMutationArguments(["--since", "--force"])).toThrow(
      "--since needs a git revision",
    );
    expect(() => parseMutationArguments(["--all"])).toThrow(
      "unknown argument --all; use --since REF, --force and/or --static",
    );
  });

  test("scores each file by killed and timed-out mutants over all but equivalent, static and uncompiled ones", () => {
    const mutants = (...statuses: string[]) => statuses.map((status) => ({ status }));
    const scores = scoresOf({
      files: {
        "src/core/retry-delay.ts": {
          mutants: [
            ...mutants("Killed", "Timeout", "Survived", "CompileError"),
            { status: "Ignored", statusReason: "equivalent: only saves work" },
            { status: "Ignored", statusReason: 'Static mutant (and "ignoreStatic" was enabled)' },
            { status: "Ignored", statusReason: 'Static mutant (and "ignoreStatic" was enabled)' },
          ],
        },
        "src/core/abort.ts": { mutants: mutants("Killed", "Killed", "Killed", "NoCoverage") },
      },
    });
    expect(scores).toEqual([
      {
        file: "src/core/abort.ts",
        killed: 3,
        survived: 0,
        noCoverage: 1,
        equivalent: 0,
        staticNotRun: 0,
        score: 75,
      },
      {
        file: "src/core/retry-delay.ts",
        killed: 2,
        survived: 1,
        noCoverage: 0,
        equivalent: 1,
        staticNotRun: 2,
        score: (100 * 2) / 3,
      },
    ]);
    expect(totalScore(scores)).toBeCloseTo((100 * 5) / 7, 10);
  });

  test("runs again the static mutants that survived or had no coverage, and reuses every other result", () => {
    const saved = {
      schemaVersion: "2",
      testFiles: { "test/core/client.test.ts": { tests: [] } },
      files: {
        "src/core/client.ts": {
          language: "typescript",
          mutants: [
            { id: "1", status: "Survived", static: true },
            { id: "2", status: "Killed", static: true },
            { id: "3", status: "Survived", static: false },
            { id: "4", status: "NoCoverage", static: true },
            { id: "5", status: "Timeout", static: true },
            { id: "6", status: "Ignored", static: true },
          ],
        },
        "src/core/abort.ts": { language: "typescript", mutants: [{ id: "7", status: "Survived" }] },
      },
    };
    const { report, forgotten } = forgetUndetectedStaticMutants(saved);
    expect(forgotten).toBe(2);
    expect(report).toEqual({
      ...saved,
      files: {
        "src/core/client.ts": {
          language: "typescript",
          mutants: [
            { id: "2", status: "Killed", static: true },
            { id: "3", status: "Survived", static: false },
            { id: "5", status: "Timeout", static: true },
            { id: "6", status: "Ignored", static: true },
          ],
        },
        "src/core/abort.ts": saved.files["src/core/abort.ts"],
      },
    });
    expect(saved.files["src/core/client.ts"].mutants).toHaveLength(6);
  });
});
