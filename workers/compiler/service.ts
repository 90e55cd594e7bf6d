// The compiler worker's service (index.ts loads it): starts esbuild-wasm on the module index.ts compiles, then builds
// projects on request (latest per lane wins).
// The ESM browser build: the package's `browser` entry is UMD, which the dev server would serve unconverted.
import * as esbuild from 'esbuild-wasm/esm/browser.js';
import polyfills from 'virtual:edge-polyfills';
import builtins from 'virtual:node-builtins';
import type { CompileRequest, CompileResult, CompilerRequest, CompilerResponse } from '../protocol';
import { ProjectBuilder } from './builder';
import { buildLane } from './lane';
import { bundleSize } from './size';

const post = (message: CompilerResponse) => self.postMessage(message);
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const builder = new ProjectBuilder(esbuild, { polyfills, builtins });

/** A small handler like the ones people write, so the throwaway builds warm the paths real builds take. */
const warmupFiles = (n: number) => ({
  'app/api/warmup/route.ts':
    "import { greet } from './greet';\n" +
    `export const runtime = 'edge';\nexport function GET(request: Request): Response {\n` +
    `  return new Response(greet('ok ${n}') + typeof Function);\n}\n`,
  'app/api/warmup/greet.ts': 'export const greet = (name: string): string => `hello ${name}`;\n',
});

/** The newest request per lane not yet started; a newer one replaces it and the replaced one gets no answer. */
const waiting = new Map<string, CompileRequest>();
const laneOf = (request: CompileRequest) => buildLane(request.runtime, request.next);
let busy = false;
let ready: Promise<number> | null = null;

/** Starts esbuild on `wasmModule` (index.ts compiles it while this module loads); `since`: the worker's start. */
export function start(wasmModule: Promise<WebAssembly.Module>, since: number): void {
  ready = (async () => {
    // We are already off the main thread, so esbuild runs here instead of in a worker of its own.
    await esbuild.initialize({ wasmModule: await wasmModule, worker: false });
    // The first build after initialize is slow (design.md); pay for it now rather than on the first run, unless a
    // request already waits: its own build pays it then, and the first response does not wait for two builds.
    if (waiting.size === 0) {
      const warmup = await builder.build(warmupFiles(0), 'app/api/warmup/route.ts', 'edge');
      if (warmup.crashed) throw new Error(warmup.errors[0].text);
    }
    return performance.now() - since;
  })();
  ready.then(
    (initMs) => post({ type: 'ready', initMs }),
    (e: unknown) => post({ type: 'init-failed', message: messageOf(e) }),
  );
}

export function receive(message: CompilerRequest): void {
  if (message?.type !== 'compile') return;
  waiting.delete(laneOf(message)); // re-insert so requests are served in arrival order
  waiting.set(laneOf(message), message);
  void drain();
}

async function drain(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    await ready!.catch(() => {});
    for (let next = first(); next; next = first()) {
      waiting.delete(laneOf(next));
      post(await compile(next));
    }
  } finally {
    busy = false;
  }
}

const first = (): CompileRequest | undefined => waiting.values().next().value;

/** Always answers: a request left without a reply would leave the page waiting for good. */
async function compile(request: CompileRequest): Promise<CompileResult> {
  const start = performance.now();
  const base = { type: 'compiled', id: request.id, bytes: 0, gzipBytes: 0 } as const;
  const failure = (text: string): CompileResult =>
    ({ ...base, code: null, errors: [{ file: request.entry, line: 1, column: 0, text }], warnings: [], compileMs: performance.now() - start });
  try {
    await ready!;
  } catch (e) {
    return failure(`esbuild could not start: ${messageOf(e)}`);
  }
  try {
    const { crashed, ...output } = await builder.build(request.files, request.entry, request.runtime, request.next, request.packages);
    // esbuild-wasm cannot be initialised twice: after its service dies, only a new worker helps. An uncaught error
    // reaches the page's Worker as an `error` event (after this answer), and the proxy starts a fresh worker.
    if (crashed) setTimeout(() => { throw new Error(output.errors[0]?.text ?? 'esbuild stopped'); });
    const size = output.code === null ? { bytes: 0, gzipBytes: 0 } : await bundleSize(output.code);
    return { ...base, ...output, ...size, compileMs: performance.now() - start };
  } catch (e) {
    return failure(`The compiler failed: ${messageOf(e)}`);
  }
}
