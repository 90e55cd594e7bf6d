// The edge runtime on the page: runs a bundle in the sandboxed iframe's workers and turns the answers into one
// RunEvent stream per run. Rebuilds the sandbox when it dies (L05: a heap out of memory kills its process).
import type { EdgeBundle, RunEvent, SandboxResponse, Timings } from '../../../workers/protocol';
import { platformErrorEvents } from '../../../workers/platform-errors';
import { errorMessage } from '../../../workers/shared/error-text';
import { runTimings } from '../../../workers/shared/timings';
import { limitsFor } from '../limits';
import { bundleId } from './bundle-id';
import { EventQueue } from '../../../workers/shared/event-queue';
import { DEFAULT_LIVENESS, LivenessMonitor, type LivenessOptions } from './liveness';
import type { Invocation, Runtime } from './runtime';
import { SandboxFrame } from './sandbox-frame';
import { mapStack } from './stack';

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
  queue: EventQueue<RunEvent>;
  code: string;
  t0: number;
  startMs: number;
  headSent: boolean;
  frame: SandboxFrame;
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
  const code = 'EDGE_FUNCTION_INVOCATION_FAILED';
  if (headSent) return [{ type: 'error', code, message: SANDBOX_DIED_MESSAGE, t }];
  return platformErrorEvents(502, code, SANDBOX_DIED_MESSAGE, t);
}

const timings = (run: PendingRun): Timings => runTimings({ startMs: run.startMs, totalMs: performance.now() - run.t0 });

export class EdgeRuntime implements Runtime {
  readonly name = 'edge' as const;
  #options: Required<EdgeRuntimeOptions>;
  #frame: SandboxFrame | null = null;
  #liveness: LivenessMonitor | null = null;
  #runs = new Map<number, PendingRun>();
  #nextRunId = 1;
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
    void this.#start(invocation, queue);
    return queue;
  }

  dispose(): void {
    for (const run of [...this.#runs.values()]) this.#fail(run, 'CANCELLED', 'The edge runtime was disposed.');
    this.#liveness?.idle();
    this.#frame?.destroy();
    this.#frame = null;
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
    this.#frame = frame;
    return frame;
  }

  async #start(invocation: Invocation, queue: EventQueue<RunEvent>): Promise<void> {
    const t0 = performance.now();
    const { code, kind, path, env, next, request, limits, signal } = invocation;
    const local = (events: RunEvent[]) => {
      for (const e of events) queue.push(e);
      queue.push({ type: 'end', timings: runTimings({ totalMs: performance.now() - t0 }) });
      queue.close();
    };
    if (signal?.aborted) return local([{ type: 'error', code: 'CANCELLED', message: 'The run was stopped.', t: 0 }]);
    let frame: SandboxFrame;
    let bundle: EdgeBundle;
    try {
      bundle = { id: await bundleId({ code, kind, path, env, next }), code, kind, path, env, ...(next ? { next } : {}) };
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

    const runId = this.#nextRunId++;
    const onAbort = () => {
      frame.send({ type: 'cancel', runId });
      const run = this.#runs.get(runId);
      if (run) this.#fail(run, 'CANCELLED', 'The run was stopped.');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const run: PendingRun = { runId, queue, code, t0, startMs: 0, headSent: false, frame, detach: () => signal?.removeEventListener('abort', onAbort) };
    this.#runs.set(runId, run);
    this.#liveness?.watch();

    // A copy is transferred: the caller keeps its buffer.
    const body = request.body ? request.body.slice(0) : null;
    frame.send(
      {
        type: 'invoke',
        runId,
        bundle: frame.bundleFor(bundle),
        request: { ...request, headers: request.headers.map(([k, v]) => [k, v]), body },
        deadlines: { initialResponseMs: limits.edge.initialResponseMs, maxStreamMs: limits.edge.maxStreamMs },
      },
      body ? [body] : [],
    );
  }

  #onMessage(frame: SandboxFrame, message: SandboxResponse): void {
    if (message.type === 'pong') {
      if (frame === this.#frame) this.#liveness?.pong();
      return;
    }
    if (message.type !== 'started' && message.type !== 'event') return;
    const run = this.#runs.get(message.runId);
    if (!run || run.frame !== frame) return;
    if (message.type === 'started') {
      run.startMs = message.startMs;
      return;
    }
    const event = message.event;
    switch (event.type) {
      case 'head':
        run.headSent = true;
        break;
      case 'error':
        if (event.stack) event.stack = mapStack(event.stack, run.code);
        break;
      case 'log':
        event.text = mapStack(event.text, run.code);
        break;
    }
    run.queue.push(event);
    if (event.type === 'end') this.#finish(run);
  }

  #finish(run: PendingRun): void {
    run.detach();
    run.queue.close();
    this.#runs.delete(run.runId);
    if (![...this.#runs.values()].some((r) => r.frame === this.#frame)) this.#liveness?.idle();
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
    if (this.#frame === frame) this.#frame = null;
    this.restarts++;
    this.#ensureFrame();
  }
}
