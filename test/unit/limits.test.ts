import { describe, expect, it } from 'vitest';
import { envVarError, gatewayError } from '../../src/lib/gateway';
import {
  DEFAULT_GENERATION,
  edgeSizeError,
  formatBytes,
  formatLimit,
  formatSize,
  GENERATION_NAMES,
  GENERATIONS,
  LIMIT_TABLE,
  limitsFor,
  PLANS,
  type Sourced,
} from '../../src/lib/limits';
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


  it('overrides shorten deadlines for demos and tests', () => {
    const l = limitsFor('hobby', { edgeInitialResponseMs: 500, nodeMaxDurationMs: 700 });
    expect(l.edge.initialResponseMs).toBe(500);
    expect(l.node.maxDurationMs).toBe(700);
  });

  it('formats sizes in Vercel units', () => {
    expect(formatSize(5 * 1024 * MIB)).toBe('5 GB');
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

  it('L06 (legacy 2024): a Node.js body of 4.5 MB + 1 byte is 413 against the decimal 4,500,000; 4.5 MB passes', () => {
    const limits = limitsFor('hobby', {}, 'legacy');
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

describe('limits by platform generation (runtime-spec-2026.md §2, §5)', () => {
  const hobby = (generation: 'fluid' | 'legacy') => limitsFor('hobby', {}, generation);
  const pro = (generation: 'fluid' | 'legacy') => limitsFor('pro', {}, generation);
  const enterprise = (generation: 'fluid' | 'legacy') => limitsFor('enterprise', {}, generation);

  it('limitsFor defaults to Fluid (the default for projects since 2025-04-23), and says which generation it gave', () => {
    expect(DEFAULT_GENERATION).toBe('fluid');
    expect(limitsFor().generation).toBe('fluid');
    expect(limitsFor('pro')).toEqual(limitsFor('pro', {}, 'fluid'));
    expect(limitsFor('pro', {}, 'legacy').generation).toBe('legacy');
    expect(GENERATIONS.map((g) => GENERATION_NAMES[g])).toEqual(['Fluid (2025+, default)', 'legacy (2024)']);
  });

  it('L03 (Fluid): maxDuration defaults to 300 s on every plan; caps 300 / 800 / 800 s, 1800 s in beta on Pro and Enterprise', () => {
    expect(PLANS.map((p) => limitsFor(p).node.maxDurationMs)).toEqual([300_000, 300_000, 300_000]);
    expect(PLANS.map((p) => limitsFor(p).node.maxDurationCapMs)).toEqual([300_000, 800_000, 800_000]);
    expect(PLANS.map((p) => limitsFor(p).node.maxDurationBetaCapMs)).toEqual([null, 1_800_000, 1_800_000]);
  });

  it('L03 (legacy 2024): maxDuration defaults to 10 s Hobby, 15 s Pro and Enterprise; caps 60 / 300 / 900 s', () => {
    expect([hobby('legacy'), pro('legacy'), enterprise('legacy')].map((l) => l.node.maxDurationMs)).toEqual([10_000, 15_000, 15_000]);
    expect([hobby('legacy'), pro('legacy'), enterprise('legacy')].map((l) => l.node.maxDurationCapMs)).toEqual([60_000, 300_000, 900_000]);
    expect(pro('legacy').node.maxDurationBetaCapMs).toBeNull();
  });

  it('L03: overrides shorten maxDuration in either generation', () => {
    for (const g of GENERATIONS) expect(limitsFor('pro', { nodeMaxDurationMs: 700 }, g).node.maxDurationMs).toBe(700);
  });

  it('L05 (Fluid): Node.js memory 2 GB by default, 2 GB Hobby / 4 GB Pro and Enterprise at most; edge 128 MB', () => {
    expect([hobby('fluid'), pro('fluid'), enterprise('fluid')].map((l) => [l.node.memoryMb, l.node.maxMemoryMb])).toEqual([[2048, 2048], [2048, 4096], [2048, 4096]]);
    expect(hobby('fluid').edge.memoryMb).toBe(128);
  });

  it('L05 (legacy 2024): Node.js memory 1024 MB by default, Hobby 1024 / Pro and Enterprise 3009 MB at most; edge 128 MB', () => {
    expect([hobby('legacy'), pro('legacy'), enterprise('legacy')].map((l) => [l.node.memoryMb, l.node.maxMemoryMb])).toEqual([[1024, 1024], [1024, 3009], [1024, 3009]]);
    expect(hobby('legacy').edge.memoryMb).toBe(128);
  });

  it('L06 (Fluid): a Node.js request body up to 100 MB passes the gateway (unverified), one byte more is 413', () => {
    const limits = hobby('fluid');
    expect(limits.node.maxRequestBodyBytes).toBe(100_000_000);
    expect(limits.sources.node.maxRequestBodyBytes.verified).toBe(false);
    expect(gatewayError(post(5 * MIB), 'nodejs', limits)).toBeNull();
    expect(gatewayError(post(100_000_000), 'nodejs', limits)).toBeNull();
    expect(gatewayError(post(100_000_001), 'nodejs', limits)?.message).toBe(
      'The request body is 100,000,001 bytes; the Node.js runtime accepts 100,000,000 bytes (100 MB) at most.',
    );
  });

  it('L06 (both): the edge request body stays 4 MiB; L07: a non-streamed Node.js response body stays 4.5 MB', () => {
    for (const g of GENERATIONS) {
      expect(hobby(g).edge.maxRequestBodyBytes).toBe(4 * MIB);
      expect([hobby(g).node.maxResponseBodyBytes, hobby(g).node.maxPayloadBytes]).toEqual([4_500_000, 4_500_000]);
    }
    expect(hobby('legacy').node.maxRequestBodyBytes).toBe(4_500_000);
  });

  it('L09: 250 MiB uncompressed in both; Fluid adds opt-in large functions up to 5 GiB', () => {
    expect(GENERATIONS.map((g) => hobby(g).node.maxUncompressedBundleBytes)).toEqual([250 * MIB, 250 * MIB]);
    expect(hobby('fluid').node.maxLargeFunctionBytes).toBe(5 * 1024 * MIB);
    expect(hobby('legacy').node.maxLargeFunctionBytes).toBeNull();
  });

  it('L12 (Fluid): edge middleware may use 50 ms of CPU on average (fair use); legacy published no cap', () => {
    expect(hobby('fluid').edge.middlewareCpuMs).toBe(50);
    expect(hobby('legacy').edge.middlewareCpuMs).toBeNull();
  });

  it('L01/L02/L08/L10/L11: edge deadlines, code size, env vars and header limits are the same in both generations', () => {
    const same = (l: ReturnType<typeof limitsFor>) => [l.edge.initialResponseMs, l.edge.maxStreamMs, l.edge.maxGzipBytes, l.edge.maxEnvVarBytes, l.gateway];
    for (const plan of PLANS) expect(same(limitsFor(plan, {}, 'fluid'))).toEqual(same(limitsFor(plan, {}, 'legacy')));
    expect(hobby('fluid').gateway).toEqual({ maxHeaderBytes: 16 * 1024, maxHeadersBytes: 32 * 1024 });
  });

  it('every value in the table has a source date, and those not confirmed today are marked', () => {
    const rows: [string, Sourced][] = [];
    for (const g of GENERATIONS) for (const [group, limits] of Object.entries(LIMIT_TABLE[g])) for (const [key, limit] of Object.entries<Sourced>(limits)) rows.push([`${g}.${group}.${key}`, limit]);
    for (const [name, limit] of rows) {
      expect(limit.source, name).toMatch(/^(\d{4}(-\d{2}(-\d{2})?)?|undated)$/);
      expect(typeof limit.verified, name).toBe('boolean');
    }
    const unverified = rows.filter(([, l]) => !l.verified).map(([name]) => name);
    expect(unverified).toEqual(expect.arrayContaining(['fluid.node.maxRequestBodyBytes', 'fluid.node.maxResponseBodyBytes', 'fluid.edge.memoryMb']));
    expect(unverified).not.toContain('legacy.node.maxDurationMs');
    expect(limitsFor('pro', {}, 'legacy').sources).toBe(LIMIT_TABLE.legacy);
    expect(LIMIT_TABLE.legacy.node.maxDurationMs.source).toBe('2024-10-04');
  });
});
