// One harness process inside a WebContainer as a HostProcess: terminal output turned back into text, lines written
// to its pseudo-terminal, and a kill that escalates to a teardown when the process ignores it (a synchronous loop:
// stackblitz/webcontainer-core#1121, a process in a hot loop cannot be killed by any signal).
import type { HostProcess } from './node-host';
import type { ContainerProcess } from './webcontainer-api';
import { TerminalText } from './webcontainer-terminal';

export interface ContainerHostProcessOptions {
  /** `harnessMarker(token)`: writes wait until the harness's first frame (its hello) has been seen. */
  marker: string;
  /** How long `kill()` waits for the process to exit before it calls `escalate`. */
  killGraceMs: number;
  /** Tears the container down (which ends this process through `abandon`) and brings it back. */
  escalate(): Promise<void>;
}

/** How long `exited` waits, after the exit code, for output still on its way (a crash's last words). */
const OUTPUT_DRAIN_MS = 200;

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
  /** The end of the output so far, for a marker cut across chunks. */
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
    else this.#send(line);
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

  async #kill(): Promise<void> {
    try {
      this.#process.kill();
    } catch {
      // already gone
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The exit code itself, not `exited` (which also waits for the last output).
    const inTime = await Promise.race([
      this.#process.exit.then(() => true, () => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.#options.killGraceMs))),
    ]);
    clearTimeout(timer);
    if (!inTime) {
      await this.#options.escalate();
      this.abandon(); // escalate abandons every process of the old container; this one for certain
    }
    await this.exited;
  }

  #send(line: string): void {
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
    if (this.#held) this.#watchForHello(text);
    if (this.#listeners.length) for (const listener of this.#listeners) listener(text);
    else this.#early.push(text);
  }

  #watchForHello(text: string): void {
    const marker = this.#options.marker;
    const recent = this.#seen + text;
    if (!recent.includes(marker)) {
      this.#seen = recent.slice(-(marker.length - 1));
      return;
    }
    const held = this.#held!;
    this.#held = null;
    this.#seen = '';
    for (const line of held) this.#send(line);
  }

  #end(code: number | null): void {
    if (this.#done) return;
    const tail = this.#terminal.flush();
    if (tail) this.#text(tail);
    this.#done = true;
    this.#held = null;
    // A torn-down container leaves its streams open: stop reading.
    this.#reader.cancel().catch(() => {});
    this.#resolveExit(code);
  }
}
