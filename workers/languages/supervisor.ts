// Runs in the languages sandbox: one worker per language, started on its first run; owns the deadlines (maxDuration →
// 504 FUNCTION_INVOCATION_TIMEOUT) and Stop, both by terminating the worker (an interpreter stuck in a loop cannot be
// asked to stop). The next run of that language starts a fresh worker.
import { LANGUAGE_NAMES, type LanguageDeadlines, type LanguageName, type LanguageRequest, type LanguageWorkerRequest, type LanguageWorkerResponse, type LanguagesResponse, type RunEvent, type Files } from '../protocol';
import { platformErrorEvents } from '../platform-errors';
import { maxDurationMessage } from '../shared/duration';
import { runTimings } from '../shared/timings';

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
  timer: ReturnType<typeof setTimeout> | null;
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

  async invoke(runId: number, language: LanguageName, files: Files, entry: string, request: LanguageRequest, env: Record<string, string>, deadlines: LanguageDeadlines): Promise<void> {
    const t0 = performance.now();
    const existing = this.#slots.get(language);
    const cold = !existing?.settled;
    const slot = existing ?? this.#start(language);
    const run: Run = { runId, slot, t0, offset: 0, startMs: 0, ttfbMs: 0, headSent: false, timer: null };
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
    run.timer = setTimeout(() => this.#timedOut(run, deadlines.maxDurationMs), deadlines.maxDurationMs);
    const body = request.body ? request.body.slice() : null;
    const message: LanguageWorkerRequest = { type: 'invoke', runId: String(runId), files, entry, request: { ...request, body }, env };
    slot.worker?.postMessage(message, body ? [body.buffer] : []);
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
    const slot: Slot = { language, worker: null, ready, settled: false, terminated: false };
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
    if (event.type === 'end') return this.#end(run, event.timings.ttfbMs);
    const shifted = 't' in event ? { ...event, t: event.t + run.offset } : event;
    if (shifted.type === 'head' && !run.headSent) {
      run.headSent = true;
      run.ttfbMs = shifted.t;
    }
    this.#emit(run, shifted);
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

  #end(run: Run, workerTtfbMs = 0): void {
    if (run.timer) clearTimeout(run.timer);
    this.#runs.delete(run.runId);
    const ttfbMs = run.headSent ? run.ttfbMs : workerTtfbMs + run.offset;
    this.#emit(run, { type: 'end', timings: runTimings({ startMs: run.startMs, ttfbMs, totalMs: this.#t(run) }) });
  }

  /** maxDuration: the worker may be stuck in a loop, so it goes (with its module state), as a timed-out instance does. */
  #timedOut(run: Run, ms: number): void {
    if (!this.#runs.has(run.runId)) return;
    const message = maxDurationMessage(ms, run.headSent);
    if (run.headSent) this.#emit(run, { type: 'error', code: 'FUNCTION_INVOCATION_TIMEOUT', message, t: this.#t(run) });
    else this.#emitAll(run, platformErrorEvents(504, 'FUNCTION_INVOCATION_TIMEOUT', message, this.#t(run)));
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
      if (run.headSent) this.#emit(run, { type: 'error', code: 'FUNCTION_INVOCATION_FAILED', message, t: this.#t(run) });
      else this.#emitAll(run, platformErrorEvents(500, 'FUNCTION_INVOCATION_FAILED', message, this.#t(run)));
      this.#end(run);
    }
  }
}
