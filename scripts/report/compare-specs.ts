/**
 * Comparing two versions of an API's bundled OpenAPI document (3.0 or 3.1): operations,
 * parameters, bodies, responses, servers and security, each change classified for a client.
 *
 * @packageDocumentation
 */

import {
  compareSchemas,
  describeSchema,
  fieldSegment,
  type Direction,
  type SchemaComparison as SchemaComparisonState,
} from "./compare-schemas.js";
import type { SpecChange } from "./spec-change.js";
import {
  asArray,
  asObject,
  SpecDocument,
  UnchangedIndex,
  type JsonObject,
} from "./spec-document.js";

const httpMethods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** The media type that locations leave unnamed, being the one nearly every operation uses. */
const defaultMediaType = "application/json";

/** Shared state of one comparison. */
interface SpecComparison {
  before: SpecDocument;
  after: SpecDocument;
  unchanged: UnchangedIndex;
  changes: SpecChange[];
  compatibility: Map<string, boolean>;
}

/** Keys of `before` in order, then the keys only `after` has, in order. */
function unionKeys(before: JsonObject, after: JsonObject): string[] {
  const keys = Object.keys(before);
  for (const key of Object.keys(after)) if (!Object.hasOwn(before, key)) keys.push(key);
  return keys;
}

function serverList(value: unknown): { url: string; server: JsonObject }[] {
  return asArray(value).flatMap((entry) => {
    const server = asObject(entry);
    return typeof server?.url === "string" ? [{ url: server.url, server }] : [];
  });
}

function compareServers(comparison: SpecComparison): void {
  const before = serverList(comparison.before.root.servers);
  const after = serverList(comparison.after.root.servers);
  const afterByUrl = new Map(after.map((entry) => [entry.url, entry.server]));
  const beforeByUrl = new Map(before.map((entry) => [entry.url, entry.server]));
  const push = (kind: SpecChange["kind"], breaking: boolean, detail: string) =>
    comparison.changes.push({ kind, breaking, location: "servers", detail });

  const oldDefault = before[0]?.url;
  const newDefault = after[0]?.url;
  // A default that is gone entirely is reported as removed, below.
  if (newDefault !== undefined && oldDefault !== newDefault && afterByUrl.has(oldDefault ?? "")) {
    push("server-changed", true, `default server changed from ${oldDefault} to ${newDefault}`);
  }
  for (const { url, server } of before) {
    const counterpart = afterByUrl.get(url);
    if (counterpart === undefined) {
      push("server-removed", true, `server removed: ${url}`);
    } else if (
      counterpart.description !== server.description ||
      JSON.stringify(counterpart.variables) !== JSON.stringify(server.variables)
    ) {
      push("server-changed", false, `server ${url} description or variables changed`);
    }
  }
  for (const { url } of after)
    if (!beforeByUrl.has(url)) push("server-added", false, `server added: ${url}`);
}

const anonymous = "no authentication";

/**
 * The alternatives of a security requirement list, keyed by their schemes (`bearer`,
 * `apiKey + appId`, or `no authentication` for `{}` and for an empty or absent list), each with
 * the scopes it asks of every scheme.
 */
function requirementAlternatives(value: unknown): Map<string, Map<string, string[]>> {
  const requirements = asArray(value);
  const alternatives = new Map<string, Map<string, string[]>>();
  if (requirements.length === 0) alternatives.set(anonymous, new Map());
  for (const requirement of requirements) {
    const entries = Object.entries(asObject(requirement) ?? {}).sort(([left], [right]) =>
      left < right ? -1 : left > right ? 1 : 0,
    );
    const key = entries.length === 0 ? anonymous : entries.map(([scheme]) => scheme).join(" + ");
    alternatives.set(
      key,
      new Map(entries.map(([scheme, scopes]) => [scheme, asArray(scopes).map(String)])),
    );
  }
  return alternatives;
}

/** `oauth[repo, user]` for a scheme with scopes, else the scheme's name. */
function alternativeLabel(key: string, scopes: Map<string, string[]>): string {
  if (key === anonymous) return anonymous;
  return [...scopes]
    .map(([scheme, list]) => (list.length === 0 ? scheme : `${scheme}[${list.join(", ")}]`))
    .join(" + ");
}

/**
 * Compares security requirements alternative by alternative. Scopes are compared within an
 * alternative: a token that must now carry more scopes is refused where it used to work, one
 * that needs fewer keeps working.
 */
