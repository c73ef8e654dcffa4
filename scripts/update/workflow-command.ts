/**
 * The `specs:workflow` command line: finds the repository root and the workspace around the
 * package, and writes the scheduled spec-update workflow where GitHub reads it.
 *
 * @packageDocumentation
 */

import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { readTextIfExists, relativePath, writeFilesAtomically } from "../pipeline/files.js";
import { findGitRoot, findWorkspace } from "./workspace.js";
import {
  markedPackagePath,
  renderWorkflow,
  WORKFLOW_PATH,
  workflowMarker,
  type WorkflowLayout,
} from "./workflow-file.js";

const usage = `Usage: npm run specs:workflow [-- --check]

Writes the weekly spec-update job to <repository root>/${WORKFLOW_PATH}, the only place GitHub
reads workflows from, for the layout it finds: the package as the repository, or the package in a
folder of a monorepo (npm ci at the workspace root, specs:update in the package's folder, the
package's files committed by their repository paths). It overwrites only a file it wrote itself.

  --check  write nothing; exit 1 when the file is missing or differs from what would be written

Exit codes: 0 written or up to date, 1 refused (a file it did not write is in the way) or out of
date with --check, 2 bad usage.`;

/** Options of {@link runWorkflowCommand}. */
export interface WorkflowCommandOptions {
  /** The arguments after the script name. */
  argv: readonly string[];
  /** The package's folder (where its `package.json` is). */
  root: string;
  /** Where progress lines go (one call per line). */
  out: (line: string) => void;
  /** Where refusals and usage errors go (one call per line). */
  err: (line: string) => void;
}

/** Where the package sits, as {@link locateWorkflow} finds it. */
export interface WorkflowLocation extends WorkflowLayout {
  /** The repository root: the git root, else the workspace root, else the package's folder. */
  repositoryRoot: string;
  /** Whether a `.git` was found; without one the workspace root (or the package) stands in. */
  inGit: boolean;
  /** The workspace root, absolute, when the package is in an npm workspace. */
  workspaceRoot: string | undefined;
}

/**
 * Finds the repository root and the workspace around the package at `packageRoot`, and the
 * package's and the install's folders relative to that root.
 */
export async function locateWorkflow(packageRoot: string): Promise<WorkflowLocation> {
  const root = resolve(packageRoot);
  const gitRoot = findGitRoot(root);
  const workspace = await findWorkspace(root);
  const repositoryRoot = gitRoot ?? workspace?.root ?? root;
  return {
    repositoryRoot,
    inGit: gitRoot !== undefined,
    workspaceRoot: workspace?.root,
    packagePath: relativePath(repositoryRoot, root),
    installPath: relativePath(repositoryRoot, workspace?.root ?? root),
  };
}

/** Runs `specs:workflow` and returns its exit code (see the usage text). */
export async function runWorkflowCommand(options: WorkflowCommandOptions): Promise<0 | 1 | 2> {
  const { out, err } = options;
  let check: boolean;
  try {
    const args = parseArgs({
      args: [...options.argv],
      options: { check: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
    if (args.values.help) {
      out(usage);
      return 0;
    }
    check = args.values.check ?? false;
  } catch (error) {
    err(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }

  const location = await locateWorkflow(options.root);
  const { repositoryRoot, packagePath } = location;
  out(
    packagePath === ""
      ? `layout: the package is the repository (${repositoryRoot})`
      : `layout: the package is ${packagePath} in ${location.workspaceRoot === undefined ? "the repository" : `the npm workspace at ${location.installPath || "the root"} of the repository`} ${repositoryRoot}`,
  );
  if (!location.inGit)
    out(`no git repository around the package: writing where one would be, ${repositoryRoot}`);

  const path = join(repositoryRoot, WORKFLOW_PATH);
  const content = renderWorkflow(location);
  const existing = await readTextIfExists(path);
  if (existing !== undefined) {
    const owner = markedPackagePath(existing);
    if (owner === undefined) {
      err(
        `specs:workflow: ${path} exists and was not written by specs:workflow (its first line is not "${workflowMarker(packagePath)}"); nothing written. Rename or delete that file, then run npm run specs:workflow again.`,
      );
      return 1;
    }
    if (owner !== (packagePath || ".")) {
      err(
        `specs:workflow: ${path} was written for the package in ${owner}, not this one in ${packagePath || "."}; nothing written. Delete it if that package is gone.`,
      );
      return 1;
    }
  }
  if (existing === content) {
    out(`up to date: ${WORKFLOW_PATH}`);
  } else if (check) {
    err(
      `specs:workflow --check: ${path} is ${existing === undefined ? "missing" : "out of date"}; run npm run specs:workflow`,
    );
    return 1;
  } else {
    await writeFilesAtomically([{ path, content }]);
    out(`wrote ${relativePath(process.cwd(), path) || path}`);
  }
  const ownCopy = join(options.root, WORKFLOW_PATH);
  if (packagePath !== "" && existsSync(ownCopy))
    out(
      `note: GitHub does not run ${relativePath(repositoryRoot, ownCopy)}: it reads workflows only from the repository root's .github/workflows/. Delete that copy.`,
    );
  return 0;
}
