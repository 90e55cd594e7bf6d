// One harness process inside a WebContainer as a HostProcess: terminal output turned back into text, lines written
// to its pseudo-terminal (a long one through a file instead), and a kill that asks first and escalates to a teardown
// only when the process does not go (a synchronous loop: stackblitz/webcontainer-core#1121, a process in a hot loop
// cannot be killed by any signal).
import type { HostProcess } from './node-host';
import type { ContainerProcess } from './webcontainer-api';
import { TerminalText } from './webcontainer-terminal';

export interface ContainerHostProcessOptions {
  /** `harnessMarker(token)`: writes wait until the harness's first frame (its hello) has been seen. */
  marker: string;
  /** How long `kill()` waits for the process to exit before it calls `escalate`. */
  killGraceMs: number;
  /** During a kill: a ping unanswered this long means the event loop is stuck, and `escalate` comes at once. */
  pingTimeoutMs: number;
  /** Tears the container down (which ends this process through `abandon`) and brings it back. */
  escalate(): Promise<void>;
  /** Writes a line into the container where the harness may read it; resolves with its absolute path. */
  writeInboxFile(text: string): Promise<string>;
}

/** How long `exited` waits, after the exit code, for output still on its way (a crash's last words). */
const OUTPUT_DRAIN_MS = 200;
/**
 * Longer lines go by file (`{"type":"file"}`, workers/protocol.ts): a bundle or a request body of a few hundred kB as
 * one line through a pseudo-terminal is not known to arrive whole.
 */
export const LARGE_LINE_CHARS = 256 * 1024;

let nextPing = 0;

interface Watch {
  text: string;
  found(): void;
}

export class ContainerHostProcess implements HostProcess {
  readonly exited: Promise<number | null>;
  #process: ContainerProcess;
  #options: ContainerHostProcessOptions;
  #terminal = new TerminalText();
  #listeners: ((text: string) => void)[] = [];
  /** Output that arrived before anyone listened: the harness's hello comes at once. */
  #early: string[] = [];
  #writer: WritableStreamDefaultWriter<string>;
  #reader: ReadableStreamDefaultReader<string>;
  /**
   * Lines held until the hello. Until then the harness has not put its terminal in raw mode, and a terminal in line
   * mode echoes what it reads and cuts a line at 4 kB; the harness switches in the same tick it sends the hello.
   */
  #held: string[] | null = [];
  /** Writes in order: a line after a long one waits until the long one's file is written. */
  #outbox: Promise<void> = Promise.resolve();
  /** Texts awaited in the output (the hello's marker, a kill's pong), and the end of the output so far. */
  #watches: Watch[] = [];
  #seen = '';
  #done = false;
  #resolveExit!: (code: number | null) => void;
  #killing: Promise<void> | null = null;

  constructor(process: ContainerProcess, options: ContainerHostProcessOptions) {
    this.#process = process;
    this.#options = options;
    this.#writer = process.input.getWriter();
    this.#reader = process.output.getReader();
    this.exited = new Promise((resolve) => (this.#resolveExit = resolve));
    void this.#watch(options.marker).then(() => {
      const held = this.#held ?? [];
      this.#held = null;
      for (const line of held) this.#enqueue(line);
    });
    const drained = this.#pump();
    process.exit.then(
      async (code) => {
        await Promise.race([drained, new Promise((r) => setTimeout(r, OUTPUT_DRAIN_MS))]);
        this.#end(code);
      },
      () => this.#end(null),
    );
  }

