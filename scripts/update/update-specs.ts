/**
 * `specs:update`: pull every (or the named) API's spec, regenerate, and when the generated
 * clients changed, type-check the facades, bump the version, prepend a changelog section and
 * produce the summary a scheduled job acts on. All in a staging copy: the project changes only
 * when every step passed, in one all-or-nothing write.
 *
 * @packageDocumentation
 */

import { readdir, readFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import {
  readTextIfExists,
  relativePath,
  sha256,
  writeFilesAtomically,
  type FileWrite,
} from "../pipeline/files.js";
import { runPipeline } from "../pipeline/run.js";
import { formatOutcome, pullSpecs } from "../pull/pull-specs.js";
import { PullConfigError, readPullTargets, type PullTarget } from "../pull/pull-config.js";
import { compareSpecs, renderMarkdown, type SpecChange } from "../report/index.js";
import { escapeMarkdown } from "../report/render.js";
import { prependChangelogSection, renderChangelogSection, facadeErrorLine } from "./changelog.js";
import { checkConsumers } from "./consumer-check.js";
import { createDeclarationCache } from "./declaration-cache.js";
import {
  brokenApps,
  consumerHeadline,
  consumerLines,
  consumerMarkdown,
  type ConsumerSummary,
} from "./consumer-report.js";
import { checkFacades, formatFacadeError, type FacadeError } from "./facade-check.js";
import { nextVersion, type VersionBump } from "./semver.js";
import { createStaging } from "./staging.js";
import { changeVerdict, type ChangeVerdict } from "../report/index.js";

/** Options of {@link updateSpecs}. */
export interface UpdateSpecsOptions {
  /** The project root: `package.json`, `CHANGELOG.md`, `generated/` and `src/` are here. */
  root: string;
  /**
   * redocly.yaml, relative to `root`.
   * @default "redocly.yaml"
   */
  configPath?: string;
  /**
   * The APIs to update, by name.
   * @default every API in redocly.yaml
   */
  apis?: readonly string[];
  /**
   * Do everything, then print what would be written instead of writing it.
   * @default false
   */
  dryRun?: boolean;
  /**
   * How long one docs page may take to arrive, in milliseconds.
   * @default 20000
   */
  timeoutMs?: number;
  /**
   * The release date in the changelog, `YYYY-MM-DD`.
   * @default today's date in UTC
   */
  today?: string;
  /**
   * Where output lines go.
   * @default console.log
   */
  print?: (line: string) => void;
}

/** What happened to one API, as the JSON summary gives it. */
export interface ApiUpdate {
  /** The API's name, as in `redocly.yaml`. */
  api: string;
  /** Whether its generated files change. */
  changed: boolean;
  /** See {@link ChangeVerdict}; `"none"` for an API whose generated files did not change. */
  verdict: ChangeVerdict;
  /** How many lines of each kind the change report has. */
  counts: { breaking: number; nonBreaking: number };
  /** The change report's lines, breaking or not, in the report's order. */
  changes: SpecChange[];
  spec: {
    /** The spec file, relative to the root. */
    path: string;
    /** SHA-256 of the spec before the pull; `null` when there was none. */
    previousSha256: string | null;
    /** SHA-256 of the spec after the pull. */
    sha256: string;
  };
}

/** The machine-readable outcome of a run that got through every step. */
export interface UpdateSummary {
  /** Whether anything is (or, with `dryRun`, would be) written. */
  changed: boolean;
  dryRun: boolean;
  /** The most severe verdict of the changed APIs; `"none"` when nothing changed. */
  verdict: ChangeVerdict;
  /**
   * Whether the verdict is breaking, or the facades or an app of the workspace stopped compiling
   * (a breaking release either way).
   */
  breaking: boolean;
  /** The version bump; `null` when nothing changed. */
  version: { previous: string; next: string; bump: VersionBump; reason: string } | null;
  /** Every API asked for, in redocly.yaml's order. */
  apis: ApiUpdate[];
  /** The facades' type check against the new types; not run (`checked: false`) when nothing changed. */
  facades: { checked: boolean; files: number; errors: FacadeError[] };
  /**
   * The workspace packages that depend on this one, each type-checked with its own tsconfig
   * against the new clients; not run (`checked: false`, no apps) when nothing changed.
   */
  consumers: ConsumerSummary;
  /** The project files written (or that would be), relative to the root. */
  files: string[];
  /**
   * The pull request's title and label, saying breaking or not; `staleLabel` is the other label,
   * to remove from a pull request that is updated in place. `null` when nothing changed.
   */
  pullRequest: { title: string; label: string; staleLabel: string } | null;
}

/** The labels a vendor-change pull request carries. */
export const PULL_REQUEST_LABELS = {
  breaking: "vendor-spec: breaking",
  nonBreaking: "vendor-spec: non-breaking",
} as const;

/** The outcome of {@link updateSpecs}. */
export type UpdateResult =
  | {
      ok: true;
      summary: UpdateSummary;
      /** The report for a pull request, as Markdown; `""` when nothing changed. */
      markdown: string;
      /** The new `CHANGELOG.md` section; `""` when nothing changed. */
      changelogSection: string;
      /** What is (or would be) written, with full paths and content. */
      writes: FileWrite[];
    }
  | {
      ok: false;
      /** 1: a pull or generation failed; 2: bad usage or config. Nothing was written either way. */
      exitCode: 1 | 2;
      /** What failed, in one line. */
      message: string;
    };

/**
 * Runs the whole vendor-change loop (see the module's description). Prints the pull lines, the
 * pipeline's stage lines and change report, the facade check, each API's verdict and the new
 * version, then what was (or would be) written.
 *
 * @throws PullConfigError for a bad redocly.yaml, an unknown API name, or a config or spec file
 *   outside the project (exit code 2).
 */
export async function updateSpecs(options: UpdateSpecsOptions): Promise<UpdateResult> {
  const root = resolve(options.root);
  // Relative to the root, so the staging copy reads its own copy of the config, and so its specs.
  const configPath = relativePath(root, resolve(root, options.configPath ?? "redocly.yaml"));
  if (configPath.startsWith("../") || isAbsolute(configPath)) {
    throw new PullConfigError(
      `the config ${options.configPath} is outside the project ${root}; specs:update reads it from the project's staging copy`,
    );
  }
  for (const target of await readPullTargets({ configPath: resolve(root, configPath) })) {
    const spec = relativePath(root, target.specPath);
    if (spec.startsWith("../") || isAbsolute(spec)) {
      throw new PullConfigError(
        `apis.${target.api}.root (${spec}) is outside the project ${root}; specs:update writes only inside it`,
      );
    }
  }
  const dryRun = options.dryRun ?? false;
  const print = options.print ?? ((line: string) => console.log(line));
  const startedAt = performance.now();
  const seconds = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;

  const targets = await readPullTargets({
    configPath: resolve(root, configPath),
    apis: [...(options.apis ?? [])],
  });
  const apiNames = targets.map((target) => target.api);
  // Start from generated/ in step with specs/: a stale file would otherwise ride along in the
  // update's writes as if a vendor had changed it, and alone count as a change worth a version.
  const checkLines: string[] = [];
  const inStep = await runPipeline({
    root,
    configPath,
    apis: apiNames,
    check: true,
    print: (line) => checkLines.push(line),
  });
  if (inStep !== 0) {
    const drift = checkLines.filter((line) => /^(?:stale|missing|drift): |^ {2}/.test(line));
    for (const line of inStep === 1 && drift.length > 0 ? drift : checkLines) print(line);
    return failure(
      print,
      inStep,
      drift.length > 0
        ? "generated/ is out of date with specs/ before any pull; run npm run generate and commit the result, so the update carries only the vendors' changes; nothing written"
        : "the specs in the project do not generate (above); fix them before updating; nothing written",
    );
  }

  const staging = await createStaging({ root });
  try {
    const pulled = await pullSpecs({
      configPath: resolve(staging.root, configPath),
      apis: apiNames,
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    });
    const nameWidth = Math.max(...pulled.outcomes.map((outcome) => outcome.api.length));
    for (const outcome of pulled.outcomes) {
      // Pulled into the staging copy: "changed" rather than pullSpecs' "updated", which would
      // read as if the project's spec file had been written.
      print(
        outcome.status === "updated"
          ? `${outcome.api.padEnd(nameWidth)}  changed      ${relativePath(staging.root, outcome.specPath)} (${outcome.bytes} bytes)`
          : formatOutcome(outcome, { cwd: staging.root, nameWidth }),
      );
    }
    if (!pulled.ok) {
      const failed = pulled.outcomes.filter((outcome) => outcome.status === "error").length;
      return failure(
        print,
        1,
        `${failed} of ${pulled.outcomes.length} pulls failed; nothing written (${seconds()})`,
      );
    }

    const pipelineExit = await runPipeline({
      root: staging.root,
      configPath,
      apis: apiNames,
      // The staging copy's own writes and totals would read as if the project had changed.
      print: (line) => {
        if (!line.startsWith("wrote ") && !/^generated \d+ APIs?:/.test(line)) print(line);
      },
    });
    if (pipelineExit !== 0) {
      return failure(
        print,
        pipelineExit,
        `regeneration failed (above); nothing written (${seconds()})`,
      );
    }

    const changedFiles = await changedProjectFiles({ root, staging: staging.root, targets });
    const apis = await Promise.all(
      targets.map((target) => describeApi({ root, staging: staging.root, target, changedFiles })),
    );
    if (changedFiles.length === 0) {
      print(
        `no change: ${apiNames.join(", ")} match their vendors' specs; nothing written (${seconds()})`,
      );
      const summary: UpdateSummary = {
        changed: false,
        dryRun,
        verdict: "none",
        breaking: false,
        version: null,
        apis,
        facades: { checked: false, files: 0, errors: [] },
        consumers: { checked: false, package: await packageName(root), workspace: null, apps: [] },
        files: [],
        pullRequest: null,
      };
      return { ok: true, summary, markdown: "", changelogSection: "", writes: [] };
    }

    // One parse of the lib files and @types/node for the facades and every app.
    const declarations = createDeclarationCache();
    const facadeStartedAt = performance.now();
    let facades;
    try {
      facades = await checkFacades({ root: staging.root, declarations });
    } catch (error) {
      return failure(
        print,
        2,
        `cannot type-check the facades: ${(error as Error).message}; nothing written`,
      );
    }
    const facadeTime = `${((performance.now() - facadeStartedAt) / 1000).toFixed(1)} s`;
    if (facades.errors.length === 0) {
      print(
        `facades  ok      ${facades.files} files compile against the new types (${facadeTime})`,
      );
    } else {
      print(
        `facades  errors  ${facades.errors.length} ${facades.errors.length === 1 ? "error" : "errors"} against the new types (${facadeTime}); fix them before merging:`,
      );
      for (const error of facades.errors) print(`  ${formatFacadeError(error)}`);
    }

    const packageJsonPath = join(root, "package.json");
    const packageJson = await readFile(packageJsonPath, "utf8");
    const consumersStartedAt = performance.now();
    let consumers: ConsumerSummary;
    try {
      consumers = {
        checked: true,
        package: await packageName(root),
        ...(await checkConsumers({ packageRoot: root, stagedRoot: staging.root, declarations })),
      };
    } catch (error) {
      return failure(
        print,
        2,
        `cannot type-check the workspace's apps: ${(error as Error).message}; nothing written`,
      );
    }
    const consumersTime = `${((performance.now() - consumersStartedAt) / 1000).toFixed(1)} s`;
    for (const line of consumerLines(consumers, {
      packageName: consumers.package,
      time: consumersTime,
    }))
      print(line);
    const appsBreak = brokenApps(consumers).length > 0;

    const changedApis = apis.filter((api) => api.changed);
    const verdict = mostSevere(changedApis.map((api) => api.verdict));
    const breaking = verdict === "breaking" || facades.errors.length > 0 || appsBreak;
    let previous: string;
    let next: ReturnType<typeof nextVersion>;
    try {
      previous = readVersion(packageJson);
      next = nextVersion({ current: previous, verdict: breaking ? "breaking" : verdict });
    } catch (error) {
      return failure(print, 2, `${(error as Error).message}; nothing written`);
    }
    const reason =
      verdict === "breaking"
        ? next.reason
        : facades.errors.length > 0
          ? `${next.bump} (the facades no longer compile)`
          : appsBreak
            ? `${next.bump} (an app of the workspace no longer compiles)`
            : next.reason;
    const width = Math.max(8, ...apis.map((api) => api.api.length));
    for (const api of apis) print(verdictLine(api, width));
    print(`${"version".padEnd(width)}  ${previous} → ${next.version}  ${reason}`);

    const today = options.today ?? new Date().toISOString().slice(0, 10);
    const changelogPath = join(root, "CHANGELOG.md");
    const changelogSection = renderChangelogSection({
      version: next.version,
      date: today,
      apis: changedApis.map((api) => ({
        api: api.api,
        verdict: api.verdict,
        changes: api.changes,
        ...api.spec,
        specPath: api.spec.path,
      })),
      facadeErrors: facades.errors,
      ...(consumers.apps.length > 0 && { apps: consumerMarkdown(consumers, consumers.package) }),
    });
    const writes: FileWrite[] = [
      ...(await Promise.all(
        changedFiles.map(async (path) => ({
          path: join(root, path),
          content: await readFile(join(staging.root, path), "utf8"),
        })),
      )),
      { path: packageJsonPath, content: withVersion(packageJson, next.version, { previous }) },
      {
        path: changelogPath,
        content: prependChangelogSection(await readTextIfExists(changelogPath), changelogSection),
      },
    ];
    const lockPath = join(root, "package-lock.json");
    const lock = await readTextIfExists(lockPath);
    if (lock !== undefined)
      writes.push({
        path: lockPath,
        content: withVersion(lock, next.version, { previous, lockfile: true }),
      });
    // The User-Agent's version (written by scripts/build.mjs on build and `npm version`)
    // is committed, so it moves with package.json in the same all-or-nothing write.
    const versionModulePath = join(root, VERSION_MODULE);
    const versionModule = await readTextIfExists(versionModulePath);
    if (versionModule !== undefined)
      writes.push({
        path: versionModulePath,
        content: withVersionConstant(versionModule, next.version, { previous }),
      });

    const summary: UpdateSummary = {
      changed: true,
      dryRun,
      verdict,
      breaking,
      version: { previous, next: next.version, bump: next.bump, reason },
      apis,
      facades: { checked: true, files: facades.files, errors: facades.errors },
      consumers,
      files: writes.map((file) => relativePath(root, file.path)),
      pullRequest: {
        title: `${breaking ? "Breaking vendor spec change" : "Vendor spec change"}: ${changedApis.map((api) => api.api).join(", ")} (${previous} → ${next.version})`,
        label: breaking ? PULL_REQUEST_LABELS.breaking : PULL_REQUEST_LABELS.nonBreaking,
        staleLabel: breaking ? PULL_REQUEST_LABELS.nonBreaking : PULL_REQUEST_LABELS.breaking,
      },
    };
    const markdown = renderUpdateMarkdown(summary);
    if (dryRun) {
      for (const file of writes)
        print(
          `would write ${relativePath(root, file.path)} (${Buffer.byteLength(file.content)} bytes)`,
        );
      print("CHANGELOG.md would get this section:");
      for (const line of changelogSection.trimEnd().split("\n")) print(`  ${line}`);
      print(
        `dry run: ${changedApis.length} of ${apis.length} APIs changed, version ${next.version}; nothing written (${seconds()})`,
      );
    } else {
      await writeFilesAtomically(writes);
      for (const file of writes) print(`wrote ${relativePath(root, file.path)}`);
      print(
        `updated: ${changedApis.length} of ${apis.length} APIs changed, version ${next.version}, ${writes.length} files written (${seconds()})`,
      );
    }
    return { ok: true, summary, markdown, changelogSection, writes };
  } finally {
    await staging.remove();
  }
}

/** The package's name, for the sentences about the apps that depend on it. */
async function packageName(root: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
    name?: unknown;
  };
  return typeof manifest.name === "string" ? manifest.name : "this package";
}

