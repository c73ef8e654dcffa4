import { describe, expect, test } from "vitest";
import {
  CHANGELOG_PREAMBLE,
  prependChangelogSection,
  renderChangelogSection,
} from "../../scripts/update/changelog.js";

const section = "## [1.1.0] - 2026-12-01\n\n### joyfill: non-breaking\n";

describe("prependChangelogSection", () => {
  test("puts the new section above the newest release, below the preamble", () => {
    const existing = "# Changelog\n\nIntro.\n\n## [1.0.0] - 2026-11-01\n\nFirst.\n";
    expect(prependChangelogSection(existing, section)).toBe(
      "# Changelog\n\nIntro.\n\n## [1.1.0] - 2026-12-01\n\n### joyfill: non-breaking\n\n## [1.0.0] - 2026-11-01\n\nFirst.\n",
    );
  });

  test("keeps an Unreleased section on top", () => {
    const existing = "# Changelog\n\n## [Unreleased]\n\n- pending\n\n## [1.0.0] - 2026-11-01\n";
    expect(prependChangelogSection(existing, section)).toBe(
      "# Changelog\n\n## [Unreleased]\n\n- pending\n\n## [1.1.0] - 2026-12-01\n\n### joyfill: non-breaking\n\n## [1.0.0] - 2026-11-01\n",
    );
  });

  test("starts a changelog with the Keep a Changelog preamble when there is none", () => {
    expect(prependChangelogSection(undefined, section)).toBe(`${CHANGELOG_PREAMBLE}\n${section}`);
  });
});

describe("renderChangelogSection", () => {
  test("lists breaking changes before the rest, then the spec's hashes and the facade errors", () => {
    const text = renderChangelogSection({
      version: "2.0.0",
      date: "2026-12-01",
      apis: [
        {
          api: "proficient",
          verdict: "breaking",
          changes: [
            {
              kind: "field-added",
              breaking: false,
              location: "POST /users response 200 .nick_name",
              detail: "optional field added (string)",
            },
            {
              kind: "field-removed",
              breaking: true,
              location: "POST /users response 200 .live_mode",
              detail: "field removed",
            },
          ],
          specPath: "specs/proficient.yaml",
          previousSha256: "a".repeat(64),
          sha256: "b".repeat(64),
        },
        {
          api: "third_api",
          verdict: "none",
          changes: [],
          specPath: "specs/third.yaml",
          previousSha256: null,
          sha256: "c".repeat(64),
        },
      ],
      facadeErrors: [
        {
          file: "src/proficient.ts",
          line: 16,
          column: 3,
          code: 2322,
          message: "Type '<x>' is not assignable.",
        },
      ],
    });
    expect(text).toBe(
      [
        "## [2.0.0] - 2026-12-01",
        "",
        "### proficient: breaking",
        "",
        "Breaking:",
        "",
        "- `POST /users response 200 .live_mode`: field removed",
        "",
        "Non-breaking:",
        "",
        "- `POST /users response 200 .nick_name`: optional field added (string)",
        "",
        `Spec \`specs/proficient.yaml\`: sha256 \`${"b".repeat(64)}\` (was \`${"a".repeat(64)}\`).`,
        "",
        "### third\\_api: spec text only",
        "",
        "The spec's text changed but not its content; only the generated files' headers change.",
        "",
        `Spec \`specs/third.yaml\`: sha256 \`${"c".repeat(64)}\` (new).`,
        "",
        "### Facades",
        "",
        "The project's own code does not compile against the new types:",
        "",
        "- `src/proficient.ts:16:3` TS2322: Type '\\<x\\>' is not assignable.",
        "",
      ].join("\n"),
    );
  });
});
