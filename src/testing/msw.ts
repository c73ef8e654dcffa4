/**
 * `api-clients/testing/msw`: the fakes of `api-clients/testing` as MSW 2 request handlers, for
 * apps whose tests already intercept requests with MSW (in Node, or in a browser through its
 * service worker). `msw` is an optional peer dependency: only an app that imports this entry
 * point needs it.
 */
import { http, HttpResponse, type HttpHandler } from "msw";

/** What the handlers need of a fake: the servers it answers and its `fetch`. */
export interface FakeVendor {
  readonly servers: readonly string[];
  readonly fetch: (input: Request, init?: RequestInit) => Promise<Response>;
}

/**
 * MSW request handlers that answer every request to the fake's servers as the fake does, e.g.
 * `setupServer(...mswHandlers(createJoyfillFake()))`. Queued failures, overrides and recorded
 * requests are the fake's own. MSW can only fail a connection one way: `connection_refused`,
 * `connection_dropped` and `answer_lost` all make `fetch` reject with MSW's network error, a
 * `TypeError` without a `code` (the user `answer_lost` creates is still recorded).
 */
export function mswHandlers(fake: FakeVendor): HttpHandler[] {
  return fake.servers.map((server) =>
    http.all(`${server.replace(/\/+$/, "")}/*`, async ({ request }) => {
      try {
        // The fake honours the request's own signal, MSW's sign that the client gave up.
        return await fake.fetch(request);
      } catch {
        // A failed connection, or a request aborted while the answer was slow: the client's
        // fetch has already rejected with the abort's reason, and this answer goes nowhere.
        return HttpResponse.error();
      }
    }),
  );
}
