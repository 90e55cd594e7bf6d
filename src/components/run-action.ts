// The one way the page starts a run (Run button, Ctrl/Cmd+Enter): a request that cannot even be built, or a run
// that throws, still ends as a finished run with an error the response view shows; the code is never touched.
import type { Playground } from '../lib/playground.svelte';
import { RunRecord } from '../lib/run-record.svelte';
import { errorMessage } from '../../workers/shared/error-text';
import { runTimings } from '../../workers/shared/timings';

function fail(record: RunRecord, code: string, text: string): void {
  record.apply({ type: 'error', code, message: text, t: 0 });
  record.apply({ type: 'end', timings: record.timings ?? runTimings() });
}

export function runRequest(playground: Playground): void {
  let pending: Promise<RunRecord>;
  try {
    pending = playground.runNow();
  } catch (e) {
    // encodeBody throws on a bad draft (e.g. odd hex digits) before any record exists.
    const record = new RunRecord();
    fail(record, 'INVALID_REQUEST', errorMessage(e));
    playground.current = record;
    return;
  }
  const record = playground.current;
  pending.catch((e: unknown) => {
    if (record && !record.done) fail(record, 'PLAYGROUND_ERROR', errorMessage(e));
  });
}
