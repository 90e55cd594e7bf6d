// Runs in the languages sandbox: one worker per language, started on its first run; owns the deadlines (maxDuration →
// 504 FUNCTION_INVOCATION_TIMEOUT) and Stop, both by terminating the worker (an interpreter stuck in a loop cannot be
// asked to stop), and the response body's limit (L07, as the Node.js runtime's) of the runs it relays. The next run
// of that language starts a fresh worker. A ready worker's port goes to the page: warm runs then cross once each way
// (the page applies L07 to them), and the page tells this thread of each (`direct-run`) so their deadlines hold.
import { LANGUAGE_NAMES, type LanguageRunLimits, type LanguageName, type LanguageRequest, type LanguageWorkerRequest, type LanguageWorkerResponse, type LanguagesResponse, type RunEvent, type Files } from '../protocol';
import { failedRunEvents, platformErrorEvents } from '../platform-errors';
import { maxDurationMessage } from '../shared/duration';
import { runTimings } from '../shared/timings';
import { BodyLimit } from '../shared/body-limit';

/** A language's worker script (one classic script's text) and the absolute URL of its assets folder. */
export interface LanguageSource {
  script: () => Promise<string>;
  assetBase: string;
}

type Send = (message: LanguagesResponse, transfer?: Transferable[]) => void;

interface Slot {
  /** Names the worker to the page (its direct port, `worker-gone`). */
  id: number;
  language: LanguageName;
  worker: Worker | null;
  /** Resolves with the version when the worker says `ready`; rejects with the reason it cannot start. */
  ready: Promise<string>;
  settled: boolean;
  terminated: boolean;
  /** The project this worker was last sent from here: an invoke carries `files` only when they are another object. */
  sentFiles: Files | null;
  /** Its port went to the page: its end is said to the page (`worker-gone`). */
  handedOver: boolean;
}

/** A run the page sent straight to a worker: only its deadline is kept here. */
interface DirectRun {
  slot: Slot;
  timer: ReturnType<typeof setTimeout>;
}

interface Run {
  runId: number;
  slot: Slot;
  t0: number;
  /** Worker event times count from its own receipt of the invoke; this shifts them to the sandbox's receipt. */
  offset: number;
  startMs: number;
  /** L07: the head waits for the next event to say whether the body comes whole; `headSent` also counts the sandbox's own. */
  body: BodyLimit;
  timer: ReturnType<typeof setTimeout> | null;
  /** When the invoke was posted to the worker (0: not yet), for the path's profile. */
  postedAt: number;
}

export class LanguageSupervisor {
  #slots = new Map<LanguageName, Slot>();
  #runs = new Map<number, Run>();
  #direct = new Map<number, DirectRun>();
  #nextWorkerId = 1;
  #sources: Record<LanguageName, LanguageSource>;
  #send: Send;

  constructor(sources: Record<LanguageName, LanguageSource>, send: Send) {
    this.#sources = sources;
    this.#send = send;
  }

  /** Runs relayed here, waiting for or on a worker: the sandbox holds their messages briefly to send them together. */
  get inFlight(): number {
    return this.#runs.size;
  }

