// Main-thread proxy of the compiler worker: latest request wins per lane, and repeated input is answered from cache.
import type { CompileResult, CompilerRequest, CompilerResponse, Files, NextTraits, RuntimeName } from '../../workers/protocol';
import { sameRecord } from '../../workers/shared/same-record';
import { buildLane, MAX_BUILDS } from '../../workers/compiler/lane';
import { errorMessage } from '../../workers/shared/error-text';
import { StatusCell } from './status-cell';

export type CompilerStatus =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; initMs: number }
  | { state: 'failed'; message: string };

/** What the UI shows while esbuild starts (design.md: every long wait shows progress). */
export function describeCompilerStatus(status: CompilerStatus): string {
  if (status.state === 'idle') return 'esbuild starts when a JavaScript file needs it';
  if (status.state === 'loading') return 'loading esbuild…';
  if (status.state === 'ready') return `esbuild ready (${Math.round(status.initMs)} ms)`;
  return `esbuild failed to start: ${status.message}`;
}

/** The worker's interface as the proxy uses it, so tests can stand in a scripted worker. */
export type CompilerWorker = Pick<Worker, 'postMessage' | 'terminate' | 'addEventListener'>;

export interface CompilerOptions {
  /** @default a module Worker running workers/compiler/index.ts */
  createWorker?: () => CompilerWorker;
  /** Start the worker on the first `start()`, `compile()` or `prefetch()` instead of at once (status `idle` until then). */
  lazy?: boolean;
}

interface Input {
  files: Files;
  entry: string;
  runtime: RuntimeName;
  next?: NextTraits;
  /** Installed packages for an edge build (compared by identity: the Node runtime hands the same object while unchanged). */
  packages?: Files;
}

interface Pending {
  id: number;
  input: Input;
  promise: Promise<CompileResult>;
  resolve(result: CompileResult): void;
  reject(reason: unknown): void;
}

/** How often a crashed worker is replaced before the compiler counts as failed. */
const MAX_RESTARTS = 3;

function createCompilerWorker(): CompilerWorker {
  return new Worker(new URL('../../workers/compiler/index.ts', import.meta.url), { type: 'module', name: 'compiler' });
}

/** A finished build's place in the cache: its lane (runtime and Next.js) and its entry. */
const cacheKey = (lane: string, entry: string) => JSON.stringify([lane, entry]);

/** Same entry and runtime, and the same files with the same sources (no deep compare: values are strings). */
function sameInput(a: Input, b: Input): boolean {
  if (a.entry !== b.entry || a.runtime !== b.runtime || a.packages !== b.packages || JSON.stringify(a.next) !== JSON.stringify(b.next)) return false;
  return sameRecord(a.files, b.files);
}

export class Compiler {
  /** Resolves with esbuild's start-up time in ms; rejects when it cannot start. */
  readonly ready: Promise<number>;
  #worker: CompilerWorker | null = null;
  readonly #status: StatusCell<CompilerStatus>;
  /** By lane (workers/compiler/lane.ts): the runtime and the Next.js around the entry. */
  readonly #pending = new Map<string, Pending>();
  /** The last finished build per lane and entry (cacheKey), most recent last; `reported` once a compile() caller has been given its real compileMs. */
  readonly #last = new Map<string, { input: Input; result: CompileResult; reported: boolean }>();
  /** Ids of builds that only a prefetch asked for so far. */
  readonly #prefetched = new Set<number>();
  #nextId = 1;
  #restarts = 0;
  readonly #createWorker: () => CompilerWorker;
  #settleReady!: { resolve(ms: number): void; reject(error: Error): void };

