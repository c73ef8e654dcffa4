import { mkdtemp, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createProject, fixtureText, type Project } from "../support/project.js";

const FAILED =
  /^failed: 1 of 1 APIs have errors \(above\); generated\/ left untouched \(\d+\.\d\d s\)$/;

/** Text that must never reach the output, whatever a hostile spec points at. */
const SECRET = "s3cr3t-do-not-print";

let project: Project;
let outside: string;
beforeEach(async () => {
  project = await createProject({ copy: [".prettierrc.json"] });
  outside = await mkdtemp(join(tmpdir(), "outside-"));
});
afterEach(async () => {
  await project.remove();
  await rm(outside, { recursive: true, force: true });
});

/** `line:col` (1-based) where `needle` first starts in `text`. */
function positionOf(text: string, needle: string): string {
  const offset = text.indexOf(needle);
  if (offset === -1) throw new Error(`${needle} is not in the text`);
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** `line:col` of the character right after `prefix`, where it first occurs in `text`. */
function positionAfter(text: string, prefix: string): string {
  const [line, col] = positionOf(text, prefix).split(":").map(Number);
  return `${line}:${col! + prefix.length}`;
}

/** The pets spec with `owner: <value>` added to the NewPet schema's properties. */
async function petsWithOwner(value: string): Promise<string> {
  return (await fixtureText("pipeline/pets-3.1.yaml")).replace(
    "        tag:\n",
    `        owner: ${value}\n        tag:\n`,
  );
}

/** Writes the spec as specs/pets/pets.yaml, declares it as API `pets`, and runs the pipeline. */
async function runPets(spec: string, entry: Record<string, unknown> = {}) {
  await project.write("specs/pets/pets.yaml", spec);
  await project.writeConfig({ apis: { pets: { root: "specs/pets/pets.yaml", ...entry } } });
  return project.run();
}

/** The lines a run printed, without its per-stage timing lines. */
function problemLines(lines: string[]): string[] {
  return lines.filter((line) => !/^pets {2}\w+ +\d+ ms/.test(line));
}

describe("$refs stay inside the spec's folder", { timeout: 60_000 }, () => {
  test("a relative $ref that climbs out of the folder: exit 1 at the ref, the file not read", async () => {
    await project.write("specs/secret.yaml", `type: string\ndescription: ${SECRET}\n`);
    const spec = await petsWithOwner('{ $ref: "../secret.yaml" }');
    const { exitCode, lines } = await runPets(spec);
    expect(exitCode).toBe(1);
    const shown = problemLines(lines);
    expect(shown[0]).toBe(
      `specs/pets/pets.yaml:${positionOf(spec, '"../secret.yaml"')}  error    ref-outside-spec-folder  ` +
        `$ref "../secret.yaml": it resolves to ${join(project.root, "specs/secret.yaml")}, outside the spec's folder ` +
        `${join(project.root, "specs/pets")}; a spec may only $ref files inside its own folder`,
    );
    expect(shown[1]).toMatch(FAILED);
    expect(shown).toHaveLength(2);
    expect(lines.join("\n")).not.toContain(SECRET);
    expect(await project.snapshotGenerated()).toEqual({});
  });

  test("an absolute path is refused the same way", async () => {
    const secretPath = join(outside, "secret.json");
    await writeFile(secretPath, JSON.stringify({ type: "string", description: SECRET }));
    const { exitCode, lines } = await runPets(await petsWithOwner(`{ $ref: "${secretPath}" }`));
    expect(exitCode).toBe(1);
    expect(problemLines(lines)[0]).toMatch(
      /^specs\/pets\/pets\.yaml:\d+:\d+ {2}error {4}ref-outside-spec-folder {2}\$ref "\/.+secret\.json": it resolves to /,
    );
    expect(lines.join("\n")).not.toContain(SECRET);
  });

  test("a symbolic link inside the folder that points outside is refused", async () => {
    const secretPath = join(outside, "secret.yaml");
    await writeFile(secretPath, `type: string\ndescription: ${SECRET}\n`);
    await project.write("specs/pets/.keep", "");
    await symlink(secretPath, join(project.root, "specs/pets/linked.yaml"));
    const { exitCode, lines } = await runPets(await petsWithOwner('{ $ref: "./linked.yaml" }'));
    expect(exitCode).toBe(1);
    expect(problemLines(lines)[0]).toContain(
      `ref-outside-spec-folder  $ref "./linked.yaml": it resolves to ${secretPath}`,
    );
    expect(lines.join("\n")).not.toContain(SECRET);
  });

  test("$refs in an x- extension, an example and an externalValue are checked too", async () => {
    await project.write("specs/secret.yaml", `leaked: ${SECRET}\n`);
    const spec = (await fixtureText("pipeline/pets-3.1.yaml"))
      .replace("  version: 1.0.0\n", '  version: 1.0.0\n  x-logo: { $ref: "../secret.yaml" }\n')
      .replace(
        "          description: The pet was added.\n",
        [
          "          description: The pet was added.",
          "          headers:",
          "            x-first:",
          "              schema: { type: string }",
          '              example: { $ref: "../secret.yaml#/leaked" }',
          "            x-second:",
          "              schema: { type: string }",
          "              examples:",
          '                one: { externalValue: "../secret.yaml" }',
          "",
        ].join("\n"),
      );
    const { exitCode, lines } = await runPets(spec);
    expect(exitCode).toBe(1);
    const refused = problemLines(lines).filter((line) => line.includes("ref-outside-spec-folder"));
    expect(refused.map((line) => line.split("  ")[0])).toEqual([
      `specs/pets/pets.yaml:${positionAfter(spec, "x-logo: { $ref: ")}`,
      `specs/pets/pets.yaml:${positionAfter(spec, "example: { $ref: ")}`,
      `specs/pets/pets.yaml:${positionAfter(spec, "one: { externalValue: ")}`,
    ]);
    expect(refused[2]).toContain('externalValue "../secret.yaml"');
    expect(lines.join("\n")).not.toContain(SECRET);
  });

  test("a file in a subfolder is still followed and recorded in the manifest", async () => {
    await project.write(
      "specs/pets/parts/owner.yaml",
      "type: string\ndescription: Who feeds it.\n",
    );
    const { exitCode } = await runPets(await petsWithOwner('{ $ref: "./parts/owner.yaml" }'));
    expect(exitCode).toBe(0);
    expect(await project.read("generated/pets/schema.ts")).toContain(
      "/** @description Who feeds it. */",
    );
    const manifest = JSON.parse(await project.read("generated/manifest.json"));
    expect(Object.keys(manifest.apis.pets.inputs)).toContain("specs/pets/parts/owner.yaml");
  });

  test("file:, data: and other schemes are refused", async () => {
    const { exitCode, lines } = await runPets(
      await petsWithOwner('{ $ref: "data:application/json,{}" }'),
    );
    expect(exitCode).toBe(1);
    expect(problemLines(lines)[0]).toMatch(
      / {2}error {4}ref-scheme {2}\$ref "data:application\/json,\{\}": data: \$refs are refused/,
    );
  });
});

describe("pointers", { timeout: 60_000 }, () => {
  test("#/components/schemas/__proto__ is not a pointer into Object.prototype: exit 1 at the ref", async () => {
    const spec = await petsWithOwner('{ $ref: "#/components/schemas/__proto__" }');
    const { exitCode, lines } = await runPets(spec);
    expect(exitCode).toBe(1);
    expect(problemLines(lines)).toEqual([
      `specs/pets/pets.yaml:${positionOf(spec, '"#/components/schemas/__proto__"')}  error    ref-inherited-name  ` +
        `$ref "#/components/schemas/__proto__": "__proto__" is not a property of the document, only a name every JavaScript object inherits`,
      expect.stringMatching(FAILED),
    ]);
  });

  test("constructor and toString are not resolvable either", async () => {
    for (const name of ["constructor", "toString"]) {
      const { exitCode, lines } = await runPets(
        await petsWithOwner(`{ $ref: "#/components/${name}" }`),
      );
      expect(exitCode).toBe(1);
      expect(problemLines(lines)[0]).toContain(
        `ref-inherited-name  $ref "#/components/${name}": "${name}" is not a property`,
      );
    }
  });

  test("a circular chain of $refs: exit 1 at the ref, no stack overflow", async () => {
    const spec = (await petsWithOwner('{ $ref: "#/components/schemas/Loop1" }')).concat(
      '    Loop1: { $ref: "#/components/schemas/Loop2" }\n',
      '    Loop2: { $ref: "#/components/schemas/Loop1" }\n',
    );
    const { exitCode, lines } = await runPets(spec);
    expect(exitCode).toBe(1);
    const shown = problemLines(lines);
    expect(shown[0]).toBe(
      `specs/pets/pets.yaml:${positionOf(spec, '"#/components/schemas/Loop1" }')}  error    ref-circular  ` +
        `$ref "#/components/schemas/Loop1": its $refs go round in a circle: ` +
        "#/components/schemas/Loop1 → #/components/schemas/Loop2 → #/components/schemas/Loop1",
    );
    expect(shown.at(-1)).toMatch(FAILED);
  });
});

/** A server on 127.0.0.1 that records every request and answers with `handler`. */
async function startServer(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? "");
    handler(request, response);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => server.close(done));
    },
  };
}

