// The sandbox's side of one edge worker: boot over a private port, load one bundle, pass requests and events.
import type { EdgeBundle, EdgeDeadlines, EdgeLoadProfile, WireRequest, WorkerLoadParts, WorkerRequest, WorkerResponse } from '../protocol';

export interface LoadResult {
  /** Time from asking for this bundle to having it loaded, boot wait included. */
  ms: number;
  error?: { message: string; stack?: string };
  profile?: EdgeLoadProfile;
}

/** `event` is as the worker sent it: user code runs there, so it is unchecked. */
export type WorkerEventListener = (worker: WorkerHandle, runId: number, event: unknown) => void;
/** What a worker says of the runs the page sent it directly (begun, headed, ended) and of its closed page port. */
export type DirectNotice = Extract<WorkerResponse, { type: 'headed' | 'ended' | 'closed' }>;
export type DirectNoticeListener = (worker: WorkerHandle, notice: DirectNotice) => void;

/** How an edge worker starts: a short boot script's URL, and the runtime's source it is sent first. */
export interface WorkerScript {
  url: string;
  source: string;
}

let nextWorkerId = 1;

/** Where a load's time went: the sandbox's times (`asked`, `posted`, `back`) and what the worker said of its part. */
function loadProfile(bundle: EdgeBundle, asked: number, posted: number, back: number, workerMs: number, parts: WorkerLoadParts): EdgeLoadProfile {
  const toWorkerMs = Math.max(0, parts.receivedAt - (performance.timeOrigin + posted));
  return {
    bootWaitMs: posted - asked,
    toWorkerMs,
    globalsMs: parts.globalsMs,
    importMs: parts.importMs,
    otherMs: Math.max(0, workerMs - parts.globalsMs - parts.importMs),
    fromWorkerMs: Math.max(0, back - posted - toWorkerMs - workerMs),
    chars: bundle.code.length,
  };
}

export class WorkerHandle {
  readonly id = nextWorkerId++;
  readonly booted: Promise<void>;
  /** Milliseconds from `new Worker` to the runtime's `booted` (hardening included). */
  bootMs = 0;
  /** `booted` has resolved. */
  isBooted = false;
  removedGlobals = 0;
  bundleId: string | null = null;
  loaded: Promise<LoadResult> | null = null;
  /** Runs dispatched to this worker that have not ended. */
  readonly runs = new Set<number>();
  terminated = false;
  /** The page holds a port to this worker (handed over with these deadlines); null: it does not. */
  direct: { deadlines: EdgeDeadlines } | null = null;
  /** Asked to go: the page is told to close its port, and the worker goes once it has. */
  closing = false;
  /** Direct runs that ended before the page's word of them reached the sandbox (two ports, no order between them). */
  readonly endedEarly = new Set<number>();

  #worker: Worker;
  #port: MessagePort;
  #onEvent: WorkerEventListener;
  #onLoaded: ((r: { error?: LoadResult['error']; ms: number; parts?: WorkerLoadParts }) => void) | null = null;
  #queue: WorkerRequest[] = [];
  #transfer: Transferable[] = [];
  /** Requests for this worker held until its `load` is posted (they must not overtake it); null once it is. */
  #held: [WorkerRequest, Transferable[]][] | null = [];

  #onNotice: DirectNoticeListener;

