/**
 * Reading, from `redocly.yaml`, which spec file each API has and which docs page it comes from.
 *
 * @packageDocumentation
 */

import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parse } from "yaml";

/** One API to pull: where its spec comes from and where it goes. */
export interface PullTarget {
  /** The API's name: its key under `apis:` in `redocly.yaml`. */
  api: string;
  /** The vendor's docs page holding the spec, from `x-api-clients.docsPage`. */
  docsPage: string;
  /** The absolute path of the spec file (the entry's `root`, relative to the config file). */
  specPath: string;
}

/** A problem with the command line or `redocly.yaml`, as opposed to a failed pull. */
export class PullConfigError extends Error {
  override name = "PullConfigError";
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Options of {@link readPullTargets}. */
export interface ReadPullTargetsOptions {
  /** Path of the `redocly.yaml` to read. */
  configPath: string;
  /**
   * The APIs to pull, by name.
   * @default every API in the config, in its order
   */
  apis?: string[];
}

/**
 * Reads the pull targets from `redocly.yaml`: every entry under `apis:` with its `root` and
 * `x-api-clients.docsPage`.
 *
 * @throws PullConfigError naming the file and what is missing or unknown.
 */
export async function readPullTargets(options: ReadPullTargetsOptions): Promise<PullTarget[]> {
  const configPath = resolve(options.configPath);
  let config: unknown;
  try {
    config = parse(await readFile(configPath, "utf8"));
  } catch (error) {
    throw new PullConfigError(
      `cannot read ${configPath}: ${(error as Error).message.split("\n")[0]}`,
    );
  }
  const apis = asRecord(asRecord(config)?.apis);
  if (!apis || Object.keys(apis).length === 0) {
    throw new PullConfigError(`${configPath} declares no APIs (expected an apis: map)`);
  }
  const declared = Object.keys(apis);
  const requested = options.apis && options.apis.length > 0 ? options.apis : declared;
  const unknown = requested.filter((api) => !Object.hasOwn(apis, api));
  if (unknown.length > 0) {
    throw new PullConfigError(
      `unknown API ${unknown.map((api) => JSON.stringify(api)).join(", ")}: ${configPath} declares ${declared.join(", ")}`,
    );
  }
  return [...new Set(requested)].map((api) => {
    const entry = asRecord(apis[api]);
    const root = entry?.root;
    if (typeof root !== "string") {
      throw new PullConfigError(`apis.${api} in ${configPath} has no root (the spec file's path)`);
    }
    const docsPage = asRecord(entry?.["x-api-clients"])?.docsPage;
    if (typeof docsPage !== "string") {
      throw new PullConfigError(
        `apis.${api} in ${configPath} has no x-api-clients.docsPage (the URL of the vendor's docs page with the spec)`,
      );
    }
    let url: URL;
    try {
      url = new URL(docsPage);
    } catch {
      throw new PullConfigError(
        `apis.${api}.x-api-clients.docsPage in ${configPath} is not a URL: ${docsPage}`,
      );
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new PullConfigError(
        `apis.${api}.x-api-clients.docsPage in ${configPath} is not an http(s) URL: ${docsPage}`,
      );
    }
    return { api, docsPage, specPath: resolve(dirname(configPath), root) };
  });
}
