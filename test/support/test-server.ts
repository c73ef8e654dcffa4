/**
 * A scripted HTTP server on 127.0.0.1 for tests: it answers with the replies a test queues and
 * records every request it receives, so tests assert on what was actually sent.
 *
 * ```ts
 * const server = await startTestServer();
 * server.reply({ status: 503 }, { json: { id: "u_1" } });
 * await client.users.create(body); // retried once
 * expect(server.requests.map((request) => request.headers.authorization)).toEqual([...]);
 * await server.close();
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the server received it. */
export interface RecordedRequest {
  /** The method, e.g. `"POST"`. */
  method: string;
  /** Path and query, e.g. `"/users"`. */
  url: string;
  /** Headers with lower-case names; repeated headers joined with `", "`. */
  headers: Record<string, string>;
  /** The body as text; `""` when there was none. */
  body: string;
}

/** An ordinary response. */
export interface ResponseReply {
  /** @default 200 */
  status?: number;
  /** Response headers. */
  headers?: Record<string, string>;
  /** The body as sent; `json` is the shorthand for JSON bodies. */
  body?: string | Uint8Array;
  /** Sent as JSON with `content-type: application/json` (ignored when `body` is given). */
  json?: unknown;
  /**
   * Waits this long before answering.
   * @default 0
   */
  delayMs?: number;
  /** Answers only once this settles, e.g. `server.waitForRequests(100)` to hold every reply. */
  until?: Promise<unknown>;
}

/** What the server does with one request. */
export type Reply =
  | ResponseReply
  /** Never answers, or sends the headers and never the body; ended by `reset()` or `close()`. */
  | { hang: "before-headers" | "after-headers" }
  /** Destroys the connection without answering (the client sees a reset). */
  | { destroy: true };

/** A reply, or a function choosing one from the request and its 0-based index. */
export type ReplyScript = Reply | ((request: RecordedRequest, index: number) => Reply);

/** A running test server. */
export interface TestServer {
  /** The server's origin, e.g. `"http://127.0.0.1:41234"`. */
  readonly url: string;
  /** Every request received since start or the last `reset()`, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Queues replies, used one per request in order; when they run out, the fallback answers. */
  reply(...replies: ReplyScript[]): void;
  /**
   * Sets the reply for requests that find the queue empty.
   * @default { status: 200, json: {} }
   */
  fallback(reply: ReplyScript): void;
  /** Resolves once at least `count` requests have arrived. */
  waitForRequests(count: number): Promise<void>;
  /** Forgets requests, queued replies and the fallback; ends hanging and delayed replies. */
  reset(): void;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

const DEFAULT_REPLY: Reply = { status: 200, json: {} };

/** Starts a {@link TestServer} on an ephemeral port of 127.0.0.1. */
export async function startTestServer(): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const queue: ReplyScript[] = [];
  let fallback: ReplyScript = DEFAULT_REPLY;
  const waiters = new Set<{ count: number; resolve: () => void }>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const held = new Set<ServerResponse>();

  const server = createServer((request, response) => {
    void readBody(request).then(
      (body) => {
        const recorded: RecordedRequest = {
          method: request.method ?? "",
          url: request.url ?? "",
          headers: flattenHeaders(request),
          body,
        };
        const index = requests.push(recorded) - 1;
        for (const waiter of waiters) {
          if (requests.length >= waiter.count) {
            waiters.delete(waiter);
            waiter.resolve();
          }
        }
        const script = queue.shift() ?? fallback;
        const reply = typeof script === "function" ? script(recorded, index) : script;
        answer(reply, response);
      },
      () => response.socket?.destroy(),
    );
  });

  function answer(reply: Reply, response: ServerResponse): void {
    if ("destroy" in reply) {
      response.socket?.destroy();
      return;
    }
    if ("hang" in reply) {
      held.add(response);
      if (reply.hang === "after-headers") {
        response.writeHead(200, { "content-type": "application/json" });
        response.flushHeaders();
      }
      return;
    }
    const send = () => {
      const headers: Record<string, string> = { ...reply.headers };
      let body = reply.body;
      if (body === undefined && reply.json !== undefined) {
        body = JSON.stringify(reply.json);
        headers["content-type"] ??= "application/json";
      }
      response.writeHead(reply.status ?? 200, headers);
      response.end(body);
    };
    if (!reply.delayMs && !reply.until) return send();
    held.add(response);
    void (async () => {
      await reply.until;
      if (reply.delayMs) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, reply.delayMs);
          timers.add(timer);
        });
      }
      // Not held any more: reset() or close() ended it meanwhile.
      if (held.delete(response)) send();
    })();
  }

  function endHeld(): void {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const response of held) response.socket?.destroy();
    held.clear();
  }

  // Idle keep-alive sockets stay open for a minute rather than Node's 5 s: on a busy machine a
  // client may reuse one just as the server closes it, and a POST that fails that way is
  // (rightly) not retried, which would make retry tests depend on the machine's load.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // A deep backlog, so a burst of connections is accepted without SYN retries.
    server.listen(0, "127.0.0.1", 4096, resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => void queue.push(...replies),
    fallback: (reply) => void (fallback = reply),
    waitForRequests: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => void waiters.add({ count, resolve })),
    reset() {
      endHeld();
      requests.length = 0;
      queue.length = 0;
      fallback = DEFAULT_REPLY;
    },
    close() {
      endHeld();
      server.closeAllConnections();
      return new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/**
 * A `http://127.0.0.1:<port>` URL where nothing listens (a port just released), for
 * connection-refused tests.
 */
export async function unusedPortUrl(): Promise<string> {
  const server = await startTestServer();
  const { url } = server;
  await server.close();
  return url;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}
