/**
 * The whole loop on a copy of the project: a vendor changes its docs page, `specs:pull` takes the
 * new spec, `generate` regenerates and reports what changed for clients.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseDocument } from "yaml";
import { runPipeline } from "../../scripts/pipeline/run.js";
import { pullSpecs } from "../../scripts/pull/pull-specs.js";
import { startPageServer, type PageServer } from "../pull/page-server.js";
import { createProject, fixtureText, type Project } from "../support/project.js";

let server: PageServer;
let project: Project;
let root: string;

beforeAll(async () => {
  server = await startPageServer({
    "/proficient.md": { status: 200, body: await fixtureText("pull/proficient-changed.md") },
  });
  project = await createProject({ copy: "project", label: "pull-and-generate" });
  root = project.root;
});

afterAll(async () => {
  await server.close();
  await project.remove();
});

/** Runs `npm run generate` in the copy, collecting what it prints. */
async function generate(options: { reportFile?: string; check?: boolean } = {}) {
  const lines: string[] = [];
  const code = await runPipeline({ root, ...options, print: (line) => lines.push(line) });
  return { code, output: lines.join("\n") };
}

describe("pulling a changed vendor spec and regenerating", () => {
  test(
    "reports the new required request field and the removed response field",
    { timeout: 180_000 },
    async () => {
      // Start from generated/ in step with the copied specs, whatever state the checkout is in.
      expect((await generate()).code).toBe(0);
      const configPath = join(root, "redocly.yaml");
      const config = parseDocument(await readFile(configPath, "utf8"));
      config.setIn(
        ["apis", "proficient", "x-api-clients", "docsPage"],
        server.url("/proficient.md"),
      );
      await writeFile(configPath, config.toString());

      const pulled = await pullSpecs({ configPath, apis: ["proficient"] });
      const generated = await generate({ reportFile: "spec-changes.md" });

      expect(pulled.outcomes.map((outcome) => outcome.status)).toEqual(["updated"]);
      expect(generated.code).toBe(0);
      expect(generated.output).toContain(
        [
          "proficient: breaking (2 breaking, 0 non-breaking)",
          "  breaking      POST /users request body .email: required field added (string)",
          "  breaking      POST /users response 200 .live_mode: field removed",
        ].join("\n"),
      );
      expect(await readFile(join(root, "spec-changes.md"), "utf8")).toBe(
        [
          "## API spec changes",
          "",
          "2 changes in 1 API (proficient): **2 breaking**, 0 non-breaking.",
          "",
          "### proficient: breaking (2 breaking, 0 non-breaking)",
          "",
          "#### Breaking",
          "",
          "- `POST /users request body .email`: required field added (string)",
          "- `POST /users response 200 .live_mode`: field removed",
          "",
        ].join("\n"),
      );
      expect(await readFile(join(root, "generated/proficient/schema.ts"), "utf8")).toContain(
        "email: string;",
      );
      expect((await generate({ check: true })).code).toBe(0);
    },
  );
});
