// The person's last runs, kept in localStorage across reloads: a summary list, and per run its event stream (body and
// logs capped) so it reopens as it was without running again. Storage that fails (quota, blocked, an opaque origin)
// never breaks a run: what does not fit is left out, and what was never stored lives in memory for this page.
import type { HeaderList, LogLevel, RuntimeName, Timings } from '../../workers/protocol';
import { base64ToBytes, bytesToBase64 } from '../../workers/shared/base64';
import type { BuildSummary, PlaygroundEvent, RunStart } from './run';
import { StatusCell } from './status-cell';
import { getItemQuietly, guardStorage, pageStorage, removeItemQuietly, setItemMakingRoom } from './local-storage';

export const HISTORY_CAPS = {
  runs: 20,
  /** Response body bytes kept per run; the rest is cut, and the reopened run says so in its console. */
  bodyBytes: 64 * 1024,
  logs: 200,
  /** Characters per console line, header value, build message and stack. */
  textChars: 2000,
  headers: 100,
  buildMessages: 20,
  /** All stored runs together, in characters, so the history leaves room for saved work in the origin's quota. */
  totalChars: 2_000_000,
} as const;

const INDEX_KEY = 'playground:run-history';
const RUN_KEY_PREFIX = 'playground:run-history:';
const VERSION = 1;

/** One run as the history list shows it. */
export interface HistoryEntry {
  id: string;
  /** Date.now() when the run ended. */
  at: number;
  method: string;
  url: string;
  status: number | null;
  /** The run's error code (CANCELLED, BUILD_FAILED, …), if it had one. */
  error: string | null;
  runtime: RuntimeName | null;
  profile: string;
  totalMs: number;
  /** Characters its stored events take, for the budget. */
  chars: number;
}

/** What the history reads of a finished run (RunRecord has these). */
export interface FinishedRun {
  runtime: RuntimeName | null;
  /** Absent in runs stored before the reason became a chain. */
  because?: RunStart['because'];
  reason: string;
  profile: string;
  build: BuildSummary;
  status: number | null;
  statusText: string;
  headers: HeaderList;
  headAt: number | null;
  chunks: { t: number; bytes: Uint8Array }[];
  logs: { level: LogLevel; text: string; t: number }[];
  dropped: number;
  error: { code: string; message: string; stack?: string } | null;
  timings: Timings | null;
}

/** Events as stored: chunk bytes in base64. */
type StoredEvent = Exclude<PlaygroundEvent, { type: 'chunk' }> | { type: 'chunk'; base64: string; t: number };

const cut = (text: string) => (text.length > HISTORY_CAPS.textChars ? text.slice(0, HISTORY_CAPS.textChars) + '…' : text);
const cutMessages = (list: BuildSummary['errors']) => list.slice(0, HISTORY_CAPS.buildMessages).map((m) => ({ ...m, text: cut(m.text) }));

/** The run as an event stream to replay, its body cut at HISTORY_CAPS.bodyBytes. */
export function storedEvents(run: FinishedRun): StoredEvent[] {
  const build = { errors: cutMessages(run.build.errors), warnings: cutMessages(run.build.warnings), gzipBytes: run.build.gzipBytes };
  const because = (run.because ?? []).slice(0, HISTORY_CAPS.buildMessages);
  const events: StoredEvent[] = [{ type: 'start', runtime: run.runtime, because, reason: cut(run.reason), profile: run.profile, build }];
  if (run.status !== null) {
    const headers = run.headers.slice(0, HISTORY_CAPS.headers).map(([k, v]): [string, string] => [cut(k), cut(v)]);
    events.push({ type: 'head', status: run.status, statusText: cut(run.statusText), headers, t: run.headAt ?? 0 });
  }
  let room = HISTORY_CAPS.bodyBytes;
  let total = 0;
  for (const chunk of run.chunks) {
    total += chunk.bytes.byteLength;
    if (room <= 0) continue;
    const kept = chunk.bytes.byteLength > room ? chunk.bytes.subarray(0, room) : chunk.bytes;
    room -= kept.byteLength;
    events.push({ type: 'chunk', base64: bytesToBase64(kept), t: chunk.t });
  }
  for (const line of run.logs.slice(0, HISTORY_CAPS.logs)) events.push({ type: 'log', level: line.level, text: cut(line.text), t: line.t });
  if (total > HISTORY_CAPS.bodyBytes) {
    const text = `The history kept the first ${HISTORY_CAPS.bodyBytes / 1024} KB of this response's ${total} bytes.`;
    events.push({ type: 'log', level: 'info', text, t: run.timings?.totalMs ?? 0 });
  }
  const dropped = run.dropped + Math.max(0, run.logs.length - HISTORY_CAPS.logs);
  if (dropped) events.push({ type: 'dropped', count: dropped });
  if (run.error) {
    const { code, message, stack } = run.error;
    events.push({ type: 'error', code, message: cut(message), ...(stack ? { stack: cut(stack) } : {}), t: 0 });
  }
  events.push({ type: 'end', timings: run.timings ?? { compileMs: 0, startMs: 0, ttfbMs: 0, totalMs: 0 } });
  return events;
}

function replay(stored: StoredEvent[]): PlaygroundEvent[] {
  return stored.map((e) => (e.type === 'chunk' ? { type: 'chunk', bytes: base64ToBytes(e.base64), t: e.t } : e));
}

const isEntry = (v: unknown): v is HistoryEntry => {
  const e = v as HistoryEntry;
  return typeof e === 'object' && e !== null && typeof e.id === 'string' && typeof e.at === 'number' && typeof e.method === 'string' && typeof e.url === 'string' && typeof e.chars === 'number';
};

