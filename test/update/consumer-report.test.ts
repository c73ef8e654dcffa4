/**
 * The consumer impact in words: the sentence every report opens with, the terminal lines and
 * the Markdown of the pull request and the changelog.
 */
import { describe, expect, test } from "vitest";
import type { AppImpact, ConsumerImpact } from "../../scripts/update/consumer-check.js";
import {
  consumerHeadline,
  consumerLines,
  consumerMarkdown,
  consumerSentence,
} from "../../scripts/update/consumer-report.js";

const error = {
  file: "apps/server/src/signup.ts",
  line: 14,
  column: 7,
  code: 2339,
  message: "Property 'live_mode' does not exist on type 'User'.",
};

function app(path: string, status: AppImpact["status"], extra: Partial<AppImpact> = {}): AppImpact {
  return { name: path.slice(5), path, status, files: 3, errors: [], errorsBefore: 0, ...extra };
}

const impact = (...apps: AppImpact[]): ConsumerImpact => ({ workspace: "../..", apps });

describe("consumerSentence", () => {
  test.each([
    [
      { workspace: null, apps: [] },
      "api-clients is in no npm workspace, so no app here depends on it",
    ],
    [impact(), "no package in the workspace depends on api-clients"],
    [impact(app("apps/a", "compiles"), app("apps/b", "compiles")), "every app compiles (2 of 2)"],
    [
      impact(
        app("apps/a", "breaks", { errors: [error] }),
        app("apps/b", "compiles"),
        app("apps/c", "compiles"),
      ),
      "1 of 3 apps no longer compiles",
    ],
    [
      impact(app("apps/a", "breaks"), app("apps/b", "breaks"), app("apps/c", "already-broken")),
      "2 of 3 apps no longer compile",
    ],
    [
      impact(
        app("apps/a", "compiles"),
        app("apps/b", "already-broken"),
        app("apps/c", "not-checked"),
      ),
      "no app breaks: 1 of 3 apps compile, 1 already broken before the update, 1 not checked (no tsconfig.json)",
    ],
  ])("says what happened to the apps: %j", (consumers, sentence) => {
    expect(consumerSentence(consumers, "api-clients")).toBe(sentence);
  });
});

describe("the consumer impact's lines", () => {
  const consumers = impact(
    app("apps/admin", "compiles", { files: 1 }),
    app("apps/server", "breaks", { errors: [error], errorsBefore: 2 }),
  );

  test("opens the pull request with the verdict, the sentence and the first error's place", () => {
    expect(consumerHeadline("non-breaking", consumers, "api-clients")).toBe(
      "non-breaking in the spec; 1 of 2 apps no longer compiles: apps/server/src/signup.ts:14:7 …",
    );
  });

  test("lists every app in the terminal, each error below its app", () => {
    expect(consumerLines(consumers, { packageName: "api-clients", time: "0.8 s" })).toEqual([
      "apps     errors  1 of 2 apps no longer compiles against the new clients (0.8 s); written anyway, fix them before merging:",
      "  apps/admin   compiles (1 file)",
      "  apps/server  no longer compiles: 1 error more than the 2 it had before the update",
      "    apps/server/src/signup.ts:14:7  TS2339  Property 'live_mode' does not exist on type 'User'.",
    ]);
  });

  test("lists every app in Markdown, escaping the messages", () => {
    expect(consumerMarkdown(consumers, "api-clients")).toEqual([
      "**Apps:** 1 of 2 apps no longer compiles.",
      "",
      "- `apps/admin`: compiles (1 file)",
      "- `apps/server`: no longer compiles: 1 error more than the 2 it had before the update",
      "  - `apps/server/src/signup.ts:14:7` TS2339: Property 'live\\_mode' does not exist on type 'User'.",
    ]);
  });
});