function compareSecurityRequirements(
  comparison: SpecComparison,
  location: string,
  beforeValue: unknown,
  afterValue: unknown,
): void {
  const before = requirementAlternatives(beforeValue);
  const after = requirementAlternatives(afterValue);
  for (const [key, beforeScopes] of before) {
    const afterScopes = after.get(key);
    if (afterScopes === undefined) {
      comparison.changes.push({
        kind: "security-requirement-removed",
        breaking: !after.has(anonymous),
        location,
        detail: `requirement removed: ${alternativeLabel(key, beforeScopes)}`,
      });
      continue;
    }
    for (const [scheme, oldScopes] of beforeScopes) {
      const newScopes = afterScopes.get(scheme) ?? [];
      const added = newScopes.filter((scope) => !oldScopes.includes(scope));
      const removed = oldScopes.filter((scope) => !newScopes.includes(scope));
      if (added.length > 0) {
        comparison.changes.push({
          kind: "security-scopes-changed",
          breaking: !after.has(anonymous),
          location,
          detail: `${scheme} scopes added: ${added.join(", ")}`,
        });
      }
      if (removed.length > 0) {
        comparison.changes.push({
          kind: "security-scopes-changed",
          breaking: false,
          location,
          detail: `${scheme} scopes removed: ${removed.join(", ")}`,
        });
      }
    }
  }
  for (const [key, afterScopes] of after) {
    if (before.has(key)) continue;
    comparison.changes.push({
      kind: "security-requirement-added",
      breaking: false,
      location,
      detail: `requirement added: ${alternativeLabel(key, afterScopes)}`,
    });
  }
}

/** Fields that decide how a client sends its credential: a change means it must send another way. */
const securitySchemeFields = ["type", "scheme", "in", "name"];

/**
 * What changed in an OAuth 2 scheme's flows: how a token is obtained (URLs, flows, scopes on
 * offer), never how the client sends it.
 */
function flowDifferences(before: unknown, after: unknown): string[] {
  const beforeFlows = asObject(before) ?? {};
  const afterFlows = asObject(after) ?? {};
  const differences: string[] = [];
  for (const flow of unionKeys(beforeFlows, afterFlows)) {
    const from = asObject(beforeFlows[flow]);
    const to = asObject(afterFlows[flow]);
    if (!to) {
      differences.push(`flow ${flow} removed`);
      continue;
    }
    if (!from) {
      differences.push(`flow ${flow} added`);
      continue;
    }
    for (const field of ["authorizationUrl", "tokenUrl", "refreshUrl"]) {
      if (from[field] !== to[field]) {
        differences.push(
          `flow ${flow} ${field} changed from ${String(from[field] ?? "none")} to ${String(to[field] ?? "none")}`,
        );
      }
    }
    const oldScopes = Object.keys(asObject(from.scopes) ?? {});
    const newScopes = Object.keys(asObject(to.scopes) ?? {});
    const added = newScopes.filter((scope) => !oldScopes.includes(scope));
    const removed = oldScopes.filter((scope) => !newScopes.includes(scope));
    if (added.length > 0) differences.push(`flow ${flow} scopes added: ${added.join(", ")}`);
    if (removed.length > 0) differences.push(`flow ${flow} scopes removed: ${removed.join(", ")}`);
  }
  return differences;
}

function compareSecuritySchemes(comparison: SpecComparison): void {
  const before = asObject(asObject(comparison.before.root.components)?.securitySchemes) ?? {};
  const after = asObject(asObject(comparison.after.root.components)?.securitySchemes) ?? {};
  for (const name of unionKeys(before, after)) {
    const location = `security scheme ${name}`;
    const beforeScheme = comparison.before.resolve(before[name]);
    const afterScheme = comparison.after.resolve(after[name]);
    if (!afterScheme) {
      comparison.changes.push({
        kind: "security-scheme-removed",
        breaking: false,
        location,
        detail: "scheme removed",
      });
    } else if (!beforeScheme) {
      comparison.changes.push({
        kind: "security-scheme-added",
        breaking: false,
        location,
        detail: "scheme added",
      });
    } else {
      const describe = (field: string) => {
        const from = JSON.stringify(beforeScheme[field]);
        const to = JSON.stringify(afterScheme[field]);
        return from === to ? [] : [`${field} changed from ${from ?? "none"} to ${to ?? "none"}`];
      };
      const breaking = securitySchemeFields.flatMap(describe);
      const informative = [
        ...describe("bearerFormat"),
        ...describe("openIdConnectUrl"),
        ...flowDifferences(beforeScheme.flows, afterScheme.flows),
      ];
      if (breaking.length > 0) {
        comparison.changes.push({
          kind: "security-scheme-changed",
          breaking: true,
          location,
          detail: breaking.join("; "),
        });
      }
      if (informative.length > 0) {
        comparison.changes.push({
          kind: "security-scheme-changed",
          breaking: false,
          location,
          detail: informative.join("; "),
        });
      }
    }
  }
}

