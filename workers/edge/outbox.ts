// The sandbox's run messages to the page, sent in batches: a worker's head, chunk and end reach the sandbox as
// separate tasks, and every message across the process boundary costs both ends a task and a copy. Whatever is ready
// by the next turn of this thread's event loop goes as one message. This thread never runs user code, so holding a
// message here only delays it by one task, never indefinitely.
import type { SandboxResponse, SandboxRunMessage } from '../protocol';

export type PostToPage = (message: SandboxResponse, transfer: Transferable[]) => void;

export class Outbox {
  readonly #post: PostToPage;
  readonly #wake: MessagePort;
  #messages: SandboxRunMessage[] = [];
  #transfer: Transferable[] = [];

  constructor(post: PostToPage) {
    this.#post = post;
    // A message to ourselves: a task that runs after those already queued (the worker's other events), without the
    // clamping and lateness of timers.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => this.flush();
    this.#wake = channel.port2;
  }

  push(message: SandboxRunMessage, transfer: Transferable[] = []): void {
    if (this.#messages.length === 0) this.#wake.postMessage(null);
    this.#messages.push(message);
    this.#transfer.push(...transfer);
  }

  flush(): void {
    const messages = this.#messages;
    const transfer = this.#transfer;
    if (messages.length === 0) return;
    this.#messages = [];
    this.#transfer = [];
    this.#post(messages.length === 1 ? messages[0] : { type: 'batch', messages }, transfer);
  }
}
