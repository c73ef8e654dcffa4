/**
 * Property tests of the generated checks: any body the types accept passes, and a body changed in
 * one place is reported at the pointer of that place, for the fixture spec and both vendors' specs.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { joyfillResponseChecks } from "../../generated/joyfill/checks.js";
import { proficientResponseChecks } from "../../generated/proficient/checks.js";
import type { ResponseChecks } from "../../src/core/response-checks.js";
import { FIXTURE_SPEC_30 } from "../fixtures/checks/fixture-spec.js";
import { loadChecks, mismatchesOf } from "../fixtures/checks/load-checks.js";
import { bodyOf, mutationsOf } from "../fixtures/checks/schema-arbitrary.js";

type Document = Record<string, any>;

function vendorSpec(api: string): Document {
  return parse(
    readFileSync(new URL(`../../generated/${api}/openapi.yaml`, import.meta.url), "utf8"),
  );
}

interface Subject {
  name: string;
  api: string;
  document: Document;
  operation: string;
  status: number;
  checks: () => ResponseChecks;
}

let fixtureChecks: ResponseChecks;
beforeAll(async () => {
  fixtureChecks = (await loadChecks(FIXTURE_SPEC_30)).fixtureResponseChecks({ mode: "report" })!;
});

const SUBJECTS: Subject[] = [
  {
    api: "fixture",
    name: "fixture GET /things",
    document: FIXTURE_SPEC_30,
    operation: "GET /things",
    status: 200,
    checks: () => fixtureChecks,
  },
  {
    api: "fixture",
    name: "fixture GET /lists",
    document: FIXTURE_SPEC_30,
    operation: "GET /lists",
    status: 200,
    checks: () => fixtureChecks,
  },
  {
    api: "fixture",
    name: "fixture GET /counts",
    document: FIXTURE_SPEC_30,
    operation: "GET /counts",
    status: 200,
    checks: () => fixtureChecks,
  },
  {
    api: "fixture",
    name: "fixture POST /things",
    document: FIXTURE_SPEC_30,
    operation: "POST /things",
    status: 201,
    checks: () => fixtureChecks,
  },
  {
    api: "joyfill",
    name: "joyfill POST /users",
    document: vendorSpec("joyfill"),
    operation: "POST /users",
    status: 200,
    checks: () => joyfillResponseChecks({ mode: "report" })!,
  },
  {
    api: "proficient",
    name: "proficient POST /users",
    document: vendorSpec("proficient"),
    operation: "POST /users",
    status: 200,
    checks: () => proficientResponseChecks({ mode: "report" })!,
  },
];

/** The response schema of `operation` for `status` (`2XX` where the spec says so). */
function responseSchema({ document, operation, status }: Subject): Document {
  const [method, path] = operation.split(" ") as [string, string];
  const responses = document.paths[path][method.toLowerCase()].responses;
  const response = responses[status] ?? responses["2XX"];
  return response.content["application/json"].schema;
}

/** As the client sees a body: parsed from the JSON text the server sent. */
function overTheWire(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body));
}

describe.each(SUBJECTS)("$name", (subject) => {
  const schema = responseSchema(subject);

  test("any body the types accept passes", () => {
    fc.assert(
      fc.property(bodyOf(subject.document, schema), (body) => {
        expect(
          mismatchesOf(
            subject.checks(),
            subject.operation,
            subject.status,
            overTheWire(body),
            subject.api,
          ),
        ).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test("a body changed in one place is reported at that place's pointer", () => {
    const changed = bodyOf(subject.document, schema).chain((body) => {
      const mutations = mutationsOf(subject.document, schema, overTheWire(body));
      return fc.constantFrom(...mutations).map((mutation) => ({ body, mutation }));
    });
    fc.assert(
      fc.property(changed, ({ body, mutation }) => {
        const mutated = overTheWire(mutation.apply(overTheWire(body)));
        const found = mismatchesOf(
          subject.checks(),
          subject.operation,
          subject.status,
          mutated,
          subject.api,
        );
        expect(found.map(({ pointer, keyword }) => ({ pointer, keyword }))).toContainEqual({
          pointer: mutation.pointer,
          keyword: mutation.keyword,
        });
      }),
      { numRuns: 200 },
    );
  });
});
