// The line framing between a Node host and the harness, shared by both ends (no Node imports: the page uses it too).

/**
 * Every harness line starts with this. It is printable ASCII because a WebContainer's output may pass through a
 * terminal that drops control characters (a NUL marker could vanish there). The per-process random token (given on
 * the command line, then removed from `process.argv`) makes an accidental match practically impossible, and user
 * code would have to go looking for it to forge a frame. Writes through `process.stdout`/`console` are captured as
 * logs inside the harness anyway; the marker guards against writes that bypass them (`fs.writeSync(1, …)`, native
 * code, a child process).
 */
export function harnessMarker(token = ''): string {
  return `#PGH${token ? ':' + token : ''}#`;
}

/** The command-line flag that carries the token: `node harness.mjs --marker-token=<token>`. */
export const MARKER_TOKEN_FLAG = '--marker-token=';
/**
 * The environment variable that carries the token instead, where the host can set one (the local bridge): the harness
 * removes it before user code runs, while a command line stays readable (process.report, /proc).
 */
export const MARKER_TOKEN_ENV = 'PLAYGROUND_HARNESS_TOKEN';

/** A fresh token for a new harness process. */
export function randomMarkerToken(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Text chunks in, complete lines out (without `\n` or `\r\n`). Only the new chunk is searched and a long line is
 * kept as parts, so a 6 MB frame arriving in 64 KB chunks costs linear time, not quadratic.
 */
export class LineSplitter {
  #parts: string[] = [];

  push(chunk: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', start)) {
      this.#parts.push(chunk.slice(start, at));
      const line = this.#parts.join('');
      this.#parts = [];
      lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = at + 1;
    }
    if (start < chunk.length) this.#parts.push(chunk.slice(start));
    return lines;
  }

  flush(): string {
    const rest = this.#parts.join('');
    this.#parts = [];
    return rest;
  }
}

export type FramedLine = { type: 'frame'; json: string } | { type: 'stray'; text: string };

/**
 * Splits the harness's stdout (text chunks, cut anywhere) into frames and stray output. A line may hold stray text
 * before a frame when something wrote to fd 1 without a newline just before the harness did.
 */
export class FrameParser {
  #marker: string;
  #lines = new LineSplitter();

  constructor(marker: string) {
    this.#marker = marker;
  }

  push(chunk: string): FramedLine[] {
    const out: FramedLine[] = [];
    for (const line of this.#lines.push(chunk)) this.#line(line, out);
    return out;
  }

  /** The unterminated tail, at exit: it can only be stray output (frames end with a newline). */
  flush(): FramedLine[] {
    const rest = this.#lines.flush();
    return rest ? [{ type: 'stray', text: rest }] : [];
  }

  #line(line: string, out: FramedLine[]): void {
    const at = line.indexOf(this.#marker);
    if (at < 0) {
      if (line.length) out.push({ type: 'stray', text: line });
      return;
    }
    if (at > 0) out.push({ type: 'stray', text: line.slice(0, at) });
    out.push({ type: 'frame', json: line.slice(at + this.#marker.length) });
  }
}
