/** What every secret is replaced with. */
export const REDACTED = "[redacted]";

/**
 * Replaces every occurrence of the secrets in a text. With `cut` (a text cut short), it also
 * drops an ending that could be the start of a secret, which the cut left incomplete.
 */
export type RedactText = (text: string, cut?: boolean) => string;

/** A {@link RedactText} for `secrets`, the longest first, so a secret inside another is not half-replaced. */
export function textRedactor(secrets: readonly string[]): RedactText {
  const sorted = secrets.filter(Boolean).sort((a, b) => b.length - a.length);
  return (text, cut) => {
    let out = sorted.reduce((done, secret) => done.split(secret).join(REDACTED), text);
    if (!cut) return out;
    // Until no ending is left that could start a secret: once `-sk` is dropped for the secret
    // `-sk_1`, the text may end with `-` again.
    for (let before: string | undefined; before !== out;) {
      before = out;
      for (const secret of sorted) {
        for (let length = secret.length - 1; length > 0; length--) {
          if (out.endsWith(secret.slice(0, length))) {
            out = out.slice(0, -length);
            break;
          }
        }
      }
    }
    return out;
  };
}

/** Deepest nesting kept in an error's `body`; `JSON.stringify` overflows a few thousand levels down. */
export const MAX_BODY_DEPTH = 100;

/** What replaces an array or object nested deeper than {@link MAX_BODY_DEPTH}. */
export const TOO_DEEP = "[too deep]";

/**
 * A copy of a parsed JSON value with every secret replaced, in keys and strings alike, and
 * arrays and objects nested deeper than {@link MAX_BODY_DEPTH} levels replaced by
 * {@link TOO_DEEP}, so that logging the error (`JSON.stringify`, `util.inspect`) cannot overflow.
 *
 * It walks with a list of its own rather than the call stack, so a body nested 100 000 levels
 * deep is handled like any other; keys are defined as own data properties, so a JSON key
 * `__proto__` stays data. Shared and circular references (impossible in JSON, possible from a
 * caller) are copied once.
 */
export function redactValue<T>(value: T, redact: RedactText): T {
  const root = {};
  const copies = new Map<object, object>();
  const pending: [holder: object, key: string, item: unknown, depth: number][] = [
    [root, "v", value, 0],
  ];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [holder, key, item, depth] = next;
    let copy = typeof item === "string" ? redact(item) : item;
    if (typeof item === "object" && item !== null) {
      copy = depth >= MAX_BODY_DEPTH ? TOO_DEEP : copies.get(item);
      if (copy === undefined) {
        const container: object = Array.isArray(item) ? [] : {};
        copies.set(item, container);
        // Placeholders first, in order, so the properties keep the source's order.
        for (const [name, child] of Object.entries(item)) {
          const safeName = Array.isArray(item) ? name : redact(name);
          define(container, safeName, undefined);
          pending.push([container, safeName, child, depth + 1]);
        }
        copy = container;
      }
    }
    define(holder, key, copy);
  }
  return (root as { v: T }).v;
}

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** How deep a chain of causes is checked; runtimes' own chains are two or three long. */
const MAX_CAUSE_DEPTH = 8;

/**
 * The error to keep as an `ApiError`'s `cause`: `cause` itself when nothing in it can carry a
 * secret (its message, stack, own fields and causes all checked), otherwise a plain `Error`
 * copy with the same name and a redacted message and stack, whose causes are treated alike.
 * A runtime's `TypeError` quoting a header, or an error of a custom `fetch` holding the
 * request, thus never reaches `util.inspect(error)` or a logger.
 */
export function redactCause(cause: unknown, redact: RedactText, depth = 0): unknown {
  if (typeof cause === "string") return redact(cause);
  if (!(cause instanceof Error) || isClean(cause, redact, depth)) return cause;
  const inner =
    depth < MAX_CAUSE_DEPTH && cause.cause !== undefined
      ? { cause: redactCause(cause.cause, redact, depth + 1) }
      : undefined;
  const copy = new Error(redact(cause.message), inner);
  Object.defineProperty(copy, "name", {
    value: redact(cause.name),
    writable: true,
    configurable: true,
  });
  copy.stack = redact(String(cause.stack));
  return copy;
}

function isClean(error: Error, redact: RedactText, depth: number): boolean {
  // A missing cause is `undefined`, which holds nothing.
  const values = [error.message, error.stack, error.name, error.cause, ...Object.values(error)];
  if (error instanceof AggregateError) values.push(...error.errors);
  return values.every((value) =>
    value instanceof Error
      ? depth < MAX_CAUSE_DEPTH && isClean(value, redact, depth + 1)
      : typeof value === "string"
        ? redact(value) === value
        : value === null || typeof value !== "object",
  );
}
