// Python, Ruby and Go on the page: one hidden `<iframe sandbox="allow-scripts">` (languages.html, an opaque origin with
// its own CSP) shared by the three, created on the first such run, and a Runtime per language that turns its answers
// into one RunEvent stream per run. The iframe starts each language's worker lazily; while one downloads and starts,
// its progress is reported to the UI (`onStatus`). Once a worker is ready the iframe hands over a port straight to it:
// warm runs go there and back (one crossing each way, not two), while the iframe keeps their deadlines.
import {
  isLanguage,
  LANGUAGE_NAMES,
  LANGUAGES_PROTOCOL_VERSION,
  type Files,
  type LanguageDirectRequest,
  type LanguageDirectResponse,
  type LanguageInvoke,
  type LanguageName,
  type LanguagesResponse,
  type LanguagesRunRequest,
  type RunEvent,
  type Timings,
} from '../../../workers/protocol';
import { failedRunEvents, platformErrorEvents } from '../../../workers/platform-errors';
import { BodyLimit } from '../../../workers/shared/body-limit';
import { EventQueue } from '../../../workers/shared/event-queue';
import { Outbox } from '../../../workers/shared/outbox';
import { checkRunEvent } from '../../../workers/shared/run-event-check';
import { sameRecord } from '../../../workers/shared/same-record';
import { maxDurationMessage, seconds } from '../../../workers/shared/duration';
import { runTimings } from '../../../workers/shared/timings';
import { functionLimits } from '../limits';
import type { Invocation, Runtime } from './runtime';

export interface LanguageStatus {
  language: LanguageName;
  phase: 'idle' | 'loading' | 'ready' | 'failed';
  /** `Downloading Python`, `Python 3.14.2 (Pyodide 314.0.8)`. */
  text: string;
  loaded: number;
  /** 0: unknown (an indeterminate bar). */
  total: number;
  /** The cold start, once ready. */
  startMs: number | null;
}

const idle = (language: LanguageName): LanguageStatus => ({ language, phase: 'idle', text: `${LANGUAGE_NAMES[language]} starts on its first run`, loaded: 0, total: 0, startMs: null });

interface PendingRun {
  queue: EventQueue<RunEvent>;
  t0: number;
  /** When the invoke was posted to the sandbox, for the path's profile. */
  postedAt: number;
  startMs: number;
  cold: boolean;
  detach: () => void;
  /** Sent over that worker's port: L07 is applied here, and its end is told to the sandbox. */
  direct: { worker: DirectLanguage; body: BodyLimit } | null;
  /** A head went to the consumer. */
  headSent: boolean;
}

/** The page's end of a port straight to one ready language worker (the sandbox still owns the worker). */
interface DirectLanguage {
  language: LanguageName;
  workerId: number;
  port: MessagePort;
  /** Invokes: one that finds it idle goes at once, those that follow within the turn go together. */
  outbox: Outbox<LanguageInvoke>;
  /** The project as last sent over this port (a copy): the worker keeps one set per way in. */
  sent: Files | null;
  runs: Set<number>;
}

interface Frame {
  iframe: HTMLIFrameElement;
  port: MessagePort;
  ready: Promise<void>;
  /** Invokes and cancels, batched as the edge sandbox's are (src/lib/runtimes/sandbox-frame.ts). */
  outbox: Outbox<LanguagesRunRequest>;
  /**
   * Direct runs' deadlines (`direct-run`, `direct-done`) and their Stops, in one order: off the run's path, so they
   * go a turn later, while the worker works, instead of costing the run a post.
   */
  deadlines: Outbox<LanguagesRunRequest>;
  /**
   * Each language's project as last sent to this frame (a copy: the caller's object may change after): an invoke
   * carries `files` only when they differ, and the sandbox keeps the last set per language.
   */
  sent: Map<LanguageName, Files>;
}

