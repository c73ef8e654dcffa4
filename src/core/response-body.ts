/** What {@link readBoundedText} read. */
export interface BoundedText {
  /** The body decoded as UTF-8, up to the limit. */
  text: string;
  /** `true` when the body went on past the limit and reading stopped there. */
  truncated: boolean;
}

/**
 * Reads a response body as UTF-8 text, at most `limitBytes` bytes of it: past that it stops,
 * cancels the rest of the stream (which closes the connection's download) and says so, so an
 * endless or huge body costs no more than the limit in memory, in any runtime with web streams.
 */
export async function readBoundedText(
  body: ReadableStream<Uint8Array> | null | undefined,
  limitBytes: number,
): Promise<BoundedText> {
  let text = "";
  if (!body) return { text, truncated: false };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  for (let size = 0; ;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), truncated: false };
    size += value.byteLength;
    if (size > limitBytes) {
      reader.cancel().catch(() => {});
      text += decoder.decode(value.subarray(0, value.byteLength - (size - limitBytes)));
      return { text, truncated: true };
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** A byte count for messages: `8 MiB`, `64 KiB`, else `1500 bytes` (`1 byte`). */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ["MiB", 1_048_576],
    ["KiB", 1024],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return bytes === 1 ? "1 byte" : `${bytes} bytes`;
}