function compareContent(
  comparison: SpecComparison,
  direction: Direction,
  root: string,
  beforeContent: unknown,
  afterContent: unknown,
): void {
  const before = asObject(beforeContent) ?? {};
  const after = asObject(afterContent) ?? {};
  for (const mediaType of unionKeys(before, after)) {
    if (!Object.hasOwn(after, mediaType)) {
      comparison.changes.push({
        kind: "media-type-removed",
        breaking: true,
        location: root,
        detail: `media type removed: ${mediaType}`,
      });
    } else if (!Object.hasOwn(before, mediaType)) {
      comparison.changes.push({
        kind: "media-type-added",
        breaking: false,
        location: root,
        detail: `media type added: ${mediaType}`,
      });
    } else {
      compareSchemas(
        {
          ...comparison,
          direction,
          root: mediaType === defaultMediaType ? root : `${root} [${mediaType}]`,
          visited: new Set(),
        },
        asObject(before[mediaType])?.schema,
        asObject(after[mediaType])?.schema,
        "",
      );
    }
  }
}

/** Path-level and operation-level parameters, keyed by location and name (headers ignore case). */
function parametersOf(
  document: SpecDocument,
  pathItem: JsonObject,
  operation: JsonObject,
): Map<string, JsonObject> {
  const parameters = new Map<string, JsonObject>();
  for (const entry of [...asArray(pathItem.parameters), ...asArray(operation.parameters)]) {
    const parameter = document.resolve(entry);
    if (typeof parameter?.name !== "string" || typeof parameter.in !== "string") continue;
    const name = parameter.in === "header" ? parameter.name.toLowerCase() : parameter.name;
    parameters.set(`${parameter.in} ${name}`, parameter);
  }
  return parameters;
}

function parameterSchema(parameter: JsonObject): unknown {
  if (parameter.schema !== undefined) return parameter.schema;
  const media = Object.values(asObject(parameter.content) ?? {})[0];
  return asObject(media)?.schema;
}

function isRequiredParameter(parameter: JsonObject): boolean {
  return parameter.in === "path" || parameter.required === true;
}

function compareParameters(
  comparison: SpecComparison,
  operationName: string,
  before: Map<string, JsonObject>,
  after: Map<string, JsonObject>,
): void {
  for (const [key, beforeParameter] of before) {
    const root = `${operationName} ${String(beforeParameter.in)}`;
    const location = `${root} ${fieldSegment(String(beforeParameter.name))}`;
    const afterParameter = after.get(key);
    if (afterParameter === undefined) {
      comparison.changes.push({
        kind: "field-removed",
        breaking: true,
        location,
        detail: "parameter removed",
      });
      continue;
    }
    const wasRequired = isRequiredParameter(beforeParameter);
    const isRequired = isRequiredParameter(afterParameter);
    if (wasRequired !== isRequired) {
      comparison.changes.push({
        kind: "required-changed",
        breaking: isRequired,
        location,
        detail: isRequired ? "became required" : "became optional",
      });
    }
    if (beforeParameter.deprecated !== true && afterParameter.deprecated === true) {
      comparison.changes.push({
        kind: "deprecated",
        breaking: false,
        location,
        detail: "parameter deprecated",
      });
    }
    compareSchemas(
      { ...comparison, direction: "request", root, visited: new Set() },
      parameterSchema(beforeParameter),
      parameterSchema(afterParameter),
      fieldSegment(String(beforeParameter.name)),
      { required: isRequired },
    );
  }
  for (const [key, afterParameter] of after) {
    if (before.has(key)) continue;
    const isRequired = isRequiredParameter(afterParameter);
    const type = describeSchema(comparison.after, parameterSchema(afterParameter));
    comparison.changes.push({
      kind: "field-added",
      breaking: isRequired,
      location: `${operationName} ${String(afterParameter.in)} ${fieldSegment(String(afterParameter.name))}`,
      detail: `${isRequired ? "required" : "optional"} parameter added (${type})`,
    });
  }
}

