// Where two versions of a file differ, so an outside change to the editor's text edits only that span.
/**
 * The span where `next` differs from `old`: [start, oldEnd) in `old` becomes [start, newEnd) in `next`. Never splits
 * a CRLF pair or a surrogate pair, so the edit maps to whole characters of the model.
 */
export function changedSpan(old: string, next: string): { start: number; oldEnd: number; newEnd: number } {
  const max = Math.min(old.length, next.length);
  let start = 0;
  while (start < max && old.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0; // length of the common suffix, not overlapping the prefix
  while (end < max - start && old.charCodeAt(old.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  const splits = (text: string, at: number) => {
    const before = text.charCodeAt(at - 1);
    const after = text.charCodeAt(at);
    return (before === 13 && after === 10) || (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
  };
  while (start > 0 && (splits(old, start) || splits(next, start))) start--;
  while (end > 0 && (splits(old, old.length - end) || splits(next, next.length - end))) end--;
  return { start, oldEnd: old.length - end, newEnd: next.length - end };
}
