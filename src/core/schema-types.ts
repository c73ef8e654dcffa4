/**
 * openapi-typescript's markers (`readWriteMarkers`): a `readOnly` property's type is wrapped in
 * the first, a `writeOnly` one's in the second. Matched by shape, as openapi-fetch does.
 */
type ReadOnlyMarker<T> = { readonly $read: T };
type WriteOnlyMarker<T> = { readonly $write: T };

/** The keys of `T` whose values carry the read-only marker. */
type ReadOnlyKeys<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends ReadOnlyMarker<unknown> ? K : never;
}[keyof T];

/**
 * What the client writes: read-only properties refused (`?: never`), write-only ones unwrapped.
 * An object without read-only properties keeps its own shape, with no intersection added.
 */
type Writable<T> =
  T extends ReadOnlyMarker<unknown>
    ? never
    : T extends WriteOnlyMarker<infer U>
      ? Writable<U>
      : T extends (infer E)[]
        ? Writable<E>[]
        : T extends object
          ? [ReadOnlyKeys<T>] extends [never]
            ? { [K in keyof T]: Writable<T[K]> }
            : {
                [
                  K in keyof T as NonNullable<T[K]> extends ReadOnlyMarker<unknown> ? never : K
                ]: Writable<T[K]>;
              } & { [K in ReadOnlyKeys<T>]?: never }
          : T;

/** What the client reads: write-only properties left out, read-only ones unwrapped. */
type Readable<T> =
  T extends WriteOnlyMarker<unknown>
    ? never
    : T extends ReadOnlyMarker<infer U>
      ? Readable<U>
      : T extends (infer E)[]
        ? Readable<E>[]
        : T extends object
          ? {
              [
                K in keyof T as NonNullable<T[K]> extends WriteOnlyMarker<unknown> ? never : K
              ]: Readable<T[K]>;
            }
          : T;

/** The statuses openapi-fetch reads `data` from. */
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206 | 207 | "2XX";

/**
 * The JSON request body of an operation from openapi-typescript's `paths`, e.g.
 * `JsonRequestBody<paths["/users"]["post"]>`, as the client writes it: without read-only fields,
 * like openapi-fetch's `body`.
 */
export type JsonRequestBody<Operation> = Operation extends {
  requestBody?: { content: { "application/json": infer Body } };
}
  ? Writable<Body>
  : never;

/**
 * The JSON body of an operation's success responses from openapi-typescript's `paths` (the union
 * over its 2xx statuses, like openapi-fetch's `data`), as the client reads it: without write-only
 * fields.
 */
export type JsonSuccessBody<Operation> = Operation extends { responses: infer Responses }
  ? Readable<
      {
        [Status in keyof Responses & SuccessStatus]: Responses[Status] extends {
          content: { "application/json": infer Body };
        }
          ? Body
          : never;
      }[keyof Responses & SuccessStatus]
    >
  : never;
