import { readdir } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";
import { REPOSITORY } from "./temp-project.js";

/**
 * The launcher, the modules its fast path runs and the worker threads' entry are plain JavaScript
 * with `// @ts-check`; the modules TypeScript imports have declarations beside them (`*.d.mts`).
 * tsconfig.json sees only the declarations, so this test type-checks the JavaScript itself, as
 * strictly as the TypeScript around it, against those declarations.
 */
test("the plain-JavaScript launcher and pipeline modules type-check against their declarations", async () => {
  const pipeline = join(REPOSITORY, "scripts", "pipeline");
  const javaScript = (await readdir(pipeline)).filter((name) => name.endsWith(".mjs"));
  const roots = [
    join(REPOSITORY, "scripts", "generate.mjs"),
    ...javaScript.map((name) => join(pipeline, name)),
  ];
  const program = ts.createProgram(roots, {
    allowJs: true,
    checkJs: true,
    strict: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ["node"],
    skipLibCheck: true,
    noEmit: true,
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) =>
    ts.formatDiagnostic(diagnostic, {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => REPOSITORY,
      getNewLine: () => "\n",
    }),
  );
  expect(diagnostics).toEqual([]);
}, 60_000);
