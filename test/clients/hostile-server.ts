/**
 * An HTTP server on 127.0.0.1 that answers however a test's handler says, including in ways no
 * honest server would: endless bodies, redirects elsewhere, secrets echoed back. It counts
 * requests and the bytes it managed to send, so tests can assert that a client stopped reading.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Answers one request; `index` counts from 0 since the last `reset()`. */
export type HostileHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  index: number,
) => void;

/** A running hostile server. */
export interface HostileServer {
  /** The origin, e.g. `"http://127.0.0.1:41234"`. */
  readonly url: string;
  /** Requests received since start or the last `reset()`. */
  readonly requests: number;
  /** Body bytes written by {@link streamEndlessly} since the last `reset()`. */
  readonly bytesSent: number;
  /** Sets how requests are answered. */
  handle(handler: HostileHandler): void;
  /** Writes `chunk` again and again, stopping when the client goes away or after `maxBytes` (256 MiB by default). */
  streamEndlessly(response: ServerResponse, chunk: string, maxBytes?: number): Promise<void>;
  /** Resolves once the counters say `count` requests arrived. */
  waitForRequests(count: number): Promise<void>;
  /** Forgets the counters and the handler (the default answers `200 {}`). */
  reset(): void;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

const ANSWER_EMPTY_OBJECT: HostileHandler = (_, response) => {
  response.writeHead(200, { "content-type": "application/json" });
  response.end("{}");
};

/** Starts a {@link HostileServer} on an ephemeral port of 127.0.0.1. */
export async function startHostileServer(): Promise<HostileServer> {
  let handler = ANSWER_EMPTY_OBJECT;
  let requests = 0;
  let bytesSent = 0;
  const waiters = new Set<{ count: number; resolve: () => void }>();
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const index = requests++;
      for (const waiter of waiters) {
        if (requests >= waiter.count) {
          waiters.delete(waiter);
          waiter.resolve();
        }
      }
      handler(request, response, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get bytesSent() {
      return bytesSent;
    },
    handle: (next) => void (handler = next),
    async streamEndlessly(response, chunk, maxBytes = 256 * 1024 * 1024) {
      const size = Buffer.byteLength(chunk);
      let gone = false;
      response.once("close", () => (gone = true));
      while (!gone && bytesSent < maxBytes && !response.destroyed) {
        bytesSent += size;
        if (!response.write(chunk)) {
          await new Promise<void>((resolve) => {
            response.once("drain", resolve);
            response.once("close", resolve);
          });
        }
      }
      if (!response.destroyed) response.end();
    },
    waitForRequests: (count) =>
      requests >= count
        ? Promise.resolve()
        : new Promise((resolve) => void waiters.add({ count, resolve })),
    reset() {
      handler = ANSWER_EMPTY_OBJECT;
      requests = 0;
      bytesSent = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
