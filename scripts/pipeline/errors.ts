/**
 * Failures that stop the pipeline. Spec problems give exit code 1; usage and config problems give
 * exit code 2.
 */

/** The command line asked for something that does not exist (an unknown API, an unknown flag). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** `redocly.yaml`, a plugin it lists, or the options of a declared fix are wrong. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * A spec cannot be read at all (missing file, invalid YAML). Its message is a problem line:
 * `file:line:col  error  rule-id  message`.
 */
export class SpecError extends Error {
  override readonly name = "SpecError";
}
