// Next.js Pages API routes on the Node runtime (`pages/api/**`, kind 'pages-api'): Next's apiResolver flavour of the
// helpers where it differs from @vercel/node's (runtime-spec.md §5): the body is parsed before the handler runs
// (ld+json too, anything else as text, a size limit), res.send has no HTML default, res.redirect writes the URL.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { parse as parseContentType } from 'content-type';
import { ApiError, cookiesOf, defineLazy, parseRedirect, queryOf } from './vercel-helpers';
import type { RouteParams } from '../route-params';

type NextResponse = ServerResponse & Record<'status' | 'send' | 'json' | 'redirect', (...args: never[]) => unknown>;

export interface PagesApiConfig {
  api?: { bodyParser?: false | { sizeLimit?: string | number } };
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** The `bytes` package's parse for the sizes people write in `config.api.bodyParser.sizeLimit` ('1mb', '500kb', 1e6). */
export function parseSize(limit: string | number): number {
  if (typeof limit === 'number') return limit;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!match) return NaN;
  return Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]);
}

/** Next's body parser: JSON and ld+json parsed (empty → {}), urlencoded decoded, everything else a string. */
function parseBody(bytes: Buffer, contentTypeHeader: string | undefined, limit: string | number): unknown {
  let type: string;
  try {
    type = parseContentType(contentTypeHeader || 'text/plain').type;
  } catch {
    type = 'text/plain';
  }
  if (bytes.length > parseSize(limit)) throw new ApiError(413, `Body exceeded ${limit} limit`);
  const text = bytes.toString();
  if (type === 'application/json' || type === 'application/ld+json') {
    if (text.length === 0) return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError(400, 'Invalid JSON');
    }
  }
  if (type === 'application/x-www-form-urlencoded') return parseQueryString(text);
  return text;
}

/** FNV-1a (52 bit) over UTF-16 code units, as Next's ETag for API responses. */
function fnv1a52(text: string): number {
  let v0 = 0x2325;
  let v1 = 0x8422;
  let v2 = 0x9ce4;
  let v3 = 0xcbf2;
  for (let i = 0; i < text.length; i++) {
    v0 ^= text.charCodeAt(i);
    const t0 = v0 * 435;
    let t1 = v1 * 435;
    let t2 = v2 * 435;
    const t3 = v3 * 435 + (v1 << 8);
    t2 += v0 << 8;
    t1 += t0 >>> 16;
    v0 = t0 & 65535;
    t2 += t1 >>> 16;
    v1 = t1 & 65535;
    v3 = (t3 + (t2 >>> 16)) & 65535;
    v2 = t2 & 65535;
  }
  return (v3 & 15) * 281474976710656 + v2 * 4294967296 + v1 * 65536 + (v0 ^ (v3 >> 4));
}

export function nextETag(text: string): string {
  return `"${fnv1a52(text).toString(36)}${text.length.toString(36)}"`;
}

/** `fresh`'s If-None-Match check, the part an API response can meet. */
function isFresh(req: IncomingMessage, tag: string): boolean {
  const noneMatch = req.headers['if-none-match'];
  if (!noneMatch || /(?:^|,)\s*no-cache\s*(?:,|$)/.test(String(req.headers['cache-control'] ?? ''))) return false;
  if (noneMatch.trim() === '*') return true;
  return noneMatch.split(',').some((candidate) => {
    const c = candidate.trim();
    return c === tag || c === `W/${tag}` || `W/${c}` === tag;
  });
}

function sendData(req: IncomingMessage, res: ServerResponse, body: unknown): void {
  if (body === null || body === undefined) {
    res.end();
    return;
  }
  if (res.statusCode === 204 || res.statusCode === 304) {
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Length');
    res.removeHeader('Transfer-Encoding');
    res.end();
    return;
  }
  const contentType = res.getHeader('Content-Type');
  if (Buffer.isBuffer(body)) {
    // Next hashes the payload as a string; what it makes of a Buffer is unverified, so no ETag here.
    if (!contentType) res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', body.length);
    res.end(body);
    return;
  }
  const jsonLike = typeof body === 'object' || typeof body === 'number' || typeof body === 'boolean';
  const text = jsonLike ? JSON.stringify(body) : String(body);
  const tag = nextETag(text);
  res.setHeader('ETag', tag);
  if (isFresh(req, tag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  if (jsonLike) res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.statusMessage = message;
  res.end(message);
}

/**
 * Runs one Pages API request. An ApiError (body parsing) becomes Next's own error response; anything else is logged
 * (`console.error(err)`, as Next does) and rethrown: on Vercel that ends the process → 500 FUNCTION_INVOCATION_FAILED.
 */
export async function runPagesApi(
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
  config: PagesApiConfig,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  params: RouteParams,
): Promise<void> {
  const request = req as IncomingMessage & Record<string, unknown>;
  const response = res as NextResponse;
  try {
    defineLazy(request, 'cookies', () => cookiesOf(req));
    request.query = { ...queryOf(req.url), ...params };
    const bodyParser = config.api?.bodyParser;
    if (bodyParser !== false && !request.body) {
      request.body = parseBody(body, req.headers['content-type'], (bodyParser && bodyParser.sizeLimit) || '1mb');
      req.resume(); // Next reads the stream to parse it: the handler finds it consumed
    }
    (response as Record<string, unknown>).status = (code: number) => {
      res.statusCode = code;
      return res;
    };
    (response as Record<string, unknown>).send = (data: unknown) => sendData(req, res, data);
    (response as Record<string, unknown>).json = (data: unknown) => {
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      sendData(req, res, JSON.stringify(data));
    };
    (response as Record<string, unknown>).redirect = (statusOrUrl: string | number, url?: string) => {
      const [status, location] = parseRedirect(statusOrUrl, url);
      res.writeHead(status, { Location: location });
      res.write(location);
      res.end();
      return res;
    };
    await handler(req, res);
  } catch (error) {
    if (error instanceof ApiError) {
      sendError(res, error.statusCode, error.message);
      return;
    }
    console.error(error);
    throw error;
  }
}
