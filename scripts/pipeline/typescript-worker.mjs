// @ts-check
/**
 * Entry of the pipeline's worker threads. A worker thread does not inherit the module loader
 * hooks of the thread that starts it, so this plain-JavaScript entry registers tsx first, then
 * imports the TypeScript module named by `workerData.module` (a file URL), which does the work
 * and answers over `parentPort`.
 */
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(/** @type {{ module: string }} */ (workerData).module);
