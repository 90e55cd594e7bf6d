// Next.js Pages API routes on the Node runtime (`pages/api/**`, kind 'pages-api') through Next's own apiResolver
// (server/api-utils/node/api-resolver.js, the same in 13.5, 15.5 and 16.4), not @vercel/node's helpers: the body is
// parsed before the handler runs, every res.send carries Next's FNV ETag, and a throw is Next's 500 text.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { randomBytes } from 'node:crypto';
import { Stream } from 'node:stream';
import { parse as parseContentType } from 'content-type';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import { ApiError, defineLazy, queryOf } from './vercel-helpers';
import { describeError, logLine, type Run } from './run';
import type { RouteParams } from '../route-params';
import { generateETag } from '../shared/next-etag';

type ApiResponse = ServerResponse & Record<string, unknown>;

export interface PagesApiConfig {
  api?: {
    bodyParser?: false | { sizeLimit?: string | number };
    responseLimit?: boolean | string | number;
    externalResolver?: boolean;
  };
}

/** Next's RESPONSE_LIMIT_DEFAULT (api-utils/index.js): past it, a warning, not an error. */
const RESPONSE_LIMIT_DEFAULT = 4 * 1024 * 1024;
const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 };

/** The `bytes` package's parse for the sizes people write in `config.api` ('1mb', '500kb', 1e6). */
export function parseSize(limit: string | number): number {
  if (typeof limit === 'number') return limit;
  const match = /^((-|\+)?(\d+(?:\.\d+)?)) *(kb|mb|gb|tb|pb)$/i.exec(limit);
  if (!match) return parseInt(limit, 10); // no unit: bytes (NaN → no limit, as `bytes` gives null)
  return Math.floor(Number(match[1]) * UNITS[match[4].toLowerCase()]);
}

/** The `bytes` package's format: `4194304` → `4MB`. */
export function formatSize(value: number): string {
  const unit = (['PB', 'TB', 'GB', 'MB', 'KB'] as const).find((u) => Math.abs(value) >= UNITS[u.toLowerCase()]) ?? 'B';
  const scaled = (value / UNITS[unit.toLowerCase()]).toFixed(2).replace(/\.?0+$/, '');
  return `${scaled}${unit}`;
}

