/**
 * `specs:update` end to end on copies of the project, with the vendors' docs pages served from
 * 127.0.0.1: each kind of vendor change, no change, and failures that must leave everything as
 * it was.
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { sha256 } from "../../scripts/pipeline/files.js";
import { runPipeline } from "../../scripts/pipeline/run.js";
import { runUpdateCommand } from "../../scripts/update/update-command.js";
import { startPageServer, type PageServer } from "../pull/page-server.js";
import {
  createProject,
  fixtureSpec,
  fixtureText,
  snapshotFiles,
  type Project,
} from "../support/project.js";

const TODAY = "2026-12-01";
const slow = { timeout: 180_000 };

let server: PageServer;
/** A copy of the project whose generated/ matches its specs, copied again for each test. */
let baseline: Project;
const copies: Project[] = [];

async function serve(pages: {
  joyfill?: string;
  proficient?: string | { status: number; body: string };
}) {
  const page = async (value: string | { status: number; body: string }) =>
    typeof value === "string" ? { status: 200, body: await fixtureText(value) } : value;
  server.pages.set("/joyfill.md", await page(pages.joyfill ?? "pull/joyfill.md"));
  server.pages.set("/proficient.md", await page(pages.proficient ?? "pull/proficient.md"));
}

async function freshProject(): Promise<string> {
  const copy = await createProject({ copy: "project", from: baseline.root, label: "update" });
  copies.push(copy);
  return copy.root;
}

