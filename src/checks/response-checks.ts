/**
 * Response checking for the generated `generated/<api>/checks.ts` modules: the client option
 * (`<api>ResponseChecks({ mode })`) and the Standard Schemas (`<api>ResponseSchemas`). A client
 * reaches this code only through its `responseChecks` option, so a bundle without it has none.
 */
import type { ApiError } from "../core/api-error.js";
import type { Hooks, MismatchEvent } from "../core/hooks.js";
import { redactedError, requestIdOf, type OperationContext } from "../core/normalize.js";
import type { Mismatch, ResponseCheckMode, ResponseChecks } from "../core/response-checks.js";
import { hasOwn, isObject, kindOf, pointerSegment, type BodyCheck } from "./body-check.js";
import type { StandardSchemaV1 } from "./standard-schema.js";

/** The check of one operation's 2xx status, as generated. */
export interface StatusCheck {
  /** Checks a body against the status's `application/json` schema. */
  check: BodyCheck;
  /** Properties a declared fix renamed in this body, as `{ oldName: newName }`. */
  renamed?: Readonly<Record<string, string>>;
}

/**
 * The generated checks of one API: operation (`"POST /users"`) → 2xx status (`"200"`, `"2XX"`)
 * → its check, or `null` when the spec gives that status no JSON body to check.
 */
export type OperationChecks = Readonly<
  Record<string, Readonly<Record<string, StatusCheck | null>>>
>;

/** Options of a generated `<api>ResponseChecks(…)`. */
export interface ResponseCheckOptions {
  /** `off`, `report` or `strict` (see {@link ResponseCheckMode}). */
  mode: ResponseCheckMode;
}

/** Most mismatches kept per body: a body that is all wrong says so in the first few. */
export const MAX_MISMATCHES = 20;

/** How many mismatches a strict error's message names; the rest are counted. */
const MISMATCHES_IN_MESSAGE = 3;

const MODES: readonly string[] = ["off", "report", "strict"];

/**
 * Builds the `<api>ResponseChecks` function of a generated module: given a mode, it returns the
 * value of a client's `responseChecks` option (`undefined` for `off`), which only a client of
 * `api` accepts: another API's client throws a `TypeError` when it is created.
 */
export function responseChecksFor(
  api: string,
  operations: OperationChecks,
): (options: ResponseCheckOptions) => ResponseChecks | undefined {
  return ({ mode }) => {
    if (!MODES.includes(mode)) {
      throw new RangeError(
        `responseChecks: mode must be one of ${MODES.join(", ")}; got ${JSON.stringify(mode)}.`,
      );
    }
    if (mode === "off") return undefined;
    return ({ name, decode }, context, options) => {
      if (context.api !== api) {
        throw new TypeError(
          `${context.displayName}: responseChecks are the ${api} API's checks; ` +
            `pass the ${context.api} API's own (api-clients/${context.api}/checks).`,
        );
      }
      const report = mismatchReporter(context, options);
      return (body, response) => {
        const mismatches = findMismatches(operations[name], response.status, body);
        if (mismatches.length === 0) return decode(body, response);
        report(response, mismatches);
        return mode === "strict"
          ? strictError(context, response, body, mismatches)
          : decode(body, response);
      };
    };
  };
}

/**
 * Hands an operation's mismatches to the client's `onMismatch` hooks (`logTo` of
 * `api-clients/logging` writes them at `warn`), redacted like every event. A hook that throws or
 * rejects is ignored and the call goes on, as with the other hooks.
 */
function mismatchReporter(
  context: OperationContext,
  options: Parameters<ResponseChecks>[2],
): (response: Response, mismatches: readonly Mismatch[]) => void {
  const hooks = ([] as readonly Hooks[]).concat(options.hooks ?? []);
  const { redact } = context;
  return (response, mismatches) => {
    const requestId = requestIdOf(response);
    const event: MismatchEvent = {
      api: context.api,
      operation: context.operation,
      status: response.status,
      requestId: requestId && redact(requestId),
      mismatches,
    };
    for (const { onMismatch } of hooks) {
      try {
        const result: unknown = onMismatch?.(event);
        (result as Partial<PromiseLike<unknown>> | undefined)?.then?.(undefined, () => {});
      } catch {
        // A hook that throws only loses its own work.
      }
    }
  };
}

