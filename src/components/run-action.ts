// The one way the page starts a run (Run button, Ctrl/Cmd+Enter): a request that cannot even be built, or a run
// that throws, still ends as a finished run with an error the response view shows; the code is never touched.
import type { Playground } from '../lib/playground.svelte';
import { RunRecord } from '../lib/run-record.svelte';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function fail(record: RunRecord, code: string, text: string): void {
  record.apply({ type: 'error', code, message: text, t: 0 });
  record.apply({ type: 'end', timings: record.timings ?? { compileMs: 0, startMs: 0, ttfbMs: 0, totalMs: 0 } });
}

export function runRequest(playground: Playground): void {
  let pending: Promise<RunRecord>;
  try {
    pending = playground.runNow();
  } catch (e) {
    // encodeBody throws on a bad draft (e.g. odd hex digits) before any record exists.
    const record = new RunRecord();
    fail(record, 'INVALID_REQUEST', message(e));
    playground.current = record;
    return;
  }
  const record = playground.current;
  pending.catch((e: unknown) => {
    if (record && !record.done) fail(record, 'PLAYGROUND_ERROR', message(e));
  });
}
