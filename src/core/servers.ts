/** A server entry as the generated `servers.ts` lists it. */
export interface ServerEntry {
  readonly url: string;
  readonly description?: string;
}

/**
 * The first word of each server's description in a generated `servers` tuple, e.g.
 * `"Production" | "Staging" | "Development"` for `"Production (The production environment)"`.
 */
export type ServerLabel<Servers extends readonly ServerEntry[]> =
  Servers[number] extends infer Server
    ? Server extends { readonly description: `${infer Label} ${string}` }
      ? Label
      : Server extends { readonly description: infer Label extends string }
        ? Label
        : never
    : never;

/**
 * The URL of the one server whose description starts with `label`.
 *
 * `label` is checked against the generated tuple's literal types, so when a vendor renames or
 * drops a server the facade stops compiling instead of silently calling the wrong host; the
 * runtime check backs that up for untyped callers and duplicate labels.
 */
export function serverUrl<const Servers extends readonly ServerEntry[]>(
  servers: Servers,
  label: ServerLabel<Servers>,
): string {
  const matches = servers.filter(
    (server) => server.description === label || server.description?.startsWith(`${label} `),
  );
  const [match] = matches;
  if (matches.length !== 1 || match === undefined) {
    throw new Error(
      `Expected exactly one server described as "${label}" in the generated servers, found ` +
        `${matches.length}: ${servers.map((server) => server.description ?? server.url).join(", ")}. ` +
        "Regenerate the clients (npm run generate) and update the facade's environments.",
    );
  }
  return match.url;
}

/**
 * Maps environments to the servers of a generated `servers` tuple, named after the first word
 * of each server's description in lower case: `["Production", "Staging"]` gives
 * `{ production: …, staging: … }`. Labels are type-checked against the tuple; the lookup runs
 * once, when the facade module loads.
 */
export function environmentUrls<
  const Servers extends readonly ServerEntry[],
  const Label extends ServerLabel<Servers>,
>(servers: Servers, labels: readonly Label[]): Readonly<Record<Lowercase<Label>, string>> {
  const urls: Partial<Record<Lowercase<Label>, string>> = {};
  for (const label of labels) {
    urls[(label as string).toLowerCase() as Lowercase<Label>] = serverUrl(servers, label);
  }
  return urls as Record<Lowercase<Label>, string>;
}

/**
 * The URL of a named environment.
 * @throws Error naming the known environments when `name` is not one (possible from JavaScript).
 */
export function environmentUrl<Names extends string>(
  displayName: string,
  urls: Readonly<Record<Names, string>>,
  name: Names,
): string {
  if (Object.hasOwn(urls, name)) return urls[name];
  throw new Error(
    `${displayName}: unknown environment "${String(name)}"; use one of ${Object.keys(urls).join(", ")}.`,
  );
}