/**
 * Where `body`, a parsed 2xx body of HTTP `status`, differs from the operation's schema for it;
 * empty when it does not (or when the operation is not in the spec).
 */
export function findMismatches(
  statuses: OperationChecks[string] | undefined,
  status: number,
  body: unknown,
): Mismatch[] {
  if (statuses === undefined) return [];
  const code = `${status}` in statuses ? `${status}` : `${Math.floor(status / 100)}XX`;
  const entry = statuses[code];
  if (entry === undefined) {
    const listed = Object.keys(statuses).join(", ");
    return [
      {
        pointer: "",
        keyword: "status",
        expected: `HTTP ${listed}`,
        received: `HTTP ${status}`,
        message: `at the root: HTTP ${status} is not a status the spec lists (${listed})`,
      },
    ];
  }
  return bodyMismatches(entry, body);
}

/** Where `body` differs from a status's check: empty when it does not or there is none (`null`). */
function bodyMismatches(entry: StatusCheck | null, body: unknown): Mismatch[] {
  const mismatches: Mismatch[] = [];
  if (entry === null) return mismatches;
  let checked = body;
  if (entry.renamed && isObject(body)) {
    for (const from in entry.renamed) {
      if (!hasOwn(body, from)) continue;
      const to = entry.renamed[from]!;
      const pointer = `/${pointerSegment(from)}`;
      mismatches.push({
        pointer,
        keyword: "renamed",
        expected: `\`${to}\``,
        received: kindOf(body[from]),
        message: `at ${pointer}: \`${from}\` arrived; the fix renames it to \`${to}\``,
      });
      // Checked as the client decodes it: under the new name, which wins when both arrived.
      const { [from]: value, ...rest } = checked as Record<string, unknown>;
      checked = hasOwn(rest, to) ? rest : { ...rest, [to]: value };
    }
  }
  entry.check(checked, "", (pointer, keyword, expected, value) => {
    if (mismatches.length >= MAX_MISMATCHES) return;
    const received = kindOf(value);
    const got = received === "missing" ? "nothing" : received;
    mismatches.push({
      pointer,
      keyword,
      expected,
      received,
      message: `at ${pointer || "the root"}: expected ${expected}, got ${got}`,
    });
  });
  return mismatches;
}

function strictError(
  context: OperationContext,
  response: Response,
  body: unknown,
  mismatches: readonly Mismatch[],
): ApiError {
  const named = mismatches.slice(0, MISMATCHES_IN_MESSAGE).map(({ message }) => message);
  const more = mismatches.length - named.length;
  const message =
    `${context.displayName} ${context.operation} answered HTTP ${response.status} with a body ` +
    `that differs from the spec ${named.join("; ")}${more > 0 ? ` (and ${more} more)` : ""}.`;
  return redactedError(context, response, "unknown", message, body);
}

/**
 * A Standard Schema (v1) of an operation's 2xx body, for reuse with tools that accept one: a
 * body that matches the schema of any of the operation's 2xx statuses passes as it is; otherwise
 * the issues are those of its first status, with messages and paths and no value of the body.
 */
export function responseSchema<Output>(
  statuses: OperationChecks[string],
): StandardSchemaV1<unknown, Output> {
  const entries = Object.values(statuses);
  return {
    "~standard": {
      version: 1,
      vendor: "api-clients",
      validate(value) {
        let first: Mismatch[] | undefined;
        for (const entry of entries) {
          const mismatches = bodyMismatches(entry, value);
          if (mismatches.length === 0) return { value: value as Output };
          first ??= mismatches;
        }
        return {
          issues: (first ?? []).map(({ pointer, message }) => ({
            message,
            path: pointer === "" ? [] : pointer.slice(1).split("/").map(unescapeSegment),
          })),
        };
      },
    },
  };
}

function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