/** The languages iframe and its port; shared by the three runtimes. */
export class LanguagesHost {
  #url: string;
  #readyTimeoutMs: number;
  #frame: Frame | null = null;
  #runs = new Map<number, PendingRun>();
  #nextRunId = 1;
  #status = new Map<LanguageName, LanguageStatus>();
  #direct = new Map<LanguageName, DirectLanguage>();
  #directById = new Map<number, DirectLanguage>();
  #listeners = new Set<(status: LanguageStatus) => void>();

  constructor(options: { url?: string; readyTimeoutMs?: number } = {}) {
    this.#url = options.url ?? `${import.meta.env?.BASE_URL ?? '/'}languages.html`;
    this.#readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  }

  status(language: LanguageName): LanguageStatus {
    return this.#status.get(language) ?? idle(language);
  }

  /** Every change of a language's status (the progress bar); returns the unsubscribe. */
  onStatus(listener: (status: LanguageStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #setStatus(status: LanguageStatus): void {
    this.#status.set(status.language, status);
    for (const l of this.#listeners) l(status);
  }

  #ensureFrame(): Frame {
    if (this.#frame) return this.#frame;
    const channel = new MessageChannel();
    const port = channel.port1;
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.title = 'Python, Ruby and Go sandbox';
    iframe.setAttribute('aria-hidden', 'true');
    iframe.tabIndex = -1;
    iframe.style.display = 'none';
    iframe.src = this.#url;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The languages sandbox (${this.#url}) did not start within ${seconds(this.#readyTimeoutMs)}.`)), this.#readyTimeoutMs);
      port.onmessage = (event: MessageEvent<LanguagesResponse>) => {
        const message = event.data;
        if (message.type === 'ready') {
          clearTimeout(timer);
          if (message.version === LANGUAGES_PROTOCOL_VERSION) resolve();
          else reject(new Error(`The languages sandbox speaks protocol ${message.version}, the page ${LANGUAGES_PROTOCOL_VERSION}: reload the page.`));
          return;
        }
        if (message.type === 'batch') for (const m of message.messages) this.#onMessage(m);
        else this.#onMessage(message);
      };
      // Its origin is opaque, hence '*'.
      iframe.addEventListener('load', () => iframe.contentWindow?.postMessage({ type: 'connect' }, '*', [channel.port2]), { once: true });
    });
    ready.catch(() => {});
    (document.body ?? document.documentElement).appendChild(iframe);
    // Leading: a lone run's invoke goes at once; those that follow it in the same turn go together.
    const post = (message: LanguagesRunRequest | { type: 'batch'; messages: LanguagesRunRequest[] }, transfer: Transferable[]) => port.postMessage(message, transfer);
    this.#frame = { iframe, port, ready, outbox: new Outbox(post, { leading: true }), deadlines: new Outbox(post), sent: new Map() };
    return this.#frame;
  }

  get frame(): Frame | null {
    return this.#frame;
  }

  #removeFrame(): void {
    this.#frame?.outbox.close();
    this.#frame?.deadlines.close();
    this.#frame?.iframe.remove();
    this.#frame = null;
    for (const direct of this.#directById.values()) this.#forget(direct);
  }

  /** A port straight to a ready worker: this language's later runs go there. */
  #adopt(message: Extract<LanguagesResponse, { type: 'direct' }>): void {
    if (!(message.port instanceof MessagePort) || !isLanguage(message.language) || this.#directById.has(message.workerId)) return;
    const port = message.port;
    const direct: DirectLanguage = {
      language: message.language,
      workerId: message.workerId,
      port,
      outbox: new Outbox<LanguageInvoke>((m: LanguageDirectRequest, transfer) => port.postMessage(m, transfer), { leading: true }),
      sent: null,
      runs: new Set(),
    };
    port.onmessage = (event: MessageEvent<LanguageDirectResponse>) => this.#onDirect(direct, event.data);
    const old = this.#direct.get(direct.language);
    if (old) this.#forget(old);
    this.#direct.set(direct.language, direct);
    this.#directById.set(direct.workerId, direct);
  }

  /** A Stop terminates the worker: no new run goes there; those on it still end with its `worker-gone`. */
  #retire(direct: DirectLanguage): void {
    if (this.#direct.get(direct.language) === direct) this.#direct.delete(direct.language);
  }

  #forget(direct: DirectLanguage): void {
    direct.outbox.close();
    direct.port.onmessage = null;
    direct.port.close();
    this.#directById.delete(direct.workerId);
    if (this.#direct.get(direct.language) === direct) this.#direct.delete(direct.language);
  }

  /** That worker was terminated: its direct runs that have not ended end here (the sandbox's word for why). */
  #workerGone(message: Extract<LanguagesResponse, { type: 'worker-gone' }>): void {
    const direct = this.#directById.get(message.workerId);
    if (!direct) return;
    this.#forget(direct);
    // Their deadlines went with the worker: no `direct-done` for them.
    const runs = [...direct.runs];
    direct.runs.clear();
    for (const runId of runs) {
      const run = this.#runs.get(runId);
      if (!run) continue;
      const t = performance.now() - run.t0;
      const timedOut = message.timedOut?.runId === runId ? message.timedOut.maxDurationMs : null;
      const events =
        timedOut !== null
          ? failedRunEvents(run.headSent, 504, 'FUNCTION_INVOCATION_TIMEOUT', maxDurationMessage(timedOut, run.headSent), t)
          : failedRunEvents(run.headSent, 500, 'FUNCTION_INVOCATION_FAILED', message.message, t);
      for (const event of events) run.queue.push(event);
      run.queue.push({ type: 'end', timings: runTimings({ totalMs: t, roundTripMs: t }) });
      this.#finish(runId, run);
    }
  }

