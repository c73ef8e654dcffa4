/**
 * The package consumed the way a monorepo consumes it: an npm-workspaces root with this package
 * under `packages/api-clients` (copied from the working tree), a Node service under `apps/server`
 * (`moduleResolution: nodenext`, a project reference to the package) and a Vite app under
 * `apps/web`, both depending on it through a `file:` path. One root `npm ci` and nothing else,
 * then: the service type-checks with `tsc -b` and runs against a fake API on 127.0.0.1, the app
 * bundles without Proficient code, and an edit of the package's `src/` shows at once through the
 * `@api-clients/source` condition in both TypeScript and Vite.
 *
 * The root lockfile is this package's own, moved to the root (a workspace hoists it there) plus
 * the three workspace links, so `npm ci --prefer-offline` installs from the cache the package's
 * own install filled, asking the configured registry only for what the cache lacks.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startFakeApi, type FakeApi } from "./fake-api.js";
import { writeSignupApp } from "./workspace-signup.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** What a checkout of the package holds that its build and its consumers read. */
const PACKAGE_ENTRIES = [
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "README.md",
  "src",
  "generated",
  "scripts",
];

/** The dependency line the README recommends: a path, which no registry can answer. */
const DEPENDENCY = "file:../../packages/api-clients";

/**
 * Flags a strict consumer compiles with; through the source condition they apply to `src/` too.
 * `skipLibCheck` skips only declaration files (`@types/node`'s, openapi-fetch's), never `src/`.
 */
const CONSUMER_FLAGS = {
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

/** The on-demand tools that must never reach a consumer's install. */
const ON_DEMAND_PACKAGES = ["@octokit/openapi", "@redocly/cli", "@stoplight/prism-cli"];

/** Each step runs npm, tsc or Vite, which take seconds on a busy two-core machine. */
const slow = { timeout: 180_000 };

const serverSource = `\
import { ApiError } from "api-clients";
import { createJoyfillClient } from "api-clients/joyfill";

const joyfill = createJoyfillClient({ accessToken: "token-from-server", baseUrl: process.argv[2] });
const user = await joyfill.users.create({ identifier: "u_1", group: "team-a" });
let failure: string | undefined;
try {
  await joyfill.users.create({ identifier: "taken" });
} catch (error) {
  if (error instanceof ApiError) failure = \`\${error.code} \${error.status}\`;
}
process.stdout.write(JSON.stringify({ identifier: user.identifier, group: user.group, failure }));
`;

/** Uses an export that exists only once the test has edited the package's source. */
const sourceProbe = `\
import { createJoyfillClient, sourceMarker } from "api-clients/joyfill";

export const marker: \`edited \${string}\` = sourceMarker;
export const baseUrl: string = createJoyfillClient({ accessToken: "t" }).baseUrl;
`;

const webMain = `\
import { createJoyfillClient } from "api-clients/joyfill";

const joyfill = createJoyfillClient({ accessToken: "token-for-the-page" });
document.body.textContent = joyfill.baseUrl;
`;

const webSourceMain = `\
import { createJoyfillClient, sourceMarker } from "api-clients/joyfill";

document.body.textContent = \`\${sourceMarker} \${createJoyfillClient({ accessToken: "t" }).baseUrl}\`;
`;

let root: string;
let api: FakeApi;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "api-clients-workspace-"));
  await writeMonorepo(root);
  await run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], root);
  api = await startFakeApi({
    routes: {
      "POST /users": (request) => {
        const body = request.body as { identifier: string; group?: string };
        return body.identifier === "taken"
          ? { status: 409, body: { message: "identifier is taken" } }
          : { status: 200, body: { type: "user", ...body } };
      },
    },
  });
}, 300_000);

