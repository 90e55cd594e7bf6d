// The per-snapshot answers a run reuses (src/lib/run-cache.ts): the same arguments by identity give the kept answer,
// any other argument (a new snapshot after an edit) is asked again, and a dated answer is asked again once old.
import { describe, expect, it } from 'vitest';
import { lastCall, lastCallFor } from '../../src/lib/run-cache';

describe('lastCall', () => {
  it('answers the same arguments once, and asks again for a new object even with equal contents', () => {
    let calls = 0;
    const read = lastCall((files: Record<string, string>, path: string) => (calls++, { path, size: Object.keys(files).length }));
    const files = { 'a.ts': '1' };
    const first = read(files, 'a.ts');
    expect(read(files, 'a.ts')).toBe(first);
    expect(calls).toBe(1);
    // An edit makes a new snapshot: the answer is read again, never the old one.
    const edited = { 'a.ts': '1', 'b.ts': '2' };
    expect(read(edited, 'a.ts')).toEqual({ path: 'a.ts', size: 2 });
    expect(read(edited, 'b.ts')).toEqual({ path: 'b.ts', size: 2 });
    expect(read({ ...files }, 'a.ts')).not.toBe(first);
    expect(calls).toBe(4);
  });

  it('tells undefined from a missing argument', () => {
    let calls = 0;
    const f = lastCall((...args: unknown[]) => (calls++, args.length));
    expect(f(undefined)).toBe(1);
    expect(f()).toBe(0);
    expect(calls).toBe(2);
  });
});

describe('lastCallFor', () => {
  it('keeps a dated answer for maxAgeMs only', () => {
    let now = 0;
    let calls = 0;
    const f = lastCallFor(60_000, (x: string) => (calls++, `${x}@${now}`), () => now);
    expect(f('p')).toBe('p@0');
    now = 59_999;
    expect(f('p')).toBe('p@0');
    now = 60_000;
    expect(f('p')).toBe('p@60000');
    expect(calls).toBe(2);
  });
});
