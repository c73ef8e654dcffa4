/**
 * Runs once before the runtime matrix: builds and installs the package into a temporary consumer
 * project, and installs the tool sets of the runtimes, the Node.js releases, the TypeScript
 * releases and the browser, so that each test file only compiles its entry and starts its runtime. The project's folder is provided as
 * `consumerProject`.
 */
import { rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { ensureToolSet } from "../../scripts/tool-sets.js";
import { findChromium } from "../support/chromium.js";
import { installBuiltPackage } from "./consumer-project.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The temporary project with the packed build installed (see installBuiltPackage). */
    consumerProject: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [consumerProject] = await Promise.all([
    installBuiltPackage(),
    ensureToolSet("runtimes"),
    ensureToolSet("node"),
    ensureToolSet("typescript"),
    findChromium({ from: "npm-only" }),
  ]);
  project.provide("consumerProject", consumerProject);
  return () => rm(consumerProject, { recursive: true, force: true });
}
