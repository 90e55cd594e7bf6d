// The host side of the harness protocol, for every Node host (local node, WebContainer): stdout text chunks in,
// RunEvents out. No Node imports: it runs in the page too.
import { failedRunEvents } from '../platform-errors';
import type { HandlerKind, HarnessRequest, HarnessResponse, HarnessRunEvent, HarnessSlot, HarnessWireRequest, NextTraits, RunEvent, WireRequest } from '../protocol';
import { FrameParser } from './framing';
import { base64ToBytes, bytesToBase64 } from '../shared/base64';
import { EventQueue } from '../shared/event-queue';
import { runTimings } from '../shared/timings';

export { base64ToBytes, bytesToBase64 };

export interface HarnessHello {
  version: number;
  node: string;
  pid: number;
}

export interface HarnessBundle {
  slot?: HarnessSlot;
  code: string;
  kind: HandlerKind;
  path: string;
  env: Record<string, string>;
  files?: Record<string, string>;
  maxPayloadBytes?: number;
  next?: NextTraits;
}

export interface InvokeOptions {
  slot?: HarnessSlot;
  /** maxDuration: the harness answers 504 itself at this many ms (the host still kills for sync loops). */
  deadlineMs?: number;
  maxPayloadBytes?: number;
  maxRequestBodyBytes?: number;
  /** Run as `next build` prerenders a GET route (HarnessRequest `invoke.prerender`). */
  prerender?: boolean;
}

export interface HarnessClientOptions {
  /** `harnessMarker(token)` for the token the process was started with. */
  marker: string;
  /** Writes one line (without its newline) to the harness's stdin. */
  write(line: string): void;
  /** Output without the marker while no run is in flight (with a run in flight it becomes that run's log). */
  onStray?(text: string): void;
  onProtocolError?(message: string): void;
}

/** A multiple of 3, so each piece encodes without padding and the pieces simply join. */
export function toHarnessRequest(request: WireRequest): HarnessWireRequest {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    bodyBase64: request.body === null ? null : bytesToBase64(new Uint8Array(request.body)),
  };
}

export function fromHarnessEvent(event: HarnessRunEvent): RunEvent {
  return event.type === 'chunk' ? { type: 'chunk', bytes: base64ToBytes(event.bodyBase64), t: event.t } : event;
}

interface OpenRun {
  queue: EventQueue<RunEvent>;
  headSent: boolean;
  t0: number;
}

export class HarnessClient {
  readonly hello: Promise<HarnessHello>;
  #options: HarnessClientOptions;
  #parser: FrameParser;
  #resolveHello!: (hello: HarnessHello) => void;
  #rejectHello!: (error: Error) => void;
  #loads = new Map<number, { resolve(result: { ms: number; error?: { message: string; stack?: string } }): void; reject(error: Error): void }>();
  #pings = new Map<number, { resolve(ms: number): void; t0: number }>();
  #runs = new Map<number, OpenRun>();
  #lastRun: number | null = null;
  #nextId = 1;
  #closed: Error | null = null;

  constructor(options: HarnessClientOptions) {
    this.#options = options;
    this.#parser = new FrameParser(options.marker);
    this.hello = new Promise((resolve, reject) => {
      this.#resolveHello = resolve;
      this.#rejectHello = reject;
    });
    this.hello.catch(() => {}); // a host that never awaits hello must not see an unhandled rejection
  }

  /** Feed the harness's stdout (or a WebContainer's merged output) as it arrives, cut anywhere. */
  push(chunk: string): void {
    for (const line of this.#parser.push(chunk)) {
      if (line.type === 'stray') this.#stray(line.text);
      else this.#frame(line.json);
    }
  }

  #send(message: HarnessRequest): void {
    if (this.#closed) throw this.#closed;
    this.#options.write(JSON.stringify(message));
  }

