import type { Credential } from "./auth.js";
import { presentValue, readEnv } from "./environment.js";

/** One way to authenticate: the options that carry it and the env vars that stand in for them. */
export interface CredentialScheme {
  /** Option names, all required together, e.g. `["publicKey", "secretKey"]`. */
  readonly options: readonly string[];
  /** Env var names in the same order, e.g. `["JOYFILL_PUBLIC_KEY", "JOYFILL_SECRET_KEY"]`. */
  readonly env: readonly string[];
  /** Builds the credential from the values, in the same order. */
  readonly build: (...values: string[]) => Credential;
}

/** Declares a {@link CredentialScheme}, typing `build`'s parameters from the option names. */
export function credentialScheme<const Names extends readonly string[]>(scheme: {
  options: Names;
  env: { readonly [Index in keyof Names]: string };
  build: (...values: { [Index in keyof Names]: string }) => Credential;
}): CredentialScheme {
  return scheme as unknown as CredentialScheme;
}

/**
 * Picks the credential from the options, else from the environment (`process.env`, where the
 * runtime has one; trimmed, blank counts as missing), trying `schemes` in order.
 *
 * @throws Error naming the options and env vars when none are set, when a scheme is only partly
 *   set, or when options of two schemes are mixed.
 */
export function resolveCredential(
  displayName: string,
  given: object,
  schemes: readonly CredentialScheme[],
): Credential {
  const option = (name: string) => {
    const value = (given as Record<string, unknown>)[name];
    return typeof value === "string" ? presentValue(value) : undefined;
  };
  const fromOptions = schemes.filter((scheme) => scheme.options.some((name) => option(name)));
  if (fromOptions.length > 1) {
    throw new Error(
      `${displayName}: pass ${schemes.map((scheme) => list(scheme.options)).join(", or ")}, not several.`,
    );
  }
  const [chosen] = fromOptions;
  if (chosen) return complete(displayName, chosen, chosen.options, option);
  for (const scheme of schemes) {
    if (scheme.env.some((name) => readEnv(name))) {
      return complete(displayName, scheme, scheme.env, readEnv);
    }
  }
  throw new Error(
    `${displayName}: no credentials. Pass ${schemes.map((scheme) => list(scheme.options)).join(", or ")}` +
      ` in the options, or set ${schemes.map((scheme) => list(scheme.env)).join(", or ")}.`,
  );
}

function complete(
  displayName: string,
  scheme: CredentialScheme,
  names: readonly string[],
  read: (name: string) => string | undefined,
): Credential {
  const values = names.map(read);
  const missing = names.filter((_, index) => values[index] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `${displayName}: ${list(names)} go together; ${list(missing)} ${missing.length > 1 ? "are" : "is"} missing or blank.`,
    );
  }
  return scheme.build(...(values as string[]));
}

function list(names: readonly string[]): string {
  return names.join(" and ");
}
