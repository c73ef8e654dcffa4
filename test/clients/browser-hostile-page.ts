/**
 * The page the hostile-browser test bundles: it calls the hostile server it was served from
 * (same origin, so no CORS is involved) and shows what each call settled to in `#outcome`.
 */
import { createJoyfillClient } from "../../src/joyfill.js";

/** How one call settled, reduced to what the test compares. */
export interface CallOutcome {
  resolved?: unknown;
  rejected?: { name: string; status: unknown; code: unknown; message: string; body: unknown };
}

/** What the page shows once every scenario has settled, by scenario. */
export type HostilePageOutcome = Record<string, CallOutcome>;

/** The scenarios, each a path prefix the server answers in its own hostile way. */
export const SCENARIOS = ["ok", "endless-200", "endless-500", "redirect"] as const;

async function settle(promise: Promise<unknown>): Promise<CallOutcome> {
  try {
    return { resolved: await promise };
  } catch (error) {
    const { name, status, code, message, body } = error as Record<string, unknown>;
    return {
      rejected: {
        name: String(name),
        status,
        code,
        message: String(message),
        body:
          typeof body === "string" ? `${body.length} characters ending ${body.slice(-16)}` : body,
      },
    };
  }
}

async function runScenarios(): Promise<HostilePageOutcome> {
  const outcome: HostilePageOutcome = {};
  for (const scenario of SCENARIOS) {
    const client = createJoyfillClient({
      accessToken: "at_browser_page",
      baseUrl: `${location.origin}/${scenario}`,
      maxRetries: 0,
      maxResponseBytes: 1024 * 1024,
      timeoutMs: 20_000,
    });
    outcome[scenario] = await settle(client.users.create({ group: "g" }));
  }
  return outcome;
}

void runScenarios().then(
  (outcome) => {
    document.querySelector("#outcome")!.textContent = JSON.stringify(outcome);
    document.body.dataset["state"] = "done";
  },
  (error: unknown) => {
    document.querySelector("#outcome")!.textContent = String(error);
    document.body.dataset["state"] = "failed";
  },
);
