// L07 on a Python, Ruby or Go run's events (workers/shared/body-limit.ts): a whole body over the limit answers 413,
// a body in pieces streams, and a head waits for the event that says which.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../workers/protocol';
import { BodyLimit } from '../../workers/shared/body-limit';

const head: RunEvent = { type: 'head', status: 200, statusText: 'OK', headers: [['content-type', 'text/plain']], t: 1 };
const chunk = (n: number, t = 2): RunEvent => ({ type: 'chunk', bytes: new Uint8Array(n), t });
const log: RunEvent = { type: 'log', level: 'log', text: 'hi', t: 1.5 };

describe('BodyLimit (L07)', () => {
  it('a head waits for the next event; a log passes at once; a chunk within the limit releases both', () => {
    const limit = new BodyLimit(10);
    expect(limit.pass(head)).toEqual([]);
    expect(limit.pass(log)).toEqual([log]);
    const small = chunk(10);
    expect(limit.pass(small)).toEqual([head, small]);
    expect([limit.headSent, limit.ttfbMs]).toEqual([true, 1]);
    expect(limit.tooLarge(3)).toBeNull();
  });

  it('L07: a single chunk over the limit, then the end → the 413 FUNCTION_PAYLOAD_TOO_LARGE in place of the head and body', () => {
    const limit = new BodyLimit(10);
    limit.pass(head);
    expect(limit.pass(chunk(11))).toEqual([]);
    const refused = limit.tooLarge(5)!;
    expect(refused[0]).toMatchObject({ type: 'head', status: 413, t: 5 });
    expect(refused.find((e) => e.type === 'error')).toMatchObject({ code: 'FUNCTION_PAYLOAD_TOO_LARGE' });
    expect([limit.headSent, limit.ttfbMs, limit.release()]).toEqual([true, 5, []]);
  });

  it('L07: a second chunk says the body streams: the held head and first chunk go on with it, whatever their size', () => {
    const limit = new BodyLimit(10);
    limit.pass(head);
    const first = chunk(11);
    limit.pass(first);
    const second = chunk(11, 3);
    expect(limit.pass(second)).toEqual([head, first, second]);
    expect(limit.tooLarge(4)).toBeNull();
  });

  it('a head with no body is released at the end; a second head is ignored', () => {
    const limit = new BodyLimit(10);
    limit.pass(head);
    expect(limit.pass({ ...head, status: 500 })).toEqual([]);
    expect(limit.tooLarge(2)).toBeNull();
    expect(limit.release()).toEqual([head]);
  });
});
