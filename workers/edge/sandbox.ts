// The script of sandbox.html (an opaque-origin iframe): takes the page's MessagePort and runs edge handlers in
// classic data: workers, which inherit this document's CSP (no eval, no WebAssembly from bytes).
import workerSource from 'virtual:edge-worker-source';
import { PROTOCOL_VERSION, type SandboxRequest, type SandboxResponse, type SandboxRunMessage } from '../protocol';
import { Outbox } from '../shared/outbox';
import { RunSupervisor } from './run-supervisor';

// A data: worker, not a blob: one: at this opaque origin a blob: worker is not a secure context and lacks
// crypto.subtle and crypto.randomUUID (measured in Chromium 156); a data: worker is one. Both are classic workers
// (a module worker from a local URL fails to load here) and both inherit this document's CSP.
//
// The data: URL is a short boot script, and the runtime's source follows as the worker's first message, run from a
// blob: URL the worker makes itself: every fetch a worker makes carries its own URL, and with the runtime in it (tens of
// KB) each bundle's import took about twice as long (Chromium 156). The boot script leaves nothing behind: hardening
// removes `onmessage` with every other global not on the edge's list.
const BOOT_SCRIPT =
  "onmessage=(e)=>{onmessage=null;const u=URL.createObjectURL(new Blob([e.data],{type:'text/javascript'}));importScripts(u);URL.revokeObjectURL(u)}";
const scriptUrl = 'data:text/javascript,' + encodeURIComponent(BOOT_SCRIPT);
let port: MessagePort | null = null;

function send(message: SandboxResponse, transfer: Transferable[] = []): void {
  port?.postMessage(message, transfer);
}

/** How long run messages may wait for the rest of a burst (other runs in flight) before they go to the page. */
const HOLD_MS = 1;

// While other runs are in flight, their answers are due within a millisecond or so: one message carries them all.
const outbox = new Outbox<SandboxRunMessage>(send, { hold: { while: () => supervisor.inFlight > 0, maxMs: HOLD_MS } });

// Workers start now, before the page connects: the spare is warm by the first run.
const supervisor = new RunSupervisor({ url: scriptUrl, source: workerSource }, (message, transfer) => outbox.push(message, transfer));

function onRequest(event: MessageEvent<SandboxRequest>): void {
  handle(event.data);
}

function handle(message: SandboxRequest): void {
  switch (message.type) {
    case 'ping':
      // Answered by this thread, never by a worker: a busy handler does not make the sandbox look dead.
      return send({ type: 'pong', n: message.n });
    case 'invoke':
      void supervisor.invoke(message.runId, message.bundle, message.request, message.deadlines);
      return;
    case 'cancel':
      return supervisor.cancel(message.runId, message.workerId);
    case 'direct-run':
      return supervisor.directRun(message.runId, message.workerId);
    case 'batch':
      for (const m of message.messages) handle(m);
  }
}

// Only the embedding page may connect, and only once.
window.addEventListener('message', (event) => {
  if (port || event.source !== window.parent || !event.ports[0]) return;
  port = event.ports[0];
  port.onmessage = onRequest;
  send({ type: 'ready', version: PROTOCOL_VERSION });
});