afterAll(async () => {
  await api?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("a monorepo right after its root npm ci", () => {
  test("links the package and has built its dist/ through prepare", async () => {
    expect((await lstat(join(root, "node_modules/api-clients"))).isSymbolicLink()).toBe(true);
    const built = await readdir(join(root, "packages/api-clients/dist/src"));
    expect(built).toEqual(expect.arrayContaining(["joyfill.js", "joyfill.d.ts", "index.js"]));
  });

  test("installs none of the benchmark and contract tools, and stays under 250 MB", async () => {
    const present = [];
    for (const name of ON_DEMAND_PACKAGES) {
      if (await exists(join(root, "node_modules", name))) present.push(name);
    }
    expect(present).toEqual([]);
    const bytes = await directoryBytes(join(root, "node_modules"));
    console.info(`workspace root node_modules: ${(bytes / 2 ** 20).toFixed(1)} MiB`);
    expect(bytes).toBeLessThanOrEqual(250 * 2 ** 20);
  });

  test(
    "builds the service and the package with tsc -b through the project reference",
    slow,
    async () => {
      await rm(join(root, "packages/api-clients/dist"), { recursive: true, force: true });

      await run(bin("tsc"), ["-b", "apps/server"], root);

      expect(await exists(join(root, "packages/api-clients/dist/src/joyfill.js"))).toBe(true);
      expect(await exists(join(root, "apps/server/dist/main.js"))).toBe(true);
    },
  );

  test("runs the service in Node against a 127.0.0.1 API", slow, async () => {
    const output = await run("node", ["apps/server/dist/main.js", api.url], root);

    expect(JSON.parse(output)).toEqual({
      identifier: "u_1",
      group: "team-a",
      failure: "conflict 409",
    });
    expect(api.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: "POST", path: "/users", body: { identifier: "u_1", group: "team-a" } },
      { method: "POST", path: "/users", body: { identifier: "taken" } },
    ]);
    expect(api.requests.map((request) => request.headers.authorization)).toEqual([
      "Bearer token-from-server",
      "Bearer token-from-server",
    ]);
  });

  test("bundles the Vite app with the Joyfill client and no Proficient code", slow, async () => {
    await run(bin("vite"), ["build", "--logLevel", "error"], join(root, "apps/web"));

    const bundle = await readBundle(join(root, "apps/web/dist"));
    expect(bundle).toContain("https://api-joy.joyfill.io/v1");
    expect(bundle).toContain("token-for-the-page");
    expect(bundle).not.toMatch(/proficient/i);
    expect(bundle).not.toContain("main-64bxvpctea-uc.a.run.app");
  });

  test(
    "shows an edit of src/ at once through the @api-clients/source condition",
    slow,
    async () => {
      const typeCheckSource = () =>
        run(bin("tsc"), ["-p", "apps/server/tsconfig.source.json"], root);
      await expect(typeCheckSource()).rejects.toThrow(/has no exported member .*sourceMarker/);

      const marker = `edited ${randomUUID()}`;
      const facade = join(root, "packages/api-clients/src/joyfill.ts");
      await writeFile(
        facade,
        `${await readFile(facade, "utf8")}\n/** Added by the workspace test. */\nexport const sourceMarker = "${marker}" as const;\n`,
      );

      await typeCheckSource();
      await run(
        bin("vite"),
        ["build", "--config", "vite.source.config.js", "--logLevel", "error"],
        join(root, "apps/web"),
      );
      expect(await readBundle(join(root, "apps/web/dist-source"))).toContain(marker);
      // Nothing was rebuilt: only the source condition can have carried the edit.
      const built = await readFile(join(root, "packages/api-clients/dist/src/joyfill.js"), "utf8");
      expect(built).not.toContain(marker);
    },
  );
});

