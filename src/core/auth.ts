import type { Middleware } from "openapi-fetch";

/** An `Authorization` header value and the secrets it is made of. */
export interface Credential {
  /** The full header value, e.g. `"Bearer sk_…"`. */
  authorization: string;
  /** Every value that must be redacted from errors: the key or token, the encoded value, the header. */
  secrets: readonly string[];
  /** Whether the credential must stay on a server (refused in browsers without opt-in). */
  secret: boolean;
}

/** Options for {@link bearerCredential}. */
export interface BearerCredentialOptions {
  /**
   * Whether the token must stay on a server: secret API keys are, user access tokens made for
   * front ends are not.
   */
  secret: boolean;
  /**
   * What every valid token starts with, e.g. `"sk_"`; other tokens are refused at once.
   * @default ""
   */
  prefix?: string;
}

/**
 * Says what makes a credential value unfit for an HTTP header, without repeating the value: a
 * control character (CR, LF, NUL, tab, DEL, U+0080–U+009F) or one above U+00FF, which a
 * runtime's `fetch` refuses on every call, or a header-injection attempt would need.
 *
 * @returns e.g. `"contains U+000A at character 13"`, or `undefined` when the value is fine.
 */
export function credentialProblem(value: string): string | undefined {
  const index = value.search(/[^\x20-\x7e\xa0-\xff]/);
  if (index < 0) return undefined;
  const code = value.codePointAt(index)?.toString(16).toUpperCase().padStart(4, "0");
  return `contains U+${code} at character ${index + 1}; only printable characters up to U+00FF can be sent`;
}

/**
 * `Authorization: Bearer <token>`.
 * @throws Error when the token lacks the required prefix or has a character no header can
 *   carry (see {@link credentialProblem}); the message never repeats the token.
 */
export function bearerCredential(token: string, options: BearerCredentialOptions): Credential {
  const prefix = options.prefix ?? "";
  const problem = credentialProblem(token);
  if (problem) throw new Error(`the token ${problem}.`);
  if (!token.startsWith(prefix)) {
    throw new Error(`the key given does not start with ${prefix}; check that it is the right key.`);
  }
  const authorization = `Bearer ${token}`;
  return { authorization, secrets: [authorization, token], secret: options.secret };
}

/**
 * `Authorization: Basic base64(username:password)`; always a server-side secret.
 * @throws Error when the username (the public half of a key pair) contains `:`, which RFC 7617
 *   does not allow: the server would split the pair at the wrong place.
 */
export function basicCredential(username: string, password: string): Credential {
  if (username.includes(":")) {
    throw new Error(
      'the public key contains ":", which Basic authentication (RFC 7617) cannot carry; check that it is the right key.',
    );
  }
  const encoded = base64(`${username}:${password}`);
  const authorization = `Basic ${encoded}`;
  return { authorization, secrets: [authorization, encoded, password], secret: true };
}

/**
 * openapi-fetch middleware that sets the `Authorization` header on every request. It runs after
 * the caller's headers are merged, so a stray `Authorization` in `headers` cannot replace it.
 */
export function authMiddleware(credential: Credential): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("Authorization", credential.authorization);
    },
  };
}

/** Base64 of the UTF-8 bytes (`btoa` alone only takes Latin-1). */
function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
