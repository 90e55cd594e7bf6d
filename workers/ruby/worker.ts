// The Ruby worker: one classic script (built to an IIFE by src/server/ruby-assets.ts) that the languages sandbox
// starts. On `init` it downloads CRuby for WASI from our origin (assetBase) with the precompiled Ruby files (iseq.ts),
// starts the VM with WEBrick, and answers `invoke`s one at a time with the run's events (workers/protocol.ts,
// LanguageWorker*). Deadlines are the sandbox's: it terminates this worker on maxDuration or Stop.
import { platformErrorEvents } from '../platform-errors';
import type { RunEvent } from '../protocol';
import { countBytes } from '../shared/count-bytes';
import { compileWasm, fetchAsset } from '../shared/asset-download';
import { serveLanguage } from '../shared/language-channels';
// The glue, the stubs and WEBrick, VM path → text (scripts/pack-ruby-lib.mjs), bundled into this script.
import rubyLib from './ruby-lib.json';
import { decodeIseqPack, RUBY_ISEQ_FILE, type RubyIseqPack } from './iseq';
import { RUBY_WASM, RubyRuntime, WEBRICK_VERSION } from './vm';


/**
 * The interpreter, compiled while it downloads (compileStreaming) and counted on the way for the progress bar. The
 * size is known ahead (a test checks it against the package): a compressed response's Content-Length counts
 * compressed bytes while the stream yields decompressed ones.
 */
async function compileRuby(url: string): Promise<WebAssembly.Module> {
  const response = await fetchAsset(url);
  const total = RUBY_WASM.bytes;
  let loaded = 0;
  let reported = 0;
  post({ type: 'progress', phase: 'Downloading Ruby', loaded: 0, total });
  const counted = response.body.pipeThrough(
    countBytes(
      (bytes) => {
        loaded += bytes;
        // A message per 1% is plenty for a bar (the stream yields a chunk every few kB).
        if (loaded - reported >= total / 100) {
          reported = loaded;
          post({ type: 'progress', phase: 'Downloading Ruby', loaded: Math.min(loaded, total), total });
        }
      },
      () => post({ type: 'progress', phase: 'Starting Ruby', loaded: 0, total: 0 }),
    ),
  );
  return compileWasm(counted);
}

/** The precompiled Ruby files (iseq.ts), or null: without them Ruby compiles the same files from source, slower. */
async function downloadIseq(url: string): Promise<RubyIseqPack | null> {
  try {
    const response = await fetch(url);
    return response.ok ? decodeIseqPack(new Uint8Array(await response.arrayBuffer())) : null;
  } catch {
    return null;
  }
}

async function start(assetBase: string): Promise<RubyRuntime> {
  const started = performance.now();
  // Both downloads at once; the pack is small (under 1 MB) and arrives long before the interpreter is compiled.
  const iseq = downloadIseq(new URL(RUBY_ISEQ_FILE, assetBase).href);
  const module = await compileRuby(new URL(RUBY_WASM.file, assetBase).href);
  const runtime = await RubyRuntime.start(module, rubyLib, await iseq);
  // "ruby 3.3.3 (2024-06-12 revision f1c7b6f435) [wasm32-wasi]" → "Ruby 3.3.3"
  const version = /^ruby (\S+)/.exec(runtime.description)?.[1] ?? runtime.description;
  post({ type: 'ready', version: `Ruby ${version} (ruby.wasm ${RUBY_WASM.version}, WEBrick ${WEBRICK_VERSION})`, startMs: Math.round(performance.now() - started) });
  return runtime;
}

let runtime: Promise<RubyRuntime> | null = null;
/** Runs one after another: Ruby is one process with one thread here, like one Lambda instance. */
let queue: Promise<void> = Promise.resolve();

const post = serveLanguage({
  init(assetBase) {
    runtime ??= start(assetBase);
    runtime.catch((error: unknown) => post({ type: 'init-failed', message: `Ruby could not start: ${error instanceof Error ? error.message : String(error)}` }));
  },
  invoke(message, files, reply) {
    queue = queue.then(async () => {
      if (!runtime) throw new Error('invoke before init');
      const ruby = await runtime;
      // The head, body and end come after the handler has returned (vm.ts): held together, they go as one message.
      const send = (event: RunEvent) => reply.send(event, event.type === 'chunk' ? [event.bytes.buffer] : []);
      try {
        await ruby.invoke({ ...message, files }, send);
      } catch (error) {
        // A fault of the runtime itself, not of the handler: the run still ends, with the reason.
        const text = error instanceof Error ? error.message : String(error);
        for (const event of platformErrorEvents(500, 'FUNCTION_INVOCATION_FAILED', `The Ruby runtime failed: ${text}`, performance.now())) send(event);
        send({ type: 'end', timings: { compileMs: 0, startMs: 0, ttfbMs: 0, totalMs: 0 } });
      }
    }).catch(() => {
      // init-failed was posted (or the sandbox sent invoke before init): the sandbox answers the run.
    });
  },
});