  #stray(text: string): void {
    const run = this.#lastRun === null ? undefined : this.#runs.get(this.#lastRun);
    if (run) run.queue.push({ type: 'log', level: 'log', text, t: performance.now() - run.t0 });
    else this.#options.onStray?.(text);
  }

  #frame(json: string): void {
    let message: HarnessResponse;
    try {
      message = JSON.parse(json) as HarnessResponse;
    } catch {
      this.#options.onProtocolError?.(`A harness frame is not JSON: ${json.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'hello':
        return this.#resolveHello({ version: message.version, node: message.node, pid: message.pid });
      case 'loaded': {
        const load = this.#loads.get(message.id);
        this.#loads.delete(message.id);
        return load?.resolve({ ms: message.ms, ...(message.error ? { error: message.error } : {}) });
      }
      case 'pong': {
        const ping = this.#pings.get(message.n);
        this.#pings.delete(message.n);
        return ping?.resolve(performance.now() - ping.t0);
      }
      case 'event':
        return this.#event(message.runId, fromHarnessEvent(message.event));
      case 'protocol-error':
        return this.#options.onProtocolError?.(message.message);
    }
  }

  #event(runId: number, event: RunEvent): void {
    const run = this.#runs.get(runId);
    if (!run) return;
    if (event.type === 'head') run.headSent = true;
    run.queue.push(event);
    if (event.type === 'end') this.#close(runId, run);
  }

  #close(runId: number, run: OpenRun): void {
    run.queue.close();
    this.#runs.delete(runId);
    if (this.#lastRun === runId) this.#lastRun = [...this.#runs.keys()].pop() ?? null;
  }

  /** Loads a bundle; resolves when it is imported (with `error` if it cannot serve: every invoke then answers 500). */
  load(bundle: HarnessBundle): Promise<{ ms: number; error?: { message: string; stack?: string } }> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#loads.set(id, { resolve, reject });
      try {
        this.#send({ type: 'load', id, ...bundle });
      } catch (error) {
        this.#loads.delete(id);
        reject(error as Error);
      }
    });
  }

  /** One request: events arrive as the harness sends them; the last is always `end`. */
  invoke(runId: number, request: WireRequest | HarnessWireRequest, options: InvokeOptions = {}): AsyncIterable<RunEvent> {
    const run: OpenRun = { queue: new EventQueue<RunEvent>(), headSent: false, t0: performance.now() };
    const wire = 'bodyBase64' in request ? request : toHarnessRequest(request);
    this.#runs.set(runId, run);
    this.#lastRun = runId;
    try {
      this.#send({ type: 'invoke', runId, request: wire, ...options });
    } catch (error) {
      this.#fail(runId, run, 500, 'FUNCTION_INVOCATION_FAILED', (error as Error).message);
    }
    return run.queue;
  }

  cancel(runId: number): void {
    if (this.#runs.has(runId) && !this.#closed) this.#send({ type: 'cancel', runId });
  }

  /** Round trip of a ping answered by the harness's event loop (a busy loop leaves it unanswered). */
  ping(): Promise<number> {
    const n = this.#nextId++;
    return new Promise((resolve) => {
      this.#pings.set(n, { resolve, t0: performance.now() });
      this.#send({ type: 'ping', n });
    });
  }

  #fail(runId: number, run: OpenRun, status: number, code: string, message: string): void {
    const t = performance.now() - run.t0;
    for (const event of failedRunEvents(run.headSent, status, code, message, t)) run.queue.push(event);
    run.queue.push({ type: 'end', timings: runTimings({ ttfbMs: t, totalMs: t }) });
    this.#close(runId, run);
  }

  /** Ends one run with a platform error from the host's side (its own deadline passed: 504 before a kill). */
  fail(runId: number, status: number, code: string, message: string): void {
    const run = this.#runs.get(runId);
    if (run) this.#fail(runId, run, status, code, message);
  }

  /**
   * The process is gone or is being killed (a sync loop past the deadline, a crash, a WebContainer teardown): every
   * run in flight ends with the given platform error, pending loads reject, and the client accepts nothing more.
   */
  terminate(status: number, code: string, message: string): void {
    for (const line of this.#parser.flush()) if (line.type === 'stray') this.#stray(line.text);
    for (const [runId, run] of [...this.#runs]) this.#fail(runId, run, status, code, message);
    this.#closed = new Error(`The Node harness is gone: ${message}`);
    for (const load of this.#loads.values()) load.reject(this.#closed);
    this.#loads.clear();
    this.#rejectHello(this.#closed);
  }

  /** Runs in flight, for a host deciding whether a kill would abort anything. */
  get openRuns(): number[] {
    return [...this.#runs.keys()];
  }
}
