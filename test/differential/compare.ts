// What the suite compares of one answer, how each side's answer becomes that, and the table of differences.
import type { RawResponse } from './serve';

export const FIELDS = ['status', 'content-type', 'location', 'set-cookie', 'etag', 'headers', 'body'] as const;
export type Field = (typeof FIELDS)[number];
export type Observed = Record<Field, string | null>;

export interface Difference {
  case: string;
  version: string;
  field: Field;
}

export interface ObservedDifference extends Difference {
  real: string | null;
  playground: string | null;
}

const isHtmlPage = (body: string) => /^\s*(<!DOCTYPE html|<html)/i.test(body);

/**
 * Bodies as compared: the origin each side serves on is one placeholder (the reference listens on a free port), and
 * an HTML page (Next's 404 and 500 pages carry build ids and script tags) is compared by its visible text only.
 */
export function normaliseBody(body: string): string {
  let text = body.replace(/https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?/g, 'http://HOST');
  if (isHtmlPage(text)) {
    const visible = text
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    text = `html: ${visible}`;
  }
  return text;
}

const headerOf = (headers: [string, string][], name: string, joiner = ', ') => {
  const values = headers.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v);
  return values.length ? values.join(joiner) : null;
};

/** One answer (or two, for a case sent twice) as the compared fields; `headers`: the case's extra header names. */
export function observe(responses: RawResponse[], headers?: string[]): Observed {
  const [first] = responses;
  const location = headerOf(first.headers, 'location');
  return {
    status: String(first.status),
    'content-type': headerOf(first.headers, 'content-type'),
    location: location && normaliseBody(location),
    'set-cookie': headerOf(first.headers, 'set-cookie', ' | '),
    // An HTML page's ETag hashes its build id: only whether there is one can agree.
    etag: isHtmlPage(first.body) && headerOf(first.headers, 'etag') ? 'an ETag (of a page with a build id)' : headerOf(first.headers, 'etag'),
    headers: headers ? headers.map((name) => `${name}: ${headerOf(first.headers, name) ?? '∅'}`).join('; ') : null,
    body:
      responses.length > 1
        ? responses.every((r) => r.body === first.body)
          ? 'the same body both times'
          : 'a different body each time'
        : normaliseBody(first.body),
  };
}

/** A build that failed: on the real side the build log names the file; in the playground the run says BUILD_FAILED. */
export const BUILD_FAILED: Observed = { status: null, 'content-type': null, location: null, 'set-cookie': null, etag: null, headers: null, body: 'BUILD_FAILED' };
export const BUILT_NOT_SERVED: Observed = { ...BUILD_FAILED, body: 'built (the probe project is not served)' };

export function differences(caseId: string, version: string, real: Observed, playground: Observed): ObservedDifference[] {
  return FIELDS.filter((f) => real[f] !== playground[f]).map((field) => ({ case: caseId, version, field, real: real[field], playground: playground[field] }));
}

const cell = (v: string | null, width: number) => {
  const s = v === null ? '∅' : JSON.stringify(v).slice(1, -1);
  return s.length > width ? s.slice(0, width - 1) + '…' : s.padEnd(width);
};

/** The per-case table printed after each reference's run. */
export function table(rows: ObservedDifference[], known: (d: Difference) => boolean): string {
  if (!rows.length) return '(no differences)';
  const lines = rows.map(
    (d) => `${known(d) ? ' ' : '!'} ${d.case.padEnd(34)} ${d.field.padEnd(12)} real: ${cell(d.real, 60)}  playground: ${cell(d.playground, 60)}`,
  );
  return [`  ${'case'.padEnd(34)} ${'field'.padEnd(12)} ('!' = not in known-differences.ts)`, ...lines].join('\n');
}

export const key = (d: Difference) => `${d.version} ${d.case} ${d.field}`;
