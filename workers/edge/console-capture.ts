// Turns console.* calls into `log` events of the run in progress, capped per run so 10,000 lines cannot flood the page.
import type { LogLevel, RunEvent } from '../protocol';
import { formatArgs } from './inspect';
import { CONSOLE_CAPS } from '../shared/limits-data';

export const MAX_LINES_PER_RUN = CONSOLE_CAPS.linesPerRun;
export const MAX_LINE_CHARS = CONSOLE_CAPS.lineChars;
/** Lines logged while no run is in progress (module top level, a timer after its run ended) wait for the next run. */
const MAX_PENDING_LINES = CONSOLE_CAPS.pendingLines;

type Post = (runId: number, event: RunEvent) => void;

interface RunLog {
  runId: number;
  startedAt: number;
  lines: number;
  dropped: number;
}

export function truncateLine(text: string): string {
  if (text.length <= MAX_LINE_CHARS) return text;
  return `${text.slice(0, MAX_LINE_CHARS)}… [${text.length - MAX_LINE_CHARS} more characters truncated]`;
}

export class ConsoleCapture {
  /** Started, unfinished runs, oldest first. */
  #active: RunLog[] = [];
  #pending: { level: LogLevel; text: string }[] = [];
  #post: Post;
  #now: () => number;
  #clean: (text: string) => string;
  #indent = '';
  #counts = new Map<string, number>();
  #timers = new Map<string, number>();

  /** `clean` rewrites a formatted line (the runtime uses it to drop its own stack frames). */
  constructor(post: Post, now: () => number, clean: (text: string) => string = (t) => t) {
    this.#post = post;
    this.#now = now;
    this.#clean = clean;
  }

  begin(runId: number, startedAt: number): void {
    const run: RunLog = { runId, startedAt, lines: 0, dropped: 0 };
    this.#active.push(run);
    const pending = this.#pending;
    this.#pending = [];
    for (const line of pending) this.#write(run, line.level, () => line.text);
  }

  /** Ends a run's log: one `dropped` event if the cap cut anything. Call before the run's `end`. */
  finish(runId: number): void {
    const index = this.#active.findIndex((r) => r.runId === runId);
    if (index < 0) return;
    const [run] = this.#active.splice(index, 1);
    if (run.dropped > 0) this.#post(run.runId, { type: 'dropped', count: run.dropped });
  }

  /**
   * A worker cannot tell which request a console call belongs to when several are in flight (there is no async
   * context in browsers), so a line goes to the most recently started unfinished run.
   */
  log(level: LogLevel, args: unknown[]): void {
    const run = this.#active[this.#active.length - 1];
    if (!run) {
      if (this.#pending.length < MAX_PENDING_LINES) this.#pending.push({ level, text: this.#indent + formatArgs(args) });
      return;
    }
    this.#write(run, level, () => this.#indent + formatArgs(args));
  }

  /** A line the runtime itself logs for a known run (Next's "No response is returned …"). */
  logTo(runId: number, level: LogLevel, text: string): void {
    const run = this.#active.find((r) => r.runId === runId);
    if (run) this.#write(run, level, () => text);
  }

  #write(run: RunLog, level: LogLevel, text: () => string): void {
    if (run.lines >= MAX_LINES_PER_RUN) {
      run.dropped++; // counted, never formatted: a flood costs almost nothing
      return;
    }
    run.lines++;
    this.#post(run.runId, { type: 'log', level, text: truncateLine(this.#clean(text())), t: this.#now() - run.startedAt });
  }

  /** Replaces the methods of the worker's console. */
  install(target: Console): void {
    const method = (level: LogLevel) => (...args: unknown[]) => this.log(level, args);
    const c = target as unknown as Record<string, unknown>;
    c.log = method('log');
    c.info = method('info');
    c.warn = method('warn');
    c.error = method('error');
    c.debug = method('debug');
    c.dir = (value: unknown) => this.log('log', [value]);
    c.dirxml = method('log');
    c.table = method('log');
    c.trace = (...args: unknown[]) => {
      const stack = (new Error().stack ?? '').split('\n').slice(2).join('\n');
      this.log('error', [`Trace${args.length ? ': ' + formatArgs(args) : ''}\n${stack}`]);
    };
    c.assert = (condition: unknown, ...args: unknown[]) => {
      if (!condition) this.log('error', args.length ? [`Assertion failed: ${formatArgs(args)}`] : ['Assertion failed']);
    };
    c.count = (label = 'default') => {
      const n = (this.#counts.get(label) ?? 0) + 1;
      this.#counts.set(label, n);
      this.log('info', [`${label}: ${n}`]);
    };
    c.countReset = (label = 'default') => this.#counts.delete(label);
    c.group = c.groupCollapsed = (...args: unknown[]) => {
      if (args.length) this.log('log', args);
      this.#indent += '  ';
    };
    c.groupEnd = () => {
      this.#indent = this.#indent.slice(2);
    };
    c.time = (label = 'default') => this.#timers.set(label, this.#now());
    const elapsed = (label: string, end: boolean, extra: unknown[]) => {
      const start = this.#timers.get(label);
      if (start === undefined) return this.log('warn', [`Warning: No such label '${label}' for console.time${end ? 'End' : 'Log'}()`]);
      if (end) this.#timers.delete(label);
      this.log('info', [`${label}: ${(this.#now() - start).toFixed(3)}ms`, ...extra]);
    };
    c.timeEnd = (label = 'default') => elapsed(label, true, []);
    c.timeLog = (label = 'default', ...extra: unknown[]) => elapsed(label, false, extra);
  }
}
