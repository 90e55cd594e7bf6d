// A run's timings from what one side knows of them; the rest is 0 (only the page knows the compile time).
import type { Timings } from '../protocol';

export function runTimings(known: Partial<Timings> = {}): Timings {
  return { compileMs: 0, startMs: 0, ttfbMs: 0, totalMs: 0, ...known };
}
