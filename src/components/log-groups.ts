// Folds a run's console lines into rows where consecutive identical lines become one row with a count. Incremental:
// the log list only grows during a run, so each frame folds only the new lines and keeps the old rows' identity
// (the keyed list then touches only the last row and the new ones: no O(n²) work for long outputs).
import type { LogLine } from '../lib/run-record.svelte';

export interface LogRow {
  /** Index of the row's first line in the run's log: a stable key. */
  key: number;
  level: LogLine['level'];
  text: string;
  t: number;
  count: number;
}

export class LogGroups {
  #source: readonly LogLine[] = [];
  #rows: LogRow[] = [];

  update(logs: readonly LogLine[]): LogRow[] {
    const grows = logs.length >= this.#source.length && (this.#source.length === 0 || logs[this.#source.length - 1] === this.#source[this.#source.length - 1]);
    const start = grows ? this.#source.length : 0;
    const rows = grows ? this.#rows.slice() : [];
    for (let i = start; i < logs.length; i++) {
      const line = logs[i];
      const last = rows[rows.length - 1];
      if (last && last.level === line.level && last.text === line.text) rows[rows.length - 1] = { ...last, count: last.count + 1 };
      else rows.push({ key: i, level: line.level, text: line.text, t: line.t, count: 1 });
    }
    this.#source = logs;
    this.#rows = rows;
    return rows;
  }
}
