// Entry for a Chromium page, loaded as `/?context=page|worker&input=<JSON>`: runs the scenarios in
// the page itself, or in a dedicated web worker started from `/web-worker.js`, and shows the result
// as JSON in `#outcome`, then sets `data-state` on the body to `done` or `failed`.
import { ApiError } from "api-clients";
import { createJoyfillClient } from "api-clients/joyfill";
import { createProficientClient } from "api-clients/proficient";
import { runScenarios } from "../scenarios.ts";

function show(state, value) {
  document.getElementById("outcome").textContent = JSON.stringify(value);
  document.body.dataset.state = state;
}

function inWorker(input) {
  return new Promise((resolve, reject) => {
    const worker = new Worker("/web-worker.js", { type: "module" });
    worker.addEventListener("message", (event) => {
      worker.terminate();
      if (event.data.failed) reject(new Error(event.data.failed));
      else resolve(event.data.report);
    });
    worker.addEventListener("error", (event) => reject(new Error(event.message)));
    worker.postMessage(input);
  });
}

const parameters = new URL(location.href).searchParams;
const input = JSON.parse(parameters.get("input"));
const run =
  parameters.get("context") === "worker"
    ? inWorker(input)
    : runScenarios({ ApiError, createJoyfillClient, createProficientClient }, input);
run.then(
  (report) => show("done", report),
  (error) => show("failed", { failed: String(error && error.stack ? error.stack : error) }),
);
