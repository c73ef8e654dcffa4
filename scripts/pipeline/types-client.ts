import type { Worker } from "node:worker_threads";
import { startPipelineWorker } from "./threads.js";
import type { TypesPiece } from "./types-piece.js";

/** What the main thread sends the types thread: one bundled document. */
export interface TypesThreadRequest {
  id: number;
  document: Record<string, unknown>;
}

/** The types thread's answer: the pieces of types, or the error that stopped it. */
export type TypesThreadAnswer =
  { id: number; pieces: TypesPiece[] } | { id: number; error: { name: string; message: string } };

/** The types stage on a worker thread; see {@link startTypesThread}. */
export interface TypesThread {
  /**
   * `generateTypes(document)` on the thread. The document is copied there, so the caller's copy
   * is left as it was (openapi-typescript patches discriminator enums into its own).
   */
  generate(document: Record<string, unknown>): Promise<TypesPiece[]>;
  /** Ends the thread; pending calls reject. */
  stop(): Promise<void>;
}

/**
 * Starts the types stage's worker thread, which loads openapi-typescript and the TypeScript
 * compiler at once: the largest part of a run's start-up, loaded on the second core while the
 * main thread loads Redocly and prettier, reads redocly.yaml, lints and bundles. The thread then
 * generates the types of every API of the run, one after another, as the main thread sends them.
 */
export function startTypesThread(): TypesThread {
  const worker: Worker = startPipelineWorker("types-thread", undefined);
  const pending = new Map<
    number,
    { resolve: (pieces: TypesPiece[]) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let ended: Error | undefined;
  const failAll = (error: Error) => {
    ended ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on("message", (answer: TypesThreadAnswer) => {
    const call = pending.get(answer.id);
    if (!call) return;
    pending.delete(answer.id);
    if ("pieces" in answer) call.resolve(answer.pieces);
    else call.reject(Object.assign(new Error(answer.error.message), { name: answer.error.name }));
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the types thread exited (code ${code})`)));
  return {
    generate(document) {
      if (ended) return Promise.reject(ended);
      const id = nextId++;
      return new Promise<TypesPiece[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, document } satisfies TypesThreadRequest);
      });
    },
    stop: () => worker.terminate().then(() => undefined),
  };
}
