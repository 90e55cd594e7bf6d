// An embed inside `<iframe sandbox="allow-scripts">` (no allow-same-origin): it says at once what the host must add,
// and answers the host's messages with EMBED_SANDBOXED instead of starting a playground that cannot compile.
//
// Why not run there: measured in Chromium 156 (design.md), a document with an opaque origin
// - cannot construct a Worker from our own URL (`SecurityError: … cannot be accessed from origin 'null'`): the compiler
//   worker and Monaco's TypeScript worker never start;
// - may not start a module Worker from blob:, nor a classic one from data: (the page's worker-src has no data:);
// - may start a classic blob: Worker, but it inherits the page's CSP, which has no 'wasm-unsafe-eval', so
//   `WebAssembly.compile` of esbuild.wasm is refused.
// Making it work would take a second document with its own CSP for esbuild and a classic build of the compiler worker:
// not a contained change, so the embed asks for `allow-same-origin` instead (the edge sandbox keeps its own CSP).
import type { RunResult } from '../run-record.svelte';
import { RunRecord } from '../run-record.svelte';
import { EMBED_VERSION, isHostMessage, type PlaygroundMessage } from './embed-protocol';

/** The error code a sandboxed embed answers with (src/lib/share/embed-protocol.ts lists the codes). */
export const EMBED_SANDBOXED = 'EMBED_SANDBOXED';

/** The one line the embed shows, and the message of every error it answers. */
export const SANDBOXED_MESSAGE =
  'This embed needs allow-same-origin in its iframe\'s sandbox attribute (sandbox="allow-scripts allow-same-origin").';

/** A document in a sandbox without allow-same-origin has the opaque origin "null" (so has one opened from it). */
export function isSandboxedEmbed(win: Pick<Window, 'origin'> = window): boolean {
  return win.origin === 'null';
}

function sandboxedResult(): RunResult {
  const record = new RunRecord();
  record.apply({ type: 'error', code: EMBED_SANDBOXED, message: SANDBOXED_MESSAGE, t: 0 });
  return record.toResult();
}

/**
 * Announces `playground:ready` (a host helper waits for it) and answers every host message that expects an answer
 * with EMBED_SANDBOXED, so `load`, `run` and `setFile` reject with the line above. Returns a function that stops.
 */
export function answerSandboxed(win: Window = window): () => void {
  const target = win.parent;
  const error = { code: EMBED_SANDBOXED, message: SANDBOXED_MESSAGE };
  const answer = (data: Record<string, unknown>): PlaygroundMessage | null => {
    const id = typeof data.id === 'string' || typeof data.id === 'number' ? data.id : null;
    switch (data.type) {
      case 'playground:load':
        return { type: 'playground:loaded', id, ok: false, error };
      case 'playground:run':
        return { type: 'playground:result', id, results: [sandboxedResult()] };
      case 'playground:setFile':
        return { type: 'playground:fileSet', id, ok: false, error };
      case 'playground:getState':
        return { type: 'playground:state', id, files: {}, path: '' };
      case 'playground:stop':
        return { type: 'playground:stopped', id, stopped: false };
      default:
        return null;
    }
  };
  const onMessage = (event: MessageEvent) => {
    if (event.source !== target || !isHostMessage(event.data)) return;
    const message = answer(event.data as unknown as Record<string, unknown>);
    // Our origin is opaque, and so is any check on the host's: answer the frame that asked.
    if (message) (event.source as Window).postMessage(message, event.origin && event.origin !== 'null' ? event.origin : '*');
  };
  win.addEventListener('message', onMessage);
  target.postMessage({ type: 'playground:ready', version: EMBED_VERSION } satisfies PlaygroundMessage, '*');
  return () => win.removeEventListener('message', onMessage);
}
