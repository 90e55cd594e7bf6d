// Messages across the page ↔ sandbox boundary, sent in batches: every message that crosses the process boundary costs
// both ends a task and a copy, and runs come in bursts (a worker's head, chunk and end; 64 requests in flight).
// Whatever is ready by the next turn of this thread's event loop goes as one message. Neither end runs user code, so
// holding a message here only delays it by one task, never indefinitely.

export class Outbox<M> {
  readonly #post: (message: M | { type: 'batch'; messages: M[] }, transfer: Transferable[]) => void;
  readonly #wake: MessagePort;
  #messages: M[] = [];
  #transfer: Transferable[] = [];

  /** `post` gets a lone message as itself, several as `{ type: 'batch', messages }` in the order they were pushed. */
  constructor(post: (message: M | { type: 'batch'; messages: M[] }, transfer: Transferable[]) => void) {
    this.#post = post;
    // A message to ourselves: a task that runs after those already queued (the worker's other events, the embed
    // API's other requests), without the clamping and lateness of timers.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => this.flush();
    this.#wake = channel.port2;
  }

  push(message: M, transfer: Transferable[] = []): void {
    if (this.#messages.length === 0) this.#wake.postMessage(null);
    this.#messages.push(message);
    if (transfer.length) this.#transfer.push(...transfer);
  }

  flush(): void {
    const messages = this.#messages;
    const transfer = this.#transfer;
    if (messages.length === 0) return;
    this.#messages = [];
    this.#transfer = [];
    this.#post(messages.length === 1 ? messages[0] : { type: 'batch', messages }, transfer);
  }

  /** Drops what is waiting and stops. */
  close(): void {
    this.#messages = [];
    this.#transfer = [];
    this.#wake.close();
  }
}
