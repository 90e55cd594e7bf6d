// An embed load or share link edits only the span of a file that changed, so Monaco re-renders only those lines.
import { describe, expect, it } from 'vitest';
import { changedSpan } from '../../src/lib/editor/changed-span';

const apply = (old: string, next: string) => {
  const { start, oldEnd, newEnd } = changedSpan(old, next);
  return old.slice(0, start) + next.slice(start, newEnd) + old.slice(oldEnd);
};

describe('changedSpan', () => {
  it('finds the one digit that changed in a handler', () => {
    const old = "export const runtime = 'edge';\nexport function GET() { return Response.json({ edit: 12 }); }\n";
    const next = old.replace('12', '13');
    expect(changedSpan(old, next)).toEqual({ start: old.indexOf('12') + 1, oldEnd: old.indexOf('12') + 2, newEnd: old.indexOf('12') + 2 });
    expect(apply(old, next)).toBe(next);
  });

  it('handles insertions, deletions, equal texts and repeats (the prefix and suffix never overlap)', () => {
    for (const [old, next] of [
      ['abc', 'abXc'],
      ['abXc', 'abc'],
      ['same', 'same'],
      ['', 'new'],
      ['old', ''],
      ['aaaa', 'aaaaaa'],
      ['aaaaaa', 'aa'],
      ['abab', 'ab'],
    ]) {
      expect(apply(old, next), `${old} → ${next}`).toBe(next);
    }
  });

  it('never splits a CRLF pair or a surrogate pair', () => {
    const crlf = changedSpan('a\r\nb', 'a\rb');
    expect(crlf.start).toBeLessThanOrEqual(1);
    expect(apply('a\r\nb', 'a\rb')).toBe('a\rb');
    const emoji = changedSpan('x\u{1F600}y', 'x\u{1F601}y'); // same high surrogate, different low one
    expect(emoji.start).toBe(1);
    expect(apply('x\u{1F600}y', 'x\u{1F601}y')).toBe('x\u{1F601}y');
  });
});
