// The sandbox's edge workers: one warm spare (booted and hardened, no bundle) and one worker per recent bundle, so
// a new bundle does not wait for a worker to start and a bundle seen before keeps its module state (G25).
import type { EdgeBundle } from '../protocol';
import { WorkerHandle, type WorkerEventListener } from './worker-handle';

/** Bundles kept warm besides the spare: the latest edits, and the other side of a compare. */
const MAX_BUNDLE_WORKERS = 4;

export class WorkerPool {
  #scriptUrl: string;
  #onEvent: WorkerEventListener;
  #spare: WorkerHandle | null = null;
  /** Most recently used last. */
  #byBundle = new Map<string, WorkerHandle>();

  constructor(scriptUrl: string, onEvent: WorkerEventListener) {
    this.#scriptUrl = scriptUrl;
    this.#onEvent = onEvent;
    this.#refillSpare();
  }

  get spare(): WorkerHandle | null {
    return this.#spare;
  }

  #refillSpare(): void {
    if (!this.#spare) this.#spare = new WorkerHandle(this.#scriptUrl, this.#onEvent);
  }

  /** The worker for a bundle, loading it into the spare when it is new. `cold`: the bundle was not loaded yet. */
  workerFor(bundle: EdgeBundle): { worker: WorkerHandle; cold: boolean } {
    const warm = this.#byBundle.get(bundle.id);
    if (warm && !warm.terminated) {
      this.#byBundle.delete(bundle.id);
      this.#byBundle.set(bundle.id, warm);
      return { worker: warm, cold: false };
    }
    const worker = this.#spare ?? new WorkerHandle(this.#scriptUrl, this.#onEvent);
    this.#spare = null;
    this.#byBundle.set(bundle.id, worker);
    // The next spare starts after this load, so the two do not compete for the CPU.
    void worker.load(bundle).finally(() => this.#refillSpare());
    this.#evict();
    return { worker, cold: true };
  }

  /** Old bundles' workers go, unless a run is still in flight on them. */
  #evict(): void {
    for (const [id, worker] of this.#byBundle) {
      if (this.#byBundle.size <= MAX_BUNDLE_WORKERS) return;
      if (worker.runs.size > 0) continue;
      worker.terminate();
      this.#byBundle.delete(id);
    }
  }

  /** Terminates a worker (deadline, failed load) and forgets it; its bundle loads afresh next time. */
  retire(worker: WorkerHandle): void {
    worker.terminate();
    if (worker.bundleId && this.#byBundle.get(worker.bundleId) === worker) this.#byBundle.delete(worker.bundleId);
    if (this.#spare === worker) this.#spare = null;
    this.#refillSpare();
  }
}