describe("http(s) $refs", { timeout: 60_000 }, () => {
  test("are refused without an opt-in, and nothing is fetched", async () => {
    const server = await startServer((_, response) => response.end("type: string\n"));
    try {
      const spec = await petsWithOwner(`{ $ref: "${server.origin}/owner.yaml" }`);
      const { exitCode, lines } = await runPets(spec);
      expect(exitCode).toBe(1);
      expect(problemLines(lines)[0]).toBe(
        `specs/pets/pets.yaml:${positionOf(spec, `"${server.origin}`)}  error    ref-remote  ` +
          `$ref "${server.origin}/owner.yaml": http(s) $refs are refused unless the API allows their URL in redocly.yaml (x-api-clients.remoteRefs.allow)`,
      );
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test("with remoteRefs.allow, are fetched, recorded in the manifest, and a change is seen by the next run", async () => {
    let description = "Who feeds it.";
    const server = await startServer((_, response) =>
      response.end(`type: string\ndescription: ${description}\n`),
    );
    try {
      const spec = await petsWithOwner(`{ $ref: "${server.origin}/schemas/owner.yaml" }`);
      const entry = {
        "x-api-clients": { remoteRefs: { allow: [`${server.origin}/schemas/`], timeoutMs: 5_000 } },
      };
      expect((await runPets(spec, entry)).exitCode).toBe(0);
      expect(await project.read("generated/pets/schema.ts")).toContain(
        "/** @description Who feeds it. */",
      );
      const manifest = JSON.parse(await project.read("generated/manifest.json"));
      expect(manifest.apis.pets.remoteTimeoutMs).toBe(5_000);
      const { createHash } = await import("node:crypto");
      expect(manifest.apis.pets.inputs[`${server.origin}/schemas/owner.yaml`]).toBe(
        createHash("sha256").update("type: string\ndescription: Who feeds it.\n").digest("hex"),
      );

      const unchanged = await project.run();
      expect(unchanged.lines).toEqual([expect.stringMatching(/^up to date: pets /)]);
      description = "Who walks it.";
      const changed = await project.run();
      expect(changed.exitCode).toBe(0);
      expect(changed.lines).toContain("wrote generated/pets/schema.ts");
      expect(await project.read("generated/pets/schema.ts")).toContain(
        "/** @description Who walks it. */",
      );
    } finally {
      await server.close();
    }
  });

  test("a URL outside the allowed prefixes is refused", async () => {
    const server = await startServer((_, response) => response.end("type: string\n"));
    try {
      const spec = await petsWithOwner(`{ $ref: "${server.origin}/other/owner.yaml" }`);
      const entry = { "x-api-clients": { remoteRefs: { allow: [`${server.origin}/schemas/`] } } };
      const { exitCode, lines } = await runPets(spec, entry);
      expect(exitCode).toBe(1);
      expect(problemLines(lines)[0]).toContain(
        `ref-remote  $ref "${server.origin}/other/owner.yaml": no prefix in x-api-clients.remoteRefs.allow matches this URL (allowed: ${server.origin}/schemas/)`,
      );
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test("a server that never answers fails the API after timeoutMs, at the ref", async () => {
    const server = await startServer(() => undefined);
    try {
      const spec = await petsWithOwner(`{ $ref: "${server.origin}/owner.yaml" }`);
      const entry = {
        "x-api-clients": { remoteRefs: { allow: [`${server.origin}/`], timeoutMs: 300 } },
      };
      const startedAt = performance.now();
      const { exitCode, lines } = await runPets(spec, entry);
      expect(exitCode).toBe(1);
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(300);
      expect(problemLines(lines)[0]).toBe(
        `specs/pets/pets.yaml:${positionOf(spec, `"${server.origin}`)}  error    ref-remote-timeout  ` +
          `$ref "${server.origin}/owner.yaml": no complete answer within 300 ms (x-api-clients.remoteRefs.timeoutMs)`,
      );
      expect(server.requests).toEqual(["/owner.yaml"]);
    } finally {
      await server.close();
    }
  });

  test("a redirect is not followed", async () => {
    const server = await startServer((_, response) => {
      response.writeHead(302, { location: "http://127.0.0.1:9/elsewhere.yaml" }).end();
    });
    try {
      const spec = await petsWithOwner(`{ $ref: "${server.origin}/owner.yaml" }`);
      const entry = { "x-api-clients": { remoteRefs: { allow: [`${server.origin}/`] } } };
      const { exitCode, lines } = await runPets(spec, entry);
      expect(exitCode).toBe(1);
      expect(problemLines(lines)[0]).toContain(
        `ref-remote-failed  $ref "${server.origin}/owner.yaml": the server answered HTTP 302 (redirects are not followed); $ref the final URL`,
      );
    } finally {
      await server.close();
    }
  });

  test("a malformed remoteRefs setting is a config error (exit 2) naming the entry", async () => {
    const { exitCode, lines } = await runPets(await fixtureText("pipeline/pets-3.1.yaml"), {
      "x-api-clients": { remoteRefs: { allow: ["https://schemas.example.net"] } },
    });
    expect(exitCode).toBe(2);
    expect(lines).toEqual([
      expect.stringMatching(
        /^config error: redocly\.yaml:\d+:\d+ {2}apis\.pets\.x-api-clients\.remoteRefs: allow\[0\] must be an http\(s\) URL prefix with at least its origin and a slash, e\.g\. https:\/\/schemas\.example\.net\/$/,
      ),
    ]);
  });
});

describe("API names", { timeout: 60_000 }, () => {
  for (const name of [
    "../../escaped",
    "manifest.json",
    "Museum API@v1",
    "Pets",
    "pets--v1",
    "con",
  ]) {
    test(`${JSON.stringify(name)} is refused with exit 2 naming the entry, and nothing is written`, async () => {
      await project.write("specs/pets.yaml", await fixtureText("pipeline/pets-3.1.yaml"));
      await project.writeConfig({ apis: { [name]: { root: "specs/pets.yaml" } } });
      const config = await project.read("redocly.yaml");
      const { exitCode, lines } = await project.run();
      expect(exitCode).toBe(2);
      expect(lines).toHaveLength(1);
      const keyAt = positionOf(config, `${name}:`);
      expect(lines[0]).toMatch(
        new RegExp(
          `^config error: redocly\\.yaml:\\d+:\\d+  apis\\.${escapeRegExp(JSON.stringify(name))}: `,
        ),
      );
      if (!/[ @]/.test(name)) expect(lines[0]).toContain(`redocly.yaml:${keyAt}  `);
      expect(await project.snapshotGenerated()).toEqual({});
    });
  }

  test("names of lowercase words, digits and single hyphens are accepted", async () => {
    await project.write("specs/pets.yaml", await fixtureText("pipeline/pets-3.1.yaml"));
    await project.writeConfig({ apis: { "pets-v2": { root: "specs/pets.yaml" } } });
    expect((await project.run()).exitCode).toBe(0);
    expect(Object.keys(await project.snapshotGenerated())).toContain("generated/pets-v2/schema.ts");
  });
});

describe("resource limits", { timeout: 60_000 }, () => {
  test("a YAML alias bomb in an x- extension: exit 1 at the alias that passes the limit, before any tool expands it", async () => {
    const spec = (await fixtureText("pipeline/pets-3.1.yaml")).replace(
      "  version: 1.0.0\n",
      `  version: 1.0.0\n  x-bomb:\n${aliasBomb("    ")}`,
    );
    const { exitCode, lines } = await runPets(spec);
    expect(exitCode).toBe(1);
    // a stands for 11 nodes, b for 111, c for 1,111, d for 11,111: the aliases of b, c and d add
    // 12,330 nodes, and the 8th *d of e takes the total past 100,000.
    const { line, col } = eighthAliasOfE(spec);
    expect(problemLines(lines)).toEqual([
      `specs/pets/pets.yaml:${line}:${col}  error    yaml-alias-expansion  ` +
        "a YAML alias here takes what aliases add to the document past 100,000 nodes (the limit on alias expansion); write the values out or use $ref",
      expect.stringMatching(FAILED),
    ]);
  });

  test("the same alias bomb in a $ref'd file: exit 1 at the ref, naming the place in that file", async () => {
    await project.write("specs/pets/bomb.yaml", aliasBomb(""));
    const spec = await petsWithOwner('{ $ref: "./bomb.yaml" }');
    const { exitCode, lines } = await runPets(spec);
    expect(exitCode).toBe(1);
    const inBomb = eighthAliasOfE(aliasBomb(""));
    expect(problemLines(lines)[0]).toBe(
      `specs/pets/pets.yaml:${positionOf(spec, '"./bomb.yaml"')}  error    yaml-alias-expansion  ` +
        `$ref "./bomb.yaml": ${inBomb.line}:${inBomb.col} of that document: a YAML alias here takes what aliases add to the document past 100,000 nodes` +
        " (the limit on alias expansion); write the values out or use $ref",
    );
  });

  test("a spec file over the size limit: exit 1 saying the size and the limit", async () => {
    await project.write("specs/pets/pets.yaml", "");
    await truncate(join(project.root, "specs/pets/pets.yaml"), 101 * 2 ** 20);
    await project.writeConfig({ apis: { pets: { root: "specs/pets/pets.yaml" } } });
    const { exitCode, lines } = await project.run();
    expect(exitCode).toBe(1);
    expect(problemLines(lines)).toEqual([
      "specs/pets/pets.yaml:1:1  error    spec-too-large  the file is 101 MiB; a spec file may be at most 100 MiB",
      expect.stringMatching(FAILED),
    ]);
  });

  test("JSON nested past the depth limit: exit 1 at the first bracket too deep", async () => {
    let schema: unknown = { type: "string" };
    for (let level = 0; level < 200; level++) schema = { type: "array", items: schema };
    const spec = JSON.stringify(
      {
        openapi: "3.1.0",
        info: { title: "Deep", version: "1" },
        paths: {},
        components: { schemas: { Deep: schema } },
      },
      null,
      1,
    );
    await project.write("specs/deep.json", spec);
    await project.writeConfig({ apis: { deep: { root: "specs/deep.json" } } });
    const { exitCode, lines } = await project.run();
    expect(exitCode).toBe(1);
    const lineNumber =
      spec
        .split("\n")
        .findIndex((_, index, all) => depthAt(all.slice(0, index + 1).join("\n")) > 100) + 1;
    expect(lines[0]).toMatch(
      new RegExp(
        `^specs/deep\\.json:${lineNumber}:\\d+ {2}error {4}spec-too-deep {2}objects and arrays are nested more than 100 levels deep here; a spec may nest at most 100$`,
      ),
    );
  });

  test("YAML nested past the depth limit: exit 1 with the place", async () => {
    let yaml = "type: string\n";
    for (let level = 0; level < 120; level++)
      yaml = `type: array\nitems:\n${yaml.replace(/^/gm, "  ")}`;
    const spec = `openapi: 3.1.0\ninfo:\n  title: Deep\n  version: "1"\npaths: {}\ncomponents:\n  schemas:\n    Deep:\n${yaml.replace(/^/gm, "      ")}`;
    await project.write("specs/deep.yaml", spec);
    await project.writeConfig({ apis: { deep: { root: "specs/deep.yaml" } } });
    const { exitCode, lines } = await project.run();
    expect(exitCode).toBe(1);
    const itemsLines = spec.split("\n").filter((line) => line.trim() === "items:");
    expect(itemsLines).toHaveLength(120);
    expect(lines[0]).toMatch(
      /^specs\/deep\.yaml:\d+:\d+ {2}error {4}spec-too-deep {2}objects and arrays are nested more than 100 levels deep here; a spec may nest at most 100$/,
    );
    expect(lines[0]).not.toMatch(/:1:1 /);
  });
});

describe("scale", () => {
  test("a wide spec (3,000 schemas of 20 properties) generates", { timeout: 300_000 }, async () => {
    const schemas: Record<string, unknown> = {};
    for (let index = 0; index < 3_000; index++) {
      const properties: Record<string, unknown> = {};
      for (let property = 0; property < 20; property++)
        properties[`field${property}`] = { type: "string", description: `Field ${property}.` };
      schemas[`Thing${index}`] = { type: "object", properties };
    }
    const spec = JSON.parse(
      JSON.stringify(
        await import("yaml").then(({ parse }) => fixtureText("pipeline/pets-3.1.yaml").then(parse)),
      ),
    );
    spec.components.schemas = { ...spec.components.schemas, ...schemas };
    await project.write("specs/wide.json", JSON.stringify(spec));
    await project.writeConfig({
      apis: { wide: { root: "specs/wide.json", rules: { "no-unused-components": "off" } } },
    });
    const { exitCode, lines } = await project.run();
    expect(lines.filter((line) => line.includes("  error  "))).toEqual([]);
    expect(exitCode).toBe(0);
    const schema = await project.read("generated/wide/schema.ts");
    expect(schema).toContain("    Thing2999: {\n");
    expect(
      schema.match(/\/\*\* @description Field 19\. \*\/\n {6}field19\?: string;/g),
    ).toHaveLength(3_000);
  });
});

/** "Billion laughs": each line's ten aliases to the line before; 8 lines stand for 10⁸ nodes. */
function aliasBomb(indent: string): string {
  const lines = [`${indent}a: &a [x, x, x, x, x, x, x, x, x, x]`];
  const names = "abcdefgh";
  for (let index = 1; index < names.length; index++) {
    lines.push(
      `${indent}${names[index]}: &${names[index]} [${Array(10)
        .fill(`*${names[index - 1]}`)
        .join(", ")}]`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Where the 8th `*d` of the bomb's line `e` is, 1-based: at its name, where Redocly's YAML parser places an alias. */
function eighthAliasOfE(text: string): { line: number; col: number } {
  const line = text.slice(0, text.indexOf("e: &e")).split("\n").length;
  return { line, col: text.split("\n")[line - 1]!.split("*d").slice(0, 8).join("*d").length + 2 };
}

/** Bracket depth at the end of a JSON text (no brackets inside its strings here). */
function depthAt(text: string): number {
  let depth = 0;
  for (const char of text) {
    if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") depth--;
  }
  return depth;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
