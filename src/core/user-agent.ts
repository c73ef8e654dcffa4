import { isBrowserRuntime } from "./environment.js";
import { VERSION } from "./version.js";

/** The globals that tell runtimes apart; each is absent elsewhere. */
interface RuntimeGlobals {
  Bun?: { version?: string };
  Deno?: { version?: { deno?: string } };
  EdgeRuntime?: unknown;
  navigator?: { userAgent?: string };
  process?: { versions?: { node?: string } };
}

/**
 * The `User-Agent` the clients send: `api-clients/<version>` and the runtime, e.g.
 * `api-clients/0.1.0 node/20.20.2`, `bun/1.1.30`, `deno/2.0.0`, `edge-runtime` (Vercel) or
 * `cloudflare-workers`; only the package's part on a runtime it does not recognize.
 *
 * @returns `undefined` in browsers and web workers, which forbid or drop the header (and where
 *   setting it would make every cross-origin call need a preflight).
 */
export function userAgent(): string | undefined {
  if (isBrowserRuntime()) return undefined;
  const scope = globalThis as RuntimeGlobals;
  // Bun and Deno also answer process.versions.node, so they are asked first.
  const runtime = scope.Bun
    ? `bun/${scope.Bun.version}`
    : scope.Deno
      ? `deno/${scope.Deno.version?.deno}`
      : typeof scope.EdgeRuntime === "string"
        ? scope.EdgeRuntime
        : scope.navigator?.userAgent === "Cloudflare-Workers"
          ? "cloudflare-workers"
          : scope.process?.versions?.node && `node/${scope.process.versions.node}`;
  return runtime ? `api-clients/${VERSION} ${runtime}` : `api-clients/${VERSION}`;
}
