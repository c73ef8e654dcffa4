import { requireTool } from "./tool-bundles.js";

/**
 * Redocly (`@redocly/openapi-core`: lint, bundle, YAML, problem locations), loaded from its bundle
 * through the compile cache (see `tool-bundles.ts`). `types.ts` loads openapi-typescript the same
 * way, so a lint thread, which needs only Redocly, loads only Redocly. Only modules that run when
 * there is work to do import this one, so the fast path loads neither.
 */
export const redocly = requireTool("redocly");
