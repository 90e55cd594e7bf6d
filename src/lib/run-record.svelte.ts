// What one run has produced so far, folded from its event stream: the views render it live and the embed API
// serialises it when the stream ends.
import type { HeaderList, LogLevel, RuntimeName, Timings } from '../../workers/protocol';
import type { BuildSummary, PlaygroundEvent } from './run';
import type { ReasonStep } from './project/runtime-reason';
import { base64ToBytes, bytesToBase64 as toBase64 } from '../../workers/shared/base64';
import { runTimings } from '../../workers/shared/timings';

export interface Chunk {
  t: number;
  bytes: Uint8Array;
}

export interface LogLine {
  level: LogLevel;
  text: string;
  t: number;
}

/** The embed API's result shape (version 1). */
export interface RunResult {
  runtime: RuntimeName | null;
  reason: string;
  /** Which behaviour answered: a Next.js profile id (`16.3+`), or `vercel` for a plain Vercel function. */
  profile: string;
  status: number | null;
  statusText: string;
  headers: HeaderList;
  body: string;
  bodyBase64: string;
  chunks: { t: number; bytes: number }[];
  logs: { level: LogLevel; text: string }[];
  /** `stack`: the runtime's own (the user's file:line frames), when it sent one. */
  error?: { code: string; message: string; stack?: string };
  build: BuildSummary;
  timings: Timings;
}

/** One decoder for every result (a decoder per result cost each embed run a few microseconds). */
const utf8 = new TextDecoder();

export class RunRecord {
  runtime = $state<RuntimeName | null>(null);
  /** Why this runtime, as data; the views render this, never `reason`. */
  because = $state.raw<ReasonStep[]>([]);
  reason = $state('');
  profile = $state('');
  build = $state.raw<BuildSummary>({ errors: [], warnings: [], gzipBytes: 0 });
  status = $state<number | null>(null);
  statusText = $state('');
  headers = $state.raw<HeaderList>([]);
  /** When the head arrived (ms into the run), shown live before the run's timings; null: no head yet. */
  headAt = $state<number | null>(null);
  chunks = $state.raw<Chunk[]>([]);
  logs = $state.raw<LogLine[]>([]);
  dropped = $state(0);
  error = $state.raw<{ code: string; message: string; stack?: string } | null>(null);
  timings = $state.raw<Timings | null>(null);
  done = $state(false);
  /** performance.now() when the run started, for live elapsed time. */
  readonly startedAt = performance.now();

  apply(event: PlaygroundEvent): void {
    switch (event.type) {
      case 'start':
        this.runtime = event.runtime;
        this.because = event.because ?? []; // runs kept in the history before the chain existed have none
        this.reason = event.reason;
        this.profile = event.profile;
        this.build = event.build;
        break;
      case 'head':
        this.status = event.status;
        this.statusText = event.statusText;
        this.headers = event.headers;
        this.headAt = event.t;
        break;
      case 'chunk':
        this.chunks = [...this.chunks, { t: event.t, bytes: event.bytes }];
        break;
      case 'log':
        this.logs = [...this.logs, { level: event.level, text: event.text, t: event.t }];
        break;
      case 'dropped':
        this.dropped += event.count;
        break;
      case 'error':
        this.error = { code: event.code, message: event.message, stack: event.stack };
        break;
      case 'end':
        this.timings = event.timings;
        this.done = true;
        break;
    }
  }

  body(): Uint8Array {
    const total = this.chunks.reduce((n, c) => n + c.bytes.byteLength, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c.bytes, offset);
      offset += c.bytes.byteLength;
    }
    return out;
  }

  header(name: string): string | null {
    const lower = name.toLowerCase();
    return this.headers.find(([k]) => k.toLowerCase() === lower)?.[1] ?? null;
  }

  toResult(): RunResult {
    const body = this.body();
    return {
      runtime: this.runtime,
      reason: this.reason,
      profile: this.profile,
      status: this.status,
      statusText: this.statusText,
      headers: this.headers.map(([k, v]) => [k.toLowerCase(), v]),
      body: utf8.decode(body),
      bodyBase64: toBase64(body),
      chunks: this.chunks.map((c) => ({ t: c.t, bytes: c.bytes.byteLength })),
      logs: this.logs.map(({ level, text }) => ({ level, text })),
      ...(this.error ? { error: { code: this.error.code, message: this.error.message, ...(this.error.stack ? { stack: this.error.stack } : {}) } } : {}),
      build: this.build,
      timings: this.timings ?? runTimings(),
    };
  }
}

/** The embed API's base64 (bodies in, `bodyBase64` out). */
export { toBase64, base64ToBytes as fromBase64 };
