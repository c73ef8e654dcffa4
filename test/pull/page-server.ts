import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A page the test server answers with; `hang` never answers, for timeouts. */
export type ServedPage = { status: number; body: string } | "hang";

/** A docs site on 127.0.0.1 that records which paths were asked for. */
export interface PageServer {
  /** The pages by path (`/proficient.md`); tests may change them between pulls. */
  pages: Map<string, ServedPage>;
  /** The paths requested so far, in order. */
  requests: string[];
  /** The absolute URL of a path on this server. */
  url(path: string): string;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 that serves `pages` and answers 404 to anything else. */
export async function startPageServer(pages: Record<string, ServedPage> = {}): Promise<PageServer> {
  const served = new Map(Object.entries(pages));
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? "/";
    requests.push(path);
    const page = served.get(path) ?? { status: 404, body: "Not Found" };
    if (page === "hang") return;
    response.writeHead(page.status, { "content-type": "text/markdown; charset=utf-8" });
    response.end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    pages: served,
    requests,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A 127.0.0.1 URL nothing listens on: the port of a server that was started and closed. */
export async function refusedUrl(path: string): Promise<string> {
  const server = await startPageServer();
  const url = server.url(path);
  await server.close();
  return url;
}
