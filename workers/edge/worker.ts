// The edge worker runtime: hardens its global scope to the edge runtime's, loads one bundle, answers requests.
// Built to one classic IIFE (virtual:edge-worker-source), so the references captured here outlive hardening.
import type { DirectRequest, DirectResponse, EdgeBundle, RunEvent, WireRequest, WorkerLoadParts, WorkerRequest, WorkerResponse } from '../protocol';
import { Outbox } from '../shared/outbox';
import { ConsoleCapture } from './console-capture';
import { dispatch } from './dispatch';
import { hardenGlobals, installRuntimeGlobals } from './harden';
import { runTimings } from '../shared/timings';

const scope = globalThis;
const now = performance.now.bind(performance);
const timeOrigin = performance.timeOrigin;
/** Frames of this runtime's own script are recognised by its URL: the blob: URL the boot script ran it from (sandbox.ts). */
const runtimeFrame = /\b(blob:[^\s()]+?):\d+:\d+/.exec(new Error().stack ?? '')?.[1] ?? scope.location.href;
const createObjectURL = URL.createObjectURL.bind(URL);
const revokeObjectURL = URL.revokeObjectURL.bind(URL);
const addListener = scope.addEventListener.bind(scope);
const removeListener = scope.removeEventListener.bind(scope);
const { Blob: BlobCtor, AbortController: AbortControllerCtor, Error: ErrorCtor } = scope;

/** The sandbox's private port. */
let port: MessagePort | null = null;
/** The page's port (runs sent straight here); null until the sandbox attaches one. */
let pagePort: MessagePort | null = null;
/** The page closed its port: once its runs end, the sandbox is told this worker may go. */
let pageClosed = false;
let bundle: EdgeBundle | null = null;
let module: Record<string, unknown> | null = null;
/** The bundle's load in progress: requests that arrive meanwhile (the sandbox sends them right behind it) wait for it. */
let loading: Promise<void> | null = null;
/** Runs in flight: aborting one cancels its body and ends it. `direct`: it came over the page's port and answers there. */
const runs = new Map<number, { controller: AbortController; direct: boolean }>();

function post(message: WorkerResponse, transfer: Transferable[] = []): void {
  port?.postMessage(message, transfer);
}

// A run's events, batched per task: a quick handler's head, chunk and end cross as one message, and 64 runs in flight
// as a few. Created before hardening, so they hold the MessageChannel and timers user code cannot reach.
const toSandbox = new Outbox<WorkerResponse>((m, transfer) => post(m as WorkerResponse, transfer));
const toPage = new Outbox<DirectResponse>((m, transfer) => pagePort?.postMessage(m, transfer));

/** One event of a run, to whoever sent the run; a direct run's head and end are also told to the sandbox (deadlines). */
function emit(runId: number, direct: boolean, event: RunEvent, transfer?: Transferable[]): void {
  if (!direct) return toSandbox.push({ type: 'event', runId, event }, transfer);
  toPage.push({ type: 'event', runId, event }, transfer);
  if (event.type === 'head') toSandbox.push({ type: 'headed', runId });
  else if (event.type === 'end') toSandbox.push({ type: 'ended', runId });
}

/** Stack lines of this runtime's own script are noise to a user; bundle frames stay for the page to map. */
function cleanStack<T extends string | undefined>(text: T): T {
  if (!text || !text.includes(runtimeFrame)) return text;
  return text
    .split('\n')
    .filter((line) => !line.includes(runtimeFrame))
    .join('\n') as T;
}

const consoleCapture = new ConsoleCapture(
  (runId, event) => {
    const run = runs.get(runId);
    if (run) emit(runId, run.direct, event);
  },
  now,
  cleanStack,
);

/** An uncaught throw's log line: the whole stack, or String() of a value (dispatch.ts's describe feeds an error event instead). */
function describe(reason: unknown): string {
  if (reason instanceof ErrorCtor) return cleanStack(reason.stack ?? `${reason.name}: ${reason.message}`);
  return String(reason);
}

async function load(next: EdgeBundle): Promise<void> {
  const started = now();
  installRuntimeGlobals(scope, next.env, next.kind !== 'vercel-function');
  const globalsAt = now();
  const parts: WorkerLoadParts = { receivedAt: timeOrigin + started, globalsMs: globalsAt - started, importMs: 0 };
  const url = createObjectURL(new BlobCtor([next.code], { type: 'text/javascript' }));
  const importing = now();
  try {
    // Never eval: the bundle is an ES module imported from a blob: URL, which the sandbox CSP allows.
    module = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
    bundle = next;
    parts.importMs = now() - importing;
    post({ type: 'loaded', ms: now() - started, parts });
  } catch (error) {
    const e = error instanceof ErrorCtor ? error : new ErrorCtor(String(error));
    post({ type: 'loaded', ms: now() - started, error: { message: e.message, stack: cleanStack(e.stack ?? `${e.name}: ${e.message}`) } });
  } finally {
    revokeObjectURL(url);
  }
}

