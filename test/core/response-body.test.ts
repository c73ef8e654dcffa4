import { describe, expect, test } from "vitest";
import { formatBytes, readBoundedText } from "../../src/core/response-body.js";

/** A stream of the given chunks that records whether it was cancelled and how far it was read. */
function chunked(chunks: Uint8Array[]) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[state.pulled++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe("readBoundedText", () => {
  test("reads a body within the limit whole, decoding characters split across chunks", async () => {
    const euro = bytes("€"); // three bytes
    const { stream, state } = chunked([
      bytes("a"),
      euro.subarray(0, 1),
      euro.subarray(1),
      bytes("b"),
    ]);
    expect(await readBoundedText(stream, 6)).toEqual({ text: "a€b", truncated: false });
    expect(state.cancelled).toBe(false);
  });

  test("stops at the limit, keeps exactly that many bytes and cancels the rest", async () => {
    const { stream, state } = chunked([bytes("abcd"), bytes("efgh"), bytes("ijkl"), bytes("mnop")]);
    expect(await readBoundedText(stream, 6)).toEqual({ text: "abcdef", truncated: true });
    expect(state).toEqual({ pulled: 2, cancelled: true });
  });

  test("counts a body of exactly the limit as whole", async () => {
    const { stream } = chunked([bytes("abcd"), bytes("ef")]);
    expect(await readBoundedText(stream, 6)).toEqual({ text: "abcdef", truncated: false });
  });

  test("reads no body as empty text", async () => {
    expect(await readBoundedText(null, 1)).toEqual({ text: "", truncated: false });
    expect(await readBoundedText(undefined, 1)).toEqual({ text: "", truncated: false });
  });
});

describe("formatBytes", () => {
  test.each([
    [8 * 1024 * 1024, "8 MiB"],
    [64 * 1024, "64 KiB"],
    [1536 * 1024, "1536 KiB"],
    [1000, "1000 bytes"],
    [1, "1 byte"],
    [0, "0 bytes"],
  ])("writes %i as %s", (value, text) => {
    expect(formatBytes(value)).toBe(text);
  });
});
