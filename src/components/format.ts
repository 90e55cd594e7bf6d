// Small formatters the run views share: milliseconds, byte counts, status classes, hex dumps, body kinds.
import { formatSize } from '../lib/limits';

export const ms = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '—' : `${n.toFixed(1)} ms`);

export const bytes = (n: number) => formatSize(n);

/** A runtime's name as the page shows it; — for a run that reached none. */
const RUNTIME_LABELS: Record<string, string> = { edge: 'Edge', nodejs: 'Node.js', python: 'Python', ruby: 'Ruby', go: 'Go' };
export const runtimeLabel = (runtime: string | null) => (runtime !== null && RUNTIME_LABELS[runtime]) || '—';

/** `ok` 2xx, `redirect` 3xx, `client` 4xx, `server` 5xx, `info` 1xx. */
export function statusClass(status: number | null): string {
  if (status === null) return 'none';
  if (status >= 500) return 'server';
  if (status >= 400) return 'client';
  if (status >= 300) return 'redirect';
  if (status >= 200) return 'ok';
  return 'info';
}

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 206: 'Partial Content', 301: 'Moved Permanently',
  302: 'Found', 303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** The standard reason phrase, for responses that carry none (`Response.json()` has an empty statusText). */
export const reasonPhrase = (status: number) => REASONS[status] ?? '';

const hex2 = (b: number) => b.toString(16).padStart(2, '0');

/** `00000000  48 65 6c 6c 6f …  |Hello…|`, 16 bytes a row. */
export function hexDump(data: Uint8Array, limit = 64 * 1024): string {
  const rows: string[] = [];
  const end = Math.min(data.length, limit);
  for (let offset = 0; offset < end; offset += 16) {
    const row = data.subarray(offset, Math.min(offset + 16, end));
    const hex = [...row].map(hex2).join(' ').padEnd(47, ' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    rows.push(`${offset.toString(16).padStart(8, '0')}  ${hex}  |${ascii}|`);
  }
  if (data.length > end) rows.push(`… ${data.length - end} more bytes`);
  return rows.join('\n');
}

/** What kind of body a content type announces (null: unknown, look at the bytes). */
export function bodyKind(contentType: string | null): 'json' | 'html' | 'text' | 'binary' | null {
  if (!contentType) return null;
  const t = contentType.toLowerCase();
  if (/[/+]json\b/.test(t)) return 'json';
  if (t.includes('text/html')) return 'html';
  if (t.startsWith('text/') || /javascript|xml|x-www-form-urlencoded|ecmascript/.test(t)) return 'text';
  return 'binary';
}

/** Bytes that do not decode as text: NUL bytes or invalid UTF-8 in the first 4 KB. */
export function looksBinary(data: Uint8Array): boolean {
  const head = data.subarray(0, 4096);
  if (head.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.length < data.length ? head.subarray(0, lastBoundary(head)) : head);
    return false;
  } catch {
    return true;
  }
}

/** Trims a cut multi-byte sequence from the end of a sample, so a sample of valid UTF-8 stays valid. */
function lastBoundary(data: Uint8Array): number {
  let i = data.length;
  for (let k = 0; k < 3 && i > 0 && (data[i - 1] & 0xc0) === 0x80; k++) i--;
  if (i > 0 && data[i - 1] >= 0xc0) i--;
  return i;
}

/** A short one-line view of a chunk's bytes for the chunk list. */
export function chunkPreview(data: Uint8Array, max = 80): string {
  const text = new TextDecoder().decode(data.subarray(0, max * 4));
  const flat = text.replace(/\r?\n/g, '⏎').replace(/\t/g, '→');
  return flat.length > max ? flat.slice(0, max) + '…' : flat;
}
