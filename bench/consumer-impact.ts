/**
 * What `specs:update`'s consumer-impact check adds to an update in a monorepo with three apps:
 * `checkConsumers` against a staging copy regenerated from a vendor change, timed on its own
 * after the facade check it follows in an update (whose parsed declaration files it reuses).
 * Two changes: one every app survives (each app checked once), and one that breaks an app (that
 * app is checked once more, against the package as it is).
 *
 * The monorepo is laid out as npm would (workspaces root, the package in `packages/api-clients`,
 * the apps in `apps/`, `api-clients` linked in the root's `node_modules`), with the checkout's
 * installed packages linked rather than installed, so the suite needs no network.
 */
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { linkInstalledPackages } from "../scripts/installed-packages.js";
import { runPipeline } from "../scripts/pipeline/run.js";
import { extractSpecBlock } from "../scripts/pull/extract-spec-block.js";
import { checkConsumers } from "../scripts/update/consumer-check.js";
import { createDeclarationCache } from "../scripts/update/declaration-cache.js";
import { checkFacades } from "../scripts/update/facade-check.js";
import { copyProjectFiles, createStaging } from "../scripts/update/staging.js";
import { BUNDLER_APP_FLAGS } from "../test/support/monorepo.js";
import { createProject } from "../test/support/project.js";
import { median, type Row } from "./results.js";
import { PROJECT_ROOT, type Suite, type SuiteOptions } from "./suite.js";

const STRICT_NODE = {
  strict: true,
  skipLibCheck: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  target: "ES2022",
  module: "nodenext",
  moduleResolution: "nodenext",
  lib: ["ES2022"],
  types: ["node"],
  noEmit: true,
};

/** Three apps as a monorepo has them: two Node services and a bundled web app. */
const APPS: Record<string, { compilerOptions: object; source: string }> = {
  signup: {
    compilerOptions: STRICT_NODE,
    source: [
      'import { createProficientClient, type ProficientUser } from "api-clients/proficient";',
      "",
      'const proficient = createProficientClient({ secretKey: "sk_test_signup" });',
      "export async function signUp(externalId: string): Promise<ProficientUser> {",
      "  return proficient.users.create({ external_id: externalId });",
      "}",
      "export function isLive(user: ProficientUser): boolean {",
      "  return user.live_mode === true;",
      "}",
      "",
    ].join("\n"),
  },
  forms: {
    compilerOptions: STRICT_NODE,
    source: [
      'import { ApiError } from "api-clients";',
      'import { createJoyfillClient } from "api-clients/joyfill";',
      "",
      'const joyfill = createJoyfillClient({ accessToken: "token-for-forms" });',
      "export async function register(identifier: string): Promise<string> {",
      "  try {",
      '    const user = await joyfill.users.create({ identifier, group: "forms" });',
      "    return user.identifier ?? identifier;",
      "  } catch (error) {",
      "    if (error instanceof ApiError) return error.code;",
      "    throw error;",
      "  }",
      "}",
      "",
    ].join("\n"),
  },
  admin: {
    compilerOptions: BUNDLER_APP_FLAGS,
    source: [
      'import type { ProficientUser } from "api-clients/proficient";',
      "",
      "export function label(user: ProficientUser): string {",
      "  return `${user.external_id} (${user.id})`;",
      "}",
      "",
    ].join("\n"),
  },
};

/** Vendor pages of test/fixtures: one change no app notices, one that removes `live_mode`. */
const CHANGES = {
  "3 apps, all compile": "update/proficient-optional-field.md",
  "3 apps, one breaks (checked again against the current package)": "pull/proficient-changed.md",
} as const;

async function writeMonorepo(root: string): Promise<string> {
  const packageRoot = join(root, "packages/api-clients");
  await mkdir(packageRoot, { recursive: true });
  await copyProjectFiles({ from: PROJECT_ROOT, to: packageRoot });
  await writeFile(
    join(root, "package.json"),
    `${JSON.stringify({ name: "monorepo", private: true, workspaces: ["packages/*", "apps/*"] })}\n`,
  );
  await linkInstalledPackages(root);
  await symlink(packageRoot, join(root, "node_modules/api-clients"), "dir");
  for (const [name, app] of Object.entries(APPS)) {
    const directory = join(root, "apps", name);
    await mkdir(join(directory, "src"), { recursive: true });
    const manifest = { name, private: true, type: "module", dependencies: { "api-clients": "*" } };
    await writeFile(join(directory, "package.json"), `${JSON.stringify(manifest)}\n`);
    await writeFile(
      join(directory, "tsconfig.json"),
      `${JSON.stringify({ compilerOptions: app.compilerOptions, include: ["src"] })}\n`,
    );
    await writeFile(join(directory, "src", `${name}.ts`), app.source);
  }
  return packageRoot;
}

async function runConsumerImpact(options: SuiteOptions): Promise<Row[]> {
  const rounds = options.quick ? 1 : 3;
  const group = "consumer impact (specs:update, monorepo)";
  const monorepo = await createProject({ label: "bench-monorepo" });
  try {
    const packageRoot = await writeMonorepo(monorepo.root);
    const rows: Row[] = [];
    for (const [name, page] of Object.entries(CHANGES)) {
      const staging = await createStaging({ root: packageRoot });
      try {
        const text = await readFile(join(PROJECT_ROOT, "test/fixtures", page), "utf8");
        await writeFile(join(staging.root, "specs/proficient.yaml"), extractSpecBlock(text).text);
        const generated = await runPipeline({ root: staging.root, print: () => {} });
        if (generated !== 0) throw new Error(`${page} does not generate (exit ${generated})`);
        const seconds: number[] = [];
        // On a shared machine the wall time includes waiting for a core; the CPU time does not.
        const cpuSeconds: number[] = [];
        let outcome = "";
        for (let round = 0; round < rounds; round++) {
          // As in an update: the facade check runs first and leaves its parsed lib files and
          // @types/node for the apps.
          const declarations = createDeclarationCache();
          await checkFacades({ root: staging.root, declarations });
          const startedAt = performance.now();
          const cpuAtStart = process.cpuUsage();
          const impact = await checkConsumers({
            packageRoot,
            stagedRoot: staging.root,
            declarations,
          });
          seconds.push((performance.now() - startedAt) / 1000);
          const cpu = process.cpuUsage(cpuAtStart);
          cpuSeconds.push((cpu.user + cpu.system) / 1e6);
          outcome = impact.apps.map((app) => `${app.name} ${app.status}`).join(", ");
          options.log(`consumers: ${name}, round ${round + 1}/${rounds}: ${outcome}`);
        }
        rows.push({
          group,
          name,
          value: median(seconds),
          unit: "s",
          target: { max: 5 },
          note: `median of ${rounds}, CPU ${median(cpuSeconds).toFixed(2)} s; ${outcome}`,
        });
      } finally {
        await staging.remove();
      }
    }
    return rows;
  } finally {
    await monorepo.remove();
  }
}

/** Issue 21's target: the consumer-impact check adds at most 5 s to an update. */
export const consumerImpact: Suite = {
  name: "consumers",
  summary: "specs:update's type check of three workspace apps against regenerated clients",
  run: runConsumerImpact,
};
