// The sandbox batches its run messages to the page: what is ready by the next turn of its event loop goes as one.
import { describe, expect, it } from 'vitest';
import type { SandboxResponse, SandboxRunMessage } from '../../workers/protocol';
import { Outbox } from '../../workers/shared/outbox';

function outbox() {
  const sent: { message: SandboxResponse; transfer: Transferable[] }[] = [];
  const box = new Outbox<SandboxRunMessage>((message, transfer) => sent.push({ message, transfer }));
  const turn = () => new Promise((r) => setTimeout(r, 10));
  return { box, sent, turn };
}

describe('Outbox', () => {
  it('sends the messages of one turn as one batch, in order, with every transfer', async () => {
    const { box, sent, turn } = outbox();
    const bytes = new Uint8Array([1, 2]);
    box.push({ type: 'started', runId: 1, startMs: 0, cold: false });
    box.push({ type: 'event', runId: 1, event: { type: 'head', status: 200, statusText: '', headers: [], t: 1 } });
    box.push({ type: 'event', runId: 1, event: { type: 'chunk', bytes, t: 2 } }, [bytes.buffer]);
    expect(sent).toHaveLength(0); // nothing before the next turn
    await turn();
    expect(sent).toHaveLength(1);
    expect(sent[0].message.type).toBe('batch');
    expect((sent[0].message as { messages: { type: string }[] }).messages.map((m) => m.type)).toEqual(['started', 'event', 'event']);
    expect(sent[0].transfer).toEqual([bytes.buffer]);
  });

  it('a lone message goes as itself, and a later turn starts a new batch', async () => {
    const { box, sent, turn } = outbox();
    box.push({ type: 'event', runId: 2, event: { type: 'end', timings: { compileMs: 0, startMs: 0, ttfbMs: 0, totalMs: 1 } } });
    await turn();
    box.push({ type: 'started', runId: 3, startMs: 0, cold: true });
    await turn();
    expect(sent.map((s) => s.message.type)).toEqual(['event', 'started']);
  });
});

describe('Outbox, leading (the page: its thread may be busy rendering)', () => {
  it('sends a message that finds it idle at once and batches those that follow within the turn', async () => {
    const sent: SandboxRunMessage[][] = [];
    const box = new Outbox<SandboxRunMessage>((message) => sent.push(message.type === 'batch' ? message.messages : [message]), { leading: true });
    box.push({ type: 'started', runId: 1, startMs: 0, cold: false });
    expect(sent).toHaveLength(1);
    box.push({ type: 'started', runId: 2, startMs: 0, cold: false });
    box.push({ type: 'started', runId: 3, startMs: 0, cold: false });
    expect(sent).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(sent.map((batch) => batch.map((m) => (m as { runId: number }).runId))).toEqual([[1], [2, 3]]);
    box.push({ type: 'started', runId: 4, startMs: 0, cold: false });
    expect(sent).toHaveLength(3);
    box.close();
    box.push({ type: 'started', runId: 5, startMs: 0, cold: false });
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toHaveLength(3);
  });
});

describe('Outbox, holding for a burst (the sandbox, while other runs are in flight)', () => {
  it('holds what is ready while more is coming, up to maxMs, and sends at once when the burst ends', async () => {
    const sent: number[][] = [];
    let inFlight = 3;
    const box = new Outbox<SandboxRunMessage>(
      (message) => sent.push((message.type === 'batch' ? message.messages : [message]).map((m) => (m as { runId: number }).runId)),
      { hold: { while: () => inFlight > 0, maxMs: 50 } },
    );
    const end = (runId: number) => ({ type: 'event' as const, runId, event: { type: 'end' as const, timings: { compileMs: 0, startMs: 0, ttfbMs: 0, totalMs: 1 } } });
    inFlight--;
    box.push(end(1));
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual([]); // held: two runs are still in flight
    inFlight--;
    box.push(end(2));
    inFlight--;
    box.push(end(3)); // the last one: the burst is over
    await new Promise((r) => setTimeout(r, 5));
    expect(sent).toEqual([[1, 2, 3]]);
  });

  it('never holds longer than maxMs', async () => {
    const sent: number[] = [];
    const box = new Outbox<SandboxRunMessage>(() => sent.push(performance.now()), { hold: { while: () => true, maxMs: 30 } });
    const t0 = performance.now();
    box.push({ type: 'started', runId: 1, startMs: 0, cold: false });
    // Held while more may come (`while` says so for ever), but not for ever: it goes when maxMs is up. The upper bound
    // is loose on purpose: a shared machine's timers fire late, and holding for ever would never send at all.
    await expect.poll(() => sent.length, { timeout: 2000, interval: 5 }).toBe(1);
    expect(sent[0] - t0).toBeGreaterThanOrEqual(25); // held (Node timers may fire a millisecond or two early by this clock)
    expect(sent[0] - t0).toBeLessThan(1000);
  });
});