describe("the service's own tests, with api-clients/testing", () => {
  test(
    "compile with the service and pass under node --test, one per named failure",
    slow,
    async () => {
      await writeSignupApp(root);
      await run(bin("tsc"), ["-b", "apps/server"], root);

      const output = await run("node", ["--test", "apps/server/dist/signup.test.js"], root);

      expect(output).toMatch(/^# pass 10$/m);
      expect(output).toMatch(/^# fail 0$/m);
    },
  );
});

/** Writes the monorepo: root manifest and lockfile, the package, the service and the app. */
async function writeMonorepo(directory: string): Promise<void> {
  const ownManifest = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as {
    name: string;
    devDependencies: Record<string, string>;
  };
  const ownLock = JSON.parse(await readFile(join(repoRoot, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
  };
  // The apps use the versions the package's own install already holds (Vite comes with vitest).
  const locked = (name: string): string => {
    const version = ownLock.packages[`node_modules/${name}`]?.version;
    if (version === undefined) throw new Error(`package-lock.json has no top-level ${name}`);
    return version;
  };
  const [typescript, vite, typesNode] = ["typescript", "vite", "@types/node"].map(locked);
  const packageDirectory = join(directory, "packages/api-clients");
  await mkdir(packageDirectory, { recursive: true });
  for (const entry of PACKAGE_ENTRIES) {
    await cp(join(repoRoot, entry), join(packageDirectory, entry), { recursive: true });
  }

  const server = {
    name: "server",
    private: true,
    type: "module",
    dependencies: { [ownManifest.name]: DEPENDENCY },
    devDependencies: { typescript, "@types/node": typesNode },
  };
  const web = {
    name: "web",
    private: true,
    type: "module",
    dependencies: { [ownManifest.name]: DEPENDENCY },
    devDependencies: { vite },
  };
  const workspaces = ["packages/*", "apps/*"];
  const { "": ownRoot, ...installed } = ownLock.packages;
  const lock = {
    name: "monorepo",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "monorepo", workspaces },
      "apps/server": {
        name: server.name,
        dependencies: server.dependencies,
        devDependencies: server.devDependencies,
      },
      "apps/web": {
        name: web.name,
        dependencies: web.dependencies,
        devDependencies: web.devDependencies,
      },
      "packages/api-clients": ownRoot,
      "node_modules/api-clients": { resolved: "packages/api-clients", link: true },
      "node_modules/server": { resolved: "apps/server", link: true },
      "node_modules/web": { resolved: "apps/web", link: true },
      ...installed,
    },
  };

  const serverTsconfig = {
    compilerOptions: { ...CONSUMER_FLAGS, rootDir: "src", outDir: "dist" },
    include: ["src"],
    references: [{ path: "../../packages/api-clients/tsconfig.build.json" }],
  };
  const sourceTsconfig = {
    compilerOptions: { ...CONSUMER_FLAGS, customConditions: ["@api-clients/source"], noEmit: true },
    files: ["source-probe.ts"],
  };
  const viteSourceConfig = [
    'import { defaultClientConditions, defineConfig } from "vite";',
    "",
    "export default defineConfig({",
    '  resolve: { conditions: ["@api-clients/source", ...defaultClientConditions] },',
    '  build: { outDir: "dist-source", rollupOptions: { input: "source.html" } },',
    "});",
    "",
  ].join("\n");
  const html = (script: string) =>
    `<!doctype html>\n<html><body><script type="module" src="${script}"></script></body></html>\n`;

  const files: Record<string, string> = {
    "package.json": json({ name: "monorepo", private: true, workspaces }),
    "package-lock.json": json(lock),
    "apps/server/package.json": json(server),
    "apps/server/tsconfig.json": json(serverTsconfig),
    "apps/server/tsconfig.source.json": json(sourceTsconfig),
    "apps/server/src/main.ts": serverSource,
    "apps/server/source-probe.ts": sourceProbe,
    "apps/web/package.json": json(web),
    "apps/web/index.html": html("/src/main.ts"),
    "apps/web/source.html": html("/src/source.ts"),
    "apps/web/src/main.ts": webMain,
    "apps/web/src/source.ts": webSourceMain,
    "apps/web/vite.source.config.js": viteSourceConfig,
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(directory, file, ".."), { recursive: true });
    await writeFile(join(directory, file), text);
  }
}

/** An executable the monorepo's root install put in `node_modules/.bin`. */
function bin(name: string): string {
  return join(root, "node_modules/.bin", name);
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** Every JavaScript file Vite wrote under `outDir`, concatenated. */
async function readBundle(outDir: string): Promise<string> {
  const assets = join(outDir, "assets");
  const files = (await readdir(assets)).filter((file) => file.endsWith(".js"));
  if (files.length === 0) throw new Error(`Vite wrote no JavaScript to ${assets}`);
  return (await Promise.all(files.map((file) => readFile(join(assets, file), "utf8")))).join("\n");
}

/** Bytes of every file below `directory` (symbolic links are not followed). */
async function directoryBytes(directory: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(path);
    else if (entry.isFile()) total += (await lstat(path)).size;
  }
  return total;
}

/**
 * Runs a command and resolves to its stdout; rejects with its stdout and stderr on failure. npm passes
 * the running project's settings to scripts as `npm_config_*` / `npm_package_*` variables, which
 * a nested npm would take for the monorepo's own: they are left out.
 */
function run(command: string, args: string[], cwd: string): Promise<string> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_(config|package)_/i.test(key)),
  );
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout}\n${stderr}`));
        return;
      }
      resolve(stdout);
    });
  });
}
