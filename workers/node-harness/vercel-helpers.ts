// The @vercel/node request and response helpers (runtime-spec.md §5, H01–H21): lazy req.query/cookies/body and
// res.status/send/json/redirect, with the semantics measured from Vercel's helpers.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { parse as parseCookie } from 'cookie';
import { format as formatContentType, parse as parseContentType } from 'content-type';
import etag from 'etag';

export type VercelRequest = IncomingMessage & { query: Record<string, string | string[]>; cookies: Record<string, string>; body: unknown };
export type VercelResponse = ServerResponse & {
  status(code: number): VercelResponse;
  send(body: unknown): VercelResponse;
  json(body: unknown): VercelResponse;
  redirect(statusOrUrl: string | number, url?: string): VercelResponse;
};

/** What the body getter throws for malformed JSON: `err.statusCode === 400` (H06). */
export class ApiError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.statusCode = statusCode;
  }
}

export const REDIRECT_ARGUMENTS_ERROR =
  "Invalid redirect arguments. Please use a single argument URL, e.g. res.redirect('/destination') or use a status code and URL, e.g. res.redirect(307, '/destination').";

/** Computed on first read, then an ordinary (writable) property: Vercel's setLazyProp. */
export function defineLazy<T>(target: object, name: string, compute: () => T): void {
  const settle = (value: unknown) => Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(target, name, {
    configurable: true,
    enumerable: true,
    get() {
      const value = compute();
      settle(value);
      return value;
    },
    set: settle,
  });
}

/** H01/H02: a repeated key becomes an array, in order. */
export function queryOf(url: string | undefined): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  new URL(url ?? '/', 'http://localhost').searchParams.forEach((value, key) => {
    const seen = query[key];
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  });
  return query;
}

/** H03: the `cookie` package; the first of duplicate names wins, values URI-decoded. */
export function cookiesOf(req: IncomingMessage): Record<string, string> {
  const header = req.headers.cookie as string | string[] | undefined;
  if (!header) return {};
  return parseCookie(Array.isArray(header) ? header.join(';') : header) as Record<string, string>;
}

/**
 * H04–H11. With no Content-Type the playground answers `undefined` (the docs and the 2023 production launcher);
 * `vc dev` today gives `''` (runtime-spec.md §5).
 */
export function bodyOf(bytes: Buffer, contentType: string | undefined): unknown {
  if (!contentType) return undefined;
  const { type } = parseContentType(contentType);
  switch (type) {
    case 'application/json': {
      const text = bytes.toString();
      if (!text) return {};
      try {
        return JSON.parse(text);
      } catch {
        throw new ApiError(400, 'Invalid JSON');
      }
    }
    case 'application/octet-stream':
      return bytes;
    case 'application/x-www-form-urlencoded':
      return parseQueryString(bytes.toString());
    case 'text/plain':
      return bytes.toString();
    default:
      return undefined;
  }
}

function withCharset(type: string): string {
  const parsed = parseContentType(type);
  parsed.parameters.charset = 'utf-8';
  return formatContentType(parsed);
}

function send(req: IncomingMessage, res: VercelResponse, body: unknown): VercelResponse {
  let chunk: unknown = body;
  if (typeof chunk === 'string') {
    if (!res.getHeader('content-type')) res.setHeader('content-type', 'text/html');
  } else if (typeof chunk === 'boolean' || typeof chunk === 'number' || typeof chunk === 'object') {
    if (chunk === null) chunk = '';
    else if (Buffer.isBuffer(chunk)) {
      if (!res.getHeader('content-type')) res.setHeader('content-type', 'application/octet-stream');
    } else return json(req, res, chunk);
  }
  const isText = typeof chunk === 'string';
  if (isText) {
    const type = res.getHeader('content-type');
    if (typeof type === 'string') res.setHeader('content-type', withCharset(type));
  }
  let length: number | undefined;
  if (chunk !== undefined) {
    if (Buffer.isBuffer(chunk)) length = chunk.length;
    else if (isText) {
      chunk = Buffer.from(chunk as string, 'utf8');
      length = (chunk as Buffer).length;
    } else throw new Error('`body` is not a valid string, object, boolean, number, Stream, or Buffer');
    res.setHeader('content-length', length);
  }
  // H12/H14: a weak ETag of the bytes (the `etag` package), unless one is set; none for `undefined`.
  if (length !== undefined && !res.getHeader('etag')) res.setHeader('etag', etag(chunk as Buffer, { weak: true }));
  // H17: 204 and 304 carry no body and no entity headers (the ETag stays).
  if (res.statusCode === 204 || res.statusCode === 304) {
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Length');
    res.removeHeader('Transfer-Encoding');
    chunk = '';
  }
  // H18: HEAD gets the headers only.
  if (req.method === 'HEAD' || chunk === undefined) res.end();
  else res.end(chunk as Buffer | string);
  return res;
}

function json(req: IncomingMessage, res: VercelResponse, value: unknown): VercelResponse {
  const text = JSON.stringify(value);
  if (!res.getHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
  return send(req, res, text);
}

/** H19/H20: 307 by default, an empty body; a lone status code is an error. */
export function parseRedirect(statusOrUrl: unknown, url: unknown): [status: number, url: string] {
  if (typeof statusOrUrl === 'string') return [307, statusOrUrl];
  if (typeof statusOrUrl !== 'number' || typeof url !== 'string') throw new Error(REDIRECT_ARGUMENTS_ERROR);
  return [statusOrUrl, url];
}

/** Adds the helpers; `body` is the request body the harness already holds, so the stream stays unread for the handler. */
export function addVercelHelpers(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const request = req as VercelRequest;
  const response = res as VercelResponse;
  defineLazy(request, 'cookies', () => cookiesOf(req));
  defineLazy(request, 'query', () => queryOf(req.url));
  const contentType = req.headers['content-type'];
  defineLazy(request, 'body', () => bodyOf(body, contentType));
  response.status = (code: number) => {
    response.statusCode = code;
    return response;
  };
  response.send = (value: unknown) => send(req, response, value);
  response.json = (value: unknown) => json(req, response, value);
  response.redirect = (statusOrUrl: string | number, url?: string) => {
    const [status, location] = parseRedirect(statusOrUrl, url);
    response.writeHead(status, { Location: location }).end();
    return response;
  };
}
