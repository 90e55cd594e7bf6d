// The sandbox's edge workers: warm spares (booted and hardened, no bundle) and one worker per recent bundle, so a new
// bundle does not wait for a worker to start and a bundle seen before keeps its module state (G25).
import type { EdgeBundle } from '../protocol';
import { WorkerHandle, type DirectNoticeListener, type WorkerEventListener, type WorkerScript } from './worker-handle';

/** Bundles kept warm besides the spares: the latest edits, and the other side of a compare. */
const MAX_BUNDLE_WORKERS = 4;
/**
 * Spares kept once bundles arrive. Every new bundle takes one and a worker boots in 30–50 ms on two busy cores: with
 * one spare, a back-to-back edit loop found it still booting for about half of its cold runs (waiting up to 10–23
 * ms, Chromium 156). A second one costs an idle worker, not more boots: each new bundle still starts one worker.
 */
const SPARES = 2;
/**
 * A new bundle's load takes a spare, and the next one boots once that bundle's first run has answered and the page
 * has had a frame to show it (REFILL_AFTER_ANSWER_MS), or REFILL_AFTER_LOAD_MS after the load at the latest (a run
 * that streams for long): a boot is 30–50 ms of CPU, which on two cores competed with the load and the first response.
 */
const REFILL_AFTER_ANSWER_MS = 20;
const REFILL_AFTER_LOAD_MS = 250;

export class WorkerPool {
  #script: WorkerScript;
  #onEvent: WorkerEventListener;
  #onNotice: DirectNoticeListener;
  /** An old bundle's worker the page holds a port to: the page must close it before the worker goes. */
  #onRevoke: (worker: WorkerHandle) => void;
  /** Oldest first. */
  #spares: WorkerHandle[] = [];
  #booting = false;
  /** A refill waits for a new bundle's first answer (see REFILL_AFTER_ANSWER_MS). */
  #refillTimer: ReturnType<typeof setTimeout> | null = null;
  /** Most recently used last. */
  #byBundle = new Map<string, WorkerHandle>();

  constructor(script: WorkerScript, onEvent: WorkerEventListener, onNotice: DirectNoticeListener = () => {}, onRevoke: (worker: WorkerHandle) => void = () => {}) {
    this.#script = script;
    this.#onEvent = onEvent;
    this.#onNotice = onNotice;
    this.#onRevoke = onRevoke;
    // One to begin with: the page is busy starting up, and the second follows the first bundle.
    this.#spares.push(this.#spawn());
  }

  #spawn(): WorkerHandle {
    return new WorkerHandle(this.#script, this.#onEvent, this.#onNotice);
  }

  /** Tops the spares up, one boot at a time, so they do not compete with each other for the CPU. */
  #refill(): void {
    if (this.#booting || this.#spares.length >= SPARES) return;
    const worker = this.#spawn();
    this.#spares.push(worker);
    this.#booting = true;
    void worker.booted
      .catch(() => {})
      .finally(() => {
        this.#booting = false;
        this.#refill();
      });
  }

  /** The worker for a bundle, loading it into a spare (a booted one if any) when it is new. `cold`: not loaded yet. */
  workerFor(bundle: EdgeBundle): { worker: WorkerHandle; cold: boolean } {
    const warm = this.#byBundle.get(bundle.id);
    if (warm && !warm.terminated) {
      this.#byBundle.delete(bundle.id);
      this.#byBundle.set(bundle.id, warm);
      return { worker: warm, cold: false };
    }
    const ready = this.#spares.findIndex((w) => w.isBooted);
    const worker = ready >= 0 ? this.#spares.splice(ready, 1)[0] : (this.#spares.shift() ?? this.#spawn());
    this.#byBundle.set(bundle.id, worker);
    // The next spare starts after this load and its first answer, so they do not compete for the CPU.
    void worker.load(bundle).finally(() => this.#refillAfter(REFILL_AFTER_LOAD_MS));
    this.#evict();
    return { worker, cold: true };
  }

  /** A new bundle's first run has answered: the spares are topped up after a frame. */
  answered(): void {
    if (this.#refillTimer === null) return;
    clearTimeout(this.#refillTimer);
    this.#refillTimer = null;
    this.#refillAfter(REFILL_AFTER_ANSWER_MS);
  }

  #refillAfter(ms: number): void {
    if (this.#refillTimer !== null) return;
    this.#refillTimer = setTimeout(() => {
      this.#refillTimer = null;
      this.#refill();
    }, ms);
  }

  /** Old bundles' workers go, unless a run is still in flight on them. */
  #evict(): void {
    for (const [id, worker] of this.#byBundle) {
      if (this.#byBundle.size <= MAX_BUNDLE_WORKERS) return;
      if (worker.runs.size > 0) continue;
      this.#byBundle.delete(id);
      if (worker.direct) {
        // Runs the page sent may be on their way: it closes its port first, and the worker goes when it says so.
        worker.closing = true;
        this.#onRevoke(worker);
      } else worker.terminate();
    }
  }

  /** Terminates a worker (deadline, failed load) and forgets it; its bundle loads afresh next time. */
  retire(worker: WorkerHandle): void {
    worker.terminate();
    if (worker.bundleId && this.#byBundle.get(worker.bundleId) === worker) this.#byBundle.delete(worker.bundleId);
    this.#spares = this.#spares.filter((w) => w !== worker);
    this.#refill();
  }
}
