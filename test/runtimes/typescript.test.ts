/**
 * The packed package type-checked by a strict consumer with each TypeScript release that
 * `tools/typescript` pins (from the oldest the README promises to 7.0, the native compiler), under
 * both module resolutions a consumer may pick, and through both ways to the package's types: its
 * built declarations (`dist`) and its TypeScript source (the `@api-clients/source` condition,
 * which makes the consumer's compiler check `src/` and `generated/` with the consumer's flags).
 * `--listFiles` shows which of the two the compiler actually read.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, inject, test } from "vitest";
import { nodeModulesHolding } from "../../scripts/installed-packages.js";
import { ensureToolSet } from "../../scripts/tool-sets.js";
import { consumerSource, strictest } from "../support/consumer-source.js";
import { runCommand } from "./consumer-project.js";
import {
  MODULE_RESOLUTIONS,
  pinnedTypeScriptReleases,
  TYPE_SOURCES,
  type TypeScriptRelease,
} from "./support-matrix.js";

type Resolution = (typeof MODULE_RESOLUTIONS)[number];
type TypeSource = (typeof TYPE_SOURCES)[number];

/** The consumer's `tsconfig` for one resolution and one way to the package's types. */
function consumerConfig(resolution: Resolution, types: TypeSource): object {
  const conditions = types === "source" ? { customConditions: ["@api-clients/source"] } : {};
  const compilerOptions =
    resolution === "nodenext"
      ? {
          module: "nodenext",
          moduleResolution: "nodenext",
          lib: ["ES2022"],
          types: ["node"],
          typeRoots: [join(nodeModulesHolding("@types/node"), "@types")],
        }
      : {
          // `esnext` rather than `preserve`: the same meaning for a bundler, and known to 5.4.
          module: "esnext",
          moduleResolution: "bundler",
          lib: ["ES2022", "DOM", "DOM.Iterable"],
          types: [],
        };
  return {
    compilerOptions: { ...strictest, ...compilerOptions, ...conditions, noEmit: true },
    files: ["consumer.ts"],
  };
}

/** The file of the Joyfill entry point the compiler must read, and the one it must not. */
const joyfillEntry: Record<TypeSource, { read: string; notRead: string }> = {
  dist: {
    read: "node_modules/api-clients/dist/src/joyfill.d.ts",
    notRead: "node_modules/api-clients/src/joyfill.ts",
  },
  source: {
    read: "node_modules/api-clients/src/joyfill.ts",
    notRead: "node_modules/api-clients/dist/src/joyfill.d.ts",
  },
};

let folder: string;
let toolSet: string;

beforeAll(async () => {
  folder = join(inject("consumerProject"), "typescript-matrix");
  await mkdir(folder, { recursive: true });
  const writes = MODULE_RESOLUTIONS.flatMap((resolution) =>
    TYPE_SOURCES.map((types) =>
      writeFile(
        join(folder, `tsconfig.${resolution}.${types}.json`),
        JSON.stringify(consumerConfig(resolution, types), null, 2),
      ),
    ),
  );
  await Promise.all([writeFile(join(folder, "consumer.ts"), consumerSource), ...writes]);
  toolSet = (await ensureToolSet("typescript")).directory;
}, 600_000);

function describeRelease(release: TypeScriptRelease): void {
  // Concurrent: each check is one single-threaded tsc (7.0 aside) waiting on its own process.
  describe.concurrent(
    `TypeScript ${release.version}, strict consumer of the packed package`,
    () => {
      for (const resolution of MODULE_RESOLUTIONS) {
        for (const types of TYPE_SOURCES) {
          const through =
            types === "dist" ? "the dist declarations" : "the @api-clients/source condition";
          test(`type-checks under moduleResolution ${resolution} through ${through}`, async ({
            expect,
          }) => {
            const tsc = join(toolSet, "node_modules", release.alias, "bin", "tsc");
            const { stdout } = await runCommand(
              process.execPath,
              [tsc, "-p", `tsconfig.${resolution}.${types}.json`, "--listFiles"],
              { cwd: folder, timeoutMs: 300_000 },
            );
            const files = stdout.split("\n").map((line) => line.trim().replaceAll("\\", "/"));
            expect(files.some((file) => file.endsWith(joyfillEntry[types].read))).toBe(true);
            expect(files.filter((file) => file.endsWith(joyfillEntry[types].notRead))).toEqual([]);
            expect(files.filter((file) => /error TS\d+/.test(file))).toEqual([]);
          }, 300_000);
        }
      }
    },
  );
}

for (const release of pinnedTypeScriptReleases()) describeRelease(release);
