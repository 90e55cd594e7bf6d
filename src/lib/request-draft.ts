// The request builder's draft and how it becomes a request: header and cookie rows, and a body by content type.
import type { HeaderList } from '../../workers/protocol';

export const BODY_TYPES = ['none', 'json', 'form', 'text', 'binary'] as const;
export type BodyType = (typeof BODY_TYPES)[number];

export interface Row {
  name: string;
  value: string;
  enabled: boolean;
}

export interface RequestDraft {
  method: string;
  /** Path and query, e.g. `/api/hello?name=Ada`. */
  url: string;
  headers: Row[];
  cookies: Row[];
  bodyType: BodyType;
  /** JSON or text as typed; form as `a=1&b=2` lines or query string; binary as hex bytes (`01 02 ff`). */
  body: string;
}

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const CONTENT_TYPES: Record<Exclude<BodyType, 'none'>, string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  text: 'text/plain;charset=UTF-8',
  binary: 'application/octet-stream',
};

export function parseHex(text: string): Uint8Array {
  const digits = text.replace(/0x/gi, '').replace(/[^0-9a-f]/gi, '');
  if (digits.length % 2) throw new Error('Binary body: hex digits must come in pairs (e.g. 01 02 ff).');
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Headers (with the content type and cookies added unless typed by hand) and the body bytes. */
export function encodeBody(draft: RequestDraft): { headers: HeaderList; body: Uint8Array | null } {
  const headers: HeaderList = draft.headers.filter((r) => r.enabled && r.name.trim()).map((r) => [r.name.trim(), r.value]);
  const has = (name: string) => headers.some(([k]) => k.toLowerCase() === name);
  const cookies = draft.cookies.filter((r) => r.enabled && r.name.trim());
  if (cookies.length && !has('cookie')) {
    headers.push(['cookie', cookies.map((c) => `${c.name.trim()}=${encodeURIComponent(c.value)}`).join('; ')]);
  }
  if (draft.bodyType === 'none') return { headers, body: null };
  if (!has('content-type')) headers.push(['content-type', CONTENT_TYPES[draft.bodyType]]);
  if (draft.bodyType === 'binary') return { headers, body: parseHex(draft.body) };
  if (draft.bodyType === 'form') {
    const form = draft.body.includes('\n') ? draft.body.split('\n').filter(Boolean).join('&') : draft.body;
    return { headers, body: new TextEncoder().encode(form.trim()) };
  }
  return { headers, body: new TextEncoder().encode(draft.body) };
}
