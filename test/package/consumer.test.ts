/**
 * The package seen from the outside: build it, pack it, install the tarball into a fresh project,
 * type-check a consumer under both module resolutions a TypeScript user may pick, run it in Node
 * against 127.0.0.1, and bundle it to prove each subpath carries only its own client.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { installedBin, nodeModulesHolding } from "../../scripts/installed-packages.js";
import { consumerSource, strictest } from "../support/consumer-source.js";
import { writeTarballProject, type PackResult } from "../support/tarball-project.js";
import { startFakeApi, type FakeApi } from "./fake-api.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const tsc = installedBin("typescript", "tsc");

/** Each of these tests runs tsc or esbuild, which takes seconds on a busy two-core CI machine. */
const slow = { timeout: 180_000 };

let project: string;
let api: FakeApi;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "api-clients-consumer-"));
  await run("npm", ["run", "build"], repoRoot);
  const [packed] = JSON.parse(
    await run("npm", ["pack", "--json", "--pack-destination", project], repoRoot),
  ) as PackResult[];
  await writeConsumerProject(packed!);
  await run(
    "npm",
    ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"],
    project,
  );
  api = await startFakeApi({
    routes: {
      "POST /joyfill/users": (request) => ({
        status: 200,
        body: { type: "user", ...(request.body as object) },
      }),
      "POST /proficient/users": (request) => {
        const body = request.body as { external_id: string; first_name?: string };
        if (body.external_id === "taken") {
          return {
            status: 400,
            body: { error: { code: "invalid_request", message: "external_id is already taken" } },
          };
        }
        return {
          status: 200,
          body: {
            id: "usr_1",
            object: "user",
            created_at: 1_700_000_000_000,
            updated_at: 1_700_000_000_000,
            external_id: body.external_id,
            first_name: body.first_name ?? null,
            last_name: null,
            live_mode: false,
          },
        };
      },
    },
  });
}, 300_000);

afterAll(async () => {
  await api?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  test("ships the build, its sources for source maps, the README and nothing else", async () => {
    const installed = join(project, "node_modules/api-clients");
    expect((await readdir(installed)).sort()).toEqual([
      "README.md",
      "dist",
      "generated",
      "package.json",
      "src",
    ]);
    expect((await readdir(join(installed, "dist"))).sort()).toEqual(["generated", "src"]);
  });

  test("names each module's declarations on its first line, for Deno, with source maps shifted to match", async () => {
    const installed = join(project, "node_modules/api-clients/dist");
    const modules = (await readdir(installed, { recursive: true })).filter((file) =>
      file.endsWith(".js"),
    );
    expect(modules.length).toBeGreaterThan(0);
    for (const module of modules) {
      const name = module.slice(module.lastIndexOf("/") + 1, -".js".length);
      const code = await readFile(join(installed, module), "utf8");
      expect(code.split("\n", 1)[0], module).toBe(`// @ts-self-types="./${name}.d.ts"`);
      const map = JSON.parse(await readFile(join(installed, `${module}.map`), "utf8")) as {
        mappings: string;
      };
      expect(map.mappings.startsWith(";"), `${module}.map maps nothing to the directive`).toBe(
        true,
      );
      expect(map.mappings.split(";").length, module).toBeLessThanOrEqual(code.split("\n").length);
    }
  });

  test("type-checks a strict consumer under moduleResolution nodenext", slow, async () => {
    await run("node", [tsc, "-p", "tsconfig.nodenext.json", "--noEmit"], project);
  });

  test("type-checks a strict consumer under moduleResolution bundler", slow, async () => {
    await run("node", [tsc, "-p", "tsconfig.bundler.json"], project);
  });

  test("runs in Node and sends each vendor's auth to a 127.0.0.1 server", slow, async () => {
    // Emit only: the type-check tests above own type errors, this one owns runtime behaviour.
    await run("node", [tsc, "-p", "tsconfig.nodenext.json", "--noCheck"], project);
    const runner =
      "const { run } = await import(process.argv[1]); " +
      "process.stdout.write(JSON.stringify(await run(process.argv[2])));";
    const output = await run(
      "node",
      [
        "--input-type=module",
        "-e",
        runner,
        pathToFileURL(join(project, "out/consumer.js")).href,
        api.url,
      ],
      project,
    );

    expect(JSON.parse(output)).toEqual({
      joyfillBaseUrl: `${api.url}/joyfill`,
      identifier: "u_1",
      group: "team-a",
      memberId: "usr_1",
      firstName: "Ada",
      failure: {
        api: "proficient",
        status: 400,
        code: "invalid_request",
        message: "external_id is already taken",
      },
    });
    expect(api.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: "POST", path: "/joyfill/users", body: { identifier: "u_1", group: "team-a" } },
      { method: "POST", path: "/proficient/users", body: { external_id: "42", first_name: "Ada" } },
      { method: "POST", path: "/proficient/users", body: { external_id: "taken" } },
    ]);
    const basic = `Basic ${Buffer.from("pk_consumer:sk_consumer_joyfill").toString("base64")}`;
    expect(api.requests.map((request) => request.headers.authorization)).toEqual([
      basic,
      "Bearer sk_consumer_proficient",
      "Bearer sk_consumer_proficient",
    ]);
    expect(api.requests.map((request) => request.headers["content-type"])).toEqual([
      "application/json",
      "application/json",
      "application/json",
    ]);
  });
});

