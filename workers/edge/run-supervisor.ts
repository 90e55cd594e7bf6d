// Runs in the sandbox: picks the worker, enforces the deadlines (L01–L03), ends every run exactly once with `end`,
// and terminates a worker that misses a deadline (a synchronous infinite loop ends this way).
import type { EdgeDeadlines, EdgeBundle, EdgeBundleRef, EdgeLoadProfile, RunEvent, SandboxRunMessage, Timings, WireRequest } from '../protocol';
import { failedRunEvents, platformErrorEvents } from '../platform-errors';
import { seconds } from '../shared/duration';
import { runTimings } from '../shared/timings';
import { checkRunEvent } from '../shared/run-event-check';
import { BundleCache } from './bundle-cache';
import { WorkerPool } from './worker-pool';
import type { DirectNotice, WorkerHandle, WorkerScript } from './worker-handle';

/** A cancelled run's worker must confirm within this time, or it is stuck in a loop and is terminated. */
const CANCEL_ACK_MS = 1_000;

interface Run {
  runId: number;
  t0: number;
  worker: WorkerHandle;
  /** Worker event times are relative to its own dispatch; this shifts them to the sandbox's receipt of the request. */
  offset: number;
  startMs: number;
  ttfbMs: number;
  headSent: boolean;
  timers: ReturnType<typeof setTimeout>[];
  /** Sent by the page over the worker's direct port: its events go there; the sandbox only keeps its deadlines. */
  direct: boolean;
  /** When the request was handed to the worker, for the profile. */
  postedAt: number;
  /** A cold run's bundle load in parts. */
  load?: EdgeLoadProfile;
  /** Its bundle was loaded for it: its end lets the pool boot the next spare. */
  cold: boolean;
}

type Send = (message: SandboxRunMessage, transfer?: Transferable[]) => void;

export const terminatedMessage = (why: string): string => `This run's worker was terminated because ${why}; every request in flight on it was aborted.`;

export class RunSupervisor {
  #runs = new Map<number, Run>();
  /** Cancelled runs whose worker has not confirmed yet: runId → its worker and watchdog. */
  #awaitingAck = new Map<number, { worker: WorkerHandle; timer: ReturnType<typeof setTimeout> }>();
  #pool: WorkerPool;
  #bundles = new BundleCache();
  /** Workers whose port the page was handed, by id. */
  #direct = new Map<number, WorkerHandle>();
  #send: Send;

