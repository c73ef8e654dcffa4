import { describe, expect, test } from "vitest";
import { parseMutationArguments, scoresOf, totalScore } from "./run.js";

describe("npm run test:mutation", () => {
  test("reads --since with its revision and --force, in any order", () => {
    expect(parseMutationArguments([])).toEqual({ force: false });
    expect(parseMutationArguments(["--force", "--since", "main"])).toEqual({
      force: true,
      since: "main",
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
      "unknown argument --all; use --since REF and/or --force",
    );
  });

  test("scores each file by killed and timed-out mutants over all but equivalent and uncompiled ones", () => {
    const mutants = (...statuses: string[]) => statuses.map((status) => ({ status }));
    const scores = scoresOf({
      files: {
        "src/core/retry-delay.ts": {
          mutants: mutants("Killed", "Timeout", "Survived", "Ignored", "CompileError"),
        },
        "src/core/abort.ts": { mutants: mutants("Killed", "Killed", "Killed", "NoCoverage") },
      },
    });
    expect(scores).toEqual([
      { file: "src/core/abort.ts", killed: 3, survived: 0, noCoverage: 1, ignored: 0, score: 75 },
      {
        file: "src/core/retry-delay.ts",
        killed: 2,
        survived: 1,
        noCoverage: 0,
        ignored: 1,
        score: (100 * 2) / 3,
      },
    ]);
    expect(totalScore(scores)).toBeCloseTo((100 * 5) / 7, 10);
  });
});
