/**
 * A stand-in for the `gh` CLI, for running the spec-update workflow's steps with bash: it records
 * each call's arguments, one JSON array per line, in the file `$GH_LOG`, and answers
 * `gh pr list` with `$FAKE_OPEN_PR` (an open pull request's number, or nothing).
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Writes the stand-in as `<binDirectory>/gh`; put that folder first on `PATH`. */
export async function writeStandInGh(binDirectory: string): Promise<void> {
  await mkdir(binDirectory, { recursive: true });
  const path = join(binDirectory, "gh");
  await writeFile(
    path,
    `#!${process.execPath}\n` +
      `const { appendFileSync } = require("node:fs");\n` +
      `const args = process.argv.slice(2);\n` +
      `appendFileSync(process.env.GH_LOG, JSON.stringify(args) + "\\n");\n` +
      `if (args[0] === "pr" && args[1] === "list" && process.env.FAKE_OPEN_PR) console.log(process.env.FAKE_OPEN_PR);\n`,
  );
  await chmod(path, 0o755);
}

/** The calls the stand-in recorded in `log`, in order. */
export async function readGhCalls(log: string): Promise<string[][]> {
  return (await readFile(log, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string[]);
}