/** Node loads ES modules from `require()` without a flag from 20.19 and 22.12 on. */
const requireLoadsEsm = (() => {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  return (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 23;
})();

describe("the packed tarball from CommonJS", () => {
  test.runIf(requireLoadsEsm)(
    "loads every entry point with require() through the default condition",
    slow,
    async () => {
      const script =
        'const root = require("api-clients"); ' +
        'const { createJoyfillClient } = require("api-clients/joyfill"); ' +
        'const { createProficientClient } = require("api-clients/proficient"); ' +
        "process.stdout.write(JSON.stringify({ " +
        "apiError: typeof root.ApiError, " +
        "joyfill: createJoyfillClient({ accessToken: 't', baseUrl: 'http://127.0.0.1:9/j' }).baseUrl, " +
        "proficient: createProficientClient({ secretKey: 'sk_x', baseUrl: 'http://127.0.0.1:9/p' }).baseUrl }));";
      const output = await run(
        "node",
        ["--no-warnings", "--input-type=commonjs", "-e", script],
        project,
      );

      expect(JSON.parse(output)).toEqual({
        apiError: "function",
        joyfill: "http://127.0.0.1:9/j",
        proficient: "http://127.0.0.1:9/p",
      });
    },
  );
});

describe("bundling the installed package", () => {
  test("api-clients/joyfill pulls in none of Proficient's modules", slow, async () => {
    const modules = resolvedModules(
      await bundle('export { createJoyfillClient } from "api-clients/joyfill";'),
    );

    expect(modules).toContain("node_modules/api-clients/dist/src/joyfill.js");
    expect(modules).toContain("node_modules/api-clients/dist/generated/joyfill/servers.js");
    expect(modules.filter((module) => /proficient/i.test(module))).toEqual([]);
  });

  test("api-clients/proficient pulls in none of Joyfill's modules", slow, async () => {
    const modules = resolvedModules(
      await bundle('export { createProficientClient } from "api-clients/proficient";'),
    );

    expect(modules).toContain("node_modules/api-clients/dist/src/proficient.js");
    expect(modules).toContain("node_modules/api-clients/dist/generated/proficient/servers.js");
    expect(modules.filter((module) => /joyfill/i.test(module))).toEqual([]);
  });

  test("the root entry tree-shakes the client that is not used", slow, async () => {
    const modules = modulesInOutput(
      await bundle('export { createJoyfillClient } from "api-clients";'),
    );

    expect(modules).toContain("node_modules/api-clients/dist/src/joyfill.js");
    expect(modules.filter((module) => /proficient/i.test(module))).toEqual([]);
  });
});

/** Bundles `source` for browsers from the consumer project, as a front end's bundler would. */
async function bundle(source: string): Promise<Metafile> {
  const result = await build({
    stdin: { contents: source, resolveDir: project },
    absWorkingDir: project,
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "browser",
    logLevel: "silent",
  });
  return result.metafile;
}

/**
 * Every module the bundler resolved, relative to the consumer project. A module never resolved
 * cannot end up in the bundle, whatever tree-shaking does.
 */
function resolvedModules(metafile: Metafile): string[] {
  return Object.keys(metafile.inputs).filter((module) => module !== "<stdin>");
}

/** The modules that contribute code to the bundle once tree-shaking is done. */
function modulesInOutput(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([module]) => module),
  );
}

/**
 * Writes the consumer project: a package.json that depends on the tarball, the consumer, one
 * tsconfig per module resolution, and a complete lockfile. With every version and integrity
 * locked, `npm ci --prefer-offline` installs from the cache the repository's own `npm ci` filled,
 * asking the configured registry only for what the cache lacks.
 */
async function writeConsumerProject(packed: PackResult): Promise<void> {
  await writeTarballProject({ project, name: "consumer", packed });
  const typeRoots = [join(nodeModulesHolding("@types/node"), "@types")];
  const nodenext = {
    compilerOptions: {
      ...strictest,
      module: "nodenext",
      moduleResolution: "nodenext",
      lib: ["ES2022"],
      types: ["node"],
      typeRoots,
      outDir: "out",
    },
    files: ["consumer.ts"],
  };
  const bundler = {
    compilerOptions: {
      ...strictest,
      module: "preserve",
      moduleResolution: "bundler",
      lib: ["ES2022", "DOM", "DOM.Iterable"],
      types: [],
      noEmit: true,
    },
    files: ["consumer.ts"],
  };
  await Promise.all([
    writeFile(join(project, "consumer.ts"), consumerSource),
    writeFile(join(project, "tsconfig.nodenext.json"), JSON.stringify(nodenext, null, 2)),
    writeFile(join(project, "tsconfig.bundler.json"), JSON.stringify(bundler, null, 2)),
  ]);
}

/** Runs a command and resolves to its stdout; rejects with its stdout and stderr on failure. */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout}\n${stderr}`));
        return;
      }
      resolve(stdout);
    });
  });
}
