/**
 * The assertions every runtime of the matrix must pass, declared once: each `*.test.ts` file says
 * how to run the scenarios in its runtime, and {@link describeRuntimeMatrix} starts a fake API on
 * 127.0.0.1, runs them, and checks what the runtime reported and what the API received.
 *
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startFakeApi, type FakeApi, type RecordedRequest } from "../package/fake-api.js";
import { REPO_ROOT } from "./consumer-project.js";
import {
  environmentCredentials,
  optionCredentials,
  scenarioPaths,
  type ScenarioInput,
  type ScenarioReport,
} from "./scenarios.js";

/** A runtime of the matrix and how to run the scenarios in it. */
export interface RuntimeUnderTest {
  /** Title of the test group, e.g. `"Bun 1.4.5"`. */
  title: string;
  /** What the runtime must report as its name and version (`runtimeName()` in the scenarios). */
  reports: string | RegExp;
  /**
   * `"server"`: secret keys are accepted as they are (Node, Bun, Deno, workerd, edge-runtime).
   * `"browser"`: a browser page or web worker, where they are refused without
   * `dangerouslyAllowBrowser` (the scenarios then opt in to make their calls).
   */
  kind: "server" | "browser";
  /**
   * Whether the runtime gets {@link environmentCredentials} as environment variables and creates
   * clients from them. Only runtimes with `process.env`.
   */
  fromEnvironment: boolean;
  /** Runs the scenarios with `input` in the runtime and resolves to its report. */
  run(input: ScenarioInput): Promise<ScenarioReport>;
}

/** The pinned version of a package of the `runtimes` tool set, from its package.json. */
export function pinnedVersion(name: "bun" | "deno" | "workerd" | "edge-runtime"): string {
  const manifest = JSON.parse(readFileSync(`${REPO_ROOT}/tools/runtimes/package.json`, "utf8")) as {
    dependencies: Record<string, string>;
  };
  const version = manifest.dependencies[name];
  if (version === undefined) throw new Error(`tools/runtimes/package.json does not pin ${name}.`);
  return version;
}

/**
 * The date workerd's behaviour is pinned to in the matrix: the latest date the pinned workerd
 * supports, so that the matrix tests what a new Worker gets.
 */
export const WORKERD_COMPATIBILITY_DATE = "2026-11-17";