function compareRequestBodies(
  comparison: SpecComparison,
  operationName: string,
  beforeBody: JsonObject | undefined,
  afterBody: JsonObject | undefined,
): void {
  const location = `${operationName} request body`;
  if (!beforeBody && !afterBody) return;
  if (!beforeBody) {
    const isRequired = afterBody!.required === true;
    comparison.changes.push({
      kind: "field-added",
      breaking: isRequired,
      location,
      detail: `${isRequired ? "required" : "optional"} request body added`,
    });
    return;
  }
  if (!afterBody) {
    comparison.changes.push({
      kind: "field-removed",
      breaking: true,
      location,
      detail: "request body removed",
    });
    return;
  }
  const wasRequired = beforeBody.required === true;
  const isRequired = afterBody.required === true;
  if (wasRequired !== isRequired) {
    comparison.changes.push({
      kind: "required-changed",
      breaking: isRequired,
      location,
      detail: isRequired ? "became required" : "became optional",
    });
  }
  compareContent(comparison, "request", location, beforeBody.content, afterBody.content);
}

/** The body schemas of a response, per media type. */
function responseBodies(document: SpecDocument, response: unknown): Map<string, unknown> {
  const content = asObject(document.resolve(response)?.content) ?? {};
  return new Map(
    Object.entries(content).map(([mediaType, media]) => [mediaType, asObject(media)?.schema]),
  );
}

function isSuccessStatus(status: string): boolean {
  return status.startsWith("2");
}

/**
 * Whether a response added beside the existing ones reads the same as one of the existing
 * success responses: same media types, and bodies with no difference at all.
 */
function hasSameBodyAsAnother(
  comparison: SpecComparison,
  operationName: string,
  status: string,
  beforeResponses: JsonObject,
  afterResponses: JsonObject,
): string | undefined {
  const added = responseBodies(comparison.after, afterResponses[status]);
  for (const [other, response] of Object.entries(beforeResponses)) {
    if (!isSuccessStatus(other) || !Object.hasOwn(afterResponses, other)) continue;
    const existing = responseBodies(comparison.before, response);
    if (existing.size !== added.size || existing.size === 0) continue;
    const scratch: SchemaComparisonState = {
      ...comparison,
      direction: "response",
      root: `${operationName} response ${status}`,
      changes: [],
      visited: new Set(),
    };
    let same = true;
    for (const [mediaType, schema] of existing) {
      if (!added.has(mediaType)) {
        same = false;
        break;
      }
      compareSchemas(scratch, schema, added.get(mediaType), "");
    }
    if (same && scratch.changes.length === 0) return other;
  }
  return undefined;
}

/**
 * Statuses are compared the way openapi-fetch types `data`: the union of the success (2xx)
 * bodies. A new success status adds its body to that union unless an existing one already has
 * that shape; removing one narrows it, unless no success body is left. Error statuses all
 * surface as `ApiError`, so adding or removing one changes no type.
 */
function compareResponses(
  comparison: SpecComparison,
  operationName: string,
  beforeResponses: JsonObject,
  afterResponses: JsonObject,
): void {
  for (const status of unionKeys(beforeResponses, afterResponses)) {
    if (!Object.hasOwn(afterResponses, status)) {
      const isLastSuccess =
        isSuccessStatus(status) &&
        responseBodies(comparison.before, beforeResponses[status]).size > 0 &&
        !Object.keys(afterResponses).some(
          (other) =>
            isSuccessStatus(other) &&
            responseBodies(comparison.after, afterResponses[other]).size > 0,
        );
      comparison.changes.push({
        kind: "status-removed",
        breaking: isLastSuccess,
        location: operationName,
        detail: isLastSuccess
          ? `response ${status} removed: no success response with a body is left`
          : `response ${status} removed`,
      });
    } else if (!Object.hasOwn(beforeResponses, status)) {
      const sameAs = isSuccessStatus(status)
        ? hasSameBodyAsAnother(comparison, operationName, status, beforeResponses, afterResponses)
        : undefined;
      comparison.changes.push({
        kind: "status-added",
        breaking: isSuccessStatus(status) && sameAs === undefined,
        location: operationName,
        detail:
          sameAs === undefined
            ? `response ${status} added`
            : `response ${status} added, with the same body as ${sameAs}`,
      });
    } else {
      compareContent(
        comparison,
        "response",
        `${operationName} response ${status}`,
        comparison.before.resolve(beforeResponses[status])?.content,
        comparison.after.resolve(afterResponses[status])?.content,
      );
    }
  }
}

