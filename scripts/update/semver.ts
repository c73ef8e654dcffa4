/**
 * The package's next version from the verdict of a vendor change.
 *
 * @packageDocumentation
 */

import type { ChangeVerdict } from "../report/index.js";

/** Which part of `major.minor.patch` a release raises. */
export type VersionBump = "major" | "minor" | "patch";

/** The outcome of {@link nextVersion}. */
export interface NextVersion {
  /** The version after the bump, `major.minor.patch`. */
  version: string;
  bump: VersionBump;
  /** Why this bump, in a few words: `minor (breaking change, below 1.0.0)`. */
  reason: string;
}

const releaseVersion = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/**
 * Bumps `current` by semantic versioning: breaking → major, non-breaking → minor, cosmetic (and a
 * spec whose text changed with nothing else, whose generated files still change) → patch.
 *
 * Below 1.0.0 each shifts down one step, as semver allows for initial development ("anything
 * may change at any time"): breaking → minor, non-breaking and cosmetic → patch. So `0.x` users
 * who depend on `^0.x.y` receive fixes and additions but never a breaking change.
 *
 * @param options.current - The version in package.json; a release version `major.minor.patch`.
 * @param options.verdict - The most severe verdict of the APIs that changed; `"none"` means the
 *   generated files changed with nothing in the spec's content (patch).
 * @throws Error naming the version when it is not a release version (a prerelease such as
 *   `1.0.0-beta.1`, build metadata, or not semver at all): set such a version by hand.
 */
export function nextVersion(options: { current: string; verdict: ChangeVerdict }): NextVersion {
  const match = releaseVersion.exec(options.current);
  if (!match) {
    throw new Error(
      `package.json version ${JSON.stringify(options.current)} is not a release version (major.minor.patch); ` +
        "specs:update bumps release versions only, so set this one by hand",
    );
  }
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const wanted: VersionBump =
    options.verdict === "breaking"
      ? "major"
      : options.verdict === "non-breaking"
        ? "minor"
        : "patch";
  const initial = major === 0;
  const bump: VersionBump = !initial ? wanted : wanted === "major" ? "minor" : "patch";
  const version =
    bump === "major"
      ? `${major + 1}.0.0`
      : bump === "minor"
        ? `${major}.${minor + 1}.0`
        : `${major}.${minor}.${patch + 1}`;
  const what =
    options.verdict === "breaking"
      ? "breaking change"
      : options.verdict === "non-breaking"
        ? "non-breaking change"
        : options.verdict === "cosmetic"
          ? "documentation only"
          : "spec text only";
  return { version, bump, reason: `${bump} (${what}${initial ? ", below 1.0.0" : ""})` };
}
