// The Go worker: Vercel Go functions interpreted by yaegi built to wasm. Built to one classic IIFE
// (virtual:go-worker-source) that the languages sandbox starts as a data: worker; assets come from `assetBase`.
import { countBytes } from '../shared/count-bytes';
import { compileWasm, fetchAsset, gunzipIfGzip } from '../shared/asset-download';
import { serveLanguage } from '../shared/language-channels';
import { startYaegi, type GoConstructor, type Yaegi } from './yaegi-host';

declare function importScripts(...urls: string[]): void;

const scope = globalThis as unknown as { Go?: GoConstructor };

let starting: Promise<Yaegi> | null = null;

/**
 * Downloads yaegi.wasm.gzip with progress, inflating (5.5 MB instead of 25 MB) and compiling it as it arrives, so the
 * download, the inflate and the compile overlap.
 */
async function compileGo(url: string): Promise<WebAssembly.Module> {
  const response = await fetchAsset(url);
  const total = Number(response.headers.get('content-length')) || 0;
  let loaded = 0;
  const counted = response.body.pipeThrough(
    countBytes((bytes) => {
      loaded += bytes;
      post({ type: 'progress', phase: 'Downloading Go', loaded, total });
    }),
  );
  return compileWasm(await gunzipIfGzip(counted));
}

async function start(assetBase: string): Promise<Yaegi> {
  const started = performance.now();
  importScripts(new URL('wasm_exec.js', assetBase).href);
  if (!scope.Go) throw new Error('wasm_exec.js did not define Go');
  const module = await compileGo(new URL('yaegi.wasm.gzip', assetBase).href);
  post({ type: 'progress', phase: 'Starting Go', loaded: 0, total: 0 });
  const yaegi = await startYaegi(module, scope.Go);
  post({ type: 'ready', version: yaegi.version, startMs: Math.round(performance.now() - started) });
  return yaegi;
}

const post = serveLanguage({
  init(assetBase) {
    starting ??= start(assetBase);
    starting.catch((error: unknown) => post({ type: 'init-failed', message: error instanceof Error ? error.message : String(error) }));
  },
  invoke({ entry, request, env }, files, reply) {
    if (!starting) return post({ type: 'init-failed', message: 'invoke before init' });
    // Invokes that arrive while the interpreter starts wait for it; the Go side runs them one at a time.
    // A handler runs inside the invoke call until it returns or blocks (Go's scheduler runs it before it gives the
    // thread back), so the events of one turn go as one message: a warm hello's head, body and end together. What a
    // turn leaves held goes at its end (a microtask), or at once where the handler flushes, so a body streamed before
    // a sleep or a loop is not held behind it.
    let flushing = false;
    const flushAtTurnEnd = () => {
      if (flushing) return;
      flushing = true;
      queueMicrotask(() => {
        flushing = false;
        reply.flush();
      });
    };
    starting.then(
      (yaegi) =>
        yaegi.invoke(
          files,
          entry,
          request,
          env ?? {},
          (event) => {
            reply.send(event);
            flushAtTurnEnd();
          },
          () => reply.flush(),
        ),
      () => undefined,
    );
  },
});
