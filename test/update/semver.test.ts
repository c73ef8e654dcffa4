import { describe, expect, test } from "vitest";
import { nextVersion } from "../../scripts/update/semver.js";

describe("nextVersion", () => {
  test.each([
    ["1.4.2", "breaking", "2.0.0", "major (breaking change)"],
    ["1.4.2", "non-breaking", "1.5.0", "minor (non-breaking change)"],
    ["1.4.2", "cosmetic", "1.4.3", "patch (documentation only)"],
    ["1.4.2", "none", "1.4.3", "patch (spec text only)"],
    ["0.3.7", "breaking", "0.4.0", "minor (breaking change, below 1.0.0)"],
    ["0.3.7", "non-breaking", "0.3.8", "patch (non-breaking change, below 1.0.0)"],
    ["0.3.7", "cosmetic", "0.3.8", "patch (documentation only, below 1.0.0)"],
    ["0.0.9", "breaking", "0.1.0", "minor (breaking change, below 1.0.0)"],
    ["9.99.10", "non-breaking", "9.100.0", "minor (non-breaking change)"],
  ] as const)("bumps %s for a %s change to %s", (current, verdict, version, reason) => {
    expect(nextVersion({ current, verdict })).toEqual({
      version,
      bump: reason.split(" ")[0],
      reason,
    });
  });

  test.each(["1.0.0-beta.1", "1.0.0+build.5", "1.0", "01.2.3", "v1.2.3", ""])(
    "refuses %j, which is not a release version, naming it",
    (current) => {
      expect(() => nextVersion({ current, verdict: "breaking" })).toThrow(
        `package.json version ${JSON.stringify(current)} is not a release version (major.minor.patch); specs:update bumps release versions only, so set this one by hand`,
      );
    },
  );
});
