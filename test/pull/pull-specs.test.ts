import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { PullConfigError } from "../../scripts/pull/pull-config.js";
import { formatOutcome, pullSpecs } from "../../scripts/pull/pull-specs.js";
import {
  createProject,
  fixtureSpec,
  fixtureText,
  snapshotFiles,
  type Project,
} from "../support/project.js";
import { refusedUrl, startPageServer, type PageServer } from "./page-server.js";

let server: PageServer;
const projects: Project[] = [];

beforeAll(async () => {
  server = await startPageServer({
    "/joyfill.md": { status: 200, body: await fixtureText("pull/joyfill.md") },
    "/proficient.md": { status: 200, body: await fixtureText("pull/proficient.md") },
    "/proficient-changed.md": {
      status: 200,
      body: await fixtureText("pull/proficient-changed.md"),
    },
    "/no-block.md": { status: 200, body: await fixtureText("pull/no-block.md") },
    "/invalid-yaml.md": { status: 200, body: await fixtureText("pull/invalid-yaml.md") },
    "/not-openapi.md": { status: 200, body: await fixtureText("pull/not-openapi.md") },
    "/structural-errors.md": { status: 200, body: await fixtureText("pull/structural-errors.md") },
    "/hang.md": "hang",
  });
});

afterAll(() => server.close());

afterEach(async () => {
  await Promise.all(projects.splice(0).map((project) => project.remove()));
});

async function project(docsPages: Record<string, string>, specs: Record<string, string>) {
  const created = await createProject({ label: "pull", docsPages, specs });
  projects.push(created);
  return { dir: created.root, configPath: join(created.root, "redocly.yaml") };
}

