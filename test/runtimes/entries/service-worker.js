// Entry for Vercel's edge-runtime (service worker syntax): a POST with the scenario input as its
// JSON body answers with the report.
import { ApiError } from "api-clients";
import { createJoyfillClient } from "api-clients/joyfill";
import { createProficientClient } from "api-clients/proficient";
import { runScenarios } from "../scenarios.ts";

addEventListener("fetch", (event) => {
  event.respondWith(
    event.request
      .json()
      .then((input) =>
        runScenarios({ ApiError, createJoyfillClient, createProficientClient }, input),
      )
      .then((report) => Response.json(report)),
  );
});
