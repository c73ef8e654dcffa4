/**
 * A monorepo built from the working tree: an npm-workspaces root, this package copied under
 * `packages/api-clients`, and the apps a test asks for under `apps/`, each depending on the
 * package through a `file:` path. One root `npm ci` installs it.
 *
 * The root lockfile is this package's own, moved to the root (a workspace hoists it there) plus
 * one link per workspace package, so `npm ci --prefer-offline` installs from the cache the
 * package's own install filled, asking the configured registry only for what the cache lacks.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/**
 * What a checkout of the package holds that its build, its consumers and `specs:update` read.
 */
const PACKAGE_ENTRIES = [
  ".prettierrc.json",
  "CHANGELOG.md",
  "package.json",
  "redocly.yaml",
  "tsconfig.json",
  "tsconfig.build.json",
  "README.md",
  "src",
  "generated",
  "scripts",
  "specs",
];

/** Where the builder puts the package, relative to the monorepo's root. */
export const PACKAGE_PATH = "packages/api-clients";

/** The dependency line the README recommends: a path, which no registry can answer. */
export const PACKAGE_DEPENDENCY = "file:../../packages/api-clients";

/**
 * Flags a strict consumer compiles with; through the source condition they apply to `src/` too.
 * `skipLibCheck` skips only declaration files (`@types/node`'s, openapi-fetch's), never `src/`.
 */
export const CONSUMER_FLAGS = {
  strict: true,
  skipLibCheck: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  noImplicitOverride: true,
  verbatimModuleSyntax: true,
  target: "ES2022",
  module: "nodenext",
  moduleResolution: "nodenext",
  lib: ["ES2022"],
  types: ["node"],
};

/** Flags of a bundler-resolved app with the DOM library, as a Vite or Next.js app's tsconfig has them. */
export const BUNDLER_APP_FLAGS = {
  strict: true,
  skipLibCheck: true,
  target: "ES2022",
  module: "preserve",
  moduleResolution: "bundler",
  lib: ["ES2022", "DOM"],
  types: [],
  noEmit: true,
};

/** One app of the monorepo: its manifest's fields and its files, relative to its folder. */
export interface MonorepoApp {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  files: Record<string, string>;
}

/** Options of {@link writeMonorepo}. */
export interface MonorepoOptions {
  /** The apps by folder (`apps/server`). */
  apps: Record<string, MonorepoApp>;
  /**
   * More files, relative to the monorepo's root.
   * @default none
   */
  files?: Record<string, string>;
}

/**
 * The version of `name` that the package's own lockfile holds at its top level, for apps that
 * should install what the package's install already has.
 *
 * @throws Error when the lockfile has no top-level `name`.
 */
export async function lockedVersion(name: string): Promise<string> {
  const lock = JSON.parse(await readFile(join(repoRoot, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`package-lock.json has no top-level ${name}`);
  return version;
}

/** Writes the monorepo into `directory`: root manifest and lockfile, the package, the apps. */
export async function writeMonorepo(directory: string, options: MonorepoOptions): Promise<void> {
  const ownLock = JSON.parse(await readFile(join(repoRoot, "package-lock.json"), "utf8")) as {
    packages: Record<string, unknown>;
  };
  const packageDirectory = join(directory, PACKAGE_PATH);
  await mkdir(packageDirectory, { recursive: true });
  for (const entry of PACKAGE_ENTRIES) {
    await cp(join(repoRoot, entry), join(packageDirectory, entry), { recursive: true });
  }

  const workspaces = ["packages/*", "apps/*"];
  const { "": ownRoot, ...installed } = ownLock.packages;
  const appEntries = Object.entries(options.apps);
  const lock = {
    name: "monorepo",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "monorepo", workspaces },
      ...Object.fromEntries(
        appEntries.map(([path, app]) => [
          path,
          { name: app.name, dependencies: app.dependencies, devDependencies: app.devDependencies },
        ]),
      ),
      [PACKAGE_PATH]: ownRoot,
      "node_modules/api-clients": { resolved: PACKAGE_PATH, link: true },
      ...Object.fromEntries(
        appEntries.map(([path, app]) => [
          `node_modules/${app.name}`,
          { resolved: path, link: true },
        ]),
      ),
      ...installed,
    },
  };

  const files: Record<string, string> = {
    "package.json": json({ name: "monorepo", private: true, workspaces }),
    "package-lock.json": json(lock),
    ...options.files,
  };
  for (const [path, app] of appEntries) {
    const { files: appFiles, ...manifest } = app;
    files[`${path}/package.json`] = json({ ...manifest, private: true, type: "module" });
    for (const [file, text] of Object.entries(appFiles)) files[`${path}/${file}`] = text;
  }
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(directory, file, ".."), { recursive: true });
    await writeFile(join(directory, file), text);
  }
}

/** JSON as npm writes it: two spaces, a final newline. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Runs a command and resolves to its stdout; rejects with its stdout and stderr on failure. npm passes
 * the running project's settings to scripts as `npm_config_*` / `npm_package_*` variables, which
 * a nested npm would take for the monorepo's own: they are left out.
 */
export function runCommand(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_(config|package)_/i.test(key)),
  );
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env: { ...inherited, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout}\n${stderr}`));
          return;
        }
        resolve(stdout);
      },
    );
  });
}
