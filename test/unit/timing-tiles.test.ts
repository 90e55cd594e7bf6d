// The timing tiles: '—' for a phase that did not happen, '…' while under way, never a first byte after the total.
import { describe, expect, it } from 'vitest';
import { timingTiles, type TimedRun } from '../../src/components/timing-tiles';

const run = (extra: Partial<TimedRun> = {}): TimedRun => ({
  runtime: 'edge',
  status: 200,
  headAt: 4,
  done: true,
  timings: { compileMs: 12, startMs: 30, ttfbMs: 4, totalMs: 9 },
  ...extra,
});
const values = (r: TimedRun) => timingTiles(r).map((t) => `${t.label}: ${t.value}`);

describe('timing tiles', () => {
  it('a cold run that compiled shows every phase', () => {
    expect(values(run())).toEqual(['Compile: 12.0 ms', 'Worker start: 30.0 ms', 'First byte: 4.0 ms', 'Total: 9.0 ms']);
  });

  it('a warm run of an unchanged project: no compile, no worker start, each with why', () => {
    const tiles = timingTiles(run({ timings: { compileMs: 0, startMs: 0, ttfbMs: 1, totalMs: 2 } }));
    expect(tiles.map((t) => t.value)).toEqual(['—', '—', '1.0 ms', '2.0 ms']);
    expect(tiles[1].note).toMatch(/warm worker/);
    expect(timingTiles(run({ runtime: 'nodejs', timings: { compileMs: 0, startMs: 0, ttfbMs: 1, totalMs: 2 } }))[1]).toMatchObject({ label: 'Module load', value: '—' });
  });

  it('a run with no head (stopped, failed build) shows — for the first byte, not the total or 0', () => {
    // The Node harness reports ttfbMs = totalMs when no head was sent.
    const tiles = timingTiles(run({ status: null, headAt: null, timings: { compileMs: 5, startMs: 0, ttfbMs: 800, totalMs: 800 } }));
    expect(tiles[2]).toMatchObject({ label: 'First byte', value: '—' });
    expect(tiles[3].value).toBe('800.0 ms');
  });

  it('a first byte measured past the total (shifted from the worker clock) is shown at the total', () => {
    expect(values(run({ timings: { compileMs: 1, startMs: 1, ttfbMs: 9.4, totalMs: 9.1 } }))[2]).toBe('First byte: 9.1 ms');
  });

  it('a run that ended before any runtime shows — for the total, and says so', () => {
    const tiles = timingTiles(run({ status: null, headAt: null, timings: { compileMs: 0, startMs: 0, ttfbMs: 0, totalMs: 0 } }));
    expect(tiles.map((t) => t.value)).toEqual(['—', '—', '—', '—']);
    expect(tiles[3].note).toBe('The run ended before it reached a runtime.');
  });

  it('while in flight: … for what is not known yet, the first byte as soon as the head arrived', () => {
    expect(values(run({ done: false, timings: null, status: null, headAt: null }))).toEqual(['Compile: …', 'Worker start: …', 'First byte: …', 'Total: …']);
    expect(values(run({ done: false, timings: null, headAt: 3.25 }))[2]).toBe('First byte: 3.3 ms');
  });
});
