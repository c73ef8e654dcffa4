// Entry for runtimes with a command line (Node, Bun, Deno): the scenario input is the first
// argument, as JSON; the report is printed to standard output, as JSON.
import { ApiError } from "api-clients";
import { createJoyfillClient } from "api-clients/joyfill";
import { createProficientClient } from "api-clients/proficient";
import { runScenarios } from "../scenarios.ts";

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const report = await runScenarios(
  { ApiError, createJoyfillClient, createProficientClient },
  JSON.parse(args[0]),
);
console.log(JSON.stringify(report));
