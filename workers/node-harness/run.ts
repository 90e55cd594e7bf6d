// One request in the harness: its event stream (head → chunk* → log* → error? → end), its log cap, its deadline, and
// the async context that ties console output and uncaught errors to it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { HarnessResponse, HarnessRunEvent, HeaderList, LogLevel, PrerenderVerdict, RunEvent } from '../protocol';
import { RESPONSE_TOO_LARGE, responseTooLargeMessage } from '../shared/payload';
import { platformErrorEvents } from '../platform-errors';
import { CONSOLE_CAPS } from '../shared/limits-data';
import { maxDurationMessage } from '../shared/duration';
import { thrownValueText } from '../shared/error-text';
import { runTimings } from '../shared/timings';

export const MAX_LINES_PER_RUN = CONSOLE_CAPS.linesPerRun;
export const MAX_LINE_CHARS = CONSOLE_CAPS.lineChars;
const MAX_PENDING_LINES = CONSOLE_CAPS.pendingLines;

type Send = (message: HarnessResponse) => void;

/** The run whose code is executing, across awaits, timers and callbacks (Node has real async context). */
export const runContext = new AsyncLocalStorage<Run>();
const active = new Map<number, Run>();
/** Lines logged while no run was executing (module top level, a timer after its run ended): they go to the next run. */
let pending: { level: LogLevel; text: string }[] = [];

export function truncateLine(text: string): string {
  if (text.length <= MAX_LINE_CHARS) return text;
  return `${text.slice(0, MAX_LINE_CHARS)}… [${text.length - MAX_LINE_CHARS} more characters truncated]`;
}

/** The run a line or an uncaught error belongs to: its async context, else the newest run in flight. */
export function currentRun(): Run | undefined {
  const run = runContext.getStore();
  if (run && !run.done) return run;
  let newest: Run | undefined;
  for (const r of active.values()) newest = r;
  return newest;
}

export function logLine(level: LogLevel, text: string): void {
  const run = currentRun();
  if (run) return run.log(level, text);
  if (pending.length < MAX_PENDING_LINES) pending.push({ level, text: truncateLine(text) });
}

/** The harness's own file (one bundle): its frames are plumbing under the user's, cut from stacks. */
const HARNESS_URL = import.meta.url;

export function userStack(stack: string): string {
  const lines = stack.split('\n');
  const at = lines.findIndex((line) => /^\s+at /.test(line) && line.includes(HARNESS_URL));
  return at < 0 ? stack : lines.slice(0, at).join('\n');
}

/** As Node reports an uncaught throw: `Name: message`, or `Uncaught <value>` (the edge's describe in dispatch.ts keeps the bare message, as the edge runtime does). */
export function describeError(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) {
    return { message: `${error.name}: ${error.message}`, stack: typeof error.stack === 'string' ? userStack(error.stack) : undefined };
  }
  try {
    return { message: `Uncaught ${thrownValueText(error)}` };
  } catch {
    return { message: 'Uncaught exception' };
  }
}

export interface RunOptions {
  runId: number;
  send: Send;
  /** maxDuration in ms from arrival; absent → no deadline in the harness (the host still has one). */
  deadlineMs?: number;
  maxPayloadBytes: number;
  /** Reported in `end` (the import time on the first run after a load, else 0). */
  startMs: number;
  /** Run as `next build` prerenders a GET route (next-prerender.ts). */
  prerender?: boolean;
}

export class Run {
  readonly runId: number;
  readonly maxPayloadBytes: number;
  readonly deadlineMs: number | undefined;
  readonly prerender: boolean;
  readonly t0 = performance.now();
  headSent = false;
  done = false;
  #send: Send;
  #startMs: number;
  #ttfbMs = 0;
  #lines = 0;
  #dropped = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #notes: { code: string; message: string; stack?: string }[] = [];
  /** Stops the transport (the loopback request, a Web body reader) when the run ends early. */
  readonly abort = new AbortController();

