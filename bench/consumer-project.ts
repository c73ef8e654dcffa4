/**
 * A throw-away consumer project with the package installed in its `node_modules` the way a
 * workspace consumer sees it: `package.json` with its `exports`, and `dist/` compiled from the
 * checkout's sources (into the temporary directory, so the checkout's own `dist/` is neither
 * needed nor touched). `openapi-fetch` is linked from where the checkout's install put it.
 */
import { copyFile, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { timeProcess } from "./processes.js";
import { installedPackageDirectory } from "../scripts/installed-packages.js";
import { createProject, type Project } from "../test/support/project.js";
import { PROJECT_ROOT } from "./suite.js";
import { TOOL_SCRIPTS } from "./tool-paths.js";

/** A consumer project; `write` adds a source file to it. */
export type ConsumerProject = Project;

/** Creates the consumer project with `api-clients` built and installed. */
export async function makeConsumerProject(): Promise<ConsumerProject> {
  const directory = await createProject({ label: "bench-consumer" });
  const installed = join(directory.root, "node_modules", "api-clients");
  await mkdir(installed, { recursive: true });
  await copyFile(join(PROJECT_ROOT, "package.json"), join(installed, "package.json"));
  // The same compiler options as `npm run build`, minus type checking and source maps, which
  // change nothing a consumer's bundler or type checker reads.
  await timeProcess({
    command: process.execPath,
    args: [
      TOOL_SCRIPTS.tsc,
      "-p",
      join(PROJECT_ROOT, "tsconfig.build.json"),
      "--outDir",
      join(installed, "dist"),
      "--noCheck",
      "--sourceMap",
      "false",
      "--declarationMap",
      "false",
    ],
    cwd: PROJECT_ROOT,
  });
  await symlink(
    installedPackageDirectory("openapi-fetch"),
    join(directory.root, "node_modules", "openapi-fetch"),
    "dir",
  );
  await writeFile(
    join(directory.root, "package.json"),
    `${JSON.stringify({ name: "bench-consumer", private: true, type: "module" })}\n`,
  );
  return directory;
}