/** Next's parseBody (api-utils/node/parse-body.js): JSON and ld+json parsed (empty → {}), urlencoded decoded, else text. */
function parseBody(bytes: Buffer, contentTypeHeader: string | undefined, limit: string | number): unknown {
  let contentType: { type: string; parameters: Record<string, string> };
  try {
    contentType = parseContentType(contentTypeHeader || 'text/plain');
  } catch {
    contentType = parseContentType('text/plain');
  }
  if (bytes.length > parseSize(limit)) throw new ApiError(413, `Body exceeded ${limit} limit`);
  let text: string;
  try {
    // raw-body decodes with the charset; one it does not know is its 415, which Next turns into this 400.
    text = new TextDecoder(contentType.parameters.charset || 'utf-8').decode(bytes);
  } catch {
    throw new ApiError(400, 'Invalid body');
  }
  const { type } = contentType;
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

function tokens(header: string): string[] {
  return header.split(',').map((t) => t.trim());
}

/** The `fresh` package Next bundles, with the response headers sendEtagResponse gives it (only the ETag). */
function isFresh(req: IncomingMessage, etag: string): boolean {
  const modifiedSince = req.headers['if-modified-since'];
  const noneMatch = req.headers['if-none-match'];
  if (!modifiedSince && !noneMatch) return false;
  const cacheControl = req.headers['cache-control'];
  if (cacheControl && /(?:^|,)\s*?no-cache\s*?(?:,|$)/.test(cacheControl)) return false;
  if (noneMatch && noneMatch !== '*' && !tokens(noneMatch).some((m) => m === etag || m === `W/${etag}` || `W/${m}` === etag)) return false;
  // No Last-Modified is sent, so an If-Modified-Since always finds the response stale.
  return !modifiedSince;
}

/** Next's sendData: the ETag (and a 304) for every body but a stream, then the body as Next types it. */
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
  if (body instanceof Stream) {
    if (!contentType) res.setHeader('Content-Type', 'application/octet-stream');
    (body as unknown as NodeJS.ReadableStream).pipe(res);
    return;
  }
  // A Buffer is an 'object' too: its ETag is the hash of JSON.stringify(buffer), its bytes are sent as they are.
  const jsonLike = typeof body === 'object' || typeof body === 'number' || typeof body === 'boolean';
  const text = jsonLike ? JSON.stringify(body) : (body as string);
  const etag = generateETag(text);
  res.setHeader('ETag', etag);
  if (isFresh(req, etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  if (Buffer.isBuffer(body)) {
    if (!contentType) res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', body.length);
    res.end(body);
    return;
  }
  if (jsonLike) res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Next's sendError: the message is the status text and the whole body, with no content-type. */
function sendError(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.statusMessage = message;
  res.end(message);
}

/** Next's redirect: 307 by default, the URL written as the body. */
function redirect(res: ServerResponse, statusOrUrl: unknown, url: unknown): ServerResponse {
  if (typeof statusOrUrl === 'string') [statusOrUrl, url] = [307, statusOrUrl];
  if (typeof statusOrUrl !== 'number' || typeof url !== 'string') {
    throw new Error("Invalid redirect arguments. Please use a single argument URL, e.g. res.redirect('/destination') or use a status code and URL, e.g. res.redirect(307, '/destination').");
  }
  res.writeHead(statusOrUrl, { Location: url });
  res.write(url);
  res.end();
  return res;
}

const PRERENDER_BYPASS = '__prerender_bypass';
const PRERENDER_DATA = '__next_preview_data';
/** `next build` makes a random preview id per build (build/preview-key-utils.js); here one per harness process. */
const previewModeId = randomBytes(16).toString('hex');
const CLEARED = Symbol('cleared preview cookies');

/** Next's preview cookies, as `next start` (not development) sets them. */
function previewCookie(name: string, value: string, options: { expires?: Date; path?: string; maxAge?: number } = {}): string {
  return serializeCookie(name, value, { httpOnly: true, sameSite: 'none', secure: true, path: '/', ...options });
}

function appendSetCookie(res: ServerResponse, cookies: string[]): void {
  const previous = res.getHeader('Set-Cookie');
  res.setHeader('Set-Cookie', [...(typeof previous === 'string' ? [previous] : Array.isArray(previous) ? previous : []), ...cookies]);
}

/**
 * Next's revalidate: the path is checked, then rendered again through the server. The playground has no prerendered
 * pages to render, so the render finds none, as `next start` would for a path with no page: `Invalid response 404`.
 */
async function revalidate(urlPath: unknown): Promise<void> {
  if (typeof urlPath !== 'string' || !urlPath.startsWith('/')) {
    throw new Error(`Invalid urlPath provided to revalidate(), must be a path e.g. /blog/post-1, received ${String(urlPath)}`);
  }
  throw new Error(`Failed to revalidate ${urlPath}: Invalid response 404`);
}

/** Next counts what the route writes and warns past `config.api.responseLimit` (4 MB by default). */
function warnOnLargeResponse(req: IncomingMessage, res: ServerResponse, limit: boolean | string | number): void {
  if (!limit) return;
  const max = limit === true ? RESPONSE_LIMIT_DEFAULT : parseSize(limit);
  let length = 0;
  const write = res.write;
  const end = res.end;
  const size = (chunk: unknown) => (chunk ? Buffer.byteLength(chunk as string) : 0);
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    length += size(args[0]);
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as typeof res.write;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    if (args.length && typeof args[0] !== 'function') length += size(args[0]);
    if (length >= max) {
      console.warn(`API response for ${req.url} exceeds ${formatSize(max)}. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit`);
    }
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.end;
}

function addResponseHelpers(req: IncomingMessage, res: ServerResponse): void {
  const response = res as ApiResponse;
  response.status = (code: number) => {
    res.statusCode = code;
    return res;
  };
  response.send = (data: unknown) => sendData(req, res, data);
  response.json = (data: unknown) => {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    (response.send as (d: unknown) => void)(JSON.stringify(data));
  };
  response.redirect = (statusOrUrl: unknown, url?: unknown) => redirect(res, statusOrUrl, url);
  response.setDraftMode = (options: { enable?: boolean } = { enable: true }) => {
    appendSetCookie(res, [previewCookie(PRERENDER_BYPASS, previewModeId, { expires: options.enable ? undefined : new Date(0) })]);
    return res;
  };
  response.setPreviewData = () => {
    throw new Error('res.setPreviewData() is not available in the playground: it signs the data with the keys of a `next build`. Use res.setDraftMode() instead.');
  };
  response.clearPreviewData = (options: { path?: string } = {}) => {
    if (CLEARED in res) return res;
    const cleared = { expires: new Date(0), ...(options.path !== undefined ? { path: options.path } : {}) };
    appendSetCookie(res, [previewCookie(PRERENDER_BYPASS, '', cleared), previewCookie(PRERENDER_DATA, '', cleared)]);
    Object.defineProperty(res, CLEARED, { value: true, enumerable: false });
    return res;
  };
  response.revalidate = (urlPath: unknown) => revalidate(urlPath);
}

/**
 * Runs one Pages API request as Next's apiResolver does under `next start`. A body-parsing ApiError becomes its own
 * status and text; any other error is logged and answered `500 Internal Server Error` (text, no content-type), and the
 * run reports it beside that answer.
 */
export async function runPagesApi(
  run: Run,
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
  config: PagesApiConfig,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  params: RouteParams,
): Promise<void> {
  const request = req as IncomingMessage & Record<string, unknown>;
  try {
    defineLazy(request, 'cookies', () => {
      const header = req.headers.cookie as string | string[] | undefined;
      return header ? parseCookie(Array.isArray(header) ? header.join('; ') : header) : {};
    });
    request.query = { ...queryOf(req.url), ...params };
    const bypass = () => (request.cookies as Record<string, string>)[PRERENDER_BYPASS] === previewModeId;
    defineLazy(request, 'previewData', () => (bypass() ? {} : false));
    defineLazy(request, 'preview', () => (request.previewData !== false ? true : undefined));
    defineLazy(request, 'draftMode', () => request.preview);
    const bodyParser = config.api?.bodyParser;
    if (bodyParser !== false && !request.body) {
      request.body = parseBody(body, req.headers['content-type'], (bodyParser && bodyParser.sizeLimit) || '1mb');
      req.resume(); // Next reads the stream to parse it: the handler finds it consumed
    }
    warnOnLargeResponse(req, res, config.api?.responseLimit ?? true);
    addResponseHelpers(req, res);
    await handler(req, res);
  } catch (error) {
    if (run.done) return;
    if (error instanceof ApiError) return sendError(res, error.statusCode, error.message);
    const { message, stack } = describeError(error);
    logLine('error', stack ?? message);
    run.note('FUNCTION_INVOCATION_FAILED', message, stack);
    if (!res.writableEnded && !res.destroyed) sendError(res, 500, 'Internal Server Error');
  }
}
