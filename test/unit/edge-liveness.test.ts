// The dead-sandbox logic of EdgeRuntime: when a silent sandbox is declared dead, and what its pending runs get.
import { describe, expect, it } from 'vitest';
import { LivenessMonitor, type Clock } from '../../src/lib/runtimes/liveness';
import { SANDBOX_DIED_MESSAGE, sandboxDiedEvents } from '../../src/lib/runtimes/edge';
import { EventQueue } from '../../workers/shared/event-queue';

/** A clock whose interval fires only when the test advances time. */
function fakeClock() {
  let now = 0;
  let tick: (() => void) | null = null;
  let every = 0;
  let next = 0;
  const clock: Clock = {
    now: () => now,
    setInterval: (fn, ms) => {
      tick = fn;
      every = ms;
      next = now + ms;
      return 1;
    },
    clearInterval: () => {
      tick = null;
    },
  };
  return {
    clock,
    /** Advances time; the interval fires on schedule unless `stalled` (then once, late, like a blocked page). */
    advance(ms: number, stalled = false) {
      const end = now + ms;
      if (stalled) {
        now = end;
        if (tick && next <= end) {
          next = end + every;
          tick();
        }
        return;
      }
      while (tick && next <= end) {
        now = next;
        next += every;
        tick();
      }
      now = end;
    },
  };
}

function monitor() {
  const time = fakeClock();
  const pings: number[] = [];
  let deaths = 0;
  const m = new LivenessMonitor((n) => pings.push(n), () => deaths++, { intervalMs: 500, timeoutMs: 3_000 }, time.clock);
  return { m, time, pings, deaths: () => deaths };
}

describe('LivenessMonitor', () => {
  it('pings only while runs are pending', () => {
    const { m, time, pings } = monitor();
    time.advance(2_000);
    expect(pings).toEqual([]);
    m.watch();
    expect(pings).toEqual([1]);
    m.pong();
    time.advance(1_000);
    expect(pings).toEqual([1, 2, 3]);
    m.idle();
    time.advance(5_000);
    expect(pings).toHaveLength(3);
  });

  it('runs one after another do not each ping: a watch right after a pong waits for the first tick', () => {
    const { m, time, pings } = monitor();
    m.watch();
    m.pong();
    m.idle();
    time.advance(100);
    m.watch();
    expect(pings).toEqual([1]);
    time.advance(500);
    expect(pings).toEqual([1, 2]);
    m.idle();
    time.advance(1_000); // the last pong is old by now: the next watch pings at once
    m.watch();
    expect(pings).toEqual([1, 2, 3]);
  });

  it('runs one after another set the timer up once; once idle, its next tick stops it without a ping', () => {
    const time = fakeClock();
    let timers = 0;
    let cleared = 0;
    const clock: Clock = {
      now: time.clock.now,
      setInterval: (fn, ms) => (timers++, time.clock.setInterval(fn, ms)),
      clearInterval: (handle) => (cleared++, time.clock.clearInterval(handle)),
    };
    const pings: number[] = [];
    const m = new LivenessMonitor((n) => pings.push(n), () => {}, { intervalMs: 500, timeoutMs: 3_000 }, clock);
    m.watch();
    m.pong();
    for (let i = 0; i < 100; i++) {
      m.idle();
      expect(m.watching).toBe(false);
      time.advance(1);
      m.watch();
      expect(m.watching).toBe(true);
    }
    expect([timers, cleared]).toEqual([1, 0]);
    m.idle();
    time.advance(500); // the tick finds no run pending
    expect([timers, cleared]).toEqual([1, 1]);
    expect(pings).toEqual([1]);
    time.advance(5_000);
    expect(pings).toEqual([1]);
  });

  it('L05: a sandbox that never answers after a recent pong is still declared dead', () => {
    const { m, time, deaths } = monitor();
    m.watch();
    m.pong();
    m.idle();
    m.watch(); // no ping now; the first tick pings and nothing answers
    time.advance(500 + 3_000);
    expect(deaths()).toBe(1);
  });

  it('L05: a sandbox that answers is never declared dead, however long a run takes', () => {
    const { m, time, deaths } = monitor();
    m.watch();
    for (let i = 0; i < 600; i++) {
      time.advance(500);
      m.pong();
    }
    expect(deaths()).toBe(0);
  });

  it('L05: a ping unanswered for the timeout → dead, once, and pinging stops', () => {
    const { m, time, pings, deaths } = monitor();
    m.watch();
    m.pong();
    time.advance(500); // ping 2 goes out and is never answered
    time.advance(2_500);
    expect(deaths()).toBe(0);
    time.advance(500);
    expect(deaths()).toBe(1);
    expect(m.dead).toBe(true);
    const sent = pings.length;
    time.advance(10_000);
    m.watch();
    expect(deaths()).toBe(1);
    expect(pings).toHaveLength(sent);
  });

  it('a stalled page (a late tick) does not count the stall as the sandbox\'s silence', () => {
    const { m, time, deaths } = monitor();
    m.watch(); // ping 1 outstanding; its pong waits in the page's queue behind a long task
    time.advance(10_000, true);
    expect(deaths()).toBe(0);
    m.pong();
    time.advance(2_000);
    expect(deaths()).toBe(0);
  });
});

describe('a dead sandbox', () => {
  it('L05: a run without a head gets the 502 page, an honest error, then the caller adds end', () => {
    const events = sandboxDiedEvents(false, 12);
    expect(events.map((e) => e.type)).toEqual(['head', 'chunk', 'error']);
    expect(events[0]).toMatchObject({ status: 502, headers: [['content-type', 'text/plain; charset=utf-8'], ['x-vercel-error', 'EDGE_FUNCTION_INVOCATION_FAILED']] });
    const chunk = events[1] as { bytes: Uint8Array };
    expect(new TextDecoder().decode(chunk.bytes)).toBe('502: BAD_GATEWAY\nCode: EDGE_FUNCTION_INVOCATION_FAILED\n');
    expect(events[2]).toMatchObject({ code: 'EDGE_FUNCTION_INVOCATION_FAILED', message: SANDBOX_DIED_MESSAGE });
    expect(SANDBOX_DIED_MESSAGE).toMatch(/128 MB/);
    expect(SANDBOX_DIED_MESSAGE).toMatch(/most likely/);
  });

  it('a run that already sent its head gets only the error', () => {
    expect(sandboxDiedEvents(true, 5).map((e) => e.type)).toEqual(['error']);
  });
});

describe('EventQueue', () => {
  it('delivers pushed items in order, before and after the reader waits, and ends on close', async () => {
    const q = new EventQueue<number>();
    q.push(1);
    const read = (async () => {
      const got: number[] = [];
      for await (const n of q) got.push(n);
      return got;
    })();
    await Promise.resolve();
    q.push(2);
    q.push(3);
    q.close();
    q.push(4);
    expect(await read).toEqual([1, 2, 3]);
  });

  it('a reader that stops early (break) closes the queue', async () => {
    const q = new EventQueue<number>();
    q.push(1);
    q.push(2);
    for await (const n of q) if (n === 1) break;
    expect(q.closed).toBe(true);
  });
});
