// What the page and the edge sandbox accept as a RunEvent from an edge worker (or the sandbox): user code runs in those
// threads, so a message is data to check, never trusted to have the shape its type says.
import type { HeaderList, LogLevel, RunEvent, Timings } from '../protocol';

const LEVELS: ReadonlySet<string> = new Set<LogLevel>(['log', 'info', 'warn', 'error', 'debug']);

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';

function isHeaderList(v: unknown): v is HeaderList {
  return Array.isArray(v) && v.every((pair) => Array.isArray(pair) && pair.length === 2 && isString(pair[0]) && isString(pair[1]));
}

function isTimings(v: unknown): v is Timings {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Record<string, unknown>;
  return isNumber(t.compileMs) && isNumber(t.startMs) && isNumber(t.ttfbMs) && isNumber(t.totalMs);
}

/** The event when `value` is one an edge run may send (no `prerender`: only Node.js runs prerender), else null. */
export function checkRunEvent(value: unknown): RunEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const e = value as Record<string, unknown>;
  switch (e.type) {
    case 'head':
      return isNumber(e.status) && isString(e.statusText) && isHeaderList(e.headers) && isNumber(e.t) ? (value as RunEvent) : null;
    case 'chunk':
      return e.bytes instanceof Uint8Array && isNumber(e.t) ? (value as RunEvent) : null;
    case 'log':
      return isString(e.level) && LEVELS.has(e.level) && isString(e.text) && isNumber(e.t) ? (value as RunEvent) : null;
    case 'dropped':
      return isNumber(e.count) ? (value as RunEvent) : null;
    case 'error':
      return isString(e.code) && isString(e.message) && (e.stack === undefined || isString(e.stack)) && isNumber(e.t) ? (value as RunEvent) : null;
    case 'end':
      return isTimings(e.timings) ? (value as RunEvent) : null;
    default:
      return null;
  }
}
