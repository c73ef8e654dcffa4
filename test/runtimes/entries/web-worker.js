// Entry for a dedicated web worker in Chromium: the first message is the scenario input, the
// answer is the report (or `{ failed }` when the scenarios themselves throw).
import { ApiError } from "api-clients";
import { createJoyfillClient } from "api-clients/joyfill";
import { createProficientClient } from "api-clients/proficient";
import { runScenarios } from "../scenarios.ts";

addEventListener(
  "message",
  (event) => {
    runScenarios({ ApiError, createJoyfillClient, createProficientClient }, event.data).then(
      (report) => postMessage({ report }),
      (error) => postMessage({ failed: String(error && error.stack ? error.stack : error) }),
    );
  },
  { once: true },
);
