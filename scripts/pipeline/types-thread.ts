import { parentPort } from "node:worker_threads";
import { installCompileCache } from "./compile-cache.js";
import type { TypesThreadAnswer, TypesThreadRequest } from "./types-client.js";
import { generateTypes } from "./types.js";

/**
 * The types worker thread's side of `startTypesThread`: importing this module loads
 * openapi-typescript and the TypeScript compiler (over a second of start-up) while the main thread
 * loads Redocly and lints and bundles; then it turns each bundled document it is sent into the
 * pieces of types the format stage takes.
 */
parentPort?.on("message", ({ id, document }: TypesThreadRequest) => {
  let answer: TypesThreadAnswer;
  try {
    answer = { id, pieces: generateTypes(document) };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    answer = { id, error: { name, message } };
  }
  // Before answering: the main thread ends this thread once it has its last answer. A no-op
  // unless a module was compiled without cached data.
  installCompileCache()?.flush();
  parentPort?.postMessage(answer);
});
