/**
 * A fake vendor API on 127.0.0.1 that records every request it receives and answers from a table of
 * routes. It speaks CORS, so a page served from another origin can call it from a real browser.
 *
 * @packageDocumentation
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the fake API received it. */
export interface RecordedRequest {
  /** HTTP method, e.g. `"POST"`. */
  method: string;
  /** Path and query, e.g. `"/joyfill/users"`. */
  path: string;
  /** Header names are lower case, as Node gives them. */
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON, or the raw text when it is not JSON, or `undefined` when empty. */
  body: unknown;
}

/** What a route answers: a status and a JSON body. */
export interface FakeResponse {
  status: number;
  body: unknown;
}

/** Options of {@link startFakeApi}. */
export interface FakeApiOptions {
  /**
   * Answers keyed by `"METHOD /path"`, e.g. `"POST /joyfill/users"`. A request with no route gets a
   * 404 with `{ message: "no route for METHOD /path" }`.
   */
  routes: Record<string, (request: RecordedRequest) => FakeResponse>;
}

/** A running fake API. */
export interface FakeApi {
  /** Origin of the server, e.g. `http://127.0.0.1:40123`, with no trailing slash. */
  url: string;
  /** Every non-preflight request received, in order. */
  requests: RecordedRequest[];
  /** Every CORS preflight (`OPTIONS`) request received, in order. */
  preflights: RecordedRequest[];
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/**
 * Starts a fake API on an ephemeral port of 127.0.0.1.
 *
 * Preflights are answered for any origin and echo the requested headers, as a permissive vendor API
 * does; responses carry `Access-Control-Allow-Origin: *` so the browser hands them to the page.
 */
export async function startFakeApi(options: FakeApiOptions): Promise<FakeApi> {
  const requests: RecordedRequest[] = [];
  const preflights: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const recorded: RecordedRequest = {
        method: incoming.method ?? "",
        path: incoming.url ?? "",
        headers: incoming.headers,
        body: parseBody(text),
      };
      outgoing.setHeader("access-control-allow-origin", "*");
      if (recorded.method === "OPTIONS") {
        preflights.push(recorded);
        outgoing.writeHead(204, {
          "access-control-allow-methods":
            incoming.headers["access-control-request-method"] ?? "POST",
          "access-control-allow-headers": incoming.headers["access-control-request-headers"] ?? "",
          "access-control-max-age": "0",
        });
        outgoing.end();
        return;
      }
      requests.push(recorded);
      const route = options.routes[`${recorded.method} ${recorded.path}`];
      const answer = route
        ? route(recorded)
        : { status: 404, body: { message: `no route for ${recorded.method} ${recorded.path}` } };
      outgoing.writeHead(answer.status, { "content-type": "application/json" });
      outgoing.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    preflights,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
