// The edge runtime on the page: runs a bundle in the sandboxed iframe's workers and turns the answers into one
// RunEvent stream per run. Rebuilds the sandbox when it dies (L05: a heap out of memory kills its process).
import type { DirectResponse, EdgeBundle, EdgeDeadlines, EdgePathProfile, RunEvent, SandboxResponse, Timings } from '../../../workers/protocol';
import { DirectWorker } from './direct-worker';
import { checkRunEvent } from '../../../workers/shared/run-event-check';
import { failedRunEvents } from '../../../workers/platform-errors';
import { errorMessage } from '../../../workers/shared/error-text';
import { runTimings } from '../../../workers/shared/timings';
import { limitsFor } from '../limits';
import { bundleId, knownBundleId } from './bundle-id';
import { EventQueue } from '../../../workers/shared/event-queue';
import { DEFAULT_LIVENESS, LivenessMonitor, type LivenessOptions } from './liveness';
import type { Invocation, Runtime } from './runtime';
import { SandboxFrame } from './sandbox-frame';
import { loadStackMapper, MappedEvents } from './mapped-events';

export interface EdgeRuntimeOptions {
  /** @default `${import.meta.env.BASE_URL}sandbox.html` */
  sandboxUrl?: string;
  /** @default DEFAULT_LIVENESS */
  liveness?: LivenessOptions;
  /** @default 15000 */
  readyTimeoutMs?: number;
}

interface PendingRun {
  runId: number;
  queue: MappedEvents;
  t0: number;
  startMs: number;
  headSent: boolean;
  frame: SandboxFrame;
  /** Sent straight to its worker; null: through the sandbox. */
  direct: DirectWorker | null;
  /** When the request was posted, for the profile. */
  postedAt: number;
  detach: () => void;
}

/** What a run gets when its sandbox died under it. The cause cannot be observed, only the silence. */
export const SANDBOX_DIED_MESSAGE =
  "The edge sandbox stopped answering while this function ran, so the run was aborted. Its process most likely " +
  "crashed because a JavaScript heap ran out of memory: on Vercel an edge function is aborted with a 502 above " +
  `${limitsFor().edge.memoryMb} MB (the edge runtime's limit), but a browser enforces no such limit on a worker, so here it is noticed ` +
  'only when the whole heap is exhausted.';

/** The events a dead sandbox leaves its pending runs with: the 502 page unless a head was already sent. */
export function sandboxDiedEvents(headSent: boolean, t: number): RunEvent[] {
  return failedRunEvents(headSent, 502, 'EDGE_FUNCTION_INVOCATION_FAILED', SANDBOX_DIED_MESSAGE, t);
}

const timings = (run: PendingRun): Timings => runTimings({ startMs: run.startMs, totalMs: performance.now() - run.t0 });

export class EdgeRuntime implements Runtime {
  readonly name = 'edge' as const;
  #options: Required<EdgeRuntimeOptions>;
  #frame: SandboxFrame | null = null;
  #liveness: LivenessMonitor | null = null;
  #runs = new Map<number, PendingRun>();
  #nextRunId = 1;
  /** Ports straight to the current sandbox's workers, by the bundle each has loaded and by worker id. */
  #direct = new Map<string, DirectWorker>();
  #directById = new Map<number, DirectWorker>();
  /** Sandboxes that said `ready`. */
  #readyFrames = new WeakSet<SandboxFrame>();
  /** How many sandboxes died and were rebuilt (shown in the UI and asserted by tests). */
  restarts = 0;

