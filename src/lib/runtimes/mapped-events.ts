// An edge run's events on their way to the page, with the blob: positions of stacks and logs mapped to the user's
// files. The mapper (stack.ts and its source-map library) is a chunk of its own that the first edge run starts
// loading: an event that needs it before it has arrived waits for it, and so does every later event of its run, so
// their order holds.
import type { RunEvent } from '../../../workers/protocol';
import type { EventQueue } from '../../../workers/shared/event-queue';
import { lazyModule } from '../lazy-module';

const stackMapper = lazyModule(() => import('./stack'));

let started: Promise<unknown> | null = null;

/** Starts the mapper's download (every edge run calls it; the first starts it); a failed one leaves positions as the worker printed them. */
export const loadStackMapper = (): Promise<unknown> => (started ??= stackMapper.load().catch(() => null));

const needsMapping = (event: RunEvent) => (event.type === 'error' ? !!event.stack?.includes('blob:') : event.type === 'log' && event.text.includes('blob:'));

export class MappedEvents {
  readonly #queue: EventQueue<RunEvent>;
  readonly #code: string;
  /** The last event waiting for the mapper, if any: later events and the close go after it. */
  #held: Promise<void> | null = null;

  constructor(queue: EventQueue<RunEvent>, code: string) {
    this.#queue = queue;
    this.#code = code;
  }

  push(event: RunEvent): void {
    if (!this.#held && (stackMapper.loaded || !needsMapping(event))) {
      this.#queue.push(this.#map(event));
      return;
    }
    const held: Promise<void> = (this.#held ?? loadStackMapper()).then(() => {
      if (this.#held === held) this.#held = null;
      this.#queue.push(this.#map(event));
    });
    this.#held = held;
  }

  close(): void {
    if (this.#held) void this.#held.then(() => this.#queue.close());
    else this.#queue.close();
  }

  #map(event: RunEvent): RunEvent {
    const stack = stackMapper.loaded;
    if (!stack) return event;
    if (event.type === 'error' && event.stack) event.stack = stack.mapStack(event.stack, this.#code);
    else if (event.type === 'log') event.text = stack.mapStack(event.text, this.#code);
    return event;
  }
}
