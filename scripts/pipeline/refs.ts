import { realpath, stat, readFile } from "node:fs/promises";
import { isAbsolute, relative, sep } from "node:path";
import {
  BaseResolver,
  escapePointerFragment,
  isRef,
  ResolveError,
  Source,
  getLineColLocation,
  type Document,
} from "@redocly/openapi-core";
import {
  checkSpecText,
  findAliasExpansion,
  findTooDeep,
  formatBytes,
  mayHaveAliases,
  SPEC_LIMITS,
  tooDeepMessage,
} from "../spec-limits.js";
import { parseJsonPointer } from "../fixes/json-pointer.js";
import { sha256 } from "./files.js";
import { displayPath, problemText, type ProblemLine } from "./problems.js";

/** Which `$ref`s an API may follow, from its entry in redocly.yaml. */
export interface RefPolicy {
  /** Absolute folder of the API's root spec: file `$ref`s must resolve inside it. */
  folder: string;
  /**
   * http(s) URL prefixes whose documents may be `$ref`d (`x-api-clients.remoteRefs.allow`).
   * @default none: every http(s) `$ref` is refused
   */
  remotePrefixes: readonly string[];
  /**
   * How long one remote document may take, body included (`x-api-clients.remoteRefs.timeoutMs`).
   * @default 10000
   */
  remoteTimeoutMs: number;
}

/** The default of {@link RefPolicy.remoteTimeoutMs}. */
export const DEFAULT_REMOTE_TIMEOUT_MS = 10_000;

/** Why a `$ref` may not be followed: the rule id and the reason. */
interface Refusal {
  rule: "ref-outside-spec-folder" | "ref-remote" | "ref-scheme";
  reason: string;
}

/** A document the resolver would not load, or could not; the message says which and why. */
class RefLoadError extends Error {
  constructor(
    message: string,
    readonly rule: string,
  ) {
    super(message);
  }
}

/**
 * Redocly's resolver, confined: it loads a file only when its real path (symbolic links
 * followed) is inside the API's spec folder, and an http(s) document only when the API allows its
 * URL prefix, with a timeout and a size limit; every other `$ref` fails to load. Files it loads
 * must keep within the {@link SPEC_LIMITS} like the root spec.
 *
 * Lint, bundle and the `$ref` check share one instance per API, so each document is read once.
 */
export class ConfinedResolver extends BaseResolver {
  readonly #policy: RefPolicy;
  readonly #realFolder: Promise<string>;
  /** SHA-256 of each remote document loaded, by URL: inputs of the API, recorded in the manifest. */
  readonly remoteHashes = new Map<string, string>();

  constructor(policy: RefPolicy) {
    super({ http: { headers: [] } });
    this.#policy = policy;
    this.#realFolder = realpath(policy.folder).catch(() => policy.folder);
  }

  /** Why `absoluteRef` (a path or URL, as {@link resolveExternalRef} gives it) may not be loaded. */
  async refusal(absoluteRef: string): Promise<Refusal | undefined> {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(absoluteRef)?.[1]?.toLowerCase();
    if (scheme === "http" || scheme === "https") {
      if (this.#policy.remotePrefixes.some((prefix) => absoluteRef.startsWith(prefix)))
        return undefined;
      return {
        rule: "ref-remote",
        reason:
          this.#policy.remotePrefixes.length === 0
            ? "http(s) $refs are refused unless the API allows their URL in redocly.yaml (x-api-clients.remoteRefs.allow)"
            : `no prefix in x-api-clients.remoteRefs.allow matches this URL (allowed: ${this.#policy.remotePrefixes.join(", ")})`,
      };
    }
    if (scheme !== undefined && !(scheme.length === 1 && isAbsolute(absoluteRef))) {
      return {
        rule: "ref-scheme",
        reason: `${scheme}: $refs are refused; refer to files beside the spec or, when allowed, to http(s) URLs`,
      };
    }
    const folder = await this.#realFolder;
    const real = await realpath(absoluteRef).catch(() => absoluteRef);
    const inside = relative(folder, real);
    if (inside === "" || inside.startsWith(`..${sep}`) || inside === ".." || isAbsolute(inside)) {
      return {
        rule: "ref-outside-spec-folder",
        reason: `it resolves to ${real}, outside the spec's folder ${folder}; a spec may only $ref files inside its own folder`,
      };
    }
    return undefined;
  }

  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    const refused = await this.refusal(absoluteRef);
    if (refused) throw new ResolveError(new RefLoadError(refused.reason, refused.rule));
    const { text, mimeType } = /^https?:/i.test(absoluteRef)
      ? await this.#fetch(absoluteRef)
      : await readLocal(absoluteRef);
    const limit = checkSpecText(text);
    if (limit)
      throw new ResolveError(
        new RefLoadError(
          `${limit.line}:${limit.col} of that document: ${limit.message}`,
          limit.rule,
        ),
      );
    return new Source(absoluteRef, text, mimeType);
  }