function compareOperation(
  comparison: SpecComparison,
  operationName: string,
  before: { pathItem: JsonObject; operation: JsonObject },
  after: { pathItem: JsonObject; operation: JsonObject },
): void {
  if (
    comparison.unchanged.isUnchanged(
      [before.pathItem.parameters, before.operation],
      [after.pathItem.parameters, after.operation],
    )
  ) {
    return;
  }
  if (before.operation.deprecated !== true && after.operation.deprecated === true) {
    comparison.changes.push({
      kind: "deprecated",
      breaking: false,
      location: operationName,
      detail: "operation deprecated",
    });
  }
  if (before.operation.security !== undefined || after.operation.security !== undefined) {
    compareSecurityRequirements(
      comparison,
      `${operationName} security`,
      before.operation.security ?? comparison.before.root.security,
      after.operation.security ?? comparison.after.root.security,
    );
  }
  compareParameters(
    comparison,
    operationName,
    parametersOf(comparison.before, before.pathItem, before.operation),
    parametersOf(comparison.after, after.pathItem, after.operation),
  );
  compareRequestBodies(
    comparison,
    operationName,
    comparison.before.resolve(before.operation.requestBody),
    comparison.after.resolve(after.operation.requestBody),
  );
  compareResponses(
    comparison,
    operationName,
    asObject(before.operation.responses) ?? {},
    asObject(after.operation.responses) ?? {},
  );
}

function compareOperations(comparison: SpecComparison): void {
  const beforePaths = asObject(comparison.before.root.paths) ?? {};
  const afterPaths = asObject(comparison.after.root.paths) ?? {};
  for (const path of unionKeys(beforePaths, afterPaths)) {
    const beforePathItem = comparison.before.resolve(beforePaths[path]) ?? {};
    const afterPathItem = comparison.after.resolve(afterPaths[path]) ?? {};
    for (const method of unionKeys(beforePathItem, afterPathItem)) {
      if (!httpMethods.has(method)) continue;
      const operationName = `${method.toUpperCase()} ${path}`;
      const beforeOperation = asObject(beforePathItem[method]);
      const afterOperation = asObject(afterPathItem[method]);
      if (!afterOperation) {
        comparison.changes.push({
          kind: "operation-removed",
          breaking: true,
          location: operationName,
          detail: "operation removed",
        });
      } else if (!beforeOperation) {
        comparison.changes.push({
          kind: "operation-added",
          breaking: false,
          location: operationName,
          detail: "operation added",
        });
      } else {
        compareOperation(
          comparison,
          operationName,
          { pathItem: beforePathItem, operation: beforeOperation },
          { pathItem: afterPathItem, operation: afterOperation },
        );
      }
    }
  }
}

/**
 * Drops repeats: variants that share a base schema (`allOf`) report its changes at the same
 * field path once each.
 */
function withoutDuplicates(changes: SpecChange[]): SpecChange[] {
  const seen = new Set<string>();
  return changes.filter((change) => {
    const key = `${change.kind}\u0000${change.location}\u0000${change.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Lists what changed between two versions of an API's bundled OpenAPI document (3.0 or 3.1),
 * each change classified as breaking or not for a client. Local `#/components/…` references are
 * followed while walking; components identical in both versions are skipped, and each schema
 * is walked at most once per request or response part, so the work grows with the size of the
 * documents, not with the number of paths through them.
 *
 * The order is stable: servers, document-level security, security schemes, then operations in
 * document order (removed ones where they were, added ones after), each with its parameters,
 * request body and responses.
 *
 * @param before - The older parsed document (an absent document counts as one with nothing in it).
 * @param after - The newer parsed document.
 */
export function compareSpecs(before: unknown, after: unknown): SpecChange[] {
  const beforeDocument = new SpecDocument(before);
  const afterDocument = new SpecDocument(after);
  const comparison: SpecComparison = {
    before: beforeDocument,
    after: afterDocument,
    unchanged: new UnchangedIndex(beforeDocument, afterDocument),
    changes: [],
    compatibility: new Map(),
  };
  compareServers(comparison);
  compareSecurityRequirements(
    comparison,
    "security",
    beforeDocument.root.security,
    afterDocument.root.security,
  );
  compareSecuritySchemes(comparison);
  compareOperations(comparison);
  return withoutDuplicates(comparison.changes);
}
