/**
 * Response checking through both clients, against a 127.0.0.1 server: for each vendor, bodies that
 * match the spec, miss a required field, retype a field, carry an enum value the spec does not
 * list, or use a renamed field's old name, in each mode.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { joyfillResponseChecks } from "../../generated/joyfill/checks.js";
import { proficientResponseChecks } from "../../generated/proficient/checks.js";
import type { Logger, Mismatch, MismatchEvent, ResponseCheckMode } from "../../src/index.js";
import { ApiError } from "../../src/index.js";
import { createJoyfillClient } from "../../src/joyfill.js";
import { logTo } from "../../src/logging.js";
import { createProficientClient } from "../../src/proficient.js";
import { rejection } from "../support/rejection.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

/** A client of `vendor` with checks in `mode`, recording its mismatch events and warn lines. */
function checkedClient(vendor: "joyfill" | "proficient", mode: ResponseCheckMode) {
  const events: MismatchEvent[] = [];
  const warnings: string[] = [];
  const ignore = () => undefined;
  const logger: Logger = {
    error: ignore,
    warn: (line) => void warnings.push(line),
    info: ignore,
    debug: ignore,
  };
  const options = {
    baseUrl: server.url,
    hooks: [
      { onMismatch: (event: MismatchEvent) => void events.push(event) },
      logTo(logger, { level: "warn" }),
    ],
    maxRetries: 0,
  };
  const create =
    vendor === "joyfill"
      ? createJoyfillClient({
          ...options,
          accessToken: "at_test",
          responseChecks: joyfillResponseChecks({ mode }),
        }).users.create
      : createProficientClient({
          ...options,
          secretKey: "sk_test",
          responseChecks: proficientResponseChecks({ mode }),
        }).users.create;
  return { create: (body: object) => create(body as never) as Promise<unknown>, events, warnings };
}

const PROFICIENT_USER = {
  id: "usr_1",
  object: "user",
  created_at: 1_700_000_000,
  external_id: "42",
  first_name: "Ada",
  last_name: "Lovelace",
  live_mode: false,
  updated_at: 1_700_000_001,
};

interface Case {
  vendor: "joyfill" | "proficient";
  body: string;
  sent: Record<string, unknown>;
  /** What the call resolves to when it resolves. */
  data: Record<string, unknown>;
  mismatches: Mismatch[];
}

const CASES: Case[] = [
  {
    vendor: "joyfill",
    body: "matches the spec",
    sent: { type: "user", identifier: "u_1", group: "g" },
    data: { type: "user", identifier: "u_1", group: "g" },
    mismatches: [],
  },
  {
    // Joyfill's spec requires no field: an empty object matches it.
    vendor: "joyfill",
    body: "misses every field (none is required)",
    sent: {},
    data: {},
    mismatches: [],
  },
  {
    vendor: "joyfill",
    body: "retypes a field",
    sent: { type: "user", identifier: 42 },
    data: { type: "user", identifier: 42 },
    mismatches: [
      {
        pointer: "/identifier",
        keyword: "type",
        expected: "string",
        received: "integer",
        message: "at /identifier: expected string, got integer",
      },
    ],
  },
  {
    // Joyfill's `type` is a free string in its spec: no value is unknown.
    vendor: "joyfill",
    body: "carries a `type` the examples never show (no enum)",
    sent: { type: "robot", identifier: "u_1" },
    data: { type: "robot", identifier: "u_1" },
    mismatches: [],
  },
  {
    vendor: "joyfill",
    body: "uses the renamed field's old name",
    sent: { type: "user", identifer: "u_1" },
    data: { type: "user", identifier: "u_1" },
    mismatches: [
      {
        pointer: "/identifer",
        keyword: "renamed",
        expected: "`identifier`",
        received: "string",
        message: "at /identifer: `identifer` arrived; the fix renames it to `identifier`",
      },
    ],
  },
  {
    vendor: "proficient",
    body: "matches the spec",
    sent: PROFICIENT_USER,
    data: PROFICIENT_USER,
    mismatches: [],
  },
  {
    vendor: "proficient",
    body: "misses a required field",
    sent: { ...PROFICIENT_USER, created_at: undefined },
    data: { ...PROFICIENT_USER, created_at: undefined },
    mismatches: [
      {
        pointer: "/created_at",
        keyword: "required",
        expected: "CreatedAt (required)",
        received: "missing",
        message: "at /created_at: expected CreatedAt (required), got nothing",
      },
    ],
  },
  {
    vendor: "proficient",
    body: "retypes a field",
    sent: { ...PROFICIENT_USER, live_mode: "no" },
    data: { ...PROFICIENT_USER, live_mode: "no" },
    mismatches: [
      {
        pointer: "/live_mode",
        keyword: "type",
        expected: "boolean",
        received: "string",
        message: "at /live_mode: expected boolean, got string",
      },
    ],
  },
  {
    vendor: "proficient",
    body: "carries an unknown enum value",
    sent: { ...PROFICIENT_USER, object: "member" },
    data: { ...PROFICIENT_USER, object: "member" },
    mismatches: [
      {
        pointer: "/object",
        keyword: "enum",
        expected: 'one of "user"',
        received: "string",
        message: 'at /object: expected one of "user", got string',
      },
    ],
  },
];