async function invoke(runId: number, request: WireRequest, direct = false): Promise<void> {
  const controller = new AbortControllerCtor();
  runs.set(runId, { controller, direct }); // from now on a cancel finds it, also while it waits for the bundle
  if (!bundle && loading) await loading;
  if (controller.signal.aborted) return; // cancelled while the bundle loaded: cancel() has ended it
  const started = now();
  consoleCapture.begin(runId, started);
  let ttfbMs = 0;
  const send = (event: RunEvent, transfer?: Transferable[]) => {
    if (!runs.has(runId)) return; // cancelled: the run already ended
    if (event.type === 'head') ttfbMs = event.t;
    emit(runId, direct, event, transfer);
  };
  if (bundle && module) {
    await dispatch({
      bundle,
      module,
      request,
      signal: controller.signal,
      post: send,
      log: (text) => consoleCapture.logTo(runId, 'error', text),
      now: () => now() - started,
      cleanStack,
    });
  } else {
    send({ type: 'error', code: 'EDGE_FUNCTION_INVOCATION_FAILED', message: 'No bundle is loaded in this worker.', t: 0 });
  }
  finish(runId, ttfbMs, now() - started);
}

function finish(runId: number, ttfbMs: number, totalMs: number): void {
  const run = runs.get(runId);
  if (!run) return;
  consoleCapture.finish(runId);
  emit(runId, run.direct, { type: 'end', timings: runTimings({ ttfbMs, totalMs }) });
  runs.delete(runId);
  if (run.direct) closeWhenDrained();
}

function closeWhenDrained(): void {
  if (!pageClosed) return;
  for (const run of runs.values()) if (run.direct) return;
  toSandbox.push({ type: 'closed' });
}

/** Cancelling ends the run at once; a handler promise that never settles is left behind as garbage. */
function cancel(runId: number): void {
  const controller = runs.get(runId)?.controller;
  if (!controller) return;
  controller.abort(new DOMException('The run was cancelled.', 'AbortError'));
  finish(runId, 0, 0);
}

function onRequest(event: MessageEvent<WorkerRequest>): void {
  handle(event.data);
}

function handle(message: WorkerRequest): void {
  if (message.type === 'batch') for (const m of message.messages) handle(m);
  else if (message.type === 'load') loading = load(message.bundle);
  else if (message.type === 'invoke') void invoke(message.runId, message.request);
  else if (message.type === 'cancel') cancel(message.runId);
  else if (message.type === 'attach') attach(message.port);
}

function attach(next: MessagePort): void {
  pagePort?.close();
  pagePort = next;
  pageClosed = false;
  pagePort.onmessage = (event: MessageEvent<DirectRequest>) => handleDirect(event.data);
}

/** Runs from the page. The page told the sandbox of each (their deadlines run there), not this thread. */
function handleDirect(message: DirectRequest): void {
  const list = message.type === 'batch' ? message.messages : [message];
  for (const m of list) {
    if (m.type === 'invoke') {
      if (!runs.has(m.runId)) void invoke(m.runId, m.request, true);
    } else if (m.type === 'cancel') cancel(m.runId);
    else if (m.type === 'close') {
      pageClosed = true;
      closeWhenDrained();
    }
  }
}

/**
 * Runs a throwaway handler through the request path once (Request, handler, Response, body) before the worker says
 * it is booted: V8 compiles this runtime lazily, in every new worker, and the first request to a fresh bundle
 * otherwise pays for it (worker time 3.3 → 0.8 ms in Chromium 156). The module is a plain object, not a blob: import,
 * which would cost the boot two IPC round trips. Nothing of it is visible to user code.
 */
async function warmUp(): Promise<void> {
  try {
    await dispatch({
      bundle: { id: '', code: '', kind: 'app-route', path: 'app/api/warm-up/route.ts', env: {} },
      module: { GET: () => new Response('warm') },
      request: { method: 'GET', url: 'http://localhost:3000/api/warm-up', headers: [['accept', '*/*']], body: null },
      signal: new AbortControllerCtor().signal,
      post: () => {},
      log: () => {},
      now,
      cleanStack,
    });
  } catch {
    // Only a warm-up: the first real request compiles whatever this did not.
  }
}

function onFirstMessage(event: MessageEvent): void {
  removeListener('message', onFirstMessage);
  port = event.ports[0] ?? null;
  if (!port) return;
  port.onmessage = onRequest;
  void warmUp().then(() => post({ type: 'booted', removed: hardening.removed, kept: hardening.kept }));
}

// Errors nobody caught (a timer callback throwing, a rejected promise nobody awaited) are logged to the run in
// progress, as the edge runtime logs them, and kept from reaching the sandbox as worker errors.
addListener('error', (event: ErrorEvent) => {
  event.preventDefault();
  consoleCapture.log('error', [`Uncaught ${describe(event.error ?? event.message)}`]);
});
addListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  event.preventDefault();
  consoleCapture.log('error', [`Unhandled Rejection: ${describe(event.reason)}`]);
});
// The sandbox's only message to the global scope carries the private port; a user's `message` listener sees nothing after.
addListener('message', onFirstMessage);

consoleCapture.install(console);
const hardening = hardenGlobals(scope);