  constructor(script: WorkerScript, send: Send) {
    this.#send = send;
    this.#pool = new WorkerPool(
      script,
      (worker, runId, event) => this.#onWorkerEvent(worker, runId, event),
      (worker, notice) => this.#onNotice(worker, notice),
      (worker) => this.#send({ type: 'revoke', workerId: worker.id }),
    );
  }

  get pool(): WorkerPool {
    return this.#pool;
  }

  /** Runs that have not ended. */
  get inFlight(): number {
    return this.#runs.size;
  }

  async invoke(runId: number, sent: EdgeBundle | EdgeBundleRef, request: WireRequest, deadlines: EdgeDeadlines): Promise<void> {
    const t0 = performance.now();
    const bundle = this.#bundles.resolve(sent);
    if (!bundle) {
      // The page sends a ref only for bundles this cache still holds (protocol.ts); this is a page bug, said plainly.
      const message = `The edge sandbox no longer has bundle ${sent.id}; run the request again.`;
      for (const event of platformErrorEvents(500, 'EDGE_FUNCTION_INVOCATION_FAILED', message, 0)) this.#send({ type: 'event', runId, event });
      this.#send({ type: 'event', runId, event: { type: 'end', timings: runTimings({ totalMs: performance.now() - t0 }) } });
      return;
    }
    this.#dropStuckWorker(bundle.id);
    const { worker, cold } = this.#pool.workerFor(bundle);
    const run = this.#track(runId, worker, deadlines, false);
    run.cold = cold;
    const loading = worker.load(bundle);
    // Sent at once, not after `loaded`: the worker holds it until the bundle is in, so a cold start saves a round
    // trip. A run that times out or is cancelled meanwhile is ended here; the worker drops or never sees it.
    worker.invoke(runId, request);
    run.postedAt = performance.now();
    const loaded = await loading;
    if (!this.#runs.has(runId)) return; // timed out or cancelled while loading
    run.startMs = cold ? performance.now() - t0 : 0;
    if (cold) run.load = loaded.profile;
    if (loaded.error) {
      // A module that throws at its top level fails every request, as a broken deployment would.
      this.#emitAll(run, platformErrorEvents(500, 'EDGE_FUNCTION_INVOCATION_FAILED', loaded.error.message, this.#t(run), loaded.error.stack));
      this.#end(run);
      if (!worker.terminated) this.#pool.retire(worker);
      return;
    }
    this.#send({ type: 'started', runId, startMs: run.startMs, cold });
    if (!worker.direct && !worker.terminated && !worker.closing) this.#handOver(worker, bundle.id, deadlines, runId);
    // The worker starts the request about now (it was queued behind the load): its event times shift by this.
    run.offset = performance.now() - t0;
  }

  /** Stop from the page: the run ends now; the worker is asked to drop it and must confirm. */
  cancel(runId: number, workerId?: number): void {
    const run = this.#runs.get(runId);
    if (!run || run.direct !== (workerId !== undefined) || (run.direct && run.worker.id !== workerId)) return;
    // A direct run was ended on the page already; here its worker must confirm, or it goes.
    if (!run.direct) this.#emit(run, { type: 'error', code: 'CANCELLED', message: 'The run was stopped.', t: this.#t(run) });
    this.#end(run);
    this.#cancelInWorker(run);
  }

  /** The page sent a run straight to a worker it holds a port to: its deadlines start now, with the port's. */
  directRun(runId: number, workerId: number): void {
    const worker = this.#direct.get(workerId);
    if (!worker?.direct || worker.terminated || this.#runs.has(runId)) return;
    if (worker.endedEarly.delete(runId)) return;
    this.#track(runId, worker, worker.direct.deadlines, true);
  }

  #track(runId: number, worker: WorkerHandle, deadlines: EdgeDeadlines, direct: boolean): Run {
    const t0 = performance.now();
    const run: Run = { runId, t0, worker, offset: 0, startMs: 0, ttfbMs: 0, headSent: false, timers: [], direct, postedAt: t0, cold: false };
    this.#runs.set(runId, run);
    worker.runs.add(runId);
    run.timers.push(
      setTimeout(() => this.#initialResponseMissed(run, deadlines.initialResponseMs), deadlines.initialResponseMs),
      setTimeout(() => this.#streamTooLong(run, deadlines.maxStreamMs), deadlines.maxStreamMs),
    );
    return run;
  }

  /**
   * Hands the page a port straight to this worker, for later runs of its bundle with the same deadlines: those cost
   * the worker's time and one crossing each way, not two. The worker tells this thread of every run it takes from
   * the port before running it, so the deadlines (and a terminate at them) hold as for runs sent through here.
   */
  #handOver(worker: WorkerHandle, bundleId: string, deadlines: EdgeDeadlines, runId: number): void {
    const channel = new MessageChannel();
    worker.attach(channel.port1, deadlines);
    this.#direct.set(worker.id, worker);
    this.#send({ type: 'direct', workerId: worker.id, bundleId, deadlines, port: channel.port2, runId }, [channel.port2]);
  }

  /** What a worker says of its direct runs. Only its own runs, with the deadlines the port was handed over with. */
  #onNotice(worker: WorkerHandle, notice: DirectNotice): void {
    if (worker.terminated) return;
    if (notice.type === 'closed') {
      // Evicted: it goes now. Else the page let go of the port (after a Stop): the next run through here hands over another.
      this.#direct.delete(worker.id);
      if (worker.closing) this.#pool.retire(worker);
      else worker.direct = null;
      return;
    }
    const run = this.#runs.get(notice.runId);
    if (!run?.direct || run.worker !== worker) {
      // Ended here first (a deadline, a stop): the worker confirms it has let go.
      if (notice.type === 'ended') {
        if (!worker.runs.delete(notice.runId) && !run && worker.endedEarly.size < 1024) worker.endedEarly.add(notice.runId);
        this.#acknowledged(notice.runId, worker);
      }
      return;
    }
    if (notice.type === 'headed') {
      run.headSent = true;
      return;
    }
    this.#acknowledged(notice.runId, worker);
    this.#close(run);
  }

  #acknowledged(runId: number, worker: WorkerHandle): void {
    const ack = this.#awaitingAck.get(runId);
    if (ack?.worker !== worker) return;
    clearTimeout(ack.timer);
    this.#awaitingAck.delete(runId);
  }

  /** The run is over here: its timers go. */
  #close(run: Run): void {
    for (const timer of run.timers) clearTimeout(timer);
    this.#runs.delete(run.runId);
    run.worker.runs.delete(run.runId);
  }

  #t(run: Run): number {
    return performance.now() - run.t0;
  }

  #emit(run: Run, event: RunEvent): void {
    const transfer = event.type === 'chunk' ? [event.bytes.buffer as ArrayBuffer] : [];
    this.#send(run.direct ? { type: 'event', runId: run.runId, event, workerId: run.worker.id } : { type: 'event', runId: run.runId, event }, transfer);
  }

  #emitAll(run: Run, events: RunEvent[]): void {
    for (const event of events) this.#emit(run, event);
  }

  #end(run: Run, workerTimings?: Timings, endReceivedAt = performance.now()): void {
    for (const timer of run.timers) clearTimeout(timer);
    this.#runs.delete(run.runId);
    const span = this.#t(run);
    const wait = endReceivedAt - run.postedAt;
    const workerMs = workerTimings?.totalMs ?? 0;
    const timings = runTimings({
      startMs: run.startMs,
      ttfbMs: run.headSent ? run.ttfbMs : (workerTimings?.ttfbMs ?? 0),
      totalMs: span,
      edgePath: { pageMs: 0, pageSandboxMs: 0, sandboxMs: span - wait, sandboxWorkerMs: Math.max(0, wait - workerMs), workerMs, sandboxSpanMs: span },
      ...(run.load ? { edgeLoad: run.load } : {}),
    });
    this.#emit(run, { type: 'end', timings });
    if (run.cold) this.#pool.answered();
  }

  /** Only events of runs this sandbox sent that very worker, in a shape the page accepts: user code runs there. */
  #onWorkerEvent(worker: WorkerHandle, runId: number, sent: unknown): void {
    const event = checkRunEvent(sent);
    if (!event) return;
    if (event.type === 'end') this.#acknowledged(runId, worker);
    const run = this.#runs.get(runId);
    if (!run || run.direct || run.worker !== worker) return; // ended here already (deadline, cancel), the page's own, or not this worker's
    if (event.type === 'end') return this.#end(run, event.timings, performance.now());
    const shifted = 't' in event ? { ...event, t: event.t + run.offset } : event;
    if (shifted.type === 'head') {
      run.headSent = true;
      run.ttfbMs = shifted.t;
    }
    this.#emit(run, shifted);
  }

  #cancelInWorker(run: Run): void {
    const { worker, runId } = run;
    if (worker.terminated) return;
    worker.cancel(runId);
    const timer = setTimeout(() => {
      this.#awaitingAck.delete(runId);
      if (worker.runs.has(runId)) this.#terminate(worker, `request ${runId} was stopped and its worker did not respond`);
    }, CANCEL_ACK_MS);
    this.#awaitingAck.set(runId, { worker, timer });
  }

  /**
   * A new run of a bundle whose worker has not confirmed a stopped run yet: that worker is most likely stuck in
   * synchronous code, so it goes now rather than at its watchdog, and the run starts on a fresh worker at once instead
   * of queueing behind the loop.
   */
  #dropStuckWorker(bundleId: string): void {
    for (const [runId, { worker, timer }] of [...this.#awaitingAck]) {
      if (worker.bundleId !== bundleId || worker.terminated || !worker.runs.has(runId)) continue;
      clearTimeout(timer);
      this.#awaitingAck.delete(runId);
      this.#terminate(worker, `request ${runId} was stopped and its worker did not respond`);
    }
  }

  /** L01/L03: no head in time. The worker may be stuck in a loop, so it is terminated (with its module state). */
  #initialResponseMissed(run: Run, ms: number): void {
    if (run.headSent || !this.#runs.has(run.runId)) return;
    const message = `The edge function did not begin its response within ${seconds(ms)} (the initial response deadline), so its worker was terminated.`;
    this.#emitAll(run, platformErrorEvents(504, 'EDGE_FUNCTION_INVOCATION_TIMEOUT', message, this.#t(run)));
    this.#end(run);
    this.#terminate(run.worker, `request ${run.runId} timed out`);
  }

  /** L02: after the head, the stream is cut at the deadline; the worker drops the run. */
  #streamTooLong(run: Run, ms: number): void {
    if (!this.#runs.has(run.runId)) return;
    if (!run.headSent) return this.#initialResponseMissed(run, ms);
    const message = `The response was still streaming after ${seconds(ms)}, the edge runtime's limit, so it was cut.`;
    this.#emit(run, { type: 'error', code: 'EDGE_FUNCTION_INVOCATION_TIMEOUT', message, t: this.#t(run) });
    this.#end(run);
    this.#cancelInWorker(run);
  }

  /** Every other run on that worker ends too: their thread is gone. */
  #terminate(worker: WorkerHandle, why: string): void {
    if (worker.terminated) return;
    this.#pool.retire(worker);
    this.#direct.delete(worker.id);
    const message = terminatedMessage(why);
    for (const run of [...this.#runs.values()]) {
      if (run.worker !== worker) continue;
      this.#emitAll(run, failedRunEvents(run.headSent, 500, 'EDGE_FUNCTION_INVOCATION_FAILED', message, this.#t(run)));
      this.#end(run);
    }
    // Runs the page sent straight to it that it never took (queued behind a loop) end on the page.
    if (worker.direct) this.#send({ type: 'worker-gone', workerId: worker.id, message });
  }
}
