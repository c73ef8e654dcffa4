/**
 * The per-call benchmark's fake API (see `fixture-api.ts`) run as its own process, so that its
 * work does not share an event loop with the clients being measured. It prints
 * `listening <port>` once ready, and exits when its standard input closes (that is, with the
 * benchmark that started it).
 */
import { startFixtureApi } from "./fixture-api.js";

const { origin } = await startFixtureApi();
process.stdout.write(`listening ${new URL(origin).port}\n`);
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
