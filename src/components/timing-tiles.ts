// The four timing tiles of a run, honestly: '—' for a phase that did not happen, '…' for one still under way, and a
// first byte never later than the total (the edge's first byte is shifted from the worker's clock and may overshoot).
import type { Timings } from '../../workers/protocol';
import { ms } from './format';

export interface TimingTile {
  label: string;
  value: string;
  /** Why a tile shows '—'. */
  note?: string;
}

/** What the tiles read of a run (RunRecord has these). */
export interface TimedRun {
  runtime: string | null;
  status: number | null;
  headAt: number | null;
  done: boolean;
  timings: Timings | null;
}

const PENDING = '…';
const NONE = '—';
const UNREACHED = 'The run ended before it reached a runtime.';

export function timingTiles(run: TimedRun): TimingTile[] {
  const node = run.runtime === 'nodejs';
  const t = run.done ? run.timings : null;
  const total = t && t.totalMs > 0 ? t.totalMs : null;
  const phase = (label: string, value: number | undefined, note: string): TimingTile =>
    !t ? { label, value: PENDING } : value && value > 0 ? { label, value: ms(value) } : { label, value: NONE, note };

  let firstByte: TimingTile;
  if (run.status === null || run.headAt === null) {
    firstByte = run.done ? { label: 'First byte', value: NONE, note: 'No response head arrived in this run.' } : { label: 'First byte', value: PENDING };
  } else {
    const measured = t && t.ttfbMs > 0 ? t.ttfbMs : run.headAt;
    firstByte = { label: 'First byte', value: ms(total === null ? measured : Math.min(measured, total)) };
  }

  return [
    phase('Compile', t?.compileMs, 'No build in this run: an unchanged project reuses its last build, and a run that ends before the build has none.'),
    phase(
      node ? 'Module load' : 'Worker start',
      t?.startMs,
      total === null ? UNREACHED : node ? 'No module load in this run: the warm process already had this bundle.' : 'No worker start in this run: a warm worker already had this bundle.',
    ),
    firstByte,
    !t ? { label: 'Total', value: PENDING } : total === null ? { label: 'Total', value: NONE, note: UNREACHED } : { label: 'Total', value: ms(total) },
  ];
}
