import { describe, expect, it } from 'vitest';
import { edgeSizeError, formatSize, limitsFor } from '../../src/lib/limits';

describe('limits (runtime-spec.md §4)', () => {
  it('L08: edge code size limit is 1 / 2 / 4 MiB of gzip by plan', () => {
    expect(limitsFor('hobby').edge.maxGzipBytes).toBe(1024 * 1024);
    expect(limitsFor('pro').edge.maxGzipBytes).toBe(2 * 1024 * 1024);
    expect(limitsFor('enterprise').edge.maxGzipBytes).toBe(4 * 1024 * 1024);
  });

  it('L08: a bundle over the plan limit gets EDGE_FUNCTION_SIZE_EXCEEDED with sizes', () => {
    const over = 1.5 * 1024 * 1024;
    expect(edgeSizeError(over, limitsFor('hobby'))).toEqual({
      code: 'EDGE_FUNCTION_SIZE_EXCEEDED',
      message: 'Exceeds maximum edge function size: 1.5 MB / 1 MB',
    });
    expect(edgeSizeError(over, limitsFor('pro'))).toBeNull();
    expect(edgeSizeError(1024 * 1024, limitsFor('hobby'))).toBeNull();
  });

  it('L01/L03: the edge must begin responding within 25 s and may stream for 300 s', () => {
    expect(limitsFor().edge.initialResponseMs).toBe(25_000);
    expect(limitsFor().edge.maxStreamMs).toBe(300_000);
  });

  it('node maxDuration defaults follow the 2024 table (Hobby 10 s, Pro 15 s)', () => {
    expect(limitsFor('hobby').node.maxDurationMs).toBe(10_000);
    expect(limitsFor('pro').node.maxDurationMs).toBe(15_000);
    expect(limitsFor('enterprise').node.maxDurationCapMs).toBe(900_000);
  });

  it('overrides shorten deadlines for demos and tests', () => {
    const l = limitsFor('hobby', { edgeInitialResponseMs: 500, nodeMaxDurationMs: 700 });
    expect(l.edge.initialResponseMs).toBe(500);
    expect(l.node.maxDurationMs).toBe(700);
  });

  it('formats sizes in Vercel units', () => {
    expect(formatSize(500)).toBe('500 B');
    expect(formatSize(2048)).toBe('2 KB');
    expect(formatSize(1234567)).toBe('1.18 MB');
  });
});
