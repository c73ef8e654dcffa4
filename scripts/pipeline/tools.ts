import { createRequire } from "node:module";

/**
 * The heavy tools, loaded with `require`. Under tsx on Node 20, every `import` goes through
 * loader hooks that run on another thread, one round trip per module; Redocly's and
 * openapi-typescript's few hundred modules load about twice as fast through `require`
 * (openapi-typescript's CommonJS build, and Node's `require` of ES modules for Redocly, which
 * needs Node ≥ 20.19 as Redocly itself does). Only modules that run when there is work to do
 * import this one, so the fast path loads none of them.
 */
const require = createRequire(import.meta.url);

/** `@redocly/openapi-core`: lint, bundle, YAML, problem locations. */
export const redocly = require("@redocly/openapi-core") as typeof import("@redocly/openapi-core");

/** `openapi-typescript`: the types stage. */
export const openapiTypescript = require("openapi-typescript") as typeof import("openapi-typescript");
