import type { UserContext } from "@redocly/openapi-core";
import { ConfigError } from "../pipeline/errors.js";

/** The plugin id; decorators are configured in redocly.yaml as `api-clients/<name>`. */
export const PLUGIN_ID = "api-clients";

/**
 * Message for a fix whose defect is gone: the vendor repaired the spec, so the fix must be removed
 * rather than kept "just in case" (a stale fix would silently rewrite a correct spec).
 */
export function staleFixMessage(
  fix: string,
  ctx: Pick<UserContext, "config">,
  reason: string,
): string {
  return `fix ${PLUGIN_ID}/${fix}${forApi(ctx)} is no longer needed: ${reason}; remove it from redocly.yaml`;
}

/** Message for a fix that meets something it cannot repair (the spec changed in another way). */
export function failedFixMessage(
  fix: string,
  ctx: Pick<UserContext, "config">,
  reason: string,
): string {
  return `fix ${PLUGIN_ID}/${fix}${forApi(ctx)} cannot be applied: ${reason}; review the spec and update the fix in redocly.yaml`;
}

/** The error for options in redocly.yaml that a fix cannot work with. */
export function fixOptionsError(fix: string, expected: string): ConfigError {
  return new ConfigError(`redocly.yaml: decorator ${PLUGIN_ID}/${fix} needs ${expected}`);
}

function forApi(ctx: Pick<UserContext, "config">): string {
  // Redocly hands each decorator the per-API config; its alias is the API's name in redocly.yaml.
  const api = ctx.config?._alias;
  return api ? ` for API ${api}` : "";
}
