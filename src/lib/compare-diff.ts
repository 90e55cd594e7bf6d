// What differs between two answers to one request: headers by name, the body line by line (jsdiff), for the compare view.
import { diffLines } from 'diff';
import type { HeaderList } from '../../workers/protocol';

/** Compare shows the start of a body past this, as the response view does; the diff gives up past DIFF_TIMEOUT_MS. */
export const COMPARED_BODY_CHARS = 256 * 1024;
const DIFF_TIMEOUT_MS = 250;

export type HeaderMark = 'same' | 'changed' | 'only-here';

export interface MarkedHeader {
  name: string;
  value: string;
  mark: HeaderMark;
}

/** A header list by lower-cased name, repeated names (Set-Cookie) joined as fetch joins them. */
function byName(headers: HeaderList): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of headers) {
    const name = k.toLowerCase();
    const had = out.get(name);
    out.set(name, had === undefined ? v : `${had}, ${v}`);
  }
  return out;
}

/** Each side's headers (names lower-cased, sorted), each marked same, changed (value differs) or only on this side. */
export function diffHeaders(left: HeaderList, right: HeaderList): [MarkedHeader[], MarkedHeader[]] {
  const a = byName(left);
  const b = byName(right);
  const mark = (mine: Map<string, string>, theirs: Map<string, string>): MarkedHeader[] =>
    [...mine]
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([name, value]) => ({ name, value, mark: !theirs.has(name) ? 'only-here' : theirs.get(name) === value ? 'same' : 'changed' }));
  return [mark(a, b), mark(b, a)];
}

export type LineMark = 'same' | 'removed' | 'added';

export interface MarkedLine {
  text: string;
  mark: LineMark;
}

export interface BodyDiff {
  left: MarkedLine[];
  right: MarkedLine[];
  /** Lines that differ, on either side. */
  changed: number;
  /** The diff gave up (too large or too different): every line is shown as changed. */
  gaveUp: boolean;
}

/** JSON bodies are compared pretty-printed, so one changed field is one changed line. */
function comparable(text: string): string {
  const cut = text.length > COMPARED_BODY_CHARS ? text.slice(0, COMPARED_BODY_CHARS) : text;
  if (!/^\s*[[{]/.test(cut)) return cut;
  try {
    return JSON.stringify(JSON.parse(cut), null, 2);
  } catch {
    return cut;
  }
}

const lines = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** A side-by-side line diff: the left side marks what only it has as removed, the right side what only it has as added. */
export function diffBodies(leftText: string, rightText: string): BodyDiff {
  const a = comparable(leftText);
  const b = comparable(rightText);
  const changes = diffLines(a, b, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) {
    const left = lines(a).map((text) => ({ text, mark: 'removed' as const }));
    const right = lines(b).map((text) => ({ text, mark: 'added' as const }));
    return { left, right, changed: left.length + right.length, gaveUp: true };
  }
  const diff: BodyDiff = { left: [], right: [], changed: 0, gaveUp: false };
  for (const change of changes) {
    const texts = lines(change.value);
    if (change.added) {
      diff.right.push(...texts.map((text) => ({ text, mark: 'added' as const })));
      diff.changed += texts.length;
    } else if (change.removed) {
      diff.left.push(...texts.map((text) => ({ text, mark: 'removed' as const })));
      diff.changed += texts.length;
    } else {
      const same = texts.map((text) => ({ text, mark: 'same' as const }));
      diff.left.push(...same);
      diff.right.push(...same);
    }
  }
  return diff;
}
