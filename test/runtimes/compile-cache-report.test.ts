import { describe, expect, test } from "vitest";
import { compileCacheReport } from "./compile-cache-report.js";

/** Lines as Node 24.22.3 prints them, for a second run that reads what the first wrote. */
const secondRun = `\
[compile cache] resolved path /tmp/node-compile-cache + v24.22.3-x64-964aae3f-0 -> /tmp/node-compile-cache/v24.22.3-x64-964aae3f-0
[compile cache] creating cache directory /tmp/node-compile-cache/v24.22.3-x64-964aae3f-0...success
[compile cache] reading cache from /tmp/node-compile-cache/v24.22.3-x64-964aae3f-0/88e038dd for CommonJS /repo/node_modules/typescript/lib/typescript.js...[2329926578 9112572 2547232 541901699 702398681]... success, size=2547232
[compile cache] V8 code cache for CommonJS /repo/node_modules/typescript/lib/typescript.js was accepted, keeping the in-memory entry
[compile cache] reading cache from /tmp/node-compile-cache/v24.22.3-x64-964aae3f-0/1f2e3d4c for ESM /repo/build/scripts/generate.js...[1 2 3 4 5]... success, size=4096
[compile cache] V8 code cache for ESM /repo/build/scripts/generate.js was accepted, keeping the in-memory entry
[compile cache] V8 code cache for CommonJS /repo/node_modules/yaml/dist/index.js was rejected, discarding the in-memory entry
[compile cache] V8 code cache for CommonJS /repo/node_modules/prettier/index.cjs was not initialized, initializing the in-memory entry
[compile cache] V8 code cache for CommonJS /usr/lib/node_modules/npm/lib/cli.js was accepted, keeping the in-memory entry
[compile cache] skip persisting CommonJS /repo/node_modules/typescript/lib/typescript.js because cache was the same
`;

describe("compileCacheReport", () => {
  test("counts the modules under the folder that V8 accepted, rejected or found no cache for", () => {
    expect(compileCacheReport(secondRun, { under: "/repo/" })).toEqual({
      enabled: true,
      directory: "/tmp/node-compile-cache/v24.22.3-x64-964aae3f-0",
      accepted: 2,
      rejected: ["/repo/node_modules/yaml/dist/index.js"],
      missing: 1,
      summary:
        "used: 2 of 4 modules read from /tmp/node-compile-cache/v24.22.3-x64-964aae3f-0, 1 rejected",
    });
  });

  test("says not enabled when only npm's own modules went through the cache", () => {
    const npmOnly = `\
[compile cache] resolved path /tmp/node-compile-cache + v24.22.3-x64-964aae3f-0 -> /tmp/node-compile-cache/v24.22.3-x64-964aae3f-0
[compile cache] reading cache from /tmp/node-compile-cache/v24.22.3-x64-964aae3f-0/0a0b0c0d for CommonJS /usr/lib/node_modules/npm/lib/cli.js...[1 2 3 4 5]... success, size=9000
[compile cache] V8 code cache for CommonJS /usr/lib/node_modules/npm/lib/cli.js was accepted, keeping the in-memory entry
in sync: 7 files match what 2 APIs generate
`;
    expect(compileCacheReport(npmOnly, { under: "/repo/" })).toEqual({
      enabled: false,
      directory: undefined,
      accepted: 0,
      rejected: [],
      missing: 0,
      summary:
        "not enabled: no module under /repo/ was looked up in the compile cache " +
        "(the process does not call module.enableCompileCache())",
    });
  });
});