  constructor(options: CompilerOptions = {}) {
    this.ready = new Promise<number>((resolve, reject) => (this.#settleReady = { resolve, reject }));
    this.ready.catch(() => {}); // a failed start is reported through status and compile(); never unhandled
    this.#createWorker = options.createWorker ?? createCompilerWorker;
    this.#status = new StatusCell<CompilerStatus>({ state: options.lazy ? 'idle' : 'loading' });
    if (!options.createWorker && typeof Worker === 'undefined') this.#fail('Web Workers are not available here.');
    else if (!options.lazy) this.#start();
  }

  /** Starts esbuild's worker unless it has started (a lazy compiler's builds call this themselves). */
  start(): void {
    if (this.#status.value.state !== 'idle') return;
    this.#setStatus({ state: 'loading' });
    this.#start();
  }

  #start(): void {
    try {
      const worker = this.#createWorker();
      worker.addEventListener('message', (e) => this.#receive((e as MessageEvent<CompilerResponse>).data));
      worker.addEventListener('error', (e) => worker === this.#worker && this.#crashed(errorText(e)));
      worker.addEventListener('messageerror', () => this.#receiveFailed());
      this.#worker = worker;
    } catch (e) {
      this.#fail(errorMessage(e));
    }
  }

  get status(): CompilerStatus {
    return this.#status.value;
  }

  /** Calls `listener` now and on every status change; returns the unsubscribe function. */
  onStatus(listener: (status: CompilerStatus) => void): () => void {
    return this.#status.subscribe(listener);
  }

  /**
   * Bundles `entry` for `runtime`. A newer call for the same runtime and Next.js traits (one lane) makes an older
   * pending one reject with an AbortError; the same input as the lane's last finished build is answered at once from
   * cache. Calls in different lanes (a versions compare's two profiles) are all answered.
   */
  compile(files: Files, entry: string, runtime: RuntimeName, next?: NextTraits, packages?: Files): Promise<CompileResult> {
    return this.#request(files, entry, runtime, next, false, packages);
  }

  /**
   * Starts building what a run is about to ask for (the embed API loads a project, then runs it), so the build goes on
   * while the page takes in the new files. The run that then asks gets this build's real compileMs, not a cache hit's 0.
   */
  prefetch(files: Files, entry: string, runtime: RuntimeName, next?: NextTraits): void {
    // Never at the expense of a build a run waits for: latest-wins would make that run fail as superseded.
    const pending = this.#pending.get(buildLane(runtime, next));
    if (pending && !this.#prefetched.has(pending.id)) return;
    this.#request(files, entry, runtime, next, true).catch(() => {}); // a newer build replaced it, or the run reports it
  }

  #request(files: Files, entry: string, runtime: RuntimeName, next: NextTraits | undefined, prefetch: boolean, packages?: Files): Promise<CompileResult> {
    // A plain copy: callers may hold Svelte state proxies, which cannot be posted.
    const input: Input = { files: { ...files }, entry, runtime, ...(next ? { next } : {}), ...(packages ? { packages } : {}) };
    const lane = buildLane(runtime, next);
    const key = cacheKey(lane, entry);
    const last = this.#last.get(key);
    if (last && sameInput(last.input, input)) {
      this.#last.delete(key);
      this.#last.set(key, last);
      const compileMs = last.reported || prefetch ? 0 : last.result.compileMs;
      if (!prefetch) last.reported = true;
      return Promise.resolve({ ...last.result, compileMs });
    }
    const pending = this.#pending.get(lane);
    if (pending && sameInput(pending.input, input)) {
      if (!prefetch) this.#prefetched.delete(pending.id);
      return pending.promise;
    }
    this.start();
    if (this.#status.value.state === 'failed') return Promise.reject(new Error(`The compiler is not available: ${this.#status.value.message}`));
    pending?.reject(new DOMException('A newer build for this runtime replaced this one.', 'AbortError'));

    const id = this.#nextId++;
    let settle!: Pick<Pending, 'resolve' | 'reject'>;
    const promise = new Promise<CompileResult>((resolve, reject) => (settle = { resolve, reject }));
    this.#pending.set(lane, { id, input, promise, ...settle });
    if (prefetch) this.#prefetched.add(id);
    const request: CompilerRequest = { type: 'compile', id, ...input };
    this.#worker!.postMessage(request);
    return promise;
  }

  /** Stops the worker; pending and later builds reject. */
  dispose(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#fail('the compiler was stopped.');
  }

  #receive(message: CompilerResponse): void {
    if (message.type === 'ready') {
      this.#setStatus({ state: 'ready', initMs: message.initMs });
      this.#settleReady.resolve(message.initMs);
    } else if (message.type === 'init-failed') {
      this.#fail(message.message);
    } else if (message.type === 'compiled') {
      for (const [lane, pending] of this.#pending) {
        if (pending.id !== message.id) continue; // answers to superseded requests find nothing and are dropped
        this.#pending.delete(lane);
        const reported = !this.#prefetched.delete(message.id);
        const key = cacheKey(lane, pending.input.entry);
        this.#last.delete(key); // re-inserted: the map's order is the builds' last use
        this.#last.set(key, { input: pending.input, result: message, reported });
        if (this.#last.size > MAX_BUILDS) this.#last.delete(this.#last.keys().next().value!);
        pending.resolve(message);
      }
    }
  }

  /**
   * After start-up the worker catches everything itself; an error here means esbuild (or the worker) is gone, and
   * esbuild-wasm cannot start twice in one worker: start a new one, a few times at most.
   */
  #crashed(message: string): void {
    if (this.#status.value.state !== 'ready') return this.#fail(message);
    this.#worker?.terminate();
    this.#worker = null;
    if (this.#restarts >= MAX_RESTARTS) return this.#fail(`the compiler stopped: ${message}`);
    this.#restarts++;
    for (const pending of this.#pending.values()) pending.reject(new Error(`The compiler stopped (${message}); it is restarting.`));
    this.#pending.clear();
    this.#setStatus({ state: 'loading' });
    this.#start();
  }

  /** A reply that could not be deserialised cannot be matched to its request: all pending builds fail. */
  #receiveFailed(): void {
    for (const pending of this.#pending.values()) pending.reject(new Error('A reply from the compiler could not be read.'));
    this.#pending.clear();
  }

  #fail(message: string): void {
    if (this.#status.value.state !== 'failed') this.#setStatus({ state: 'failed', message });
    this.#settleReady.reject(new Error(message));
    for (const pending of this.#pending.values()) pending.reject(new Error(`The compiler is not available: ${message}`));
    this.#pending.clear();
  }

  #setStatus(status: CompilerStatus): void {
    this.#status.set(status);
  }
}

/** An ErrorEvent is no thrown value (its `error` is often null): not errorMessage. */
function errorText(e: Event): string {
  const message = (e as Partial<ErrorEvent>).message; // an ErrorEvent when the script threw; a plain Event when it failed to load
  return message || 'the compiler worker failed to load.';
}
