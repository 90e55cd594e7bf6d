// A download's bytes counted as they pass, for the language workers' progress bars.

/** Passes chunks through unchanged, calling `onChunk` with each one's size and `onEnd` when the stream ends. */
export function countBytes(onChunk: (bytes: number) => void, onEnd?: () => void): TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>> {
  return new TransformStream({
    transform(chunk, controller) {
      onChunk(chunk.byteLength);
      controller.enqueue(chunk);
    },
    flush: onEnd,
  });
}