  constructor(script: WorkerScript, onEvent: WorkerEventListener, onNotice: DirectNoticeListener = () => {}) {
    const started = performance.now();
    this.#onEvent = onEvent;
    this.#onNotice = onNotice;
    this.#worker = new Worker(script.url, { name: 'edge' }); // classic: a module worker from a data:/blob: URL cannot load here
    const channel = new MessageChannel();
    this.#port = channel.port1;
    this.booted = new Promise<void>((resolve, reject) => {
      this.#worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(`The edge worker failed to start: ${e.message || 'script error'}`));
      };
      const receive = (message: WorkerResponse): void => {
        if (message.type === 'batch') {
          for (const m of message.messages) receive(m);
        } else if (message.type === 'booted') {
          this.bootMs = performance.now() - started;
          this.isBooted = true;
          this.removedGlobals = message.removed;
          this.#worker.onerror = null;
          resolve();
        } else if (message.type === 'loaded') {
          this.#onLoaded?.({ ms: message.ms, error: message.error, parts: message.parts });
          this.#onLoaded = null;
        } else if (message.type === 'event') {
          if (message.event?.type === 'end') this.runs.delete(message.runId);
          this.#onEvent(this, message.runId, message.event);
        } else if (message.type === 'headed' || message.type === 'ended' || message.type === 'closed') {
          this.#onNotice(this, message);
        }
      };
      this.#port.onmessage = (e: MessageEvent<WorkerResponse>) => receive(e.data);
    });
    this.booted.catch(() => {});
    this.#worker.postMessage(script.source);
    this.#worker.postMessage(null, [channel.port2]);
  }

  /**
   * Posts at the end of this turn, together with whatever else this worker is sent in it: a message to another thread
   * costs 10–35 µs to post and more to receive (Chromium 156 here), one in a batch of 50 well under 1 µs.
   * A microtask, not the shared Outbox's next task: one sandbox task's messages to a worker need no wait to gather.
   */
  #send(message: WorkerRequest, transfer: Transferable[] = []): void {
    if (this.#queue.length === 0) queueMicrotask(() => this.#flush());
    this.#queue.push(message);
    if (transfer.length) this.#transfer.push(...transfer);
  }

  #flush(): void {
    const messages = this.#queue;
    const transfer = this.#transfer;
    this.#queue = [];
    this.#transfer = [];
    if (this.terminated || messages.length === 0) return;
    this.#port.postMessage(messages.length === 1 ? messages[0] : { type: 'batch', messages }, transfer);
  }

  /** Requests that follow the bundle's load: posted now when the load is out, else right after it. */
  #sendAfterLoad(message: WorkerRequest, transfer: Transferable[] = []): void {
    if (this.#held) this.#held.push([message, transfer]);
    else this.#send(message, transfer);
  }

  /** Loads a bundle once; every run of that bundle waits on the same promise. */
  load(bundle: EdgeBundle): Promise<LoadResult> {
    if (this.loaded) return this.loaded;
    const asked = performance.now();
    this.bundleId = bundle.id;
    this.loaded = this.booted.then(
      () =>
        new Promise<LoadResult>((resolve) => {
          const posted = performance.now();
          this.#onLoaded = (r) => {
            const at = performance.now();
            resolve({ ms: at - asked, error: r.error, ...(r.parts ? { profile: loadProfile(bundle, asked, posted, at, r.ms, r.parts) } : {}) });
          };
          this.#send({ type: 'load', bundle });
          for (const [message, transfer] of this.#held ?? []) this.#send(message, transfer);
          this.#held = null;
        }),
      (error: Error) => ({ ms: performance.now() - asked, error: { message: error.message } }),
    );
    return this.loaded;
  }

  /** May be called before the bundle has loaded: the worker runs the request once it has. */
  invoke(runId: number, request: WireRequest): void {
    this.runs.add(runId);
    this.#sendAfterLoad({ type: 'invoke', runId, request }, request.body ? [request.body] : []);
  }

  cancel(runId: number): void {
    this.#sendAfterLoad({ type: 'cancel', runId });
  }

  /** Gives the worker its end of a port to the page; the other end is the caller's to hand over. */
  attach(port: MessagePort, deadlines: EdgeDeadlines): void {
    this.direct = { deadlines };
    this.#sendAfterLoad({ type: 'attach', port }, [port]);
  }

  /** Stops the thread at once, even in a busy loop (design.md: about 0.1 ms). */
  terminate(): void {
    this.terminated = true;
    this.#worker.terminate();
    this.#port.close();
    this.#onLoaded?.({ ms: 0, error: { message: 'The worker was stopped before the bundle loaded.' } });
    this.#onLoaded = null;
  }
}
