import { escapePointerFragment } from "@redocly/openapi-core";
/**
 * Reading a parsed OpenAPI document: local `$ref` resolution and the set of components that are
 * identical in two versions, so the comparison can skip them.
 *
 * @packageDocumentation
 */

import { parseJsonPointer } from "../fixes/json-pointer.js";

/** A JSON object as parsed from YAML or JSON. */
export type JsonObject = Record<string, unknown>;

/** Returns `value` when it is a plain JSON object, else `undefined`. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

/** Returns `value` when it is an array, else an empty array. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

const componentRefPattern = /^#\/components\/[^/]+\/[^/]+/;

/**
 * Maps a local `$ref` to the component that contains its target (`#/components/schemas/User` for
 * `#/components/schemas/User/properties/id`), or `undefined` when it points elsewhere.
 */
function componentOf(ref: string): string | undefined {
  return componentRefPattern.exec(ref)?.[0];
}

/** A parsed OpenAPI document with `$ref` resolution inside it. */
export class SpecDocument {
  /** The document root, or an empty object when the input was not an object. */
  readonly root: JsonObject;
  private readonly targets = new Map<string, unknown>();
  private readonly resolved = new WeakMap<JsonObject, JsonObject | null>();

  constructor(document: unknown) {
    this.root = asObject(document) ?? {};
  }

  /** Resolves a local JSON pointer (`#/components/schemas/User`), or `undefined` if it is absent. */
  lookup(ref: string): unknown {
    if (this.targets.has(ref)) return this.targets.get(ref);
    let node: unknown = undefined;
    if (ref.startsWith("#/")) {
      node = this.root;
      for (const key of parseJsonPointer(ref)) {
        if (Array.isArray(node)) node = node[Number(key)];
        else node = asObject(node)?.[key];
        if (node === undefined) break;
      }
    }
    this.targets.set(ref, node);
    return node;
  }

  /**
   * Follows `$ref` chains from `node` to the object they end at, keeping the sibling keywords
   * written beside each `$ref` (OpenAPI 3.1 applies them; 3.0 documents that write them mean
   * the same). Returns `undefined` for a node that is not an object, a `$ref` that does not
   * resolve, and a cycle of `$ref`s.
   */
  resolve(node: unknown): JsonObject | undefined {
    const start = asObject(node);
    if (start === undefined) return undefined;
    let resolved = this.resolved.get(start);
    if (resolved === undefined) {
      resolved = this.followRefs(start) ?? null;
      this.resolved.set(start, resolved);
    }
    return resolved ?? undefined;
  }

  /**
   * Does the work of {@link SpecDocument.resolve}; results are cached per node so a resolved
   * object keeps one identity, which the comparison uses to recognise schemas it has seen.
   */
  private followRefs(start: JsonObject): JsonObject | undefined {
    const refs: string[] = [];
    let current: JsonObject | undefined = start;
    let siblings: JsonObject | undefined;
    while (current && typeof current.$ref === "string") {
      const ref = current.$ref;
      if (refs.includes(ref)) return undefined;
      refs.push(ref);
      const { $ref: _ref, ...rest } = current;
      if (Object.keys(rest).length > 0) siblings = { ...rest, ...siblings };
      current = asObject(this.lookup(ref));
    }
    return current && siblings ? { ...current, ...siblings } : current;
  }
}

/** Collects every `$ref` string inside `node`, in one pass. */
function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  for (const key in node) {
    const value = (node as JsonObject)[key];
    if (key === "$ref" && typeof value === "string") into.add(value);
    else if (typeof value === "object") collectRefs(value, into);
  }
}

/**
 * Decides, for two versions of a document, which nodes can be skipped because they are
 * identical in both, references included. A component is unchanged when its own text is equal
 * in both versions and every component it references is unchanged; changed components
 * propagate along reverse references in one linear pass, so cycles need no special care.
 */
export class UnchangedIndex {
  private readonly unchangedComponents = new Set<string>();

  constructor(before: SpecDocument, after: SpecDocument) {
    const referencedBy = new Map<string, string[]>();
    const changed: string[] = [];
    const candidates = new Set<string>();
    const componentSections = [before.root.components, after.root.components];
    for (const section of componentSections) {
      for (const [type, members] of Object.entries(asObject(section) ?? {})) {
        for (const name of Object.keys(asObject(members) ?? {})) {
          candidates.add(
            `#/components/${escapePointerFragment(type)}/${escapePointerFragment(name)}`,
          );
        }
      }
    }
    for (const component of candidates) {
      const beforeNode = before.lookup(component);
      const afterNode = after.lookup(component);
      const refs = new Set<string>();
      collectRefs(beforeNode, refs);
      const same =
        beforeNode !== undefined &&
        afterNode !== undefined &&
        JSON.stringify(beforeNode) === JSON.stringify(afterNode);
      if (!same) {
        collectRefs(afterNode, refs);
        changed.push(component);
      }
      for (const ref of refs) {
        const target = componentOf(ref);
        if (target === undefined || !candidates.has(target)) {
          changed.push(component);
          continue;
        }
        const list = referencedBy.get(target);
        if (list) list.push(component);
        else referencedBy.set(target, [component]);
      }
      this.unchangedComponents.add(component);
    }
    const queue = [...new Set(changed)];
    for (const component of queue) this.unchangedComponents.delete(component);
    for (let index = 0; index < queue.length; index += 1) {
      for (const dependent of referencedBy.get(queue[index]!) ?? []) {
        if (this.unchangedComponents.delete(dependent)) queue.push(dependent);
      }
    }
  }

  /** Whether a `$ref` points into a component that is identical in both versions. */
  isUnchangedRef(ref: string): boolean {
    const component = componentOf(ref);
    return component !== undefined && this.unchangedComponents.has(component);
  }

  /**
   * Whether two nodes (an operation and its path-level parameters, say) are identical in both
   * versions, references included.
   */
  isUnchanged(beforeNode: unknown, afterNode: unknown): boolean {
    if (JSON.stringify(beforeNode) !== JSON.stringify(afterNode)) return false;
    const refs = new Set<string>();
    collectRefs(beforeNode, refs);
    for (const ref of refs) if (!this.isUnchangedRef(ref)) return false;
    return true;
  }
}