  override parseDocument(source: Source, isRoot?: boolean): Document {
    const document = super.parseDocument(source, isRoot);
    const expansion = mayHaveAliases(source.body) ? findAliasExpansion(document.parsed) : undefined;
    if (expansion) {
      const at = lineCol({ document, path: expansion.path });
      throw new RefLoadError(
        `${at === undefined ? "" : `${at} of that document: `}${expansion.message}`,
        "yaml-alias-expansion",
      );
    }
    const deep = findTooDeep(document.parsed);
    if (deep)
      throw new RefLoadError(
        `at #/${deep.map(escapePointerFragment).join("/")} of that document: ${tooDeepMessage(SPEC_LIMITS.maxDepth)}`,
        "spec-too-deep",
      );
    return document;
  }

  async #fetch(url: string): Promise<{ text: string; mimeType: string | undefined }> {
    const { remoteTimeoutMs } = this.#policy;
    const fail = (reason: string, rule = "ref-remote-failed") =>
      new ResolveError(new RefLoadError(reason, rule));
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(remoteTimeoutMs),
        redirect: "manual",
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        throw fail(
          `the server answered HTTP ${response.status} (redirects are not followed); $ref the final URL`,
        );
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw fail(`the server answered HTTP ${response.status}`);
      }
      const text = await readBounded(response, SPEC_LIMITS.maxBytes);
      this.remoteHashes.set(url, sha256(text));
      return { text, mimeType: response.headers.get("content-type") ?? undefined };
    } catch (error) {
      if (error instanceof ResolveError) throw error;
      if ((error as Error).name === "TimeoutError") {
        throw fail(
          `no complete answer within ${remoteTimeoutMs} ms (x-api-clients.remoteRefs.timeoutMs)`,
          "ref-remote-timeout",
        );
      }
      throw fail(`could not be fetched: ${(error as Error).message}`);
    }
  }
}

async function readLocal(path: string): Promise<{ text: string; mimeType: undefined }> {
  const stats = await stat(path);
  if (stats.isDirectory()) throw new Error(`expected a file but found a folder at ${path}`);
  if (stats.size > SPEC_LIMITS.maxBytes) {
    throw new ResolveError(
      new RefLoadError(
        `that file is ${formatBytes(stats.size)}; a spec file may be at most ${formatBytes(SPEC_LIMITS.maxBytes)}`,
        "spec-too-large",
      ),
    );
  }
  return { text: (await readFile(path, "utf8")).replace(/\r\n/g, "\n"), mimeType: undefined };
}