async function update(root: string, argv: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await runUpdateCommand({
    argv,
    root,
    today: TODAY,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { exitCode, out: out.join("\n"), err: err.join("\n") };
}

/** How many TypeScript files the facade check covers: every one under src/. */
async function countSourceFiles(root: string): Promise<number> {
  const entries = await readdir(join(root, "src"), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith(".ts")).length;
}

const readJson = async (path: string) =>
  JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
const read = (root: string, path: string) => readFile(join(root, path), "utf8");

beforeAll(async () => {
  server = await startPageServer();
  baseline = await createProject({
    copy: "project",
    label: "update",
    docsPages: { joyfill: server.url("/joyfill.md"), proficient: server.url("/proficient.md") },
  });
  // Start from generated/ in step with the copied specs, whatever state the checkout is in.
  expect(await runPipeline({ root: baseline.root, print: () => {} })).toBe(0);
}, 180_000);

afterEach(async () => {
  await Promise.all(copies.splice(0).map((copy) => copy.remove()));
});

afterAll(async () => {
  await server.close();
  await baseline.remove();
});

describe("specs:update with a vendor change", () => {
  test(
    "raises 0.1.0 to 0.2.0 for a breaking change and writes specs, types, changelog and summary",
    slow,
    async () => {
      const root = await freshProject();
      await serve({ proficient: "pull/proficient-changed.md" });
      const before = await snapshotFiles(root);
      const oldSha = sha256(before["specs/proficient.yaml"]!.text);
      const newSpec = await fixtureSpec("pull/proficient-changed.md");
      const newSha = sha256(newSpec);

      const result = await update(root, ["--json", "summary.json", "--report", "report.md"]);

      expect(result.exitCode).toBe(0);
      expect(result.err).toBe("");
      expect(result.out).toContain(
        [
          "proficient: breaking (2 breaking, 0 non-breaking)",
          "  breaking      POST /users request body .email: required field added (string)",
          "  breaking      POST /users response 200 .live_mode: field removed",
        ].join("\n"),
      );
      expect(result.out).toContain(
        "version     0.1.0 → 0.2.0  minor (breaking change, below 1.0.0)",
      );
      expect(result.out).toContain(
        "\napps     none    api-clients is in no npm workspace, so no app here depends on it\n",
      );
      expect(JSON.parse(await read(root, "package.json")).version).toBe("0.2.0");
      const lock = JSON.parse(await read(root, "package-lock.json"));
      expect([lock.version, lock.packages[""].version]).toEqual(["0.2.0", "0.2.0"]);
      expect(await read(root, "src/core/version.ts")).toContain('export const VERSION = "0.2.0";');
      expect(await read(root, "specs/proficient.yaml")).toBe(newSpec);
      expect(await read(root, "generated/proficient/schema.ts")).toContain("email: string;");
      expect(await read(root, "CHANGELOG.md")).toBe(
        before["CHANGELOG.md"]!.text.replace(
          "\n## [0.1.0]",
          [
            "",
            "## [0.2.0] - 2026-12-01",
            "",
            "### proficient: breaking",
            "",
            "Breaking:",
            "",
            "- `POST /users request body .email`: required field added (string)",
            "- `POST /users response 200 .live_mode`: field removed",
            "",
            `Spec \`specs/proficient.yaml\`: sha256 \`${newSha}\` (was \`${oldSha}\`).`,
            "",
            "## [0.1.0]",
          ].join("\n"),
        ),
      );
      const summary = await readJson(join(root, "summary.json"));
      expect(summary).toEqual({
        changed: true,
        dryRun: false,
        verdict: "breaking",
        breaking: true,
        version: {
          previous: "0.1.0",
          next: "0.2.0",
          bump: "minor",
          reason: "minor (breaking change, below 1.0.0)",
        },
        apis: [
          {
            api: "joyfill",
            changed: false,
            verdict: "none",
            counts: { breaking: 0, nonBreaking: 0 },
            changes: [],
            spec: {
              path: "specs/joyfill.yaml",
              previousSha256: sha256(before["specs/joyfill.yaml"]!.text),
              sha256: sha256(before["specs/joyfill.yaml"]!.text),
            },
          },
          {
            api: "proficient",
            changed: true,
            verdict: "breaking",
            counts: { breaking: 2, nonBreaking: 0 },
            changes: [
              {
                kind: "field-added",
                breaking: true,
                location: "POST /users request body .email",
                detail: "required field added (string)",
              },
              {
                kind: "field-removed",
                breaking: true,
                location: "POST /users response 200 .live_mode",
                detail: "field removed",
              },
            ],
            spec: { path: "specs/proficient.yaml", previousSha256: oldSha, sha256: newSha },
          },
        ],
        facades: { checked: true, files: await countSourceFiles(root), errors: [] },
        consumers: { checked: true, package: "api-clients", workspace: null, apps: [] },
        files: [
          "generated/manifest.json",
          "generated/proficient/checks.ts",
          "generated/proficient/examples.ts",
          "generated/proficient/openapi.yaml",
          "generated/proficient/schema.ts",
          "generated/proficient/servers.ts",
          "specs/proficient.yaml",
          "package.json",
          "CHANGELOG.md",
          "package-lock.json",
          "src/core/version.ts",
        ],
        pullRequest: {
          title: "Breaking vendor spec change: proficient (0.1.0 → 0.2.0)",
          label: "vendor-spec: breaking",
          staleLabel: "vendor-spec: non-breaking",
        },
      });
      const report = await read(root, "report.md");
      expect(report.split("\n").slice(0, 3)).toEqual([
        "Version **0.1.0 → 0.2.0**: minor (breaking change, below 1.0.0).",
        "",
        "## API spec changes",
      ]);
      expect(report).toContain("- `POST /users response 200 .live_mode`: field removed\n");

      // Everything Joyfill's and the staging copy's.
      const after = await snapshotFiles(root);
      for (const path of Object.keys(before).filter((path) => path.includes("joyfill"))) {
        expect(after[path], path).toEqual(before[path]);
      }
      expect(Object.keys(after).filter((path) => path.startsWith(".tmp/"))).toEqual([]);
      // What was written is exactly what generate makes from the new specs.
      expect(await runPipeline({ root, check: true, print: () => {} })).toBe(0);
    },
  );

  test(
    "raises the patch version for a non-breaking change and lists it under Non-breaking",
    slow,
    async () => {
      const root = await freshProject();
      await serve({ proficient: "update/proficient-optional-field.md" });
      const oldSha = sha256(await read(root, "specs/proficient.yaml"));
      const newSha = sha256(await fixtureSpec("update/proficient-optional-field.md"));

      const result = await update(root, ["proficient", "--json", "summary.json"]);

      expect(result.exitCode).toBe(0);
      expect(JSON.parse(await read(root, "package.json")).version).toBe("0.1.1");
      const changelog = await read(root, "CHANGELOG.md");
      expect(
        changelog.slice(changelog.indexOf("## [0.1.1]"), changelog.indexOf("## [0.1.0]")),
      ).toBe(
        [
          "## [0.1.1] - 2026-12-01",
          "",
          "### proficient: non-breaking",
          "",
          "Non-breaking:",
          "",
          "- `POST /users response 200 .nickname`: optional field added (string)",
          "",
          `Spec \`specs/proficient.yaml\`: sha256 \`${newSha}\` (was \`${oldSha}\`).`,
          "",
          "",
        ].join("\n"),
      );
      const summary = await readJson(join(root, "summary.json"));
      expect(summary.version).toEqual({
        previous: "0.1.0",
        next: "0.1.1",
        bump: "patch",
        reason: "patch (non-breaking change, below 1.0.0)",
      });
      expect(summary.verdict).toBe("non-breaking");
      expect(summary.breaking).toBe(false);
      expect(summary.pullRequest).toEqual({
        title: "Vendor spec change: proficient (0.1.0 → 0.1.1)",
        label: "vendor-spec: non-breaking",
        staleLabel: "vendor-spec: breaking",
      });
      expect((summary.apis as { api: string }[]).map((api) => api.api)).toEqual(["proficient"]);
      expect(await read(root, "generated/proficient/schema.ts")).toContain("nickname?: string;");
    },
  );

  test(
    "calls a description-only change cosmetic, raises the patch version and changes only documentation",
    slow,
    async () => {
      const root = await freshProject();
      await serve({ proficient: "update/proficient-description.md" });
      const schemaBefore = await read(root, "generated/proficient/schema.ts");

      const result = await update(root, ["--json", "summary.json"]);

      expect(result.exitCode).toBe(0);
      expect(result.out).toMatch(
        /^proficient  cosmetic {6}0 breaking, 0 non-breaking  specs\/proficient\.yaml sha256 /m,
      );
      expect(JSON.parse(await read(root, "package.json")).version).toBe("0.1.1");
      const changelog = await read(root, "CHANGELOG.md");
      expect(changelog).toContain(
        [
          "## [0.1.1] - 2026-12-01",
          "",
          "### proficient: documentation only",
          "",
          "Only descriptions or examples changed; the types are the same apart from their documentation.",
        ].join("\n"),
      );
      const summary = await readJson(join(root, "summary.json"));
      expect(summary.verdict).toBe("cosmetic");
      expect((summary.apis as { verdict: string; counts: unknown }[])[1]).toMatchObject({
        verdict: "cosmetic",
        counts: { breaking: 0, nonBreaking: 0 },
      });
      const schemaAfter = await read(root, "generated/proficient/schema.ts");
      const withoutComments = (text: string) => text.replace(/^\s*(\/\/|\/\*\*|\*).*\n/gm, "");
      expect(withoutComments(schemaAfter)).toBe(withoutComments(schemaBefore));
      expect(schemaAfter).toContain("Creates a user in your project with the given properties.");
    },
  );

  test(
    "reports the facade's file and line when the new types break it, and bumps as for a breaking change",
    slow,
    async () => {
      const root = await freshProject();
      await serve({ proficient: "update/proficient-server-renamed.md" });
      // The facade's line that names the environments, which the renamed server no longer matches.
      const line =
        (await read(root, "src/proficient.ts"))
          .split("\n")
          .findIndex((text) => text.includes('"Staging"')) + 1;
      expect(line).toBeGreaterThan(0);

      const result = await update(root, ["--json", "summary.json", "--report", "report.md"]);

      expect(result.exitCode).toBe(0);
      const summary = await readJson(join(root, "summary.json"));
      expect(summary.verdict).toBe("non-breaking");
      expect(summary.breaking).toBe(true);
      expect(summary.version).toEqual({
        previous: "0.1.0",
        next: "0.2.0",
        bump: "minor",
        reason: "minor (the facades no longer compile)",
      });
      const errors = (
        summary.facades as {
          errors: { file: string; line: number; code: number; message: string }[];
        }
      ).errors;
      expect(errors.map((error) => [error.file, error.line, error.code])).toEqual([
        ["src/proficient.ts", line, 2322],
      ]);
      expect(errors[0]!.message).toContain('"Staging"');
      expect(result.out).toContain("facades  errors  1 error against the new types");
      expect(result.out).toContain(`  src/proficient.ts:${line}:`);
      expect(await read(root, "report.md")).toContain("## Facades");
      expect(await read(root, "CHANGELOG.md")).toContain(
        `### Facades\n\nThe project's own code does not compile against the new types:\n\n- \`src/proficient.ts:${line}:`,
      );
    },
  );
});

describe("specs:update without a change or with a failure", () => {
  test("says so and writes nothing when no vendor changed its spec", slow, async () => {
    const root = await freshProject();
    await serve({});
    const before = await snapshotFiles(root);

    const result = await update(root, ["--json", "summary.json"]);

    expect(result.exitCode).toBe(0);
    expect(result.out).toMatch(
      /^no change: joyfill, proficient match their vendors' specs; nothing written/m,
    );
    const after = await snapshotFiles(root);
    const summary = await readJson(join(root, "summary.json"));
    delete after["summary.json"];
    expect(after).toEqual(before);
    await expect(stat(join(root, ".tmp")), "the staging folder is gone").rejects.toThrow("ENOENT");
    expect(summary).toMatchObject({
      changed: false,
      verdict: "none",
      breaking: false,
      version: null,
      files: [],
      pullRequest: null,
    });
  });

  test("leaves everything as it was when one page is good and the other fails", slow, async () => {
    const root = await freshProject();
    await serve({
      joyfill: "update/joyfill-summary.md",
      proficient: { status: 500, body: "upstream timeout" },
    });
    const before = await snapshotFiles(root);

    const result = await update(root, ["--json", "summary.json"]);

    expect(result.exitCode).toBe(1);
    expect(result.out).toContain("joyfill     not written  specs/joyfill.yaml would change");
    expect(result.out).toContain(
      `proficient  error        ${server.url("/proficient.md")}: the server answered HTTP 500 Internal Server Error`,
    );
    expect(result.err).toMatch(/^specs:update failed: 1 of 2 pulls failed; nothing written/);
    expect(await snapshotFiles(root)).toEqual(before);
  });

  test("leaves everything as it was when a pulled spec does not generate", slow, async () => {
    const root = await freshProject();
    await serve({
      joyfill: "update/joyfill-summary.md",
      proficient: "update/proficient-lint-error.md",
    });
    const before = await snapshotFiles(root);

    const result = await update(root, ["--json", "summary.json"]);

    expect(result.exitCode).toBe(1);
    expect(result.out).toContain("joyfill     changed      specs/joyfill.yaml (3914 bytes)");
    expect(result.out).toMatch(
      /^specs\/proficient\.yaml:\d+:\d+ +error +path-parameters-defined /m,
    );
    expect(result.err).toMatch(
      /^specs:update failed: regeneration failed \(above\); nothing written/,
    );
    expect(await snapshotFiles(root)).toEqual(before);
  });

  test(
    "prints what it would write with --dry-run and writes nothing, not even the summary",
    slow,
    async () => {
      const root = await freshProject();
      await serve({ proficient: "pull/proficient-changed.md" });
      const before = await snapshotFiles(root);

      const result = await update(root, ["--dry-run", "--json", "summary.json"]);

      expect(result.exitCode).toBe(0);
      expect(result.out).toContain("would write specs/proficient.yaml (5086 bytes)");
      expect(result.out).toContain("  ## [0.2.0] - 2026-12-01");
      expect(result.out).toMatch(
        /^dry run: 1 of 2 APIs changed, version 0\.2\.0; nothing written/m,
      );
      expect(result.out).toContain(
        `would write ${join(root, "summary.json")}:\n  {\n    "changed": true,\n    "dryRun": true,`,
      );
      expect(await snapshotFiles(root)).toEqual(before);
    },
  );

  test("refuses to bump a prerelease version and writes nothing", slow, async () => {
    const root = await freshProject();
    const packageJson = await read(root, "package.json");
    await writeFile(
      join(root, "package.json"),
      packageJson.replace('"version": "0.1.0"', '"version": "1.0.0-beta.1"'),
    );
    await serve({ proficient: "pull/proficient-changed.md" });
    const before = await snapshotFiles(root);

    const result = await update(root, ["--json", "summary.json"]);

    expect(result.exitCode).toBe(2);
    expect(result.err).toBe(
      'specs:update failed: package.json version "1.0.0-beta.1" is not a release version (major.minor.patch); specs:update bumps release versions only, so set this one by hand; nothing written',
    );
    expect(await snapshotFiles(root)).toEqual(before);
  });

  test("refuses a config outside the project with exit code 2, writing nothing", slow, async () => {
    const root = await freshProject();
    const before = await snapshotFiles(root);

    const result = await update(root, ["--config", "../redocly.yaml"]);

    expect(result.exitCode).toBe(2);
    expect(result.err).toBe(
      `the config ../redocly.yaml is outside the project ${root}; specs:update reads it from the project's staging copy`,
    );
    expect(await snapshotFiles(root)).toEqual(before);
  });

  test(
    "refuses to start from generated/ out of date with specs/, naming the file, before fetching anything",
    slow,
    async () => {
      const root = await freshProject();
      await serve({ proficient: "pull/proficient-changed.md" });
      const schema = join(root, "generated/joyfill/schema.ts");
      await writeFile(schema, `${await readFile(schema, "utf8")}// edited by hand\n`);
      const before = await snapshotFiles(root);
      const requests = server.requests.length;

      const result = await update(root, ["--json", "summary.json"]);

      expect(result.exitCode).toBe(1);
      expect(result.out).toMatch(/^stale: generated\/joyfill\/schema\.ts$/m);
      expect(result.out).toMatch(/^  -\/\/ edited by hand$/m);
      expect(result.out).toMatch(/^drift: 1 of \d+ files differ from what the specs generate/m);
      expect(result.out).not.toMatch(/^(?:lint|bundle|types|format) /m);
      expect(result.err).toBe(
        "specs:update failed: generated/ is out of date with specs/ before any pull; run npm run generate and commit the result, so the update carries only the vendors' changes; nothing written",
      );
      expect(server.requests.length).toBe(requests);
      expect(await snapshotFiles(root)).toEqual(before);
    },
  );

  test("refuses an unknown API with exit code 2 before fetching anything", slow, async () => {
    const root = await freshProject();
    const requests = server.requests.length;

    const result = await update(root, ["stripe"]);

    expect(result.exitCode).toBe(2);
    expect(result.err).toContain('unknown API "stripe"');
    expect(server.requests.length).toBe(requests);
  });
});
