import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { logTo, type Logger, type LogLevel } from "../../src/logging.js";
import { createEchoClient, ECHO_TOKEN } from "../fixtures/clients/echo-api.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  server.reset();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

/** A logger keeping each line as `[level, message, details?]`, durations and call ids masked. */
function recordingLogger() {
  const lines: unknown[][] = [];
  const record =
    (level: string) =>
    (message: string, ...details: unknown[]) =>
      void lines.push([
        level,
        message.replace(/\b\d+ ms\b/g, "N ms").replace(/#\d+/, "#N"),
        ...details,
      ]);
  const logger: Logger = {
    error: record("error"),
    warn: record("warn"),
    info: record("info"),
    debug: record("debug"),
  };
  return { lines, logger };
}

const echoAt = ({
  logLevel,
  logger = console,
  maxRetries,
}: { logLevel?: LogLevel; logger?: Logger; maxRetries?: number } = {}) =>
  createEchoClient({
    baseUrl: server.url,
    retryPolicy: { random: () => 0 },
    maxRetries,
    hooks: logTo(logger, logLevel === undefined ? {} : { level: logLevel }),
  }).echo;

describe("logging", () => {
  test("a client without logTo's hooks logs nothing, whatever API_CLIENTS_LOG says", async () => {
    vi.stubEnv("API_CLIENTS_LOG", "debug");
    const spies = (["error", "warn", "info", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation(() => {}),
    );
    server.reply({ status: 503, headers: { "retry-after": "0" } }, { json: { value: "back" } });
    await createEchoClient({ baseUrl: server.url }).echo({ value: "hi" });
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  test("info: one line per call that succeeds, with status, duration, attempts and request id", async () => {
    server.reply({ headers: { "x-request-id": "req_1" }, json: { value: "back" } }, { json: {} });
    const { lines, logger } = recordingLogger();
    const echo = echoAt({ logLevel: "info", logger });
    await echo({ value: "hi" });
    await echo({ value: "again" });
    expect(lines).toEqual([
      ["info", "echo POST /echo #N: HTTP 200 in N ms after 1 attempt, request id req_1"],
      ["info", "echo POST /echo #N: HTTP 200 in N ms after 1 attempt"],
    ]);
  });

  test("warn: each retry with its cause and wait; error: the failure", async () => {
    server.fallback({
      status: 503,
      headers: { "x-request-id": "req_5" },
      json: { message: "Down for maintenance" },
    });
    const { lines, logger } = recordingLogger();
    await echoAt({ logLevel: "warn", logger, maxRetries: 2 })({ value: "hi" }).catch(() => {});
    const cause = "unavailable, HTTP 503, request id req_5: Down for maintenance";
    expect(lines).toEqual([
      ["warn", `echo POST /echo #N attempt 1 failed (${cause}); retrying in N ms (not_acted)`],
      ["warn", `echo POST /echo #N attempt 2 failed (${cause}); retrying in N ms (not_acted)`],
      [
        "error",
        `echo POST /echo #N failed in N ms after 3 attempts (${cause}); stop: retries_exhausted`,
      ],
    ]);
  });

  test("error: only failures; a caller's abort is not one, and is logged at info", async () => {
    server.reply({ json: { value: "back" } }, { status: 404 });
    const { lines, logger } = recordingLogger();
    const echo = echoAt({ logLevel: "error", logger });
    await echo({ value: "hi" });
    await echo({ value: "hi" }).catch(() => {});
    await echo({ value: "hi" }, { signal: AbortSignal.abort() }).catch(() => {});
    expect(lines).toEqual([
      [
        "error",
        "echo POST /echo #N failed in N ms after 1 attempt (resource_not_found, HTTP 404: " +
          "Echo API POST /echo failed with HTTP 404 Not Found.); stop: not_retryable",
      ],
    ]);
    lines.length = 0;
    await echoAt({ logLevel: "info", logger })(
      { value: "hi" },
      { signal: AbortSignal.abort() },
    ).catch(() => {});
    expect(lines).toEqual([
      [
        "info",
        "echo POST /echo #N failed in N ms after 0 attempts (aborted: " +
          "Echo API POST /echo was aborted by the caller's signal.); stop: aborted",
      ],
    ]);
  });

  test("debug: each attempt's request and response, headers redacted, bodies included", async () => {
    server.reply(
      { status: 503, headers: { "retry-after": "0" }, json: { message: `no ${ECHO_TOKEN}` } },
      { headers: { "x-request-id": "req_2" }, json: { value: "back" } },
    );
    const { lines, logger } = recordingLogger();
    await echoAt({ logLevel: "debug", logger })({ value: "hi" });
    const request = [
      "debug",
      `echo POST /echo #N attempt 1: POST ${server.url}/echo`,
      {
        headers: {
          authorization: "[redacted]",
          "content-type": "application/json",
          "user-agent": expect.stringMatching(/^api-clients\//),
        },
        body: '{"value":"hi"}',
      },
    ];
    expect(lines).toEqual([
      request,
      [
        "debug",
        "echo POST /echo #N attempt 1: HTTP 503 in N ms",
        {
          headers: expect.objectContaining({ "retry-after": "0" }),
          requestId: undefined,
          body: '{"message":"no [redacted]"}',
        },
      ],
      [
        "warn",
        "echo POST /echo #N attempt 1 failed (unavailable, HTTP 503: no [redacted]); retrying in N ms (not_acted)",
      ],
      [request[0], (request[1] as string).replace("attempt 1", "attempt 2"), request[2]],
      [
        "debug",
        "echo POST /echo #N attempt 2: HTTP 200 in N ms",
        {
          headers: expect.objectContaining({ "x-request-id": "req_2" }),
          requestId: "req_2",
          body: '{"value":"back"}',
        },
      ],
      ["info", "echo POST /echo #N: HTTP 200 in N ms after 2 attempts, request id req_2"],
    ]);
  });

  test("debug: bodies longer than 1000 characters are cut, and their length told", async () => {
    const long = "x".repeat(4000);
    server.reply({ json: { value: long } });
    const { lines, logger } = recordingLogger();
    await echoAt({ logLevel: "debug", logger })({ value: long });
    const bodies = lines.map((line) => (line[2] as { body?: string } | undefined)?.body);
    const cut = `${'{"value":"'}${"x".repeat(1000 - 10)}… (4012 characters)`;
    expect(bodies).toEqual([cut, cut, undefined]);
  });

  test("API_CLIENTS_LOG sets the level when logTo is given none; the option wins", async () => {
    vi.stubEnv("API_CLIENTS_LOG", " Info ");
    const { lines, logger } = recordingLogger();
    await echoAt({ logger })({ value: "hi" });
    await echoAt({ logger, logLevel: "off" })({ value: "hi" });
    expect(lines).toEqual([["info", "echo POST /echo #N: HTTP 200 in N ms after 1 attempt"]]);
  });

  test("without a level or API_CLIENTS_LOG, logs at info, e.g. to console", async () => {
    vi.stubEnv("API_CLIENTS_LOG", "");
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    await echoAt({ logger: console })({ value: "hi" });
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]?.[0]).toMatch(/^echo POST \/echo #\d+: HTTP 200 in \d+ ms/);
  });

  test("a logger that throws does not break the call", async () => {
    const throwing = () => {
      throw new Error("disk full");
    };
    const logger = { error: throwing, warn: throwing, info: throwing, debug: throwing };
    server.reply({ status: 503, headers: { "retry-after": "0" } }, { json: { value: "back" } });
    await expect(echoAt({ logLevel: "debug", logger })({ value: "hi" })).resolves.toEqual({
      value: "back",
    });
  });

  test("an unknown level is refused, naming the option or the variable", () => {
    expect(() => logTo(console, { level: "verbose" as LogLevel })).toThrow(
      new RangeError('level must be one of off, error, warn, info, debug; got "verbose".'),
    );
    vi.stubEnv("API_CLIENTS_LOG", "trace");
    expect(() => logTo(console)).toThrow(
      new RangeError('API_CLIENTS_LOG must be one of off, error, warn, info, debug; got "trace".'),
    );
  });

  test("a logger without one of the four methods is refused", () => {
    const logger = { error() {}, warn() {}, info() {} } as unknown as Logger;
    expect(() => logTo(logger, { level: "info" })).toThrow(
      new TypeError("logTo: the logger has no debug method."),
    );
  });

  test("never writes the credential, even when the server echoes it everywhere", async () => {
    server.fallback((request) => ({
      status: 400,
      headers: {
        "x-echo": request.headers.authorization ?? "",
        "x-request-id": `id-${ECHO_TOKEN}`,
      },
      body: `${request.headers.authorization} ${ECHO_TOKEN}`,
    }));
    const { lines, logger } = recordingLogger();
    await echoAt({ logLevel: "debug", logger })({ value: ECHO_TOKEN }).catch(() => {});
    const text = inspect(lines, { depth: Infinity });
    expect(text).toContain("[redacted]");
    expect(text).not.toContain(ECHO_TOKEN);
  });
});
