// The run history: what it keeps of a run (body and logs capped), how many runs, and that a full or broken storage
// never breaks a run or the page.
import { describe, expect, it } from 'vitest';
import { HISTORY_CAPS, RunHistory, type FinishedRun } from '../../src/lib/run-history';
import type { PlaygroundEvent } from '../../src/lib/run';

/** A Storage of the shape the page has, in memory, refusing writes past `quota` characters as browsers do. */
function memoryStorage(quota = Infinity): Storage & { data: Map<string, string>; writes: number } {
  const data = new Map<string, string>();
  const used = () => [...data].reduce((n, [k, v]) => n + k.length + v.length, 0);
  const storage = {
    data,
    writes: 0,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k: string) => data.get(k) ?? null,
    key: (i: number) => [...data.keys()][i] ?? null,
    removeItem: (k: string) => void data.delete(k),
    setItem: (k: string, v: string) => {
      const before = data.get(k);
      const grown = used() - (before === undefined ? 0 : k.length + before.length) + k.length + String(v).length;
      if (grown > quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      storage.writes++;
      data.set(k, String(v));
    },
  };
  return storage;
}

const encode = (text: string) => new TextEncoder().encode(text);

function finished(body: string | Uint8Array = 'hello', extra: Partial<FinishedRun> = {}): FinishedRun {
  const bytes = typeof body === 'string' ? encode(body) : body;
  return {
    runtime: 'edge',
    reason: 'edge: export const runtime',
    profile: '16.3+',
    build: { errors: [], warnings: [], gzipBytes: 120 },
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'text/plain']],
    headAt: 1.5,
    chunks: bytes.byteLength ? [{ t: 2, bytes }] : [],
    logs: [{ level: 'log', text: 'hi', t: 1 }],
    dropped: 0,
    error: null,
    timings: { compileMs: 10, startMs: 0, ttfbMs: 1.5, totalMs: 3 },
    ...extra,
  };
}

const bodyOf = (events: PlaygroundEvent[] | null) =>
  new TextDecoder().decode(Buffer.concat((events ?? []).flatMap((e) => (e.type === 'chunk' ? [e.bytes] : []))));