/** The message of the error a client throws when created with a secret key in a browser. */
export function browserRefusal(displayName: "Joyfill API" | "Proficient API"): string {
  return (
    `${displayName}: refusing to send a secret key from a browser, where anyone can read it. ` +
    "Call the API from your server, or use a credential meant for front ends if the API has " +
    "one; pass dangerouslyAllowBrowser: true only if exposing the key is intended."
  );
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

const proficientUser = (body: { external_id: string; first_name?: string | null }) => ({
  id: `usr_${body.external_id}`,
  object: "user",
  created_at: 1_700_000_000_000,
  updated_at: 1_700_000_000_000,
  external_id: body.external_id,
  first_name: body.first_name ?? null,
  last_name: null,
  live_mode: false,
});

/** Routes of the fake API, one path prefix per scenario. */
const routes: Record<string, (request: RecordedRequest) => { status: number; body: unknown }> = {
  // The vendor's own examples spell the field `identifer`; the client must still return `identifier`.
  [`POST ${scenarioPaths.joyfillKeyPair}/users`]: ({ body }) => {
    const { identifier, group } = body as { identifier: string; group: string };
    return { status: 200, body: { type: "user", identifer: identifier, group } };
  },
  [`POST ${scenarioPaths.joyfillAccessToken}/users`]: ({ body }) => ({
    status: 200,
    body: { type: "user", ...(body as object) },
  }),
  [`POST ${scenarioPaths.proficientSecretKey}/users`]: ({ body }) => ({
    status: 200,
    body: proficientUser(body as { external_id: string; first_name?: string }),
  }),
  [`POST ${scenarioPaths.conflict}/users`]: ({ body }) => ({
    status: 409,
    body: { message: `identifier ${(body as { identifier: string }).identifier} already exists` },
  }),
  [`POST ${scenarioPaths.environmentJoyfill}/users`]: ({ body }) => ({
    status: 200,
    body: { type: "user", ...(body as object) },
  }),
  [`POST ${scenarioPaths.environmentProficient}/users`]: ({ body }) => ({
    status: 200,
    body: proficientUser(body as { external_id: string }),
  }),
};

/** An origin on 127.0.0.1 where nothing listens: a port that was just free, closed again. */
export async function refusedOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * Declares the matrix's tests for one runtime. The scenarios run once, before the tests; each
 * test then checks one behaviour in the report and in the requests the fake API recorded.
 */
export function describeRuntimeMatrix(runtime: RuntimeUnderTest): void {
  describe(runtime.title, () => {
    let api: FakeApi;
    let input: ScenarioInput;
    let report: ScenarioReport;
    const received = (path: string) =>
      api.requests.filter((request) => request.path === `${path}/users`);

    beforeAll(async () => {
      api = await startFakeApi({ routes });
      input = {
        apiUrl: api.url,
        refusedUrl: await refusedOrigin(),
        allowSecretKeys: runtime.kind === "browser",
        fromEnvironment: runtime.fromEnvironment,
      };
      report = await runtime.run(input);
    }, 120_000);

    afterAll(async () => {
      await api?.close();
    });

    test(`runs in the runtime it names: ${String(runtime.reports)}`, () => {
      if (typeof runtime.reports === "string") expect(report.runtime).toBe(runtime.reports);
      else expect(report.runtime).toMatch(runtime.reports);
    });

    if (runtime.kind === "server") {
      test("accepts secret keys without dangerouslyAllowBrowser (not a browser)", () => {
        expect(report.secretKeyRefusals).toEqual({
          joyfillKeyPair: null,
          proficientSecretKey: null,
        });
      });
    } else {
      test("refuses secret keys without dangerouslyAllowBrowser, and never names them", () => {
        expect(report.secretKeyRefusals).toEqual({
          joyfillKeyPair: browserRefusal("Joyfill API"),
          proficientSecretKey: browserRefusal("Proficient API"),
        });
      });
    }

    test("sends a Joyfill key pair as Authorization: Basic base64(publicKey:secretKey)", () => {
      expect(received(scenarioPaths.joyfillKeyPair).map((request) => request.headers)).toEqual([
        expect.objectContaining({
          authorization: basic(
            optionCredentials.joyfillPublicKey,
            optionCredentials.joyfillSecretKey,
          ),
          "content-type": "application/json",
        }),
      ]);
    });

    test("sends a Joyfill access token as Authorization: Bearer <token>", () => {
      expect(received(scenarioPaths.joyfillAccessToken).map((request) => request.headers)).toEqual([
        expect.objectContaining({
          authorization: `Bearer ${optionCredentials.joyfillAccessToken}`,
          "content-type": "application/json",
        }),
      ]);
    });

    test("sends a Proficient secret key as Authorization: Bearer <key>", () => {
      expect(received(scenarioPaths.proficientSecretKey).map((request) => request.headers)).toEqual(
        [
          expect.objectContaining({
            authorization: `Bearer ${optionCredentials.proficientSecretKey}`,
            "content-type": "application/json",
          }),
        ],
      );
    });

    test("resolves to the typed users, the vendor's identifer spelling read as identifier", () => {
      expect({
        joyfillKeyPair: report.joyfillKeyPair,
        joyfillAccessToken: report.joyfillAccessToken,
        proficientSecretKey: report.proficientSecretKey,
      }).toEqual({
        joyfillKeyPair: { value: { identifier: "u_key_pair", group: "back-end" } },
        joyfillAccessToken: { value: { identifier: "u_access_token", group: "front-end" } },
        proficientSecretKey: {
          value: { id: "usr_matrix-1", externalId: "matrix-1", firstName: "Ada", liveMode: false },
        },
      });
    });

    test("rejects a 409 with an ApiError of code conflict, and does not retry it", () => {
      expect(report.conflict).toEqual({
        error: {
          isApiError: true,
          name: "ApiError",
          api: "joyfill",
          code: "conflict",
          status: 409,
          message: "identifier u_taken already exists",
        },
      });
      expect(received(scenarioPaths.conflict)).toHaveLength(1);
    });

    test("rejects a refused connection with an ApiError of code connection_error", () => {
      expect(report.connectionRefused).toEqual({
        error: {
          isApiError: true,
          name: "ApiError",
          api: "joyfill",
          code: "connection_error",
          status: null,
          message: expect.stringMatching(
            new RegExp(
              `^Joyfill API POST /users could not reach ${escape(input.refusedUrl)}: .+\\.$`,
            ),
          ),
        },
      });
    });

    if (runtime.fromEnvironment) {
      test("reads credentials from the environment when the options have none", () => {
        expect(report.fromEnvironment).toEqual({
          joyfillAccessToken: { value: { identifier: "u_env", group: null } },
          proficientSecretKey: {
            value: {
              id: "usr_matrix-env",
              externalId: "matrix-env",
              firstName: null,
              liveMode: false,
            },
          },
        });
        expect(
          [scenarioPaths.environmentJoyfill, scenarioPaths.environmentProficient].map((path) =>
            received(path).map((request) => request.headers.authorization),
          ),
        ).toEqual([
          [`Bearer ${environmentCredentials.JOYFILL_ACCESS_TOKEN}`],
          [`Bearer ${environmentCredentials.PROFICIENT_SECRET_KEY}`],
        ]);
      });
    }

    test("sends exactly the scenarios' requests, with their bodies, and nothing else", () => {
      const expected = [
        [`${scenarioPaths.joyfillKeyPair}/users`, { identifier: "u_key_pair", group: "back-end" }],
        [
          `${scenarioPaths.joyfillAccessToken}/users`,
          { identifier: "u_access_token", group: "front-end" },
        ],
        [
          `${scenarioPaths.proficientSecretKey}/users`,
          { external_id: "matrix-1", first_name: "Ada" },
        ],
        [`${scenarioPaths.conflict}/users`, { identifier: "u_taken" }],
        ...(runtime.fromEnvironment
          ? [
              [`${scenarioPaths.environmentJoyfill}/users`, { identifier: "u_env" }],
              [`${scenarioPaths.environmentProficient}/users`, { external_id: "matrix-env" }],
            ]
          : []),
      ];
      expect(api.requests.map((request) => [request.method, request.path, request.body])).toEqual(
        expected.map(([path, body]) => ["POST", path, body]),
      );
    });
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
