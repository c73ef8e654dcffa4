// Entry for workerd (Cloudflare Workers' ES module syntax): a POST with the scenario input as its
// JSON body answers with the report.
import { ApiError } from "api-clients";
import { createJoyfillClient } from "api-clients/joyfill";
import { createProficientClient } from "api-clients/proficient";
import { runScenarios } from "../scenarios.ts";

export default {
  async fetch(request) {
    const input = await request.json();
    const report = await runScenarios(
      { ApiError, createJoyfillClient, createProficientClient },
      input,
    );
    return Response.json(report);
  },
};