  /** From a worker's port: only well-formed events of runs sent to that very worker (user code runs there). */
  #onDirect(direct: DirectLanguage, message: LanguageDirectResponse): void {
    if (typeof message !== 'object' || message === null) return;
    if (message.type === 'batch') {
      if (Array.isArray(message.messages)) for (const m of message.messages) if (m?.type === 'event') this.#onDirect(direct, m);
      return;
    }
    if (message.type !== 'event' || typeof message.runId !== 'string') return;
    const runId = Number(message.runId);
    const run = this.#runs.get(runId);
    const event = checkRunEvent(message.event);
    if (!run || run.direct?.worker !== direct || !event) return;
    const body = run.direct.body;
    if (event.type !== 'end') {
      for (const e of body.pass(event)) this.#deliver(run, e);
      return;
    }
    const receivedAt = performance.now();
    // L07: the whole body in one piece, over the limit: the platform's 413 instead of the handler's answer.
    for (const e of body.tooLarge(receivedAt - run.t0) ?? body.release()) this.#deliver(run, e);
    run.queue.push({ type: 'end', timings: this.#directTimings(run, event.timings, body, receivedAt) });
    this.#finish(runId, run);
  }

  #deliver(run: PendingRun, event: RunEvent): void {
    if (event.type === 'head') run.headSent = true;
    run.queue.push(event);
  }