  /**
   * `files` is the project as the sandbox keeps it for this language: the same object while it is unchanged, so the
   * worker is sent it only when it is not the object it was last sent (and on a new worker's first run).
   */
  async invoke(runId: number, language: LanguageName, files: Files, entry: string, request: LanguageRequest, env: Record<string, string>, limits: LanguageRunLimits): Promise<void> {
    const t0 = performance.now();
    const existing = this.#slots.get(language);
    const cold = !existing?.settled;
    const slot = existing ?? this.#start(language);
    const run: Run = { runId, slot, t0, offset: 0, startMs: 0, body: new BodyLimit(limits.maxResponseBodyBytes), timer: null, postedAt: 0 };
    this.#runs.set(runId, run);
    let version: string;
    try {
      version = await slot.ready;
    } catch (error) {
      if (!this.#runs.has(runId)) return;
      const message = error instanceof Error ? error.message : String(error);
      this.#emitAll(run, platformErrorEvents(500, 'FUNCTION_INVOCATION_FAILED', message, this.#t(run)));
      this.#end(run);
      // A failed start is not kept: the next run tries again (a download may have failed for a moment).
      if (this.#slots.get(language) === slot) this.#retire(slot);
      return;
    }
    if (!this.#runs.has(runId)) return; // stopped while the language started
    run.startMs = cold ? performance.now() - t0 : 0;
    run.offset = performance.now() - t0;
    this.#send({ type: 'started', runId, startMs: run.startMs, cold, version });
    // maxDuration counts from here: the download and start of the interpreter is the playground's cost, not the function's.
    run.timer = setTimeout(() => this.#timedOut(run, limits.maxDurationMs), limits.maxDurationMs);
    // The body arrived here as this run's own copy: it moves on to the worker without another.
    const body = request.body;
    const whole = body && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : body?.slice() ?? null;
    const changed = slot.sentFiles !== files;
    slot.sentFiles = files;
    const message: LanguageWorkerRequest = { type: 'invoke', runId: String(runId), ...(changed ? { files } : {}), entry, request: { ...request, body: whole }, env };
    run.postedAt = performance.now();
    slot.worker?.postMessage(message, whole ? [whole.buffer] : []);
  }

  /** Stop: the run ends now and its worker goes (with every other run on it). A direct run has ended on the page. */
  cancel(runId: number): void {
    const direct = this.#direct.get(runId);
    if (direct) return this.#terminate(direct.slot, `request ${runId} was stopped`);
    const run = this.#runs.get(runId);
    if (!run) return;
    this.#emit(run, { type: 'error', code: 'CANCELLED', message: 'The run was stopped.', t: this.#t(run) });
    this.#end(run);
    this.#terminate(run.slot, `request ${runId} was stopped`);
  }

  /** The page sent a run straight to that worker: its maxDuration counts from here, as a relayed run's from its start. */
  directRun(runId: number, language: LanguageName, workerId: number, maxDurationMs: number): void {
    const slot = this.#slots.get(language);
    // Not that worker any more: it was terminated, and the page was told (`worker-gone`), which ends the run there.
    if (!slot || slot.id !== workerId || slot.terminated || this.#direct.has(runId)) return;
    const timer = setTimeout(() => this.#terminate(slot, `request ${runId} timed out`, { runId, maxDurationMs }), maxDurationMs);
    this.#direct.set(runId, { slot, timer });
  }

  directDone(runId: number): void {
    const direct = this.#direct.get(runId);
    if (!direct) return;
    clearTimeout(direct.timer);
    this.#direct.delete(runId);
  }

  #start(language: LanguageName): Slot {
    const source = this.#sources[language];
    let resolveReady!: (version: string) => void;
    let rejectReady!: (error: Error) => void;
    const ready = new Promise<string>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    ready.catch(() => {});
    const slot: Slot = { id: this.#nextWorkerId++, language, worker: null, ready, settled: false, terminated: false, sentFiles: null, handedOver: false };
    this.#slots.set(language, slot);
    const fail = (message: string) => {
      if (slot.settled) return;
      slot.settled = true;
      this.#send({ type: 'language-failed', language, message });
      rejectReady(new Error(message));
    };
    this.#send({ type: 'progress', language, phase: `Starting ${LANGUAGE_NAMES[language]}`, loaded: 0, total: 0 });
    source
      .script()
      .then((script) => {
        if (slot.terminated) return;
        // A data: worker (a secure context at this opaque origin, unlike blob:) inherits this document's CSP.
        const worker = new Worker('data:text/javascript;charset=utf-8,' + encodeURIComponent(script));
        slot.worker = worker;
        worker.onmessage = (event: MessageEvent<LanguageWorkerResponse>) => {
          const message = event.data;
          switch (message.type) {
            case 'progress':
              return this.#send({ type: 'progress', language, phase: message.phase, loaded: message.loaded, total: message.total });
            case 'ready':
              slot.settled = true;
              this.#send({ type: 'language-ready', language, version: message.version, startMs: message.startMs });
              this.#handOver(slot, worker);
              return resolveReady(message.version);
            case 'init-failed':
              return fail(message.message);
            case 'event':
              return this.#onWorkerEvent(slot, Number(message.runId), message.event);
          }
        };
        worker.onerror = (event) => {
          event.preventDefault();
          const why = event.message || 'its script failed';
          if (!slot.settled) return fail(`The ${LANGUAGE_NAMES[language]} runtime could not start: ${why}`);
          this.#terminate(slot, `it crashed (${why})`);
        };
        const init: LanguageWorkerRequest = { type: 'init', assetBase: source.assetBase };
        worker.postMessage(init);
      })
      .catch((error: unknown) => fail(`The ${LANGUAGE_NAMES[language]} runtime could not be loaded: ${error instanceof Error ? error.message : String(error)}`));
    return slot;
  }

  /** The page gets a port straight to the ready worker, for its later runs of this language. */
  #handOver(slot: Slot, worker: Worker): void {
    const channel = new MessageChannel();
    const connect: LanguageWorkerRequest = { type: 'connect', port: channel.port1 };
    worker.postMessage(connect, [channel.port1]);
    slot.handedOver = true;
    this.#send({ type: 'direct', language: slot.language, workerId: slot.id, port: channel.port2 }, [channel.port2]);
  }

  #onWorkerEvent(slot: Slot, runId: number, event: RunEvent): void {
    const run = this.#runs.get(runId);
    if (!run || run.slot !== slot) return; // ended here already (deadline, Stop)
    if (event.type === 'end') {
      // L07: the whole body in one piece, over the limit: the platform's 413 instead of the handler's answer.
      const refused = run.body.tooLarge(this.#t(run));
      if (refused) {
        this.#emitAll(run, refused);
        return this.#end(run, 0, event.timings.totalMs);
      }
      this.#emitAll(run, run.body.release());
      return this.#end(run, event.timings.ttfbMs, event.timings.totalMs);
    }
    this.#emitAll(run, run.body.pass('t' in event ? { ...event, t: event.t + run.offset } : event));
  }

  #t(run: Run): number {
    return performance.now() - run.t0;
  }

  #emit(run: Run, event: RunEvent): void {
    const transfer = event.type === 'chunk' ? [event.bytes.buffer as ArrayBuffer] : [];
    this.#send({ type: 'event', runId: run.runId, event }, transfer);
  }

  #emitAll(run: Run, events: RunEvent[]): void {
    for (const event of events) this.#emit(run, event);
  }

  /** `workerMs`: the worker's own time (its `end`); absent when the run ended here (deadline, Stop, a failed start). */
  #end(run: Run, workerTtfbMs = 0, workerMs?: number): void {
    const now = performance.now();
    if (run.timer) clearTimeout(run.timer);
    this.#runs.delete(run.runId);
    const ttfbMs = run.body.headSent ? run.body.ttfbMs : workerTtfbMs + run.offset;
    const totalMs = now - run.t0;
    const timings = runTimings({ startMs: run.startMs, ttfbMs, totalMs });
    if (workerMs !== undefined && run.postedAt) {
      // The page fills in its parts: it alone knows its wait for this sandbox (`totalMs` is this sandbox's own time).
      const waitedMs = now - run.postedAt;
      timings.languagePath = { pageMs: 0, pageSandboxMs: 0, sandboxMs: totalMs - waitedMs, sandboxWorkerMs: Math.max(0, waitedMs - workerMs), workerMs };
    }
    this.#emit(run, { type: 'end', timings });
  }

  /** maxDuration: the worker may be stuck in a loop, so it goes (with its module state), as a timed-out instance does. */
  #timedOut(run: Run, ms: number): void {
    if (!this.#runs.has(run.runId)) return;
    const message = maxDurationMessage(ms, run.body.headSent);
    this.#emitAll(run, failedRunEvents(run.body.headSent, 504, 'FUNCTION_INVOCATION_TIMEOUT', message, this.#t(run)));
    this.#end(run);
    this.#terminate(run.slot, `request ${run.runId} timed out`);
  }

  #retire(slot: Slot): void {
    slot.terminated = true;
    slot.worker?.terminate();
    if (this.#slots.get(slot.language) === slot) this.#slots.delete(slot.language);
  }

  /** Every other run on that worker ends too: their thread is gone. The page ends its direct runs on it (`worker-gone`). */
  #terminate(slot: Slot, why: string, timedOut?: { runId: number; maxDurationMs: number }): void {
    if (slot.terminated) return;
    this.#retire(slot);
    const message = `This run's ${LANGUAGE_NAMES[slot.language]} worker was terminated because ${why}; every request in flight on it was aborted.`;
    for (const run of [...this.#runs.values()]) {
      if (run.slot !== slot) continue;
      this.#emitAll(run, failedRunEvents(run.body.headSent, 500, 'FUNCTION_INVOCATION_FAILED', message, this.#t(run)));
      this.#end(run);
    }
    for (const [runId, direct] of [...this.#direct]) if (direct.slot === slot) this.directDone(runId);
    if (slot.handedOver) this.#send({ type: 'worker-gone', workerId: slot.id, message, ...(timedOut ? { timedOut } : {}) });
  }
}
