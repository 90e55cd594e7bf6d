// Runs in the languages sandbox: one worker per language, started on its first run; owns the deadlines (maxDuration →
// 504 FUNCTION_INVOCATION_TIMEOUT) and Stop, both by terminating the worker (an interpreter stuck in a loop cannot be
// asked to stop), and the response body's limit (L07, as the Node.js runtime's). The next run of that language
// starts a fresh worker.
import { LANGUAGE_NAMES, type LanguageRunLimits, type LanguageName, type LanguageRequest, type LanguageWorkerRequest, type LanguageWorkerResponse, type LanguagesResponse, type RunEvent, type Files } from '../protocol';
import { failedRunEvents, platformErrorEvents } from '../platform-errors';
import { maxDurationMessage } from '../shared/duration';
import { runTimings } from '../shared/timings';
import { RESPONSE_TOO_LARGE, responseTooLargeMessage } from '../shared/payload';

/** A language's worker script (one classic script's text) and the absolute URL of its assets folder. */
export interface LanguageSource {
  script: () => Promise<string>;
  assetBase: string;
}

type Send = (message: LanguagesResponse, transfer?: Transferable[]) => void;

interface Slot {
  language: LanguageName;
  worker: Worker | null;
  /** Resolves with the version when the worker says `ready`; rejects with the reason it cannot start. */
  ready: Promise<string>;
  settled: boolean;
  terminated: boolean;
  /** The project this worker was last sent: an invoke carries `files` only when they are another object. */
  sentFiles: Files | null;
}

interface Run {
  runId: number;
  slot: Slot;
  t0: number;
  /** Worker event times count from its own receipt of the invoke; this shifts them to the sandbox's receipt. */
  offset: number;
  startMs: number;
  ttfbMs: number;
  headSent: boolean;
  /**
   * The handler's head, held until the next event says whether the body comes whole (L07): a first chunk over the
   * limit is held too, until the end (too large: 413 instead) or a second chunk (streamed: both go on).
   */
  held: { head: Extract<RunEvent, { type: 'head' }>; chunk: Extract<RunEvent, { type: 'chunk' }> | null } | null;
  maxResponseBodyBytes: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** When the invoke was posted to the worker (0: not yet), for the path's profile. */
  postedAt: number;
}

export class LanguageSupervisor {
  #slots = new Map<LanguageName, Slot>();
  #runs = new Map<number, Run>();
  #sources: Record<LanguageName, LanguageSource>;
  #send: Send;

  constructor(sources: Record<LanguageName, LanguageSource>, send: Send) {
    this.#sources = sources;
    this.#send = send;
  }

  /** Runs waiting for or on a worker: the sandbox holds their messages briefly to send them together. */
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
    const run: Run = { runId, slot, t0, offset: 0, startMs: 0, ttfbMs: 0, headSent: false, held: null, maxResponseBodyBytes: limits.maxResponseBodyBytes, timer: null, postedAt: 0 };
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

  /** Stop: the run ends now and its worker goes (with every other run on it). */
  cancel(runId: number): void {
    const run = this.#runs.get(runId);
    if (!run) return;
    this.#emit(run, { type: 'error', code: 'CANCELLED', message: 'The run was stopped.', t: this.#t(run) });
    this.#end(run);
    this.#terminate(run.slot, `request ${runId} was stopped`);
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
    const slot: Slot = { language, worker: null, ready, settled: false, terminated: false, sentFiles: null };
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

  #onWorkerEvent(slot: Slot, runId: number, event: RunEvent): void {
    const run = this.#runs.get(runId);
    if (!run || run.slot !== slot) return; // ended here already (deadline, Stop)
    if (event.type === 'end') {
      const whole = run.held?.chunk;
      if (whole) {
        // L07: the whole body in one piece, over the limit: the platform's 413 instead of the handler's answer.
        run.held = null;
        this.#emitAll(run, platformErrorEvents(RESPONSE_TOO_LARGE.status, RESPONSE_TOO_LARGE.code, responseTooLargeMessage(whole.bytes.byteLength, run.maxResponseBodyBytes), this.#t(run)));
        run.headSent = true;
        run.ttfbMs = this.#t(run);
        return this.#end(run, 0, event.timings.totalMs);
      }
      this.#release(run);
      return this.#end(run, event.timings.ttfbMs, event.timings.totalMs);
    }
    const shifted = 't' in event ? { ...event, t: event.t + run.offset } : event;
    if (shifted.type === 'head') {
      if (!run.headSent && !run.held) run.held = { head: shifted, chunk: null };
      return;
    }
    if (shifted.type === 'log') return this.#emit(run, shifted); // logs need not wait for the head
    if (shifted.type === 'chunk' && run.held && !run.held.chunk && shifted.bytes.byteLength > run.maxResponseBodyBytes) {
      run.held.chunk = shifted;
      return;
    }
    this.#release(run);
    this.#emit(run, shifted);
  }

  /** The held head (and a held first chunk) go on: the body is within the limit, or streamed. */
  #release(run: Run): void {
    const held = run.held;
    if (!held) return;
    run.held = null;
    run.headSent = true;
    run.ttfbMs = held.head.t;
    this.#emit(run, held.head);
    if (held.chunk) this.#emit(run, held.chunk);
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
    const ttfbMs = run.headSent ? run.ttfbMs : workerTtfbMs + run.offset;
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
    const message = maxDurationMessage(ms, run.headSent);
    this.#emitAll(run, failedRunEvents(run.headSent, 504, 'FUNCTION_INVOCATION_TIMEOUT', message, this.#t(run)));
    this.#end(run);
    this.#terminate(run.slot, `request ${run.runId} timed out`);
  }

  #retire(slot: Slot): void {
    slot.terminated = true;
    slot.worker?.terminate();
    if (this.#slots.get(slot.language) === slot) this.#slots.delete(slot.language);
  }

  /** Every other run on that worker ends too: their thread is gone. */
  #terminate(slot: Slot, why: string): void {
    if (slot.terminated) return;
    this.#retire(slot);
    for (const run of [...this.#runs.values()]) {
      if (run.slot !== slot) continue;
      const message = `This run's ${LANGUAGE_NAMES[slot.language]} worker was terminated because ${why}; every request in flight on it was aborted.`;
      this.#emitAll(run, failedRunEvents(run.headSent, 500, 'FUNCTION_INVOCATION_FAILED', message, this.#t(run)));
      this.#end(run);
    }
  }
}
