// Compiler worker: esbuild-wasm from our own origin, building projects on request (service.ts). This entry is small so
// that esbuild.wasm (14 MB) downloads and compiles while the rest of the worker's code is still loading.
import wasmURL from 'esbuild-wasm/esbuild.wasm?url';
import type { CompilerRequest } from '../protocol';

const since = performance.now();

/** Streaming: V8 compiles as the bytes arrive (and may cache the code for a later visit). */
async function compileWasm(url: string): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Failed to download ${JSON.stringify(url)}`);
  // A host that does not send application/wasm: compile from the bytes instead (compileStreaming would refuse).
  if (/^application\/wasm($|;)/i.test(response.headers.get('Content-Type') ?? '')) return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

const wasmModule = compileWasm(wasmURL);
wasmModule.catch(() => {}); // reported by the service as init-failed
const service = import('./service');
service.then(
  (s) => s.start(wasmModule, since),
  (e: unknown) => self.postMessage({ type: 'init-failed', message: `The compiler failed to load: ${e instanceof Error ? e.message : String(e)}` }),
);
// Requests that come before the service has loaded wait for it, in their order.
self.onmessage = (event: MessageEvent<CompilerRequest>) => void service.then((s) => s.receive(event.data), () => {});
