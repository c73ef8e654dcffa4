import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createProject, fixtureText, type Project } from "../support/project.js";

/**
 * A spec of at least `lintThreadMinBytes` is linted on a worker thread while the main thread
 * bundles it and generates and formats its types. These tests set the threshold to 0 so the
 * fixtures take that path, and compare with the same run linting first on the main thread.
 */
const ON_THREAD = { lintThreadMinBytes: 0 };
const HERE = { lintThreadMinBytes: Number.POSITIVE_INFINITY };

let project: Project;
beforeEach(async () => {
  project = await createProject({ copy: [".prettierrc.json"] });
});
afterEach(() => project.remove());

/** The lines with stage times taken out, and the thread's mark on the lint line taken off. */
function comparable(lines: string[]): string[] {
  return lines.map((line) =>
    line
      .replace(/ +\d+ ms\b/, " N ms")
      .replace(/ms  (.*), on a worker thread$/, "ms  $1")
      .replace(/\(\d+\.\d\d s\)$/, "(N s)"),
  );
}

/** The 3.1 defects fixture, which warns, with the fixes it needs, and the 3.0 pets fixture. */
async function writeProject(): Promise<void> {
  await project.write("specs/users.yaml", await fixtureText("pipeline/users-3.1-defects.yaml"));
  await project.write("specs/pets.yaml", await fixtureText("pipeline/pets-3.0.yaml"));
  await project.writeConfig({
    apis: {
      users: {
        root: "specs/users.yaml",
        rules: { "info-license": "off", "info-license-strict": "off" },
        decorators: {
          "api-clients/parse-string-examples": "on",
          "api-clients/declare-security": {
            securitySchemes: { accessToken: { type: "http", scheme: "bearer" } },
            security: [{ basicAuth: [] }, { accessToken: [] }],
          },
          "api-clients/remove-parameter": {
            parameters: [{ in: "header", name: "Authorization" }],
          },
        },
      },
      pets: { root: "specs/pets.yaml" },
    },
  });
}

describe("linting on a worker thread", { timeout: 120_000 }, () => {
  test("gives the same files and prints the same lines, in the same order, as linting first", async () => {
    await writeProject();
    const here = await project.run(HERE);
    const filesHere = await project.snapshotGenerated();
    await rm(join(project.root, "generated"), { recursive: true });
    const onThread = await project.run(ON_THREAD);
    expect(onThread.exitCode).toBe(0);
    expect(here.exitCode).toBe(0);
    expect(await project.snapshotGenerated()).toEqual(filesHere);
    const expected = [
      "specs/users.yaml:39:26  warning  no-invalid-media-type-examples  Example value must conform to the schema: type must be object.",
      "users  lint N ms  0 errors, 1 warning",
      "users  bundle N ms  fixes: api-clients/parse-string-examples, api-clients/declare-security, api-clients/remove-parameter",
      "users  types N ms",
      "users  format N ms",
      "pets   lint N ms  0 errors, 0 warnings",
      "pets   bundle N ms  no fixes",
      "pets   types N ms",
      "pets   format N ms",
      "wrote generated/users/schema.ts",
      "wrote generated/users/servers.ts",
      "wrote generated/users/examples.ts",
      "wrote generated/users/checks.ts",
      "wrote generated/users/openapi.yaml",
      "wrote generated/pets/schema.ts",
      "wrote generated/pets/servers.ts",
      "wrote generated/pets/examples.ts",
      "wrote generated/pets/checks.ts",
      "wrote generated/pets/openapi.yaml",
      "wrote generated/manifest.json",
      "generated 2 APIs: 11 files written, 0 unchanged (N s)",
    ];
    expect(comparable(here.lines)).toEqual(expected);
    expect(comparable(onThread.lines)).toEqual(expected);
    expect(
      onThread.lines.filter((line) => /^\w+ +lint .*, on a worker thread$/.test(line)),
    ).toHaveLength(2);
  });

  test("a lint error fails the API: its problems are printed, the later stages' lines are not, nothing is written", async () => {
    await project.write(
      "specs/pets.yaml",
      (await fixtureText("pipeline/pets-3.1.yaml")).replace("      summary: Add a pet\n", ""),
    );
    await project.writeConfig({ apis: { pets: { root: "specs/pets.yaml" } } });
    const { exitCode, lines } = await project.run(ON_THREAD);
    expect(exitCode).toBe(1);
    expect(comparable(lines)).toEqual([
      "specs/pets.yaml:14:5  error    operation-summary  Operation object should contain `summary` field.",
      "pets  lint N ms  1 error, 0 warnings",
      "failed: 1 of 1 APIs have errors (above); generated/ left untouched (N s)",
    ]);
    expect(await project.snapshotGenerated()).toEqual({});
  });

  test("an unreadable spec stops the API before lint, as on the main thread", async () => {
    await project.write("specs/pets.yaml", "openapi: 3.1.0\ninfo:\n  title: [unclosed\n");
    await project.writeConfig({ apis: { pets: { root: "specs/pets.yaml" } } });
    const here = await project.run(HERE);
    const onThread = await project.run(ON_THREAD);
    expect(onThread.exitCode).toBe(1);
    expect(comparable(onThread.lines)).toEqual(comparable(here.lines));
    expect(onThread.lines[0]).toMatch(
      /^specs\/pets\.yaml:4:1  error    yaml-syntax  invalid YAML: /,
    );
  });

  test("a fix with invalid options still exits 2 once lint has passed", async () => {
    await project.write("specs/pets.yaml", await fixtureText("pipeline/pets-3.1.yaml"));
    await project.writeConfig({
      apis: {
        pets: {
          root: "specs/pets.yaml",
          decorators: { "api-clients/remove-parameter": { parameters: "Authorization" } },
        },
      },
    });
    const here = await project.run(HERE);
    const onThread = await project.run(ON_THREAD);
    expect(here.exitCode).toBe(2);
    expect(onThread.exitCode).toBe(2);
    expect(comparable(onThread.lines)).toEqual(comparable(here.lines));
  });
});
