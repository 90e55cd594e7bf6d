import { describe, expect, it } from 'vitest';
import { mayHaveObjectUrl } from '../../workers/edge/object-url-types';

/** The JavaScript MIME type essences of the WHATWG MIME Sniffing standard (§4.6). */
const JAVASCRIPT_ESSENCES = [
  'application/ecmascript', 'application/javascript', 'application/x-ecmascript', 'application/x-javascript',
  'text/ecmascript', 'text/javascript', 'text/javascript1.0', 'text/javascript1.1', 'text/javascript1.2',
  'text/javascript1.3', 'text/javascript1.4', 'text/javascript1.5', 'text/jscript', 'text/livescript',
  'text/x-ecmascript', 'text/x-javascript',
];

/** Blob lower-cases its type, so these are the spellings the guard sees. */
const spellings = (essence: string) => [essence, `${essence};charset=utf-8`, `${essence}; charset=utf-8`, `${essence} ;x=1`, `${essence};`, ` ${essence}`];

describe('blob: URL types (D01)', () => {
  it('D01: no JavaScript MIME type gets a blob: URL, with or without parameters', () => {
    const allowed = JAVASCRIPT_ESSENCES.flatMap(spellings).filter(mayHaveObjectUrl);
    expect(allowed).toEqual([]);
  });

  it('D01: a script type hidden in a comma list (Chromium reads the last one) is refused', () => {
    const hidden = ['text/plain, text/javascript', 'text/plain,text/javascript', 'text/plain;,text/javascript', 'text/plain; x=a,text/javascript', 'text/plain; x="a,text/javascript"'];
    expect(hidden.filter(mayHaveObjectUrl)).toEqual([]);
  });

  it('D01: unknown and script-like types are refused (an allow-list)', () => {
    const refused = ['application/x-foo', 'text/jsx', 'text/typescript', 'application/wasm', 'module', 'javascript', 'text/plain;charset="utf-8"'];
    expect(refused.filter(mayHaveObjectUrl)).toEqual([]);
  });

  it('no type and known non-script types keep their blob: URLs', () => {
    const kept = ['', 'text/plain', 'text/plain;charset=utf-8', 'text/plain; charset=utf-8', 'application/json', 'application/octet-stream', 'image/png', 'image/svg+xml', 'video/mp4', 'multipart/form-data; boundary=x-1'];
    expect(kept.filter((t) => !mayHaveObjectUrl(t))).toEqual([]);
  });
});
