import { credentialProblem, type Credential } from "./auth.js";
import { presentValue, readEnv } from "./environment.js";

/** One way to authenticate: the options that carry it and the env vars that stand in for them. */
export interface CredentialScheme {
  /** Option names, all required together, each with its env var, e.g. `{ secretKey: "X_KEY" }`. */
  readonly env: Readonly<Record<string, string>>;
  /** Builds the credential from the values, by option name. */
  readonly build: (values: Readonly<Record<string, string>>) => Credential;
}

/** Declares a {@link CredentialScheme}, typing `build`'s values from the option names. */
export function credentialScheme<const Env extends Readonly<Record<string, string>>>(scheme: {
  env: Env;
  build: (values: { readonly [Option in keyof Env]: string }) => Credential;
}): CredentialScheme {
  return scheme as CredentialScheme;
}

/**
 * Picks the credential from the options, else from the environment (`process.env`, where the
 * runtime has one; trimmed, blank counts as missing), trying `schemes` in order.
 *
 * @throws Error naming the options and env vars when none are set, when a scheme is only partly
 *   set, when options of two schemes are mixed, when a value has a character no header can
 *   carry (see {@link credentialProblem}), or when `build` rejects the values; never repeating
 *   a value.
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
  const optionNames = (scheme: CredentialScheme) => Object.keys(scheme.env);
  const fromOptions = schemes.filter((scheme) => optionNames(scheme).some((name) => option(name)));
  const alternatives = schemes.map((scheme) => list(optionNames(scheme))).join(", or ");
  if (fromOptions.length > 1) throw new Error(`${displayName}: pass ${alternatives}, not several.`);
  const [chosen] = fromOptions;
  if (chosen) return complete(displayName, chosen, option, (name) => name);
  for (const scheme of schemes) {
    if (Object.values(scheme.env).some((name) => readEnv(name))) {
      return complete(
        displayName,
        scheme,
        (_, envName) => readEnv(envName),
        (_, envName) => envName,
      );
    }
  }
  throw new Error(
    `${displayName}: no credentials. Pass ${alternatives} in the options, or set ` +
      `${schemes.map((scheme) => list(Object.values(scheme.env))).join(", or ")}.`,
  );
}

/**
 * Reads every value of `scheme` with `read`, and builds the credential once all are there;
 * `read` and `label` get each option's name and its env var.
 */
function complete(
  displayName: string,
  scheme: CredentialScheme,
  read: (option: string, envName: string) => string | undefined,
  label: (option: string, envName: string) => string,
): Credential {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  const entries = Object.entries(scheme.env);
  for (const [name, envName] of entries) {
    const value = read(name, envName);
    const problem = value === undefined ? undefined : credentialProblem(value);
    if (problem) throw new Error(`${displayName}: ${label(name, envName)} ${problem}.`);
    if (value === undefined) missing.push(label(name, envName));
    else values[name] = value;
  }
  if (missing.length > 0) {
    const names = list(entries.map(([name, envName]) => label(name, envName)));
    const verb = missing.length > 1 ? "are" : "is";
    throw new Error(
      `${displayName}: ${names} go together; ${list(missing)} ${verb} missing or blank.`,
    );
  }
  try {
    return scheme.build(values);
  } catch (error) {
    throw new Error(`${displayName}: ${(error as Error).message}`, { cause: error });
  }
}

function list(names: readonly string[]): string {
  return names.join(" and ");
}
