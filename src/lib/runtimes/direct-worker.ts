// The page's end of a port straight to one edge worker, handed over by the sandbox (which still owns the worker, its
// deadlines and its end): warm runs of that worker's bundle go here and skip the sandbox's thread both ways.
import type { DirectRequest, DirectResponse, EdgeDeadlines } from '../../../workers/protocol';
import { Outbox } from '../../../workers/shared/outbox';

type DirectRunRequest = Exclude<DirectRequest, { type: 'batch' }>;

export class DirectWorker {
  readonly workerId: number;
  readonly bundleId: string;
  readonly deadlines: EdgeDeadlines;
  /** Runs sent here that have not ended on the page. */
  readonly runs = new Set<number>();
  #port: MessagePort;
  /** A run that finds it idle goes at once; those that follow within the turn go together (64 in flight: one message). */
  readonly #outbox: Outbox<DirectRunRequest>;
  #closed = false;

  constructor(workerId: number, bundleId: string, deadlines: EdgeDeadlines, port: MessagePort, onMessage: (message: DirectResponse) => void) {
    this.workerId = workerId;
    this.bundleId = bundleId;
    this.deadlines = deadlines;
    this.#port = port;
    this.#outbox = new Outbox<DirectRunRequest>((message, transfer) => this.#port.postMessage(message, transfer), { leading: true });
    port.onmessage = (event: MessageEvent<DirectResponse>) => onMessage(event.data);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs whose deadlines are these may use this port; the sandbox keeps a direct run to the port's deadlines. */
  fits(deadlines: EdgeDeadlines): boolean {
    return !this.#closed && deadlines.initialResponseMs === this.deadlines.initialResponseMs && deadlines.maxStreamMs === this.deadlines.maxStreamMs;
  }

  send(message: DirectRunRequest, transfer: Transferable[] = []): void {
    if (!this.#closed) this.#outbox.push(message, transfer);
  }

  /** Sends nothing more: what is queued goes, then `close`, so the worker knows no run of ours is still on its way. */
  close(): void {
    if (this.#closed) return;
    this.#outbox.push({ type: 'close' });
    this.#outbox.flush();
    this.#closed = true;
    this.#outbox.close();
  }

  /** The worker is gone (or its sandbox): drop the port. */
  destroy(): void {
    this.#closed = true;
    this.#outbox.close();
    this.#port.onmessage = null;
    this.#port.close();
  }
}