describe("pullSpecs", () => {
  test("writes a changed spec, leaves an identical one alone, and reports both", async () => {
    const joyfillSpec = await fixtureSpec("pull/joyfill.md");
    const changedSpec = await fixtureSpec("pull/proficient-changed.md");
    const { dir, configPath } = await project(
      { joyfill: server.url("/joyfill.md"), proficient: server.url("/proficient-changed.md") },
      { joyfill: joyfillSpec, proficient: await fixtureSpec("pull/proficient.md") },
    );
    const before = await snapshotFiles(join(dir, "specs"));

    const result = await pullSpecs({ configPath });

    expect(result).toEqual({
      ok: true,
      outcomes: [
        {
          api: "joyfill",
          docsPage: server.url("/joyfill.md"),
          specPath: join(dir, "specs/joyfill.yaml"),
          status: "unchanged",
        },
        {
          api: "proficient",
          docsPage: server.url("/proficient-changed.md"),
          specPath: join(dir, "specs/proficient.yaml"),
          status: "updated",
          bytes: Buffer.byteLength(changedSpec),
        },
      ],
    });
    const after = await snapshotFiles(join(dir, "specs"));
    expect(after["joyfill.yaml"]).toEqual(before["joyfill.yaml"]);
    expect(after["proficient.yaml"]?.text).toBe(changedSpec);
    expect(Object.keys(after)).toEqual(["joyfill.yaml", "proficient.yaml"]);
  });

  test("pulls only the APIs asked for", async () => {
    const { configPath } = await project(
      { joyfill: server.url("/joyfill.md"), proficient: server.url("/proficient.md") },
      {},
    );
    const requestsBefore = server.requests.length;

    const result = await pullSpecs({ configPath, apis: ["proficient"] });

    expect(result.outcomes.map((outcome) => [outcome.api, outcome.status])).toEqual([
      ["proficient", "updated"],
    ]);
    expect(server.requests.slice(requestsBefore)).toEqual(["/proficient.md"]);
  });

  test("creates the spec file of an API that has none yet", async () => {
    const { dir, configPath } = await project({ proficient: server.url("/proficient.md") }, {});

    await pullSpecs({ configPath });

    expect(await readFile(join(dir, "specs/proficient.yaml"), "utf8")).toBe(
      await fixtureSpec("pull/proficient.md"),
    );
  });

  const failures: { case: string; path: string; message: string }[] = [
    {
      case: "an HTTP error status",
      path: "/moved.md",
      message:
        "the server answered HTTP 404 Not Found; if the page moved, update x-api-clients.docsPage",
    },
    {
      case: "a page without a spec block",
      path: "/no-block.md",
      message: "the page has no fenced YAML block (a line opening with ````yaml)",
    },
    {
      case: "a block that is not valid YAML",
      path: "/invalid-yaml.md",
      message: "the YAML block is not valid YAML: line 6:1 (page line 11): Missing closing 'quote",
    },
    {
      case: "a block that is not OpenAPI",
      path: "/not-openapi.md",
      message: "the YAML block is a Swagger 2.0 document, not OpenAPI 3.x",
    },
    {
      case: "a spec with structural errors",
      path: "/structural-errors.md",
      message: [
        "the OpenAPI document has structural errors:",
        "  line 2:1 (page line 5) struct: The field `version` must be present on this level.",
        "  line 7:18 (page line 10) struct: Expected type `Responses` (object) but got `integer`",
      ].join("\n"),
    },
  ];

  test.each(failures)("reports $case and writes no spec at all", async ({ path, message }) => {
    const { dir, configPath } = await project(
      { joyfill: server.url("/joyfill.md"), proficient: server.url(path) },
      {
        joyfill: "openapi: 3.1.0 # an older spec\n",
        proficient: await fixtureSpec("pull/proficient.md"),
      },
    );
    const before = await snapshotFiles(join(dir, "specs"));

    const result = await pullSpecs({ configPath });

    expect(result.ok).toBe(false);
    expect(result.outcomes).toEqual([
      {
        api: "joyfill",
        docsPage: server.url("/joyfill.md"),
        specPath: join(dir, "specs/joyfill.yaml"),
        status: "not-written",
        bytes: Buffer.byteLength(await fixtureSpec("pull/joyfill.md")),
      },
      {
        api: "proficient",
        docsPage: server.url(path),
        specPath: join(dir, "specs/proficient.yaml"),
        status: "error",
        message,
      },
    ]);
    expect(await snapshotFiles(join(dir, "specs"))).toEqual(before);
  });

  test("reports a refused connection and writes nothing", async () => {
    const url = await refusedUrl("/proficient.md");
    const { dir, configPath } = await project(
      { proficient: url },
      { proficient: "openapi: 3.0.1\n" },
    );
    const before = await snapshotFiles(join(dir, "specs"));

    const result = await pullSpecs({ configPath });

    expect(result.outcomes).toEqual([
      {
        api: "proficient",
        docsPage: url,
        specPath: join(dir, "specs/proficient.yaml"),
        status: "error",
        message: "cannot fetch the page: connection refused (ECONNREFUSED)",
      },
    ]);
    expect(await snapshotFiles(join(dir, "specs"))).toEqual(before);
  });

  test("gives up on a page that does not arrive within the timeout", async () => {
    const { configPath } = await project({ proficient: server.url("/hang.md") }, {});

    const result = await pullSpecs({ configPath, timeoutMs: 200 });

    expect(result.outcomes.map((outcome) => outcome.status === "error" && outcome.message)).toEqual(
      ["no response within 200 ms"],
    );
  });

  test("refuses an API the config does not declare", async () => {
    const { configPath } = await project({ proficient: server.url("/proficient.md") }, {});

    const pulling = pullSpecs({ configPath, apis: ["proficient", "acme"] });

    await expect(pulling).rejects.toThrow(PullConfigError);
    await expect(pulling).rejects.toThrow(`unknown API "acme": ${configPath} declares proficient`);
  });

  test("refuses a config entry without x-api-clients.docsPage", async () => {
    const { configPath } = await project({}, {});
    await writeFile(configPath, "apis:\n  proficient:\n    root: specs/proficient.yaml\n");

    await expect(pullSpecs({ configPath })).rejects.toThrow(
      `apis.proficient in ${configPath} has no x-api-clients.docsPage (the URL of the vendor's docs page with the spec)`,
    );
  });
});

describe("formatOutcome", () => {
  const target = {
    api: "proficient",
    docsPage: "http://127.0.0.1:9/create.md",
    specPath: "/project/specs/proficient.yaml",
  };

  test("says what happened to each spec, paths relative to the working directory", () => {
    const options = { cwd: "/project", nameWidth: 12 };
    expect(formatOutcome({ ...target, status: "unchanged" }, options)).toBe(
      "proficient    unchanged    specs/proficient.yaml",
    );
    expect(formatOutcome({ ...target, status: "updated", bytes: 5045 }, options)).toBe(
      "proficient    updated      specs/proficient.yaml (5045 bytes)",
    );
    expect(formatOutcome({ ...target, status: "not-written", bytes: 5045 }, options)).toBe(
      "proficient    not written  specs/proficient.yaml would change (5045 bytes); left as it was because another pull failed",
    );
    expect(
      formatOutcome(
        { ...target, status: "error", message: "the page has no fenced YAML block" },
        options,
      ),
    ).toBe(
      "proficient    error        http://127.0.0.1:9/create.md: the page has no fenced YAML block",
    );
  });
});