  write(line: string): void {
    if (this.#done) throw new Error('The Node harness process has exited.');
    if (this.#held) this.#held.push(line);
    else this.#enqueue(line);
  }

  onOutput(listener: (text: string) => void): void {
    this.#listeners.push(listener);
    if (this.#listeners.length === 1 && this.#early.length) {
      const early = this.#early.join('');
      this.#early = [];
      listener(early);
    }
  }

  kill(): Promise<void> {
    if (this.#done) return Promise.resolve();
    this.#killing ??= this.#kill();
    return this.#killing;
  }

  /** The container was torn down under this process: it is gone, with no exit code. */
  abandon(): void {
    this.#end(null);
  }

  /**
   * Asks the harness to exit (an `exit` line, and the API's kill), with a ping before it: a harness whose event loop
   * turns answers at once, one stuck in synchronous code does not, and then waiting out the grace helps nobody.
   */
  async #kill(): Promise<void> {
    const timers: ReturnType<typeof setTimeout>[] = [];
    const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => timers.push(setTimeout(() => resolve(value), ms)));
    let pingFailed: Promise<'stuck'> = new Promise(() => {});
    if (!this.#held) {
      const n = -++nextPing; // the page's HarnessClient numbers its pings from 1 and ignores a pong it did not ask for
      const pong = this.#watch(`${this.#options.marker}{"type":"pong","n":${n}}`);
      this.#enqueue(JSON.stringify({ type: 'ping', n }));
      pingFailed = new Promise((resolve) => {
        const timer = setTimeout(() => resolve('stuck'), this.#options.pingTimeoutMs);
        timers.push(timer);
        void pong.then(() => clearTimeout(timer)); // answered: the event loop turns, the grace applies
      });
    }
    this.write(JSON.stringify({ type: 'exit' }));
    try {
      this.#process.kill();
    } catch {
      // already gone
    }
    // The exit code itself, not `exited` (which also waits for the last output).
    const outcome = await Promise.race([
      this.#process.exit.then(() => 'exited' as const, () => 'exited' as const),
      pingFailed,
      after(this.#options.killGraceMs, 'stuck' as const),
    ]);
    for (const timer of timers) clearTimeout(timer);
    if (outcome === 'stuck' && !this.#done) {
      await this.#options.escalate();
      this.abandon(); // escalate abandons every process of the old container; this one for certain
    }
    await this.exited;
  }

  #enqueue(line: string): void {
    this.#outbox = this.#outbox.then(() => this.#deliver(line));
  }

  async #deliver(line: string): Promise<void> {
    if (this.#done) return;
    if (line.length > LARGE_LINE_CHARS) {
      try {
        line = JSON.stringify({ type: 'file', path: await this.#options.writeInboxFile(line) });
      } catch {
        // No file (the container is going away): the line as it is, for whatever still reads it.
      }
    }
    // The pseudo-terminal takes the line as typed; rejections after an exit or teardown are not news.
    this.#writer.write(line + '\n').catch(() => {});
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const { done, value } = await this.#reader.read();
        if (done || this.#done) break;
        this.#text(this.#terminal.push(value));
      }
    } catch {
      // the stream broke with the container: `exited` tells the rest
    }
  }

  #text(text: string): void {
    if (!text) return;
    if (this.#watches.length) this.#check(text);
    if (this.#listeners.length) for (const listener of this.#listeners) listener(text);
    else this.#early.push(text);
  }

  /** Resolves when `text` appears in the output, also when cut across chunks. */
  #watch(text: string): Promise<void> {
    return new Promise((found) => this.#watches.push({ text, found }));
  }

  #check(text: string): void {
    const recent = this.#seen + text;
    this.#watches = this.#watches.filter((watch) => {
      if (!recent.includes(watch.text)) return true;
      watch.found();
      return false;
    });
    const keep = Math.max(0, ...this.#watches.map((w) => w.text.length - 1));
    this.#seen = keep ? recent.slice(-keep) : '';
  }

  #end(code: number | null): void {
    if (this.#done) return;
    const tail = this.#terminal.flush();
    if (tail) this.#text(tail);
    this.#done = true;
    this.#held = null;
    this.#watches = [];
    // A torn-down container leaves its streams open: stop reading.
    this.#reader.cancel().catch(() => {});
    this.#resolveExit(code);
  }
}
