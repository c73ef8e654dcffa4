/**
 * The fake API the per-call benchmark calls: `POST /<api>/users` answered with a small JSON user
 * in the shape of that API's spec, with keep-alive connections. Run in its own process by
 * `fixture-server.ts`, or in the benchmark's own process.
 */
import { createServer, type Server } from "node:http";
import { FIXTURE_USERS } from "./fixture-users.js";

const responses: Readonly<Record<string, string>> = {
  "/joyfill/users": FIXTURE_USERS.joyfill,
  "/proficient/users": FIXTURE_USERS.proficient,
};

/** Starts the fake API on 127.0.0.1 at a free port and resolves to the server and its origin. */
export async function startFixtureApi(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    // Drain the request body before answering, as a real API does.
    request.resume();
    request.on("end", () => {
      const body = request.method === "POST" ? responses[request.url ?? ""] : undefined;
      if (body === undefined) {
        response.writeHead(404, { "content-type": "application/json" });
        response.end('{"message":"not found"}');
        return;
      }
      response.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      response.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((listening, failed) => {
    server.once("error", failed);
    server.listen(0, "127.0.0.1", () => listening());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return { server, origin: `http://127.0.0.1:${address.port}` };
}