const DISPLAY = { joyfill: "Joyfill API", proficient: "Proficient API" } as const;

/** JSON without the `undefined` properties the cases use to drop a field. */
function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

describe.each(CASES)("$vendor, a body that $body", ({ vendor, sent, data, mismatches }) => {
  const expectedData = withoutUndefined(data);

  test("off: resolves with the decoded body and reports nothing", async () => {
    server.reply({ json: sent });
    const client = checkedClient(vendor, "off");
    await expect(client.create({})).resolves.toEqual(expectedData);
    expect(client.events).toEqual([]);
    expect(client.warnings).toEqual([]);
  });

  test("report: resolves with the decoded body; each mismatch reaches the hook and the log", async () => {
    server.reply({ json: sent, headers: { "x-request-id": "req_7" } });
    const client = checkedClient(vendor, "report");
    await expect(client.create({})).resolves.toEqual(expectedData);
    expect(client.events.map(({ mismatches: found }) => found)).toEqual(
      mismatches.length === 0 ? [] : [mismatches],
    );
    if (mismatches.length > 0) {
      expect(client.events[0]).toEqual({
        api: vendor,
        operation: "POST /users",
        status: 200,
        requestId: "req_7",
        mismatches,
      });
    }
    expect(client.warnings).toEqual(
      mismatches.map(
        ({ message }) =>
          `${vendor} POST /users: the HTTP 200 body (request id req_7) differs ` +
          `from the spec ${message}`,
      ),
    );
  });

  test(`strict: ${mismatches.length === 0 ? "resolves" : "rejects with an ApiError saying where"}`, async () => {
    server.reply({ json: sent });
    const client = checkedClient(vendor, "strict");
    if (mismatches.length === 0) {
      await expect(client.create({})).resolves.toEqual(expectedData);
      return;
    }
    const error = await rejection(client.create({}));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      api: vendor,
      code: "unknown",
      status: 200,
      message:
        `${DISPLAY[vendor]} POST /users answered HTTP 200 with a body that differs from the ` +
        `spec ${mismatches.map(({ message }) => message).join("; ")}.`,
    });
    expect(client.events.map(({ mismatches: found }) => found)).toEqual([mismatches]);
    expect(server.requests).toHaveLength(1);
  });
});