/** The body as text, failing as soon as it passes `maxBytes`. */
async function readBounded(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ResolveError(
        new RefLoadError(
          `the body passed ${formatBytes(maxBytes)}, the limit on a spec file`,
          "spec-too-large",
        ),
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A `$ref` (or an example's `externalValue`) met in a document, with where it is. */
interface RefSite {
  document: Document;
  /** JSON pointer segments of the object holding the `$ref`. */
  path: readonly string[];
  key: "$ref" | "externalValue";
  value: string;
  /** The object holding it. */
  holder: object;
}

/**
 * Checks every `$ref` of a spec and of the files it pulls in, before lint or bundle follow any,
 * and returns a problem line for each that may not or cannot be followed:
 *
 * - `ref-outside-spec-folder`: a file outside the spec's own folder (absolute paths, `../`,
 *   symbolic links out);
 * - `ref-remote`: an http(s) URL the API does not allow; `ref-scheme`: `file:`, `data:` and any
 *   other scheme;
 * - `ref-inherited-name`: a pointer segment that names no property of the document, only one every
 *   JavaScript object inherits (`__proto__`, `constructor`, `toString`);
 * - `ref-circular`: a `$ref` whose chain of `$ref`s leads back to itself;
 * - `no-unresolved-refs` and the limit rules: a file or URL that fails to load, with the reason.
 *
 * Every `$ref` is looked at, wherever it sits (extensions, examples, unknown keys): Redocly follows
 * `$ref`s in all of them. Pointers that simply name nothing are left to lint's
 * `no-unresolved-refs`, which reports them with the same position.
 */
export async function checkRefs(options: {
  root: Document;
  resolver: ConfinedResolver;
  projectRoot: string;
}): Promise<ProblemLine[]> {
  const { resolver, projectRoot } = options;
  const problems: ProblemLine[] = [];
  const report = (site: RefSite, rule: string, message: string) =>
    problems.push({
      severity: "error",
      text: problemText(
        where(site, projectRoot),
        "error",
        rule,
        `${site.key} ${JSON.stringify(site.value)}: ${message}`,
      ),
    });
  const walked = new Set<string>();
  const queue: Document[] = [options.root];
  while (queue.length > 0) {
    const document = queue.shift()!;
    if (walked.has(document.source.absoluteRef)) continue;
    walked.add(document.source.absoluteRef);
    for (const site of collectRefs(document)) {
      const hash = site.value.indexOf("#");
      const uri = hash === -1 ? site.value : site.value.slice(0, hash);
      const fragment = hash === -1 ? "" : site.value.slice(hash + 1);
      let target = document;
      if (uri !== "") {
        const absolute = resolver.resolveExternalRef(document.source.absoluteRef, uri);
        const refused = await resolver.refusal(absolute);
        if (refused) {
          report(site, refused.rule, refused.reason);
          continue;
        }
        if (absolute === document.source.absoluteRef) {
          target = document;
        } else {
          try {
            target = await loadDocument(resolver, document, uri);
          } catch (error) {
            const cause = error instanceof ResolveError ? error.originalError : error;
            report(
              site,
              cause instanceof RefLoadError ? cause.rule : "no-unresolved-refs",
              loadFailure(cause),
            );
            continue;
          }
          queue.push(target);
        }
      }
      if (site.key === "externalValue" || !fragment.startsWith("/")) continue;
      const followed = await followPointer({
        document: target,
        fragment,
        resolver,
        seen: new Set([site.holder]),
        chain: [site.value],
      });
      if (followed && "problem" in followed)
        report(site, followed.problem.rule, followed.problem.message);
    }
  }
  return problems;
}

/** A problem met while following a pointer, or where it led (`undefined`: it leads nowhere). */
type Followed =
  | { problem: { rule: string; message: string } }
  | { document: Document; node: unknown }
  | undefined;

/**
 * Follows a pointer through own properties and the `$ref`s on its way, as Redocly does, but
 * without inherited names and with each `$ref` node visited once (`seen`), so a cycle is a problem
 * instead of a stack overflow.
 */
async function followPointer(options: {
  document: Document;
  fragment: string;
  resolver: ConfinedResolver;
  seen: Set<object>;
  /** The `$ref`s followed so far, first to last, for the message about a circle. */
  chain: string[];
}): Promise<Followed> {
  const { resolver, seen, chain } = options;
  let document = options.document;
  let node: unknown = document.parsed;
  const segments = parseJsonPointer(`#${options.fragment}`);
  for (let index = 0; ; index++) {
    while (isRef(node)) {
      if (seen.has(node)) {
        return {
          problem: {
            rule: "ref-circular",
            message: `its $refs go round in a circle: ${chain.join(" → ")}`,
          },
        };
      }
      seen.add(node);
      chain.push(node.$ref);
      const hash = node.$ref.indexOf("#");
      const uri = hash === -1 ? node.$ref : node.$ref.slice(0, hash);
      const fragment = hash === -1 ? "" : node.$ref.slice(hash + 1);
      if (uri !== "") {
        const absolute = resolver.resolveExternalRef(document.source.absoluteRef, uri);
        // Refused or failing refs are reported where they are written, by the walk over that document.
        if (await resolver.refusal(absolute)) return undefined;
        if (absolute !== document.source.absoluteRef) {
          try {
            document = await loadDocument(resolver, document, uri);
          } catch {
            return undefined;
          }
        }
      }
      if (!fragment.startsWith("/")) {
        node = document.parsed;
        continue;
      }
      const followed = await followPointer({ document, fragment, resolver, seen, chain });
      if (!followed || "problem" in followed) return followed;
      ({ document, node } = followed);
    }
    if (index === segments.length) return { document, node };
    const segment = segments[index]!;
    if (node === null || typeof node !== "object") return undefined;
    if (!Object.hasOwn(node, segment)) {
      if (!(segment in node)) return undefined;
      return {
        problem: {
          rule: "ref-inherited-name",
          message: `"${segment}" is not a property of the document, only a name every JavaScript object inherits`,
        },
      };
    }
    node = (node as Record<string, unknown>)[segment];
  }
}

/** The document `uri` names from `base`, through the resolver's cache; rejects when it cannot load. */
async function loadDocument(
  resolver: ConfinedResolver,
  base: Document,
  uri: string,
): Promise<Document> {
  return (await resolver.resolveDocument(base.source.absoluteRef, uri)) as Document;
}

/**
 * Every `$ref` and `externalValue` string in a document. Recursive with one shared path: the
 * document was checked against the depth limit when it was read, so the recursion is bounded, and
 * nothing is allocated per value but for the sites found.
 */
function collectRefs(document: Document): RefSite[] {
  const sites: RefSite[] = [];
  const path: string[] = [];
  const visit = (node: object) => {
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const child: unknown = node[index];
        if (child === null || typeof child !== "object") continue;
        path.push(String(index));
        visit(child);
        path.pop();
      }
      return;
    }
    const record = node as Record<string, unknown>;
    for (const key of ["$ref", "externalValue"] as const) {
      const value = Object.hasOwn(record, key) ? record[key] : undefined;
      if (typeof value === "string")
        sites.push({ document, path: [...path], key, value, holder: record });
    }
    for (const key in record) {
      const child = record[key];
      if (child === null || typeof child !== "object") continue;
      path.push(key);
      visit(child);
      path.pop();
    }
  };
  if (document.parsed !== null && typeof document.parsed === "object") visit(document.parsed);
  return sites;
}

/** `file:line:col` of a `$ref`'s value, or the file alone when the position cannot be found. */
function where(site: RefSite, projectRoot: string): string {
  const name = displayPath(site.document.source.absoluteRef, projectRoot);
  const at = lineCol({ document: site.document, path: [...site.path, site.key] });
  return at === undefined ? name : `${name}:${at}`;
}

/** `line:col` of the value at `path` in a document, or `undefined` when it cannot be placed. */
function lineCol(options: { document: Document; path: readonly string[] }): string | undefined {
  try {
    const pointer = `#/${options.path.map(escapePointerFragment).join("/")}`;
    const location = { source: options.document.source, pointer } as Parameters<
      typeof getLineColLocation
    >[0];
    const { start } = getLineColLocation(location);
    return `${start.line}:${start.col}`;
  } catch {
    return undefined;
  }
}

function loadFailure(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  return cause instanceof RefLoadError ? message : `cannot be loaded: ${message}`;
}
