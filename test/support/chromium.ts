/**
 * A headless Chromium for the browser tests: Debian's `/usr/bin/chromium` when it is installed,
 * otherwise the Chromium that the npm package `@sparticuz/chromium` ships inside its tarball,
 * installed on first use through the `browser` tool set. Either way no browser is downloaded from
 * anywhere but the npm registry, so the tests pass on a machine that has only Node and npm.
 *
 * @packageDocumentation
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { ensureToolSet } from "../../scripts/tool-sets.js";

/** Debian's package, used when present: it is what a developer with apt may already have. */
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** A Chromium to launch, and where it came from. */
export interface ChromiumExecutable {
  /** Absolute path of the browser binary. */
  path: string;
  /** `"system"` for {@link SYSTEM_CHROMIUM}, `"npm"` for the `browser` tool set's build. */
  source: "system" | "npm";
}

/** Options of {@link findChromium}. */
export interface FindChromiumOptions {
  /**
   * The system browser to prefer; a path that does not exist falls through to the npm build.
   * @default SYSTEM_CHROMIUM
   */
  systemPath?: string;
  /**
   * `"system-first"`: the system browser when present, else the npm build. `"npm-only"`: always the
   * npm build, whose version the `browser` tool set pins (the runtime matrix uses it so that the
   * version it reports is the one the README names).
   * @default "system-first"
   */
  from?: "system-first" | "npm-only";
}

/**
 * Finds a Chromium: by default the system one when present, else the `browser` tool set's,
 * installed and unpacked on first use (a few seconds; later calls cost a file check).
 *
 * @throws Error naming the tool set when its install or unpacking fails.
 */
export async function findChromium(options: FindChromiumOptions = {}): Promise<ChromiumExecutable> {
  const systemPath = options.systemPath ?? SYSTEM_CHROMIUM;
  if (options.from !== "npm-only" && existsSync(systemPath)) {
    return { path: systemPath, source: "system" };
  }
  return { path: await unpackedNpmChromium(), source: "npm" };
}

/** Flags for a headless run with no network traffic of the browser's own. */
const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--no-zygote",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches `executable` headless under playwright-core. */
export async function launchChromium(executable: ChromiumExecutable): Promise<Browser> {
  return chromium.launch({ executablePath: executable.path, args: LAUNCH_ARGS });
}

/**
 * `@sparticuz/chromium` unpacks its brotli-compressed binary into `os.tmpdir()` and reuses
 * whatever already sits at `<tmpdir>/chromium`, even half written by a concurrent process or left by
 * another version. So each version is unpacked once into a staging folder of its own (the package
 * reads `TMPDIR` when it runs) and renamed into place when complete, inside the tool set's
 * `node_modules`, which a reinstall of the set clears.
 */
async function unpackedNpmChromium(): Promise<string> {
  const set = await ensureToolSet("browser");
  // A direct dependency of the set, so npm ci puts it at the top of its node_modules.
  const packageDirectory = join(set.directory, "node_modules", "@sparticuz", "chromium");
  const manifestPath = join(packageDirectory, "package.json");
  const { version } = JSON.parse(await readFile(manifestPath, "utf8")) as { version: string };
  const cache = join(set.directory, "node_modules", ".unpacked-chromium");
  const target = join(cache, version);
  const binary = join(target, "chromium");
  if (existsSync(join(target, COMPLETE_STAMP))) return binary;

  await mkdir(cache, { recursive: true });
  const staging = await mkdtemp(join(cache, `${version}.staging-`));
  const previousTmpdir = process.env["TMPDIR"];
  try {
    process.env["TMPDIR"] = staging;
    const module = (await import(pathToFileURL(set.resolve("@sparticuz/chromium")).href)) as {
      default: SparticuzChromium;
    };
    const unpacked = await module.default.executablePath(join(packageDirectory, "bin"));
    if (unpacked !== join(staging, "chromium")) {
      throw new Error(
        `@sparticuz/chromium ${version} unpacked to ${unpacked}, not into ${staging}.`,
      );
    }
    await writeFile(join(staging, COMPLETE_STAMP), version);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(`tools/browser: could not unpack @sparticuz/chromium ${version}.`, {
      cause: error,
    });
  } finally {
    if (previousTmpdir === undefined) delete process.env["TMPDIR"];
    else process.env["TMPDIR"] = previousTmpdir;
  }
  try {
    await rename(staging, target);
  } catch (error) {
    // Another process finished first: its copy is complete, this one is not needed.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(join(target, COMPLETE_STAMP))) throw error;
  }
  return binary;
}

const COMPLETE_STAMP = ".complete";

/** The part of `@sparticuz/chromium`'s default export used here. */
interface SparticuzChromium {
  executablePath(input?: string): Promise<string>;
}
