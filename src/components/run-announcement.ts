// What a screen reader hears when a run ends: its status and time, or its error, in one short sentence.
import { ms, reasonPhrase } from './format';

export interface EndedRun {
  status: number | null;
  statusText: string;
  error: { code: string; message: string } | null;
  timings: { totalMs: number } | null;
}

/** Long messages (a build error with its code frame) are cut: the error box has the whole text. */
const MAX_MESSAGE = 200;

export function runAnnouncement(run: EndedRun): string {
  const took = run.timings && run.timings.totalMs > 0 ? ` in ${ms(run.timings.totalMs)}` : '';
  const status = run.status === null ? null : `${run.status} ${run.statusText || reasonPhrase(run.status)}`.trim();
  if (!run.error) return status ? `Response ${status}${took}` : `The run ended with no response${took}`;
  if (run.error.code === 'CANCELLED') return status ? `Response ${status}, then the run was stopped` : 'The run was stopped';
  const message = run.error.message.length > MAX_MESSAGE ? `${run.error.message.slice(0, MAX_MESSAGE)}…` : run.error.message;
  const failed = `${run.error.code}: ${message}`;
  return status ? `Response ${status}, then ${failed}` : `Run failed${took}: ${failed}`;
}