  constructor(options: EdgeRuntimeOptions = {}) {
    this.#options = {
      // Optional chaining: outside Vite (the e2e tests bundle this file with esbuild) import.meta.env is absent.
      sandboxUrl: options.sandboxUrl ?? `${import.meta.env?.BASE_URL ?? '/'}sandbox.html`,
      liveness: options.liveness ?? DEFAULT_LIVENESS,
      readyTimeoutMs: options.readyTimeoutMs ?? 15_000,
    };
  }

  /** Creates the sandbox (and its warm spare worker) ahead of the first run. */
  warmup(): Promise<void> {
    return this.#ensureFrame().ready;
  }

  invoke(invocation: Invocation): AsyncIterable<RunEvent> {
    const queue = new EventQueue<RunEvent>();
    const t0 = performance.now();
    // A warm run (its sandbox up, its bundle hashed) is posted now, without waiting a microtask for either.
    const frame = this.#frame;
    const id = frame && !frame.destroyed && this.#readyFrames.has(frame) && !invocation.signal?.aborted ? knownBundleId(invocation) : null;
    if (frame && id !== null) this.#post(invocation, queue, t0, frame, this.#bundle(id, invocation));
    else void this.#start(invocation, queue, t0);
    return queue;
  }

  #bundle(id: string, { code, kind, path, env, next }: Invocation): EdgeBundle {
    return { id, code, kind, path, env, ...(next ? { next } : {}) };
  }

  dispose(): void {
    for (const run of [...this.#runs.values()]) this.#fail(run, 'CANCELLED', 'The edge runtime was disposed.');
    this.#liveness?.idle();
    this.#dropDirect();
    this.#frame?.destroy();
    this.#frame = null;
  }

  #dropDirect(): void {
    for (const direct of this.#directById.values()) direct.destroy();
    this.#direct.clear();
    this.#directById.clear();
  }

  #ensureFrame(): SandboxFrame {
    if (this.#frame && !this.#frame.destroyed) return this.#frame;
    const frame: SandboxFrame = new SandboxFrame(
      { url: this.#options.sandboxUrl, readyTimeoutMs: this.#options.readyTimeoutMs },
      (message) => this.#onMessage(frame, message),
    );
    this.#liveness = new LivenessMonitor(
      (n) => frame.send({ type: 'ping', n }),
      () => this.#sandboxDied(frame),
      this.#options.liveness,
    );
    frame.ready.then(() => this.#readyFrames.add(frame), () => {});
    this.#frame = frame;
    return frame;
  }

  async #start(invocation: Invocation, queue: EventQueue<RunEvent>, t0: number): Promise<void> {
    const { code, kind, path, env, next, signal } = invocation;
    const local = (events: RunEvent[]) => {
      for (const e of events) queue.push(e);
      queue.push({ type: 'end', timings: runTimings({ totalMs: performance.now() - t0 }) });
      queue.close();
    };
    if (signal?.aborted) return local([{ type: 'error', code: 'CANCELLED', message: 'The run was stopped.', t: 0 }]);
    let frame: SandboxFrame;
    let bundle: EdgeBundle;
    try {
      bundle = this.#bundle(await bundleId({ code, kind, path, env, next }), invocation);
      frame = this.#ensureFrame();
      await frame.ready;
      // The sandbox may have died (and been replaced) while this run waited: use the new one.
      if (frame.destroyed) {
        frame = this.#ensureFrame();
        await frame.ready;
      }
    } catch (error) {
      this.#frame?.destroy();
      this.#frame = null;
      return local([{ type: 'error', code: 'SANDBOX_UNAVAILABLE', message: errorMessage(error), t: performance.now() - t0 }]);
    }
    if (signal?.aborted) return local([{ type: 'error', code: 'CANCELLED', message: 'The run was stopped.', t: 0 }]);
    this.#post(invocation, queue, t0, frame, bundle);
  }

  /** Sends the run: straight to the worker that has its bundle loaded, else through the sandbox. */
  #post(invocation: Invocation, queue: EventQueue<RunEvent>, t0: number, frame: SandboxFrame, bundle: EdgeBundle): void {
    const { code, request, limits, signal } = invocation;
    const runId = this.#nextRunId++;
    const deadlines: EdgeDeadlines = { initialResponseMs: limits.edge.initialResponseMs, maxStreamMs: limits.edge.maxStreamMs };
    const candidate = this.#direct.get(bundle.id);
    const direct = candidate?.fits(deadlines) ? candidate : null;
    const onAbort = () => {
      if (direct) {
        direct.send({ type: 'cancel', runId });
        frame.send({ type: 'cancel', runId, workerId: direct.workerId });
        // Its worker may be stuck in a loop: the next run goes through the sandbox, which gives it a fresh worker if
        // this one does not confirm the stop (and hands over a new port once it has).
        this.#revoke(direct.workerId);
      } else {
        frame.send({ type: 'cancel', runId });
        // The same for a run sent through the sandbox: its bundle's worker, which the page may hold a port to.
        const held = this.#direct.get(bundle.id);
        if (held) this.#revoke(held.workerId);
      }
      const run = this.#runs.get(runId);
      if (run) this.#fail(run, 'CANCELLED', 'The run was stopped.');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    void loadStackMapper(); // before the first stack arrives, usually
    const run: PendingRun = { runId, queue: new MappedEvents(queue, code), t0, startMs: 0, headSent: false, frame, direct, postedAt: 0, detach: () => signal?.removeEventListener('abort', onAbort) };
    this.#runs.set(runId, run);
    this.#liveness?.watch();

    // The request is the caller's (run-entry.ts made it for this run): its body is transferred, not copied.
    const body = request.body;
    // Fresh pairs: the headers may come from the page's state (Svelte proxies cannot be cloned).
    const wire = { method: request.method, url: request.url, headers: request.headers.map(([k, v]): [string, string] => [k, v]), body };
    if (direct) {
      direct.runs.add(runId);
      direct.send({ type: 'invoke', runId, request: wire }, body ? [body] : []);
      frame.send({ type: 'direct-run', runId, workerId: direct.workerId });
    } else {
      frame.send({ type: 'invoke', runId, bundle: frame.bundleFor(bundle), request: wire, deadlines }, body ? [body] : []);
    }
    run.postedAt = performance.now();
  }

  #onMessage(frame: SandboxFrame, message: SandboxResponse): void {
    if (message.type === 'pong') {
      if (frame === this.#frame) this.#liveness?.pong();
      return;
    }
    if (frame !== this.#frame) return;
    if (message.type === 'direct') return this.#adopt(message);
    if (message.type === 'revoke') return this.#revoke(message.workerId);
    if (message.type === 'worker-gone') return this.#workerGone(message.workerId, message.message);
    if (message.type !== 'started' && message.type !== 'event') return;
    const run = this.#runs.get(message.runId);
    if (!run || run.frame !== frame) return;
    if (message.type === 'started') {
      run.startMs = message.startMs;
      return;
    }
    // The sandbox's own events for a direct run name its worker; any other event is for a run sent through it.
    if ((message.workerId ?? null) !== (run.direct?.workerId ?? null)) return;
    this.#deliver(run, message.event);
  }

  /** A port straight to a worker that has this bundle loaded: later runs of it go there. */
  #adopt(message: Extract<SandboxResponse, { type: 'direct' }>): void {
    if (!(message.port instanceof MessagePort) || this.#directById.has(message.workerId)) return;
    const direct = new DirectWorker(message.workerId, message.bundleId, message.deadlines, message.port, (m) => this.#onDirect(direct, m));
    this.#direct.get(message.bundleId)?.close();
    this.#direct.set(message.bundleId, direct);
    this.#directById.set(message.workerId, direct);
    // The sandbox sends the port before any event of the run it was loaded for, so that run has ended here only if it
    // was stopped while the port was on its way: its worker may be stuck in it, and the next run must not queue there.
    if (!this.#runs.has(message.runId)) this.#revoke(message.workerId);
  }

  /** The sandbox wants that worker gone: nothing more is sent to it; its runs still end there. */
  #revoke(workerId: number): void {
    const direct = this.#directById.get(workerId);
    if (!direct) return;
    if (this.#direct.get(direct.bundleId) === direct) this.#direct.delete(direct.bundleId);
    direct.close();
    if (direct.runs.size === 0) this.#forget(direct);
  }

  #forget(direct: DirectWorker): void {
    direct.destroy();
    this.#directById.delete(direct.workerId);
    if (this.#direct.get(direct.bundleId) === direct) this.#direct.delete(direct.bundleId);
  }

  /** The worker was terminated: its runs that the sandbox did not end (never taken, queued behind a loop) end here. */
  #workerGone(workerId: number, message: string): void {
    const direct = this.#directById.get(workerId);
    if (!direct) return;
    for (const runId of [...direct.runs]) {
      const run = this.#runs.get(runId);
      if (!run) continue;
      for (const event of failedRunEvents(run.headSent, 500, 'EDGE_FUNCTION_INVOCATION_FAILED', message, performance.now() - run.t0)) run.queue.push(event);
      run.queue.push({ type: 'end', timings: timings(run) });
      this.#finish(run);
    }
    this.#forget(direct);
  }

  /** From a worker's port: only events of runs sent to that very worker. */
  #onDirect(direct: DirectWorker, message: DirectResponse): void {
    if (typeof message !== 'object' || message === null) return;
    if (message.type === 'batch') {
      if (Array.isArray(message.messages)) for (const m of message.messages) if (m?.type === 'event') this.#onDirect(direct, m);
      return;
    }
    if (message.type !== 'event') return;
    const run = this.#runs.get(message.runId);
    if (!run || run.direct !== direct) return;
    this.#deliver(run, message.event);
  }

  #deliver(run: PendingRun, received: unknown): void {
    const receivedAt = performance.now();
    const event = checkRunEvent(received);
    if (!event) return;
    if (event.type === 'head') run.headSent = true;
    if (event.type !== 'end') {
      run.queue.push(event);
      return;
    }
    const timings = this.#endTimings(run, event.timings, receivedAt);
    run.queue.push({ type: 'end', timings });
    this.#finish(run);
    // Read by the consumer a microtask later: the page's own part of passing the end on is in it.
    if (timings.edgePath) timings.edgePath.pageMs += performance.now() - receivedAt;
  }

  /**
   * The end's timings: a direct run's from its worker's and the round trip as the page saw it; a relayed run's as the
   * sandbox sent them. Both with the profile's page parts (the sandbox's span is subtracted from the page's wait).
   */
  #endTimings(run: PendingRun, sent: Timings, receivedAt: number): Timings {
    const wait = receivedAt - run.postedAt;
    const roundTripMs = receivedAt - run.t0;
    const pageMs = run.postedAt - run.t0;
    if (run.direct) {
      const workerMs = sent.totalMs;
      const edgePath: EdgePathProfile = { pageMs, pageSandboxMs: Math.max(0, wait - workerMs), sandboxMs: 0, sandboxWorkerMs: 0, workerMs, direct: true };
      return runTimings({ ttfbMs: sent.ttfbMs, totalMs: roundTripMs, roundTripMs, edgePath });
    }
    const path = sent.edgePath;
    const edgePath: EdgePathProfile | undefined = path && {
      pageMs,
      pageSandboxMs: Math.max(0, wait - (path.sandboxSpanMs ?? 0)),
      sandboxMs: path.sandboxMs,
      sandboxWorkerMs: path.sandboxWorkerMs,
      workerMs: path.workerMs,
    };
    return { ...sent, roundTripMs, ...(edgePath ? { edgePath } : {}) };
  }

  #finish(run: PendingRun): void {
    run.detach();
    run.queue.close();
    this.#runs.delete(run.runId);
    const direct = run.direct;
    if (direct?.runs.delete(run.runId) && direct.closed && direct.runs.size === 0) this.#forget(direct);
    if (this.#runs.size === 0 || ![...this.#runs.values()].some((r) => r.frame === this.#frame)) this.#liveness?.idle();
  }

  #fail(run: PendingRun, code: string, message: string): void {
    run.queue.push({ type: 'error', code, message, t: performance.now() - run.t0 });
    run.queue.push({ type: 'end', timings: timings(run) });
    this.#finish(run);
  }

  /** Every pending run gets a 502 (or an error after its head), then a fresh sandbox is built for the next run. */
  #sandboxDied(frame: SandboxFrame): void {
    for (const run of [...this.#runs.values()]) {
      if (run.frame !== frame) continue;
      for (const event of sandboxDiedEvents(run.headSent, performance.now() - run.t0)) run.queue.push(event);
      run.queue.push({ type: 'end', timings: timings(run) });
      this.#finish(run);
    }
    frame.destroy();
    if (this.#frame === frame) {
      this.#frame = null;
      this.#dropDirect();
    }
    this.restarts++;
    this.#ensureFrame();
  }
}