let nextId = 0;

export class RunHistory {
  readonly #storage: () => Storage | null;
  readonly #cell: StatusCell<HistoryEntry[]>;
  /** Runs of this page that storage did not take: they reopen until the page goes. */
  readonly #unstored = new Map<string, string>();

  /** @param storage where the history lives; @default globalThis.localStorage (null: memory only) */
  constructor(storage: () => Storage | null = pageStorage) {
    this.#storage = guardStorage(storage);
    this.#cell = new StatusCell(this.#readIndex());
    this.#removeOrphans();
  }

  /** Newest first. */
  get entries(): HistoryEntry[] {
    return this.#cell.value;
  }

  /** Calls `listener` now and on every change; returns the unsubscribe function. */
  subscribe(listener: (entries: HistoryEntry[]) => void): () => void {
    return this.#cell.subscribe(listener);
  }

  /** Keeps a finished run; the oldest go past HISTORY_CAPS.runs or HISTORY_CAPS.totalChars, or when storage is full. */
  add(run: FinishedRun, method: string, url: string): HistoryEntry {
    const text = JSON.stringify({ v: VERSION, events: storedEvents(run) });
    const entry: HistoryEntry = {
      id: `${Date.now().toString(36)}-${(nextId++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
      at: Date.now(),
      method: method.toUpperCase(),
      url: cut(url),
      status: run.status,
      error: run.error?.code ?? null,
      runtime: run.runtime,
      profile: run.profile,
      totalMs: run.timings?.totalMs ?? 0,
      chars: text.length,
    };
    // Another tab may have added runs since this one read the index.
    const others = [...this.#readIndex(), ...this.entries].filter((e, i, all) => all.findIndex((x) => x.id === e.id) === i);
    let kept = budget([entry, ...others.sort((a, b) => b.at - a.at)]);
    const storage = this.#storage();
    const stored = storage ? this.#write(storage, RUN_KEY_PREFIX + entry.id, text, kept) : { ok: false, kept };
    kept = stored.kept;
    if (!stored.ok) this.#unstored.set(entry.id, text);
    // The stored index lists only runs whose events are stored; the others are this page's alone.
    if (storage) this.#write(storage, INDEX_KEY, kept.filter((e) => !this.#unstored.has(e.id)), kept);
    const ids = new Set(kept.map((e) => e.id));
    for (const e of others) if (!ids.has(e.id)) this.#forget(e.id);
    this.#cell.set(kept);
    return entry;
  }

  /** The stored run's event stream, to replay into a record; null when it is gone or unreadable. */
  events(id: string): PlaygroundEvent[] | null {
    const text = this.#unstored.get(id) ?? getItemQuietly(this.#storage(), RUN_KEY_PREFIX + id);
    if (text === null) return null;
    try {
      const saved = JSON.parse(text) as { v?: unknown; events?: unknown };
      if (saved.v !== VERSION || !Array.isArray(saved.events) || saved.events.at(-1)?.type !== 'end') return null;
      return replay(saved.events as StoredEvent[]);
    } catch {
      return null;
    }
  }

  clear(): void {
    for (const e of this.entries) this.#forget(e.id);
    this.#unstored.clear();
    removeItemQuietly(this.#storage(), INDEX_KEY);
    this.#cell.set([]);
  }

  /**
   * Writes one item; when storage refuses it (a quota error), the oldest runs go, one at a time, until it fits or
   * only the new run is left. `kept` is the list after what had to go.
   */
  #write(storage: Storage, key: string, value: string | HistoryEntry[], kept: HistoryEntry[]): { ok: boolean; kept: HistoryEntry[] } {
    let list = kept;
    const text = () => (typeof value === 'string' ? value : JSON.stringify(value.filter((e) => list.includes(e))));
    const ok = setItemMakingRoom(storage, key, text, () => {
      if (list.length <= 1) return false;
      this.#forget(list[list.length - 1].id);
      list = list.slice(0, -1);
      return true;
    });
    return { ok, kept: list };
  }

  #forget(id: string): void {
    this.#unstored.delete(id);
    removeItemQuietly(this.#storage(), RUN_KEY_PREFIX + id);
  }

  #readIndex(): HistoryEntry[] {
    try {
      const list = JSON.parse(this.#storage()?.getItem(INDEX_KEY) ?? '[]') as unknown;
      return Array.isArray(list) ? list.filter(isEntry).slice(0, HISTORY_CAPS.runs) : [];
    } catch {
      return [];
    }
  }

  /** Runs whose index entry is gone (a tab closed between its two writes) do not hold quota forever. */
  #removeOrphans(): void {
    const storage = this.#storage();
    if (!storage) return;
    const ids = new Set(this.entries.map((e) => e.id));
    try {
      const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i));
      for (const key of keys) if (key?.startsWith(RUN_KEY_PREFIX) && !ids.has(key.slice(RUN_KEY_PREFIX.length))) storage.removeItem(key);
    } catch {
      // storage went away meanwhile
    }
  }
}

/** The newest runs that fit HISTORY_CAPS.runs and HISTORY_CAPS.totalChars (the newest always stays). */
function budget(entries: HistoryEntry[]): HistoryEntry[] {
  let chars = 0;
  const kept: HistoryEntry[] = [];
  for (const e of entries.slice(0, HISTORY_CAPS.runs)) {
    chars += e.chars;
    if (kept.length && chars > HISTORY_CAPS.totalChars) break;
    kept.push(e);
  }
  return kept;
}
