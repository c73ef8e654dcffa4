/**
 * The package consumed the way a monorepo consumes it: an npm-workspaces root with this package
 * under `packages/api-clients` (copied from the working tree), a Node service under `apps/server`
 * (`moduleResolution: nodenext`, a project reference to the package) and a Vite app under
 * `apps/web`, both depending on it through a `file:` path. One root `npm ci` and nothing else,
 * then: the service type-checks with `tsc -b` and runs against a fake API on 127.0.0.1, the app
 * bundles without Proficient code, and an edit of the package's `src/` shows at once through the
 * `@api-clients/source` condition in both TypeScript and Vite.
 *
 * The monorepo comes from `test/support/monorepo.ts`.
 */
import { randomUUID } from "node:crypto";
import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  CONSUMER_FLAGS,
  json,
  lockedVersion,
  PACKAGE_DEPENDENCY,
  runCommand as run,
  writeMonorepo,
} from "../support/monorepo.js";
import { startFakeApi, type FakeApi } from "./fake-api.js";
import { writeSignupApp } from "./workspace-signup.js";

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
  await writeServerAndWeb(root);
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

/** Writes the monorepo: the package, the service and the app. */
async function writeServerAndWeb(directory: string): Promise<void> {
  // The apps use the versions the package's own install already holds (Vite comes with vitest).
  const typescript = await lockedVersion("typescript");
  const vite = await lockedVersion("vite");
  const typesNode = await lockedVersion("@types/node");
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

  await writeMonorepo(directory, {
    apps: {
      "apps/server": {
        name: "server",
        dependencies: { "api-clients": PACKAGE_DEPENDENCY },
        devDependencies: { typescript, "@types/node": typesNode },
        files: {
          "tsconfig.json": json(serverTsconfig),
          "tsconfig.source.json": json(sourceTsconfig),
          "src/main.ts": serverSource,
          "source-probe.ts": sourceProbe,
        },
      },
      "apps/web": {
        name: "web",
        dependencies: { "api-clients": PACKAGE_DEPENDENCY },
        devDependencies: { vite },
        files: {
          "index.html": html("/src/main.ts"),
          "source.html": html("/src/source.ts"),
          "src/main.ts": webMain,
          "src/source.ts": webSourceMain,
          "vite.source.config.js": viteSourceConfig,
        },
      },
    },
  });
}

/** An executable the monorepo's root install put in `node_modules/.bin`. */
function bin(name: string): string {
  return join(root, "node_modules/.bin", name);
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
