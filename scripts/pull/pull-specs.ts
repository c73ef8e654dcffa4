/**
 * Pulling each API's spec from its vendor docs page into its spec file, all or nothing.
 *
 * @packageDocumentation
 */

import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { checkSpecText } from "./check-spec.js";
import { extractSpecBlock } from "./extract-spec-block.js";
import { readPullTargets, type PullTarget } from "./pull-config.js";

/** Options of {@link pullSpecs}. */
export interface PullSpecsOptions {
  /** Path of the `redocly.yaml` naming the APIs, their spec files and docs pages. */
  configPath: string;
  /**
   * The APIs to pull, by name.
   * @default every API in the config
   */
  apis?: string[];
  /**
   * How long one page may take to arrive, in milliseconds.
   * @default 20000
   */
  timeoutMs?: number;
}

/** What happened to one API's spec. */
export type PullOutcome = PullTarget &
  (
    | { status: "unchanged" }
    | { status: "updated"; bytes: number }
    /** Pulled and checked, but not written because another API's pull failed. */
    | { status: "not-written"; bytes: number }
    | { status: "error"; message: string }
  );

/** The result of {@link pullSpecs}: one outcome per API, in the order asked for. */
export interface PullResult {
  outcomes: PullOutcome[];
  /** Whether every pull succeeded (and so every changed spec file was written). */
  ok: boolean;
}

/** Plain words for the network errors people meet most. */
const networkErrorNames: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
};

function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError")
    return `no response within ${timeoutMs} ms`;
  const cause =
    error instanceof Error
      ? (error.cause as { code?: string; message?: string } | undefined)
      : undefined;
  const code = cause?.code;
  if (code !== undefined)
    return `cannot fetch the page: ${networkErrorNames[code] ?? "network error"} (${code})`;
  return `cannot fetch the page: ${cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
}

async function fetchPage(url: string, timeoutMs: number): Promise<string> {
  let response: Response;
  let body: string;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "text/markdown, text/plain;q=0.9, */*;q=0.5" },
    });
    body = await response.text();
  } catch (error) {
    throw new Error(describeFetchFailure(error, timeoutMs));
  }
  if (!response.ok) {
    const status = `${response.status} ${response.statusText}`.trim();
    throw new Error(
      `the server answered HTTP ${status}; if the page moved, update x-api-clients.docsPage`,
    );
  }
  return body;
}

async function readCurrent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

type Pulled =
  { target: PullTarget; text: string; changed: boolean } | { target: PullTarget; message: string };

async function pullOne(target: PullTarget, timeoutMs: number): Promise<Pulled> {
  try {
    const page = await fetchPage(target.docsPage, timeoutMs);
    const block = extractSpecBlock(page);
    await checkSpecText(block.text, { firstLine: block.firstLine, specPath: target.specPath });
    const current = await readCurrent(target.specPath);
    return { target, text: block.text, changed: current !== block.text };
  } catch (error) {
    return { target, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Writes every file by write-to-temp and rename: the temporaries are all written before the
 * first rename, so a full disk fails the run before any spec file changes.
 */
async function writeAll(files: { path: string; text: string }[]): Promise<void> {
  const staged = files.map((file) => ({ ...file, temp: `${file.path}.${process.pid}.tmp` }));
  try {
    for (const file of staged) await writeFile(file.temp, file.text);
  } catch (error) {
    await Promise.all(staged.map((file) => rm(file.temp, { force: true })));
    throw error;
  }
  for (const file of staged) await rename(file.temp, file.path);
}

/**
 * Downloads each API's docs page, extracts its one fenced YAML block, checks that it is an
 * OpenAPI 3.x document, and writes it to the API's spec file — only once every requested API
 * has been pulled and checked, so a failure leaves every spec file as it was. Files whose
 * content would not change are not rewritten.
 *
 * @throws PullConfigError for a bad config or an unknown API; failed pulls are reported as
 *   outcomes instead.
 */
export async function pullSpecs(options: PullSpecsOptions): Promise<PullResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const targets = await readPullTargets({
    configPath: options.configPath,
    apis: options.apis ?? [],
  });
  const pulled = await Promise.all(targets.map((target) => pullOne(target, timeoutMs)));
  const ok = pulled.every((result) => !("message" in result));
  if (ok) {
    await writeAll(
      pulled.flatMap((result) =>
        "text" in result && result.changed
          ? [{ path: result.target.specPath, text: result.text }]
          : [],
      ),
    );
  }
  const outcomes = pulled.map((result): PullOutcome => {
    if ("message" in result) return { ...result.target, status: "error", message: result.message };
    if (!result.changed) return { ...result.target, status: "unchanged" };
    const bytes = Buffer.byteLength(result.text);
    return ok
      ? { ...result.target, status: "updated", bytes }
      : { ...result.target, status: "not-written", bytes };
  });
  return { outcomes, ok };
}

/** Options of {@link formatOutcome}. */
export interface FormatOutcomeOptions {
  /**
   * Directory that spec paths are shown relative to.
   * @default process.cwd()
   */
  cwd?: string;
  /**
   * Width of the API name column, to line up several outcomes.
   * @default the name's own length
   */
  nameWidth?: number;
}

/**
 * One line saying what happened to an API's spec:
 * `proficient  updated  specs/proficient.yaml (4518 bytes)`, or the error with the page's URL.
 */
export function formatOutcome(outcome: PullOutcome, options: FormatOutcomeOptions = {}): string {
  const name = outcome.api.padEnd(options.nameWidth ?? outcome.api.length);
  const path = relative(options.cwd ?? process.cwd(), outcome.specPath) || outcome.specPath;
  switch (outcome.status) {
    case "unchanged":
      return `${name}  unchanged    ${path}`;
    case "updated":
      return `${name}  updated      ${path} (${outcome.bytes} bytes)`;
    case "not-written":
      return `${name}  not written  ${path} would change (${outcome.bytes} bytes); left as it was because another pull failed`;
    case "error":
      return `${name}  error        ${outcome.docsPage}: ${outcome.message}`;
  }
}
