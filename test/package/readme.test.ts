/**
 * Every TypeScript example in README.md compiles, strictly, against the package's own entry points,
 * so the examples cannot drift from the code, and every relative link leads to a file of the
 * repository. Each block is its own module, type-checked in one program; a failure names the
 * README line.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { nodeModulesHolding } from "../../scripts/installed-packages.js";
import { beforeAll, describe, expect, test } from "vitest";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const readmePath = join(repoRoot, "README.md");

/** A fenced TypeScript block of the README. */
interface ReadmeBlock {
  /** 1-based README line of the block's first line of code. */
  firstLine: number;
  /** Columns of indentation removed from each line (blocks nested in lists are indented). */
  indent: number;
  code: string;
  /** The in-memory file the block is compiled as. */
  fileName: string;
}

/**
 * The fenced blocks tagged `ts` or `typescript`, with the fence's indentation removed so blocks
 * nested in lists compile too.
 */
function readmeBlocks(markdown: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const opening = /^(\s*)```(?:ts|typescript)(?:\s.*)?$/.exec(lines[index]!);
    if (!opening) continue;
    const indent = opening[1]!.length;
    const code: string[] = [];
    let line = index + 1;
    while (line < lines.length && !/^\s*```\s*$/.test(lines[line]!)) {
      code.push(lines[line]!.slice(Math.min(indent, lines[line]!.search(/\S|$/))));
      line++;
    }
    const firstLine = index + 2;
    blocks.push({
      firstLine,
      indent,
      code: code.join("\n"),
      fileName: join(repoRoot, ".readme-examples", `line-${firstLine}.ts`),
    });
    index = line;
  }
  return blocks;
}

/** Strict, as a consumer bundling for browsers and Node alike would compile. */
const compilerOptions: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  types: ["node"],
  typeRoots: [join(nodeModulesHolding("@types/node"), "@types")],
  skipLibCheck: true,
  noEmit: true,
  paths: {
    "api-clients": [join(repoRoot, "src/index.ts")],
    "api-clients/joyfill/checks": [join(repoRoot, "generated/joyfill/checks.ts")],
    "api-clients/proficient/checks": [join(repoRoot, "generated/proficient/checks.ts")],
    "api-clients/*": [join(repoRoot, "src/*.ts")],
  },
};

/** Diagnostics of each block, keyed by its file name, as `README.md:line:column message`. */
function typeCheck(blocks: ReadmeBlock[]): Map<string, string[]> {
  const host = ts.createCompilerHost(compilerOptions);
  const byName = new Map(blocks.map((block) => [block.fileName, block]));
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (fileName) => byName.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => byName.get(fileName)?.code ?? readFile.call(host, fileName);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const block = byName.get(fileName);
    return block
      ? ts.createSourceFile(fileName, block.code, languageVersion, true)
      : getSourceFile.call(host, fileName, languageVersion, ...rest);
  };
  const program = ts.createProgram({
    rootNames: [...byName.keys()],
    options: compilerOptions,
    host,
  });
  const results = new Map<string, string[]>();
  for (const block of blocks) {
    const sourceFile = program.getSourceFile(block.fileName)!;
    const diagnostics = [
      ...program.getSyntacticDiagnostics(sourceFile),
      ...program.getSemanticDiagnostics(sourceFile),
    ];
    results.set(
      block.fileName,
      diagnostics.map((diagnostic) => {
        const { line, character } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
        const column = block.indent + character + 1;
        return `README.md:${block.firstLine + line}:${column} TS${diagnostic.code}: ${text}`;
      }),
    );
  }
  return results;
}

const blocks = readmeBlocks(readFileSync(readmePath, "utf8"));
let diagnostics: Map<string, string[]>;

beforeAll(() => {
  diagnostics = typeCheck(blocks);
}, 120_000);

describe("README.md", () => {
  test("has TypeScript examples to check", () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  test("links only to files and folders of the repository that exist", () => {
    const markdown = readFileSync(readmePath, "utf8");
    const targets = [...markdown.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((match) => match[1]!)
      .filter((target) => !/^[a-z]+:/i.test(target));
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((target) => !existsSync(join(repoRoot, target)))).toEqual([]);
  });

  test.each(blocks.map((block) => [block.firstLine, block] as const))(
    "the example at README.md:%i type-checks",
    (_line, block) => {
      expect(diagnostics.get(block.fileName)).toEqual([]);
    },
  );
});

/**
 * The blocks fenced as `ts node-test`: complete test files, which run with `node --test` as an
 * app would run them, importing the package by its name (a package resolves itself through its
 * `exports`) from its sources, through the `@api-clients/source` condition and tsx.
 */
function nodeTestBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split(/\r?\n/);
  return readmeBlocks(markdown).filter((block) =>
    /```ts node-test\s*$/.test(lines[block.firstLine - 2]!),
  );
}

describe("README.md's node-test examples", () => {
  const testBlocks = nodeTestBlocks(readFileSync(readmePath, "utf8"));

  test("include the Testing your app example", () => {
    expect(testBlocks.map((block) => block.code)).toEqual([
      expect.stringContaining('from "api-clients/testing"'),
    ]);
  });

  test.each(testBlocks.map((block) => [block.firstLine, block] as const))(
    "the example at README.md:%i passes under node --test",
    { timeout: 60_000 },
    async (line, block) => {
      await mkdir(join(repoRoot, ".tmp"), { recursive: true });
      const directory = await mkdtemp(join(repoRoot, ".tmp", "readme-"));
      try {
        const file = join(directory, `readme-line-${line}.test.ts`);
        await writeFile(file, block.code);
        const args = ["--conditions=@api-clients/source", "--import", "tsx", "--test", file];
        const output = await new Promise<string>((resolve, reject) => {
          execFile("node", args, { cwd: repoRoot }, (error, stdout, stderr) =>
            error ? reject(new Error(`${stdout}\n${stderr}`)) : resolve(stdout),
          );
        });
        expect(output).toMatch(/^# fail 0$/m);
        expect(output).toMatch(/^# pass [1-9]\d*$/m);
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
  );
});
