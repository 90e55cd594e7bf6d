// Messages across the page ↔ sandbox boundary, sent in batches: every message that crosses the process boundary costs
// both ends a task and a copy (70–130 µs to post one here, Chromium 156 on two cores), and runs come in bursts (a
// worker's head, chunk and end; 64 requests in flight). Whatever is ready by the next turn of this thread's event loop
// goes as one message. Neither end runs user code, so holding a message here delays it by one task, or by `hold.maxMs`
// at most, never indefinitely.

// Held before user code can replace them (an edge worker batches its events with this class).
const now = performance.now.bind(performance);
const setTimer = setTimeout.bind(globalThis);
const clearTimer = clearTimeout.bind(globalThis);

export interface OutboxOptions {
  /**
   * Send a message that finds the outbox idle at once, and batch only those that follow it within the turn: for a
   * thread that may be busy (the page renders), where waiting for the next turn can mean waiting behind a frame.
   */
  leading?: boolean;
  /**
   * While `while()` says more is coming soon (other runs in flight), hold what is ready for up to `maxMs` after the
   * first of it, so a burst of runs crosses as one message; the moment it says no, send at the end of the turn.
   */
  hold?: { while: () => boolean; maxMs: number };
}

export class Outbox<M> {
  readonly #post: (message: M | { type: 'batch'; messages: M[] }, transfer: Transferable[]) => void;
  readonly #wake: MessagePort;
  readonly #leading: boolean;
  readonly #hold: OutboxOptions['hold'];
  #messages: M[] = [];
  #transfer: Transferable[] = [];
  /** A wake-up is on its way: messages pushed until it arrives are batched. */
  #open = false;
  /** When the oldest waiting message was pushed, for `hold`. */
  #since = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  /** `post` gets a lone message as itself, several as `{ type: 'batch', messages }` in the order they were pushed. */
  constructor(post: (message: M | { type: 'batch'; messages: M[] }, transfer: Transferable[]) => void, options: OutboxOptions = {}) {
    this.#post = post;
    this.#leading = options.leading ?? false;
    this.#hold = options.hold;
    // A message to ourselves: a task that runs after those already queued (the worker's other events, the embed
    // API's other requests), without the clamping and lateness of timers.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => this.#onWake();
    this.#wake = channel.port2;
  }

  push(message: M, transfer: Transferable[] = []): void {
    if (this.#closed) return;
    if (!this.#open) {
      this.#open = true;
      this.#since = now();
      this.#wake.postMessage(null);
      if (this.#leading) return this.#post(message, transfer);
    } else if (this.#timer !== null && !this.#hold!.while()) {
      // Held for a burst that has just ended: go at the end of this turn.
      clearTimer(this.#timer);
      this.#timer = null;
      this.#wake.postMessage(null);
    }
    this.#messages.push(message);
    if (transfer.length) this.#transfer.push(...transfer);
  }

  #onWake(): void {
    if (this.#timer !== null) return; // held: the timer or the end of the burst sends
    const hold = this.#hold;
    const left = hold ? this.#since + hold.maxMs - now() : 0;
    if (hold && left > 0 && this.#messages.length && hold.while()) {
      this.#timer = setTimer(() => {
        this.#timer = null;
        this.flush();
      }, left);
      return;
    }
    this.flush();
  }

  flush(): void {
    this.#open = false;
    if (this.#timer !== null) clearTimer(this.#timer);
    this.#timer = null;
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
    if (this.#timer !== null) clearTimer(this.#timer);
    this.#messages = [];
    this.#transfer = [];
    this.#wake.close();
  }
}
