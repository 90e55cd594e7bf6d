// The language workers' downloads of their assets (interpreters, libraries, snapshots) from our origin.

/** The asset's response, or an error naming the URL and the HTTP status. */
export async function fetchAsset(url: string, init?: RequestInit): Promise<Response & { body: ReadableStream<Uint8Array<ArrayBuffer>> }> {
  const response = await fetch(url, init);
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
  return response as Response & { body: ReadableStream<Uint8Array<ArrayBuffer>> };
}

/**
 * A `.gzip` asset's bytes, inflated as they arrive. A server that sends it with `Content-Encoding: gzip` hands over the
 * inflated bytes already (a cross-origin response does not show that header), so the first bytes decide: gzip starts
 * 1f 8b.
 */
export async function gunzipIfGzip(body: ReadableStream<Uint8Array<ArrayBuffer>>): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
  const reader = body.getReader();
  const first = await reader.read();
  const whole = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      if (!first.done) controller.enqueue(first.value);
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  // A first piece of one byte says enough: neither a wasm module nor a snapshot starts with 1f.
  const gzip = !first.done && first.value[0] === 0x1f && (first.value.length < 2 || first.value[1] === 0x8b);
  return gzip ? whole.pipeThrough(new DecompressionStream('gzip')) : whole;
}

/** Compiles a wasm module while its bytes arrive (compileStreaming), or from the whole bytes where it is missing. */
export async function compileWasm(bytes: ReadableStream<Uint8Array<ArrayBuffer>>): Promise<WebAssembly.Module> {
  const wasm = new Response(bytes, { headers: { 'Content-Type': 'application/wasm' } });
  if (typeof WebAssembly.compileStreaming === 'function') return WebAssembly.compileStreaming(wasm);
  return WebAssembly.compile(await wasm.arrayBuffer());
}