describe("responseChecks option", () => {
  test("a mode that is none of off, report and strict throws a RangeError naming them", () => {
    expect(() => joyfillResponseChecks({ mode: "warn" as ResponseCheckMode })).toThrow(
      new RangeError('responseChecks: mode must be one of off, report, strict; got "warn".'),
    );
  });

  test("a client refuses another API's checks when it is created", () => {
    expect(() =>
      createJoyfillClient({
        accessToken: "at_test",
        responseChecks: proficientResponseChecks({ mode: "report" }),
      }),
    ).toThrow(
      new TypeError(
        "Joyfill API: responseChecks are the proficient API's checks; pass the joyfill API's " +
          "own (api-clients/joyfill/checks).",
      ),
    );
  });

  test("off gives no checks at all: the option is undefined", () => {
    expect(proficientResponseChecks({ mode: "off" })).toBeUndefined();
  });

  test("report names a 2xx status the spec does not list, and the call resolves", async () => {
    server.reply({ status: 201, json: PROFICIENT_USER });
    const client = checkedClient("proficient", "report");
    await expect(client.create({})).resolves.toEqual(PROFICIENT_USER);
    expect(client.events.map(({ mismatches }) => mismatches)).toEqual([
      [
        {
          pointer: "",
          keyword: "status",
          expected: "HTTP 200",
          received: "HTTP 201",
          message: "at the root: HTTP 201 is not a status the spec lists (200)",
        },
      ],
    ]);
  });

  test("strict counts the mismatches beyond the first three in its message", async () => {
    server.reply({ json: { object: "user" } });
    const client = checkedClient("proficient", "strict");
    const error = await rejection(client.create({}));
    expect(error.message).toBe(
      "Proficient API POST /users answered HTTP 200 with a body that differs from the spec " +
        "at /id: expected UserId (required), got nothing; " +
        "at /created_at: expected CreatedAt (required), got nothing; " +
        "at /external_id: expected UserExternalId (required), got nothing (and 4 more).",
    );
    expect(client.events[0]?.mismatches).toHaveLength(7);
  });

  test("error statuses are not checked: a 400 fails as it always has, reporting no mismatch", async () => {
    server.reply({ status: 400, json: { error: { code: "invalid_request", message: "no" } } });
    const client = checkedClient("proficient", "report");
    const error = await rejection(client.create({}));
    expect(error).toMatchObject({ code: "invalid_request", status: 400, message: "no" });
    expect(client.events).toEqual([]);
  });

  test("a hook that throws is ignored: the other hooks still hear of it, and the call resolves", async () => {
    server.reply({ json: { identifier: 1 } });
    const warnings: string[] = [];
    const joyfill = createJoyfillClient({
      accessToken: "at_test",
      baseUrl: server.url,
      responseChecks: joyfillResponseChecks({ mode: "report" }),
      hooks: [
        {
          onMismatch: () => {
            throw new Error("hook broke");
          },
        },
        logTo({ ...console, warn: (line: string) => void warnings.push(line) }, { level: "warn" }),
      ],
    });
    await expect(joyfill.users.create({})).resolves.toEqual({ identifier: 1 });
    expect(warnings).toEqual([
      "joyfill POST /users: the HTTP 200 body differs from the spec at /identifier: " +
        "expected string, got integer",
    ]);
  });

  test("mismatches are logged from level warn (or API_CLIENTS_LOG) up, not at error", async () => {
    const lines = async (level: { level?: "error" | "info" }) => {
      server.reply({ json: { identifier: 1 } });
      const warnings: string[] = [];
      const logger = {
        ...console,
        info: () => undefined,
        warn: (line: string) => void warnings.push(line),
      };
      await createJoyfillClient({
        accessToken: "at_test",
        baseUrl: server.url,
        responseChecks: joyfillResponseChecks({ mode: "report" }),
        hooks: logTo(logger, level),
      }).users.create({});
      return warnings.length;
    };
    expect(await lines({ level: "error" })).toBe(0);
    expect(await lines({ level: "info" })).toBe(1);
    vi.stubEnv("API_CLIENTS_LOG", "WARN");
    try {
      expect(await lines({})).toBe(1);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
