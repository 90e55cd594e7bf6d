// A WebContainer process writes to a terminal: its output carries ANSI escape codes and `\r\n` line ends, cut into
// chunks anywhere (inside an escape code or between `\r` and `\n`). This turns it back into plain text for the
// HarnessClient (whose frames are printable ASCII, so they pass through unchanged) and into npm progress lines.

const enum State {
  Text,
  /** After ESC. */
  Escape,
  /** After ESC and an intermediate byte (`ESC ( B`): up to the final byte. */
  EscapeIntermediate,
  /** After ESC [ (or C1 CSI): parameters and intermediates up to the final byte. */
  Csi,
  /** After ESC ] / P / X / ^ / _ : a string up to BEL or ESC \. */
  String,
  /** ESC seen inside a string: `\` ends it. */
  StringEscape,
}

/** C0 controls other than tab and newline, DEL and C1 CSI: the characters that need a closer look. */
const SPECIAL = /[\x00-\x08\x0b-\x1f\x7f\x9b]/g;

export interface TerminalTextOptions {
  /**
   * Turn "cursor to column 1" and "erase line" codes into `\r`, so a spinner that redraws its line in place becomes
   * separate lines (npm's progress). Off for the harness: a stray line keeps its text together.
   * @default false
   */
  cursorMovesBreakLines?: boolean;
}

export class TerminalText {
  #state = State.Text;
  /** `\r`s held back at a chunk's end: a `\n` in the next chunk makes them one `\n`. */
  #pendingCr = 0;
  #breakOnCursor: boolean;

  constructor(options: TerminalTextOptions = {}) {
    this.#breakOnCursor = options.cursorMovesBreakLines ?? false;
  }

  push(chunk: string): string {
    // The common case (a frame, mid-text): nothing to strip.
    if (this.#state === State.Text && this.#pendingCr === 0 && !/[\x00-\x08\x0b-\x1f\x7f\x9b]/.test(chunk)) return chunk;
    const out: string[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.#state === State.Text) {
        SPECIAL.lastIndex = i;
        const found = SPECIAL.exec(chunk);
        const end = found ? found.index : chunk.length;
        if (end > i) {
          this.#flushCr(out, chunk[i] === '\n');
          out.push(chunk.slice(i, end));
        }
        if (!found) break;
        i = end;
      }
      this.#special(chunk.charCodeAt(i), out);
      i++;
    }
    return out.join('');
  }

  /** At the end of the stream: a lone trailing `\r` is text; an unfinished escape code is dropped. */
  flush(): string {
    const rest = '\r'.repeat(this.#pendingCr);
    this.#pendingCr = 0;
    this.#state = State.Text;
    return rest;
  }

  /** `\r+\n` is one line end (a pty turns `\n` into `\r\n`, and a program's own `\r\n` into `\r\r\n`). */
  #flushCr(out: string[], beforeNewline: boolean): void {
    if (this.#pendingCr && !beforeNewline) out.push('\r'.repeat(this.#pendingCr));
    this.#pendingCr = 0;
  }

  #special(code: number, out: string[]): void {
    switch (this.#state) {
      case State.Text:
        if (code === 0x0d) this.#pendingCr++;
        else if (code === 0x1b) this.#state = State.Escape;
        else if (code === 0x9b) this.#state = State.Csi;
        // Other controls (BEL, backspace, …) print nothing on a terminal: dropped.
        return;
      case State.Escape:
        if (code === 0x5b) this.#state = State.Csi; // [
        else if (code === 0x5d || code === 0x50 || code === 0x58 || code === 0x5e || code === 0x5f) this.#state = State.String;
        else if (code >= 0x20 && code <= 0x2f) this.#state = State.EscapeIntermediate;
        else this.#state = State.Text; // a two-byte escape (ESC 7, ESC M, ESC =, …)
        return;
      case State.EscapeIntermediate:
        if (code < 0x20 || code > 0x2f) this.#state = State.Text;
        return;
      case State.Csi:
        if (code >= 0x40 && code <= 0x7e) {
          this.#state = State.Text;
          // G: cursor to column; K: erase in line; A: cursor up (a redraw of an earlier line).
          if (this.#breakOnCursor && (code === 0x47 || code === 0x4b || code === 0x41)) this.#pendingCr++;
        } else if (code < 0x20 || code > 0x3f) {
          this.#state = State.Text; // malformed: give up on the sequence
        }
        return;
      case State.String:
        if (code === 0x07) this.#state = State.Text;
        else if (code === 0x1b) this.#state = State.StringEscape;
        return;
      case State.StringEscape:
        this.#state = code === 0x5c ? State.Text : State.String;
        return;
    }
  }
}

/** Spinner frames and bare punctuation: what is left of a progress redraw once its escape codes are gone. */
const NOISE = /^[\s\u2800-\u28ff|/\\\-.]*$/;

/** npm's terminal output (already through TerminalText) as the lines a person would read, spinners left out. */
export class ProgressLines {
  #tail = '';
  #last = '';

  push(text: string): string[] {
    const parts = (this.#tail + text).split(/\r\n|\r|\n/);
    this.#tail = parts.pop()!;
    return this.#keep(parts);
  }

  flush(): string[] {
    const rest = this.#tail;
    this.#tail = '';
    return this.#keep([rest]);
  }

  #keep(parts: string[]): string[] {
    const lines: string[] = [];
    for (const part of parts) {
      const line = part.replace(/[\u2800-\u28ff]/g, '').trim();
      if (NOISE.test(line) || line === this.#last) continue;
      this.#last = line;
      lines.push(line);
    }
    return lines;
  }
}

/** Reads a container process's output to its end, chunk by chunk (the stream errors when the process goes: that ends it too). */
export async function readOutput(output: ReadableStream<string>, onChunk: (chunk: string) => void): Promise<void> {
  const reader = output.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      onChunk(value);
    }
  } catch {
    // the stream ended with the process
  }
}