describe('the run history', () => {
  it('keeps a run across a reload: the list, and its events replay to the same response', () => {
    const storage = memoryStorage();
    const first = new RunHistory(() => storage);
    const entry = first.add(finished('{"ok":true}'), 'get', '/api/hello?name=Ada');
    expect(entry).toMatchObject({ method: 'GET', url: '/api/hello?name=Ada', status: 200, runtime: 'edge', profile: '16.3+', totalMs: 3, error: null });

    const reloaded = new RunHistory(() => storage);
    expect(reloaded.entries.map((e) => e.id)).toEqual([entry.id]);
    const events = reloaded.events(entry.id)!;
    expect(events.map((e) => e.type)).toEqual(['start', 'head', 'chunk', 'log', 'end']);
    expect(bodyOf(events)).toBe('{"ok":true}');
    expect(events.find((e) => e.type === 'head')).toMatchObject({ status: 200, headers: [['content-type', 'text/plain']], t: 1.5 });
    expect(events.at(-1)).toEqual({ type: 'end', timings: { compileMs: 10, startMs: 0, ttfbMs: 1.5, totalMs: 3 } });
  });

  it('a stopped run is kept with its CANCELLED error and no head', () => {
    const storage = memoryStorage();
    const history = new RunHistory(() => storage);
    const stopped = finished('', { status: null, headAt: null, headers: [], error: { code: 'CANCELLED', message: 'The run was stopped.' } });
    const entry = history.add(stopped, 'GET', '/api/loop');
    expect(entry).toMatchObject({ status: null, error: 'CANCELLED' });
    const events = history.events(entry.id)!;
    expect(events.some((e) => e.type === 'head')).toBe(false);
    expect(events.find((e) => e.type === 'error')).toMatchObject({ code: 'CANCELLED', message: 'The run was stopped.' });
  });

  it(`keeps the newest ${HISTORY_CAPS.runs} runs and removes the stored events of older ones`, () => {
    const storage = memoryStorage();
    const history = new RunHistory(() => storage);
    const ids = Array.from({ length: HISTORY_CAPS.runs + 5 }, (_, i) => history.add(finished(`run ${i}`), 'GET', `/r/${i}`).id);
    expect(history.entries).toHaveLength(HISTORY_CAPS.runs);
    expect(history.entries[0].url).toBe(`/r/${HISTORY_CAPS.runs + 4}`);
    expect(history.events(ids[0])).toBeNull();
    expect(bodyOf(history.events(ids.at(-1)!))).toBe(`run ${HISTORY_CAPS.runs + 4}`);
    const runKeys = [...storage.data.keys()].filter((k) => k.startsWith('playground:run-history:'));
    expect(runKeys).toHaveLength(HISTORY_CAPS.runs);
  });

  it(`cuts a body at ${HISTORY_CAPS.bodyBytes / 1024} KB and says so in the reopened console`, () => {
    const storage = memoryStorage();
    const history = new RunHistory(() => storage);
    const big = new Uint8Array(HISTORY_CAPS.bodyBytes * 4).fill(0x61);
    const run = finished('', { chunks: [{ t: 1, bytes: big.subarray(0, 1000) }, { t: 2, bytes: big.subarray(1000) }, { t: 3, bytes: encode('tail') }] });
    const entry = history.add(run, 'GET', '/big');
    const events = history.events(entry.id)!;
    const chunks = events.filter((e) => e.type === 'chunk');
    expect(chunks.map((c) => c.bytes.byteLength)).toEqual([1000, HISTORY_CAPS.bodyBytes - 1000]);
    expect(events.filter((e) => e.type === 'log').map((e) => e.text)).toContain(
      `The history kept the first ${HISTORY_CAPS.bodyBytes / 1024} KB of this response's ${big.byteLength + 4} bytes.`,
    );
    expect(entry.chars).toBeLessThan(HISTORY_CAPS.bodyBytes * 1.5);
  });

  it('caps what hostile output can make it store: console lines, their length, headers, build messages', () => {
    const storage = memoryStorage();
    const history = new RunHistory(() => storage);
    const long = 'x'.repeat(1_000_000);
    const run = finished('ok', {
      logs: Array.from({ length: 5000 }, (_, i) => ({ level: 'log' as const, text: i === 0 ? long : `line ${i}`, t: i })),
      headers: Array.from({ length: 1000 }, (_, i): [string, string] => [`x-h${i}`, long]),
      build: { errors: [], warnings: Array.from({ length: 500 }, () => ({ file: 'a.ts', line: 1, column: 0, text: long })), gzipBytes: 1 },
      reason: long,
    });
    const entry = history.add(run, 'GET', '/noisy');
    expect(entry.chars).toBeLessThan(1_000_000);
    const events = history.events(entry.id)!;
    const logs = events.filter((e) => e.type === 'log');
    expect(logs).toHaveLength(HISTORY_CAPS.logs);
    expect(logs[0].text.length).toBe(HISTORY_CAPS.textChars + 1);
    expect(events.find((e) => e.type === 'dropped')).toEqual({ type: 'dropped', count: 5000 - HISTORY_CAPS.logs });
  });

  it('a full storage drops the oldest runs until the new one fits, and the run is still listed and reopens', () => {
    const storage = memoryStorage(250_000);
    const history = new RunHistory(() => storage);
    const body = 'b'.repeat(60_000);
    const ids = Array.from({ length: 6 }, (_, i) => history.add(finished(body + i), 'GET', `/r/${i}`).id);
    // About three runs of 60 KB fit: the newest stay, the oldest went, and nothing threw.
    expect(history.entries[0].id).toBe(ids[5]);
    expect(history.entries.length).toBeGreaterThanOrEqual(2);
    expect(history.entries.length).toBeLessThan(6);
    expect(history.events(ids[0])).toBeNull();
    expect(bodyOf(history.events(ids[5]))).toBe(body + 5);
    const reloaded = new RunHistory(() => storage);
    expect(reloaded.entries.map((e) => e.id)).toEqual(history.entries.map((e) => e.id));
  });

  it('a run that cannot be stored at all stays listed and reopens for this page, and is not in the stored index', () => {
    const storage = memoryStorage(1_000);
    const history = new RunHistory(() => storage);
    const entry = history.add(finished('c'.repeat(10_000)), 'GET', '/too-big');
    expect(history.entries.map((e) => e.id)).toEqual([entry.id]);
    expect(bodyOf(history.events(entry.id))).toBe('c'.repeat(10_000));
    expect(new RunHistory(() => storage).entries).toEqual([]);
  });

  it('storage that throws on every access (blocked) or is absent: runs are kept in memory, nothing throws', () => {
    const blocked = new RunHistory(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    const a = blocked.add(finished('one'), 'GET', '/a');
    expect(bodyOf(blocked.events(a.id))).toBe('one');
    const absent = new RunHistory(() => null);
    const b = absent.add(finished('two'), 'GET', '/b');
    expect(absent.entries.map((e) => e.id)).toEqual([b.id]);
    expect(bodyOf(absent.events(b.id))).toBe('two');
  });

  it('a damaged stored history (not JSON, wrong shapes, a run that lost its end) is ignored, not thrown', () => {
    const storage = memoryStorage();
    storage.setItem('playground:run-history', '{not json');
    expect(new RunHistory(() => storage).entries).toEqual([]);
    storage.setItem('playground:run-history', JSON.stringify([{ id: 1 }, null, 'x', { id: 'ok', at: 1, method: 'GET', url: '/', chars: 2 }]));
    storage.setItem('playground:run-history:ok', JSON.stringify({ v: 1, events: [{ type: 'start' }] }));
    const history = new RunHistory(() => storage);
    expect(history.entries.map((e) => e.id)).toEqual(['ok']);
    expect(history.events('ok')).toBeNull();
  });

  it('removes stored runs no index lists (a tab that closed between its writes), and clear() empties it', () => {
    const storage = memoryStorage();
    storage.setItem('playground:run-history:orphan', '{}');
    const history = new RunHistory(() => storage);
    expect(storage.data.has('playground:run-history:orphan')).toBe(false);
    history.add(finished(), 'GET', '/a');
    history.clear();
    expect(history.entries).toEqual([]);
    expect([...storage.data.keys()].filter((k) => k.startsWith('playground:run-history'))).toEqual([]);
  });

  it('two tabs: a run added in one is not lost when the other adds its own', () => {
    const storage = memoryStorage();
    const tabA = new RunHistory(() => storage);
    const tabB = new RunHistory(() => storage);
    const a = tabA.add(finished('from A'), 'GET', '/a');
    const b = tabB.add(finished('from B'), 'GET', '/b');
    expect(tabB.entries.map((e) => e.id)).toEqual([b.id, a.id]);
    expect(new RunHistory(() => storage).entries.map((e) => e.id)).toEqual([b.id, a.id]);
  });
});
