// What the page accepts from the edge sandbox and straight from a worker's port: user code runs there, so a message
// whose shape is wrong is dropped, never passed on to the record and the views.
import { describe, expect, it } from 'vitest';
import { checkRunEvent } from '../../workers/shared/run-event-check';

const timings = { compileMs: 0, startMs: 0, ttfbMs: 1, totalMs: 2 };

describe('checkRunEvent', () => {
  it('passes every event an edge run sends', () => {
    const events = [
      { type: 'head', status: 200, statusText: 'OK', headers: [['content-type', 'text/plain']], t: 1 },
      { type: 'chunk', bytes: new Uint8Array([104, 105]), t: 1 },
      { type: 'log', level: 'warn', text: 'careful', t: 1 },
      { type: 'dropped', count: 3 },
      { type: 'error', code: 'EDGE_FUNCTION_INVOCATION_FAILED', message: 'boom', stack: 'Error: boom', t: 2 },
      { type: 'error', code: 'CANCELLED', message: 'stopped', t: 2 },
      { type: 'end', timings },
    ];
    for (const event of events) expect(checkRunEvent(event)).toBe(event);
  });

  it('drops forged shapes: bytes that are not bytes, headers that are not pairs of strings, unknown types, prerender', () => {
    const forged = [
      null,
      'end',
      { type: 'chunk', bytes: 'hi', t: 1 },
      { type: 'chunk', bytes: { byteLength: 1e12 }, t: 1 },
      { type: 'head', status: '200', statusText: 'OK', headers: [], t: 1 },
      { type: 'head', status: 200, statusText: 'OK', headers: [['a', 1]], t: 1 },
      { type: 'head', status: 200, statusText: 'OK', headers: { a: 'b' }, t: 1 },
      { type: 'log', level: 'shout', text: 'x', t: 1 },
      { type: 'log', level: 'log', text: { toString: () => 'x' }, t: 1 },
      { type: 'error', code: 'X', message: 'y', stack: 1, t: 1 },
      { type: 'end', timings: { totalMs: 1 } },
      { type: 'end' },
      { type: 'prerender', static: true, reason: '', revalidate: false },
      { type: 'start', runtime: 'edge' },
      { type: 'dropped', count: Infinity },
    ];
    for (const event of forged) expect(checkRunEvent(event), JSON.stringify(event)).toBeNull();
  });
});
