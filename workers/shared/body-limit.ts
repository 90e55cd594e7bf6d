// L07 on a Python, Ruby or Go run's events, as the Node.js runtime applies it: a response body that comes whole (one
// chunk, then the end) and is larger than the limit answers 413 instead; a body in several chunks streams. The head
// waits for the next event to know, and a first chunk over the limit waits for the end (413) or a second chunk
// (streamed: both go on). Used where the run's events are passed on: the languages sandbox for the runs it relays,
// the page for the runs it sent straight to a worker.
import type { RunEvent } from '../protocol';
import { platformErrorEvents } from '../platform-errors';
import { RESPONSE_TOO_LARGE, responseTooLargeMessage } from './payload';

type Head = Extract<RunEvent, { type: 'head' }>;
type Chunk = Extract<RunEvent, { type: 'chunk' }>;

export class BodyLimit {
  readonly maxBytes: number;
  /** The head has been passed on. */
  headSent = false;
  /** The passed-on head's `t`. */
  ttfbMs = 0;
  #held: { head: Head; chunk: Chunk | null } | null = null;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /** What goes on now for one of the handler's events other than `end`: [] while held. */
  pass(event: RunEvent): RunEvent[] {
    if (event.type === 'head') {
      if (!this.headSent && !this.#held) this.#held = { head: event, chunk: null };
      return [];
    }
    if (event.type === 'log') return [event]; // logs need not wait for the head
    if (event.type === 'chunk' && this.#held && !this.#held.chunk && event.bytes.byteLength > this.maxBytes) {
      this.#held.chunk = event;
      return [];
    }
    return [...this.release(), event];
  }

  /** At the run's end (`t`): the platform's 413 in place of a whole body over the limit, else null (release what is held). */
  tooLarge(t: number): RunEvent[] | null {
    const bytes = this.#held?.chunk?.bytes.byteLength;
    if (bytes === undefined) return null;
    this.#held = null;
    this.headSent = true;
    this.ttfbMs = t;
    return platformErrorEvents(RESPONSE_TOO_LARGE.status, RESPONSE_TOO_LARGE.code, responseTooLargeMessage(bytes, this.maxBytes), t);
  }

  /** The held head (and a held first chunk): the body is within the limit, or streamed, or the run ends. */
  release(): RunEvent[] {
    const held = this.#held;
    if (!held) return [];
    this.#held = null;
    this.headSent = true;
    this.ttfbMs = held.head.t;
    return held.chunk ? [held.head, held.chunk] : [held.head];
  }
}
