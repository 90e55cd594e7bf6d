// Python, Ruby and Go on the page: one hidden `<iframe sandbox="allow-scripts">` (languages.html, an opaque origin with
// its own CSP) shared by the three, created on the first such run, and a Runtime per language that turns its answers
// into one RunEvent stream per run. The iframe starts each language's worker lazily; while one downloads and starts,
// its progress is reported to the UI (`onStatus`).
import { LANGUAGE_NAMES, LANGUAGES_PROTOCOL_VERSION, type Files, type LanguageName, type LanguagesRequest, type LanguagesResponse, type LanguagesRunRequest, type RunEvent } from '../../../workers/protocol';
import { platformErrorEvents } from '../../../workers/platform-errors';
import { EventQueue } from '../../../workers/shared/event-queue';
import { Outbox } from '../../../workers/shared/outbox';
import { sameRecord } from '../../../workers/shared/same-record';
import { seconds } from '../../../workers/shared/duration';
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
}

interface Frame {
  iframe: HTMLIFrameElement;
  port: MessagePort;
  ready: Promise<void>;
  /** Invokes and cancels, batched as the edge sandbox's are (src/lib/runtimes/sandbox-frame.ts). */
  outbox: Outbox<LanguagesRunRequest>;
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
    const outbox = new Outbox<LanguagesRunRequest>((message, transfer) => port.postMessage(message, transfer), { leading: true });
    this.#frame = { iframe, port, ready, outbox, sent: new Map() };
    return this.#frame;
  }

  get frame(): Frame | null {
    return this.#frame;
  }

  #removeFrame(): void {
    this.#frame?.outbox.close();
    this.#frame?.iframe.remove();
    this.#frame = null;
  }

  #onMessage(message: LanguagesResponse): void {
    switch (message.type) {
      case 'progress':
        return this.#setStatus({ language: message.language, phase: 'loading', text: message.phase, loaded: message.loaded, total: message.total, startMs: null });
      case 'language-failed':
        return this.#setStatus({ language: message.language, phase: 'failed', text: message.message, loaded: 0, total: 0, startMs: null });
      case 'language-ready':
        return this.#setStatus({ language: message.language, phase: 'ready', text: message.version, loaded: 0, total: 0, startMs: message.startMs });
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
        if (!run) return;
        const event = message.event;
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
        run.queue.push(event);
        return;
      }
    }
  }

  #finish(runId: number, run: PendingRun): void {
    run.detach();
    run.queue.close();
    this.#runs.delete(runId);
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
    const onAbort = () => {
      this.#send({ type: 'cancel', runId });
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const pending: PendingRun = { queue, t0, postedAt: 0, startMs: 0, cold: false, detach: () => signal?.removeEventListener('abort', onAbort) };
    this.#runs.set(runId, pending);
    // The request as a server sees it: path and query; the host stays in the Host header.
    const url = new URL(request.url);
    const headers = request.headers.some(([k]) => k.toLowerCase() === 'host') ? request.headers : [...request.headers, ['host', url.host] as [string, string]];
    // A copy to transfer: the caller's buffer stays usable (a compare run sends the same request twice).
    const body = request.body ? new Uint8Array(request.body.slice(0)) : null;
    const fn = functionLimits(limits, language);
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
        request: { method: request.method, url: url.pathname + url.search, headers: headers.map(([k, v]) => [k, v]), body },
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
