// The harness's own stdout (framed messages) and the capture of everything user code prints: console.* by level,
// and raw process.stdout/process.stderr writes as stray lines, all attributed to the run that printed them.
import { Console } from 'node:console';
import { EventEmitter } from 'node:events';
import type { HarnessResponse, LogLevel } from '../protocol';
import { logLine } from './run';

type Write = (chunk: string) => boolean;

/** Bound before any user code runs, so replacing process.stdout.write cannot reach the harness's frames. */
const rawStdoutWrite: Write = process.stdout.write.bind(process.stdout) as Write;

/**
 * Frames sent in one task go out in one write (a response's head, chunk and end are one pipe write, one read at the
 * host, one message to the page instead of three). Flushed at the end of the task, before any I/O or timer runs.
 */
export function createSender(marker: string): (message: HarnessResponse) => void {
  let batch = '';
  const flush = () => {
    if (!batch) return;
    const text = batch;
    batch = '';
    rawStdoutWrite(text);
  };
  // A handler that logs and then calls process.exit() in the same task: its lines still go out (a pipe's write is
  // synchronous on Linux and macOS).
  process.on('exit', flush);
  return (message) => {
    if (!batch) queueMicrotask(flush);
    batch += marker + JSON.stringify(message) + '\n';
  };
}

function textOf(chunk: unknown, encoding?: unknown): string {
  if (typeof chunk === 'string') return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  return String(chunk);
}

/** One log line per printed line; a write without a newline is still one line (Vercel's logs split the same way). */
function emitLines(level: LogLevel, text: string): void {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  for (const line of body.split('\n')) logLine(level, line);
}

/** A stream-like sink for a private Console: it needs `write`, plus `once`/`removeListener` for its error guard. */
class LevelSink extends EventEmitter {
  level: LogLevel | null = null;
  readonly fallback: LogLevel;
  constructor(fallback: LogLevel) {
    super();
    this.fallback = fallback;
  }
  write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    emitLines(this.level ?? this.fallback, textOf(chunk, encoding));
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') (cb as () => void)();
    return true;
  }
}

function replaceWrite(stream: NodeJS.WriteStream, level: LogLevel): void {
  (stream as { write: unknown }).write = (chunk: unknown, encoding?: unknown, callback?: unknown) => {
    emitLines(level, textOf(chunk, encoding));
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') queueMicrotask(cb as () => void);
    return true;
  };
}

/**
 * A private Console does the formatting (util.format, groups, counters, timers, tables, traces, exactly as Node does
 * them); its two sinks tag each line with the level of the console method that produced it.
 */
export function captureOutput(): void {
  const out = new LevelSink('log');
  const err = new LevelSink('error');
  const inner = new Console({ stdout: out as unknown as NodeJS.WritableStream, stderr: err as unknown as NodeJS.WritableStream, colorMode: false });
  const target = console as unknown as Record<string, unknown>;
  for (const name of Object.keys(inner)) {
    const method = (inner as unknown as Record<string, unknown>)[name];
    if (typeof method !== 'function') continue;
    target[name] = (...args: unknown[]) => (method as (...a: unknown[]) => unknown).apply(inner, args);
  }
  const tagged = (name: 'info' | 'debug' | 'warn', sink: LevelSink) => {
    const method = inner[name].bind(inner);
    target[name] = (...args: unknown[]) => {
      sink.level = name;
      try {
        method(...args);
      } finally {
        sink.level = null;
      }
    };
  };
  tagged('info', out);
  tagged('debug', out);
  tagged('warn', err); // Node writes warn to stderr
  replaceWrite(process.stdout, 'log');
  replaceWrite(process.stderr, 'error');
}
