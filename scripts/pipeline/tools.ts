import { createRequire } from "node:module";

/**
 * Redocly, loaded with `require`. Under tsx on Node 20, every `import` goes through loader hooks
 * that run on another thread, one round trip per module; Redocly's few hundred modules load about
 * twice as fast through `require` (Node's `require` of ES modules, which needs Node ≥ 20.19 as
 * Redocly itself does). `types.ts` loads openapi-typescript the same way, so a lint thread, which
 * needs only Redocly, loads only Redocly. Only modules that run when there is work to do import
 * this one, so the fast path loads neither.
 */
const require = createRequire(import.meta.url);

/** `@redocly/openapi-core`: lint, bundle, YAML, problem locations. */
export const redocly = require("@redocly/openapi-core") as typeof import("@redocly/openapi-core");
