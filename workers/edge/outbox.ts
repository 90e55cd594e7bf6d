// Messages across the page ↔ sandbox boundary, sent in batches: every message that crosses the process boundary costs
// both ends a task and a copy, and runs come in bursts (a worker's head, chunk and end; 64 requests in flight).
// Whatever is ready by the next turn of this thread's event loop goes as one message. Neither end runs user code, so
// holding a message here only delays it by one task, never indefinitely.

export interface OutboxOptions {
  /**
   * Send a message that finds the outbox idle at once, and batch only those that follow it within the turn: for a
   * thread that may be busy (the page renders), where waiting for the next turn can mean waiting behind a frame.
   */
  leading?: boolean;
}

export class Outbox<M> {
  readonly #post: (message: M | { type: 'batch'; messages: M[] }, transfer: Transferable[]) => void;
  readonly #wake: MessagePort;
  readonly #leading: boolean;
  #messages: M[] = [];
  #transfer: Transferable[] = [];
  /** A wake-up is on its way: messages pushed until it arrives are batched. */
  #open = false;
  #closed = false;

  /** `post` gets a lone message as itself, several as `{ type: 'batch', messages }` in the order they were pushed. */
  constructor(post: (message: M | { type: 'batch'; messages: M[] }, transfer: Transferable[]) => void, options: OutboxOptions = {}) {
    this.#post = post;
    this.#leading = options.leading ?? false;
    // A message to ourselves: a task that runs after those already queued (the worker's other events, the embed
    // API's other requests), without the clamping and lateness of timers.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => this.flush();
    this.#wake = channel.port2;
  }

  push(message: M, transfer: Transferable[] = []): void {
    if (this.#closed) return;
    if (!this.#open) {
      this.#open = true;
      this.#wake.postMessage(null);
      if (this.#leading) return this.#post(message, transfer);
    }
    this.#messages.push(message);
    if (transfer.length) this.#transfer.push(...transfer);
  }

  flush(): void {
    this.#open = false;
    const messages = this.#messages;
    const transfer = this.#transfer;
    if (messages.length === 0) return;
    this.#messages = [];
    this.#transfer = [];
    this.#post(messages.length === 1 ? messages[0] : { type: 'batch', messages }, transfer);
  }

  /** Drops what is waiting and stops. */
  close(): void {
    this.#closed = true;
    this.#messages = [];
    this.#transfer = [];
    this.#wake.close();
  }
}
