/**
 * Starts a Prism mock server (`prism mock`) on 127.0.0.1 for contract tests. Prism comes from the
 * `contract` tool set (`tools/contract/`), installed on first use, not from the package's own
 * dependencies: it and its dependencies weigh 80 MB that no consumer of the package should install.
 * Prism validates every request against the spec (security, parameters, body) and answers
 * invalid ones with the spec's 400 response or a 422, naming the violations in an
 * `sl-violations` header.
 *
 * ```ts
 * const prism = await startPrism({ spec: "generated/proficient/openapi.yaml" });
 * // … send requests to prism.url …
 * await prism.stop();
 * ```
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { ensureToolSet } from "../../scripts/tool-sets.js";

/** Options for {@link startPrism}. */
export interface PrismOptions {
  /** Path of the OpenAPI document to mock, relative to the working directory or absolute. */
  spec: string;
  /**
   * How long to wait for Prism to listen before giving up (it takes seconds to start).
   * @default 30000
   */
  readyTimeoutMs?: number;
}

/** A running Prism mock server. */
export interface PrismMock {
  /** Its origin, e.g. `"http://127.0.0.1:41234"`. */
  readonly url: string;
  /** Stops the server and waits for its process to exit. */
  stop(): Promise<void>;
}

/** Starts Prism on a free port of 127.0.0.1 and resolves once it listens. */
export async function startPrism(options: PrismOptions): Promise<PrismMock> {
  const prismCli = (await ensureToolSet("contract")).resolve("@stoplight/prism-cli/dist/index.js");
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [prismCli, "mock", "--host", "127.0.0.1", "--port", String(port), options.spec],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  // Keep the last lines only: Prism logs every request, and the pipes must be drained.
  const lastLines: string[] = [];
  let ready: () => void = () => {};
  const listening = new Promise<void>((resolve) => (ready = resolve));
  const record = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line.includes("Prism is listening on")) ready();
      if (line.trim() !== "") lastLines.push(line);
    }
    lastLines.splice(0, Math.max(0, lastLines.length - 40));
  };
  child.stdout.on("data", record);
  child.stderr.on("data", record);
  const exited = once(child, "exit");

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const outcome = await Promise.race([
    listening.then(() => "listening" as const),
    exited.then(() => "exited" as const),
    new Promise<"timed out">((resolve) => {
      timer = setTimeout(resolve, options.readyTimeoutMs ?? 30_000, "timed out");
    }),
  ]);
  clearTimeout(timer);
  if (outcome !== "listening") {
    await stop();
    throw new Error(
      `Prism ${outcome} before listening on port ${port} for ${options.spec}:\n${lastLines.join("\n")}`,
    );
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}

/** A TCP port of 127.0.0.1 that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

/** A `fetch` that records Prism's validation verdict of every response it receives. */
export interface ViolationRecorder {
  /** Pass as a client's `fetch` option. */
  readonly fetch: (request: Request, init?: RequestInit) => Promise<Response>;
  /** Prism's `sl-violations` header of each response, `null` when the request was valid. */
  readonly violations: (string | null)[];
}

/** Creates a {@link ViolationRecorder}; tests clear `violations` between cases. */
export function recordViolations(): ViolationRecorder {
  const violations: (string | null)[] = [];
  return {
    violations,
    fetch: async (request, init) => {
      const response = await fetch(request, init);
      violations.push(response.headers.get("sl-violations"));
      return response;
    },
  };
}