  constructor(options: RunOptions) {
    this.runId = options.runId;
    this.#send = options.send;
    this.#startMs = options.startMs;
    this.maxPayloadBytes = options.maxPayloadBytes;
    this.deadlineMs = options.deadlineMs;
    this.prerender = options.prerender ?? false;
    active.set(this.runId, this);
    const queued = pending;
    pending = [];
    for (const line of queued) this.log(line.level, line.text);
    if (options.deadlineMs !== undefined && options.deadlineMs > 0) {
      // The harness owns async hangs (H27, L02, L03); a synchronous loop never lets this fire, which is why the
      // host keeps its own, slightly later deadline and kills the process (see workers/node-harness/index.ts).
      this.#timer = setTimeout(() => this.#timeout(options.deadlineMs!), options.deadlineMs);
      this.#timer.unref?.();
    }
  }

  t(): number {
    return performance.now() - this.t0;
  }

  #emit(event: HarnessRunEvent): void {
    this.#send({ type: 'event', runId: this.runId, event });
  }

  #emitRun(event: RunEvent): void {
    if (event.type === 'chunk') this.#emit({ type: 'chunk', bodyBase64: toBase64(event.bytes), t: event.t });
    else this.#emit(event);
  }

  head(status: number, statusText: string, headers: HeaderList): void {
    if (this.done || this.headSent) return;
    this.headSent = true;
    this.#ttfbMs = this.t();
    this.#emit({ type: 'head', status, statusText, headers, t: this.#ttfbMs });
  }

  chunk(bytes: Uint8Array): void {
    if (this.done || !this.headSent || bytes.byteLength === 0) return;
    this.#emit({ type: 'chunk', bodyBase64: toBase64(bytes), t: this.t() });
  }

  log(level: LogLevel, text: string): void {
    if (this.done) return;
    if (this.#lines >= MAX_LINES_PER_RUN) {
      this.#dropped++;
      return;
    }
    this.#lines++;
    this.#emit({ type: 'log', level, text: truncateLine(text), t: this.t() });
  }

  /** An error after which the run cannot go on: the platform page if nothing was sent yet, then `end`. */
  fail(status: number, code: string, message: string, stack?: string): void {
    if (this.done) return;
    if (this.headSent) this.#emit({ type: 'error', code, message, ...(stack ? { stack } : {}), t: this.t() });
    else for (const event of platformErrorEvents(status, code, message, this.t(), stack)) this.#emitRun(event);
    if (!this.headSent) {
      this.headSent = true;
      this.#ttfbMs = this.t();
    }
    this.finish();
  }

  /** L04, H07, H29: the handler threw (sync, async, or an unhandled rejection in its async context). */
  crash(error: unknown): void {
    const { message, stack } = describeError(error);
    this.fail(500, 'FUNCTION_INVOCATION_FAILED', message, stack);
  }

  /** A report that does not stop the response (an error Next answered itself, with its 500): sent before `end`. */
  note(code: string, message: string, stack?: string): void {
    this.#notes.push({ code, message, ...(stack ? { stack } : {}) });
  }

  /** What prerendering concluded (a prerender run only), before the head. */
  verdict(verdict: PrerenderVerdict): void {
    if (this.done || this.headSent) return;
    this.#emit({ type: 'prerender', ...verdict });
  }

  /** L07: a whole (not streamed) response body over the limit. */
  payloadTooLarge(bytes: number): void {
    this.fail(RESPONSE_TOO_LARGE.status, RESPONSE_TOO_LARGE.code, responseTooLargeMessage(bytes, this.maxPayloadBytes));
  }

  cancel(): void {
    if (this.done) return;
    this.#emit({ type: 'error', code: 'CANCELLED', message: 'The run was stopped.', t: this.t() });
    this.finish();
  }

  finish(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.#timer);
    active.delete(this.runId);
    for (const note of this.#notes) this.#emit({ type: 'error', ...note, t: this.t() });
    if (this.#dropped > 0) this.#emit({ type: 'dropped', count: this.#dropped });
    const totalMs = this.t();
    this.#emit({ type: 'end', timings: runTimings({ startMs: this.#startMs, ttfbMs: this.headSent ? this.#ttfbMs : totalMs, totalMs }) });
    this.abort.abort();
  }

  #timeout(ms: number): void {
    if (this.done) return;
    const message = maxDurationMessage(ms, this.headSent);
    this.fail(504, 'FUNCTION_INVOCATION_TIMEOUT', message);
  }
}

export function findRun(runId: number): Run | undefined {
  return active.get(runId);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
