/**
 * The server the per-call benchmark talks to, run as its own process so that its work does not
 * share an event loop with the clients being measured. It answers `POST /<api>/users` with a
 * small JSON user in the shape of that API's spec, keeps connections alive, prints
 * `listening <port>` once ready, and exits when its standard input closes (that is, with the
 * benchmark that started it).
 */
import { createServer } from "node:http";
import { FIXTURE_USERS } from "./fixture-users.js";

const responses: Readonly<Record<string, string>> = {
  "/joyfill/users": FIXTURE_USERS.joyfill,
  "/proficient/users": FIXTURE_USERS.proficient,
};

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
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  process.stdout.write(`listening ${address.port}\n`);
});
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
