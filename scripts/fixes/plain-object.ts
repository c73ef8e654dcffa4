/**
 * Whether a value of a parsed spec is a plain object (a YAML mapping), not an array or a scalar.
 * The fixes import nothing from Redocly at run time, so loading the plugin stays cheap.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
