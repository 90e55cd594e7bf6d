import { describe, expect, it } from 'vitest';
import { runAnnouncement } from '../../src/components/run-announcement';

const ended = { status: null, statusText: '', error: null, timings: { totalMs: 12.34 } };

describe('runAnnouncement: what the live region says when a run ends', () => {
  it('status, the standard phrase when the response has none, and the time', () => {
    expect(runAnnouncement({ ...ended, status: 200 })).toBe('Response 200 OK in 12.3 ms');
    expect(runAnnouncement({ ...ended, status: 418, statusText: "I'm a teapot" })).toBe("Response 418 I'm a teapot in 12.3 ms");
  });

  it('an error with its code, cut when long; a stream that failed after its head says both', () => {
    const build = runAnnouncement({ ...ended, timings: null, error: { code: 'BUILD_FAILED', message: 'x'.repeat(500) } });
    expect(build).toMatch(/^Run failed: BUILD_FAILED: x+…$/);
    expect(build.length).toBeLessThan(240);
    expect(runAnnouncement({ ...ended, status: 200, error: { code: 'STREAM_ERROR', message: 'boom' } })).toBe('Response 200 OK, then STREAM_ERROR: boom');
  });

  it('a stopped run says it was stopped', () => {
    expect(runAnnouncement({ ...ended, error: { code: 'CANCELLED', message: 'The run was stopped.' } })).toBe('The run was stopped');
    expect(runAnnouncement({ ...ended, status: 200, error: { code: 'CANCELLED', message: 'x' } })).toBe('Response 200 OK, then the run was stopped');
  });

  it('a run with neither says so', () => {
    expect(runAnnouncement({ ...ended, timings: { totalMs: 0 } })).toBe('The run ended with no response');
  });
});