  /** A direct run's end: the worker's times, the round trip as the page saw it, and the path without sandbox parts. */
  #directTimings(run: PendingRun, sent: Timings, body: BodyLimit, receivedAt: number): Timings {
    const roundTripMs = receivedAt - run.t0;
    const workerMs = sent.totalMs;
    const ttfbMs = body.headSent ? body.ttfbMs : sent.ttfbMs;
    const languagePath = { pageMs: run.postedAt - run.t0 + (performance.now() - receivedAt), pageSandboxMs: Math.max(0, receivedAt - run.postedAt - workerMs), sandboxMs: 0, sandboxWorkerMs: 0, workerMs, direct: true };
    return runTimings({ ttfbMs, totalMs: roundTripMs, roundTripMs, cold: false, languagePath });
  }

  #onMessage(message: LanguagesResponse): void {
    switch (message.type) {
      case 'progress':
        return this.#setStatus({ language: message.language, phase: 'loading', text: message.phase, loaded: message.loaded, total: message.total, startMs: null });
      case 'language-failed':
        return this.#setStatus({ language: message.language, phase: 'failed', text: message.message, loaded: 0, total: 0, startMs: null });
      case 'language-ready':
        return this.#setStatus({ language: message.language, phase: 'ready', text: message.version, loaded: 0, total: 0, startMs: message.startMs });
      case 'direct':
        return this.#adopt(message);
      case 'worker-gone':
        return this.#workerGone(message);
      case 'started': {
        const run = this.#runs.get(message.runId);
        if (run) {
          run.startMs = message.startMs;
          run.cold = message.cold;
        }
        return;
      }
      case 'event': {
        const run = this.#runs.get(message.runId);
        // The sandbox relays what the worker sent, and user code runs there: an event is data to check.
        const event = checkRunEvent(message.event);
        if (!run || run.direct || !event) return;
        if (event.type === 'end') {
          const now = performance.now();
          const timings = { ...event.timings, cold: run.cold, roundTripMs: now - run.t0 };
          const path = timings.languagePath;
          // The sandbox's `totalMs` is its own time from the invoke's receipt to this `end`.
          if (path) timings.languagePath = { ...path, pageMs: run.postedAt - run.t0 + (performance.now() - now), pageSandboxMs: Math.max(0, now - run.postedAt - event.timings.totalMs) };
          run.queue.push({ type: 'end', timings });
          this.#finish(message.runId, run);
          return;
        }
        this.#deliver(run, event);
        return;
      }
    }
  }

  #finish(runId: number, run: PendingRun): void {
    run.detach();
    run.queue.close();
    this.#runs.delete(runId);
    const direct = run.direct?.worker;
    if (direct?.runs.delete(runId)) this.#frame?.deadlines.push({ type: 'direct-done', runId });
  }

  invoke(language: LanguageName, invocation: Invocation): AsyncIterable<RunEvent> {
    const queue = new EventQueue<RunEvent>();
    void this.#start(language, invocation, queue);
    return queue;
  }

  async #start(language: LanguageName, invocation: Invocation, queue: EventQueue<RunEvent>): Promise<void> {
    const t0 = performance.now();
    const { files = {}, path, env, request, limits, signal } = invocation;
    const local = (events: RunEvent[]) => {
      for (const e of events) queue.push(e);
      queue.push({ type: 'end', timings: runTimings({ totalMs: performance.now() - t0 }) });
      queue.close();
    };
    if (signal?.aborted) return local([{ type: 'error', code: 'CANCELLED', message: 'The run was stopped.', t: 0 }]);
    const frame = this.#ensureFrame();
    if (this.status(language).phase === 'idle') this.#setStatus({ ...idle(language), phase: 'loading', text: `Starting ${LANGUAGE_NAMES[language]}` });
    try {
      await frame.ready;
    } catch (error) {
      if (this.#frame === frame) this.#removeFrame();
      return local(platformErrorEvents(500, 'SANDBOX_UNAVAILABLE', error instanceof Error ? error.message : String(error), performance.now() - t0));
    }
    if (signal?.aborted) return local([{ type: 'error', code: 'CANCELLED', message: 'The run was stopped.', t: 0 }]);
    // Disposed (or replaced) while this run waited: what was sent to that frame says nothing of another.
    if (this.#frame !== frame) return local(platformErrorEvents(500, 'SANDBOX_UNAVAILABLE', 'The languages sandbox was closed while this run waited for it.', performance.now() - t0));
    const runId = this.#nextRunId++;
    const fn = functionLimits(limits, language);
    const direct = this.#direct.get(language) ?? null;
    const onAbort = () => {
      // Either way the sandbox terminates the worker: the next run of this language starts a fresh one.
      const held = direct ?? this.#direct.get(language);
      if (held) this.#retire(held);
      if (!direct) return this.#send({ type: 'cancel', runId });
      // The worker may be stuck in the handler: the sandbox terminates it (the Stop before this run's `direct-done`).
      if (!direct.runs.delete(runId)) return;
      // At once, not a turn later: a run sent after this Stop must reach the sandbox after it, to get a fresh worker.
      frame.deadlines.push({ type: 'cancel', runId });
      frame.deadlines.flush();
      pending.queue.push({ type: 'error', code: 'CANCELLED', message: 'The run was stopped.', t: performance.now() - t0 });
      pending.queue.push({ type: 'end', timings: runTimings({ totalMs: performance.now() - t0 }) });
      this.#finish(runId, pending);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const pending: PendingRun = {
      queue,
      t0,
      postedAt: 0,
      startMs: 0,
      cold: false,
      detach: () => signal?.removeEventListener('abort', onAbort),
      direct: direct && { worker: direct, body: new BodyLimit(fn.maxResponseBodyBytes) },
      headSent: false,
    };
    this.#runs.set(runId, pending);
    // The request as a server sees it: path and query; the host stays in the Host header.
    const url = new URL(request.url);
    const headers = request.headers.some(([k]) => k.toLowerCase() === 'host') ? request.headers : [...request.headers, ['host', url.host] as [string, string]];
    // A copy to transfer: the caller's buffer stays usable (a compare run sends the same request twice).
    const body = request.body ? new Uint8Array(request.body.slice(0)) : null;
    const wire = { method: request.method, url: url.pathname + url.search, headers: headers.map(([k, v]): [string, string] => [k, v]), body };
    if (direct) {
      const changed = !direct.sent || !sameRecord(direct.sent, files);
      if (changed) direct.sent = { ...files };
      direct.runs.add(runId);
      pending.postedAt = performance.now();
      direct.outbox.push({ type: 'invoke', runId: String(runId), ...(changed ? { files } : {}), entry: path, request: wire, env }, body ? [body.buffer] : []);
      frame.deadlines.push({ type: 'direct-run', runId, language, workerId: direct.workerId, maxDurationMs: fn.maxDurationMs });
      return;
    }
    const last = frame.sent.get(language);
    const changed = !last || !sameRecord(last, files);
    if (changed) frame.sent.set(language, { ...files });
    pending.postedAt = performance.now();
    this.#send(
      {
        type: 'invoke',
        runId,
        language,
        ...(changed ? { files } : {}),
        entry: path,
        request: wire,
        env,
        limits: { maxDurationMs: fn.maxDurationMs, maxResponseBodyBytes: fn.maxResponseBodyBytes },
      },
      body ? [body.buffer] : [],
    );
  }

  #send(message: LanguagesRunRequest, transfer: Transferable[] = []): void {
    this.#frame?.outbox.push(message, transfer);
  }

  dispose(): void {
    for (const [runId, run] of [...this.#runs]) {
      run.queue.push({ type: 'error', code: 'CANCELLED', message: 'The languages runtime was disposed.', t: performance.now() - run.t0 });
      run.queue.push({ type: 'end', timings: runTimings({ totalMs: performance.now() - run.t0 }) });
      this.#finish(runId, run);
    }
    this.#removeFrame();
  }
}

/** One language's Runtime over the shared host. */
export class LanguageRuntime implements Runtime {
  readonly name: LanguageName;
  #host: LanguagesHost;

  constructor(name: LanguageName, host: LanguagesHost) {
    this.name = name;
    this.#host = host;
  }

  invoke(invocation: Invocation): AsyncIterable<RunEvent> {
    return this.#host.invoke(this.name, invocation);
  }
}