function failure(print: (line: string) => void, exitCode: 1 | 2, message: string): UpdateResult {
  print(`failed: ${message}`);
  return { ok: false, exitCode, message };
}

/**
 * The project files the staging copy changed: the pulled specs and everything under
 * `generated/`, relative to the root, sorted.
 */
async function changedProjectFiles(options: {
  root: string;
  staging: string;
  targets: readonly PullTarget[];
}): Promise<string[]> {
  const { root, staging } = options;
  const candidates = new Set(options.targets.map((target) => relativePath(root, target.specPath)));
  const generated = await readdir(join(staging, "generated"), {
    recursive: true,
    withFileTypes: true,
  }).catch(() => []);
  for (const entry of generated)
    if (entry.isFile()) candidates.add(relativePath(staging, join(entry.parentPath, entry.name)));
  const changed: string[] = [];
  for (const path of [...candidates].sort()) {
    const [before, after] = await Promise.all([
      readTextIfExists(join(root, path)),
      readTextIfExists(join(staging, path)),
    ]);
    if (after !== undefined && before !== after) changed.push(path);
  }
  return changed;
}

/** One API's verdict, report lines and spec hashes, comparing the project with the staging copy. */
async function describeApi(options: {
  root: string;
  staging: string;
  target: PullTarget;
  changedFiles: readonly string[];
}): Promise<ApiUpdate> {
  const { root, staging, target } = options;
  const specPath = relativePath(root, target.specPath);
  const [previousSpec, newSpec] = await Promise.all([
    readTextIfExists(target.specPath),
    readFile(join(staging, specPath), "utf8"),
  ]);
  const spec = {
    path: specPath,
    previousSha256: previousSpec === undefined ? null : sha256(previousSpec),
    sha256: sha256(newSpec),
  };
  const prefix = `generated/${target.api}/`;
  const changed = options.changedFiles.some((path) => path.startsWith(prefix));
  if (!changed)
    return {
      api: target.api,
      changed,
      verdict: "none",
      counts: { breaking: 0, nonBreaking: 0 },
      changes: [],
      spec,
    };

  const { parseYaml } = await import("@redocly/openapi-core");
  const parse = (text: string | undefined) =>
    text === undefined ? undefined : parseYaml(text.replace(/^(#.*\n)+/, ""));
  const bundled = `generated/${target.api}/openapi.yaml`;
  const before = parse(await readTextIfExists(join(root, bundled)));
  const after = parse(await readTextIfExists(join(staging, bundled)));
  const changes = compareSpecs(before, after);
  const breaking = changes.filter((change) => change.breaking).length;
  return {
    api: target.api,
    changed,
    verdict: changeVerdict([{ api: target.api, before, after }]),
    counts: { breaking, nonBreaking: changes.length - breaking },
    changes,
    spec,
  };
}

const severity: readonly ChangeVerdict[] = ["none", "cosmetic", "non-breaking", "breaking"];

function mostSevere(verdicts: readonly ChangeVerdict[]): ChangeVerdict {
  return verdicts.reduce<ChangeVerdict>(
    (worst, verdict) => (severity.indexOf(verdict) > severity.indexOf(worst) ? verdict : worst),
    "none",
  );
}

function verdictLine(api: ApiUpdate, width: number): string {
  const name = api.api.padEnd(width);
  if (!api.changed) return `${name}  unchanged`;
  const counts = `${api.counts.breaking} breaking, ${api.counts.nonBreaking} non-breaking`;
  const hash = `${api.spec.path} sha256 ${api.spec.previousSha256?.slice(0, 12) ?? "(new)"} → ${api.spec.sha256.slice(0, 12)}`;
  return `${name}  ${api.verdict.padEnd(12)}  ${counts}  ${hash}`;
}

function readVersion(packageJson: string): string {
  const version = (JSON.parse(packageJson) as { version?: unknown }).version;
  if (typeof version !== "string") throw new Error('package.json has no "version" to bump');
  return version;
}

/** Where scripts/build.mjs keeps the version the clients' User-Agent names. */
const VERSION_MODULE = "src/core/version.ts";

/**
 * The version module's text with its `VERSION` constant set to `version`.
 * @throws Error when the module does not declare `VERSION = "<previous>"`.
 */
export function withVersionConstant(
  text: string,
  version: string,
  options: { previous: string },
): string {
  const declaration = `VERSION = ${JSON.stringify(options.previous)};`;
  if (!text.includes(declaration)) {
    throw new Error(
      `${VERSION_MODULE} does not declare ${declaration} as package.json's version; run npm run build`,
    );
  }
  return text.replace(declaration, `VERSION = ${JSON.stringify(version)};`);
}

/**
 * The JSON text with its version replaced: package.json's `version`, or a lockfile's top-level
 * `version` and `packages[""].version`. Only the version's own characters change, so the rest of
 * the file keeps its formatting; a file whose text cannot be edited that way is written back as
 * `JSON.stringify` with its own indentation.
 */
function withVersion(
  text: string,
  version: string,
  options: { previous: string; lockfile?: boolean },
): string {
  const expected = JSON.parse(text) as {
    version?: string;
    packages?: Record<string, { version?: string }>;
  };
  expected.version = version;
  const rootPackage = expected.packages?.[""];
  const lockfileRoot = options.lockfile === true && rootPackage?.version === options.previous;
  if (lockfileRoot && rootPackage) rootPackage.version = version;
  let replaced = 0;
  const limit = lockfileRoot ? 2 : 1;
  const pattern = new RegExp(
    `("version"\\s*:\\s*")${options.previous.replaceAll(".", "\\.")}(")`,
    "g",
  );
  const edited = text.replace(pattern, (match, open: string, close: string) =>
    replaced++ < limit ? `${open}${version}${close}` : match,
  );
  if (isDeepStrictEqual(JSON.parse(edited), expected)) return edited;
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? "  ";
  return `${JSON.stringify(expected, null, indent)}${text.endsWith("\n") ? "\n" : ""}`;
}

/**
 * The report for a pull request: the version line, the change report as Markdown, each API's
 * verdict and spec hashes, and the facade errors if any.
 */
export function renderUpdateMarkdown(summary: UpdateSummary): string {
  if (!summary.changed || summary.version === null) return "";
  const { version } = summary;
  const changed = summary.apis.filter((api) => api.changed);
  const lines = [`Version **${version.previous} → ${version.next}**: ${version.reason}.`, ""];
  const { consumers } = summary;
  if (consumers.apps.length > 0) {
    const headline = consumerHeadline(summary.verdict, consumers, consumers.package);
    lines.push(`**Apps:** ${escapeMarkdown(headline)}${headline.endsWith("…") ? "" : "."}`, "");
  }
  const report = renderMarkdown(changed.map((api) => ({ api: api.api, changes: api.changes })));
  if (report !== "") lines.push(report.trimEnd(), "");
  lines.push(
    "## Specs",
    "",
    "| API | verdict | spec | sha256 before | sha256 after |",
    "| --- | --- | --- | --- | --- |",
  );
  for (const api of changed) {
    lines.push(
      `| ${api.api} | ${api.verdict} | \`${api.spec.path}\` | \`${api.spec.previousSha256 ?? "(new)"}\` | \`${api.spec.sha256}\` |`,
    );
  }
  lines.push("");
  if (summary.facades.errors.length > 0) {
    lines.push(
      "## Facades",
      "",
      "The project's own code does not compile against the new types; fix it on this branch:",
      "",
    );
    for (const error of summary.facades.errors) lines.push(`- ${facadeErrorLine(error)}`);
  } else {
    lines.push(
      `The facades (${summary.facades.files} files under \`src/\`) compile against the new types.`,
    );
  }
  lines.push("");
  if (consumers.apps.length > 0) lines.push("## Apps in the workspace", "");
  lines.push(...consumerMarkdown(consumers, consumers.package));
  return `${lines.join("\n")}\n`;
}
