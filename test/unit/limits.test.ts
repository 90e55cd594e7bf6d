import { describe, expect, it } from 'vitest';
import { envVarError, gatewayError } from '../../src/lib/gateway';
import { edgeSizeError, formatBytes, formatLimit, formatSize, limitsFor } from '../../src/lib/limits';
import type { WireRequest } from '../../workers/protocol';

const MIB = 1024 * 1024;
const post = (bytes: number, headers: [string, string][] = []): WireRequest => ({
  method: 'POST',
  url: 'http://localhost:3000/api/x',
  headers,
  body: new ArrayBuffer(bytes),
});

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

describe('limit messages give size and limit in one unit (runtime-spec.md §4)', () => {
  it('exact bytes, grouped by thousands; a limit also in the unit it is round in', () => {
    expect([formatBytes(1), formatBytes(999), formatBytes(4_194_305), formatBytes(4_500_000)]).toEqual(['1 byte', '999 bytes', '4,194,305 bytes', '4,500,000 bytes']);
    expect(formatLimit(4 * MIB)).toBe('4,194,304 bytes (4 MiB)');
    expect(formatLimit(4_500_000)).toBe('4,500,000 bytes (4.5 MB)');
    expect(formatLimit(16 * 1024)).toBe('16,384 bytes (16 KiB)');
    expect(formatLimit(1.5 * MIB)).toBe('1,572,864 bytes (1.5 MiB)');
    expect(formatLimit(10_000_000)).toBe('10,000,000 bytes (10 MB)');
    expect(formatLimit(1234)).toBe('1,234 bytes');
  });

  it('L06: an edge body of 4 MiB + 1 byte is 413 and its message tells the two apart; 4 MiB passes', () => {
    const limits = limitsFor();
    expect(gatewayError(post(4 * MIB + 1), 'edge', limits)).toEqual({
      status: 413,
      code: 'FUNCTION_PAYLOAD_TOO_LARGE',
      message: 'The request body is 4,194,305 bytes; the edge runtime accepts 4,194,304 bytes (4 MiB) at most.',
    });
    expect(gatewayError(post(4 * MIB), 'edge', limits)).toBeNull();
  });

  it('L06: a Node.js body of 4.5 MB + 1 byte is 413 against the decimal 4,500,000; 4.5 MB passes', () => {
    const limits = limitsFor();
    expect(gatewayError(post(4_500_001), 'nodejs', limits)?.message).toBe(
      'The request body is 4,500,001 bytes; the Node.js runtime accepts 4,500,000 bytes (4.5 MB) at most.',
    );
    expect(gatewayError(post(5 * MIB), 'nodejs', limits)?.message).toBe(
      'The request body is 5,242,880 bytes; the Node.js runtime accepts 4,500,000 bytes (4.5 MB) at most.',
    );
    expect(gatewayError(post(4_500_000), 'nodejs', limits)).toBeNull();
  });

  it('L11: a header of 16 KiB + 1 byte and headers of 32 KiB + 1 byte are 431 with exact sizes', () => {
    const limits = limitsFor();
    expect(gatewayError(post(0, [['x-big', 'y'.repeat(16 * 1024 + 1)]]), 'edge', limits)?.message).toBe(
      'The request header "x-big" is 16,385 bytes; each header must not exceed 16,384 bytes (16 KiB).',
    );
    const headers: [string, string][] = [['a', 'y'.repeat(16 * 1024 - 1)], ['b', 'y'.repeat(16 * 1024 - 1)], ['c', '']];
    expect(gatewayError(post(0, headers), 'nodejs', limits)?.message).toBe(
      'The request headers are 32,769 bytes together; all headers must not exceed 32,768 bytes (32 KiB).',
    );
  });

  it('L10: an edge env var of 5 KiB + 1 byte is refused with exact sizes', () => {
    expect(envVarError({ BIG: 'v'.repeat(5 * 1024 + 1) }, limitsFor())?.message).toBe(
      'The environment variable BIG is 5,121 bytes; Edge Functions are limited to 5,120 bytes (5 KiB) per environment variable.',
    );
    expect(envVarError({ OK: 'v'.repeat(5 * 1024) }, limitsFor())).toBeNull();
  });
});
