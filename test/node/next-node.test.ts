// Next.js handlers on Node as `next start` runs them, under real Node through the harness: App Router routes get a
// NextRequest and `params` by version, and Next's own answers when a handler fails; `pages/api` runs through Next's
// apiResolver (ETags, body limit, preview cookies, revalidate, warnings). Expected ETags were computed with Next's own
// server/lib/etag.js (15.5.29), not with the harness's copy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerKind, NextTraits } from '../../workers/protocol';
import { TestHost, compile, type Collected, type RequestInit } from './harness-host';

const NEXT_13: NextTraits = { profile: '13.4–14.x', paramsPromise: false, requestGeo: true, dynamicCode: 'runtime' };
const NEXT_15: NextTraits = { profile: '15.5', paramsPromise: true, paramsSyncAccess: true, requestGeo: false, dynamicCode: 'runtime' };
const NEXT_16: NextTraits = { profile: '16.3+', paramsPromise: true, requestGeo: false, dynamicCode: 'eval-build-error' };

let host: TestHost;
beforeAll(async () => {
  host = await TestHost.start();
});
afterAll(() => host.close());

async function load(source: string, path: string, next: NextTraits | undefined, kind: HandlerKind = path.startsWith('app/') ? 'app-route' : 'pages-api') {
  const loaded = await host.load(await compile(source, path), kind, path, {}, next ? { next } : {});
  expect(loaded.error).toBeUndefined();
}

function request(path: string, init: RequestInit = {}, deadlineMs?: number): Promise<Collected> {
  return host.request({ path, ...init }, { deadlineMs });
}

describe('App Router route handlers on Node', () => {
  const route = 'app/api/items/[id]/route.ts';

  it('H26: the handler gets a NextRequest: nextUrl, cookies, and still a Web Request', async () => {
    await load(
      `export function GET(request) {
        return Response.json({
          pathname: request.nextUrl.pathname, q: request.nextUrl.searchParams.get('q'), basePath: request.nextUrl.basePath,
          a: request.cookies.get('a')?.value, names: request.cookies.getAll().map((c) => c.name), isRequest: request instanceof Request,
          url: request.url,
        });
      }`,
      route,
      NEXT_16,
    );
    const r = await request('/api/items/7?q=x', { headers: [['cookie', 'a=1; b=hello%20world']] });
    expect(JSON.parse(r.text)).toEqual({ pathname: '/api/items/7', q: 'x', basePath: '', a: '1', names: ['a', 'b'], isRequest: true, url: 'https://playground.test/api/items/7?q=x' });
  });

  it('NextRequest has geo and ip only where the version has them (≤14: geo {} and no ip under next start)', async () => {
    const source = `export function GET(request) { return Response.json({ has: 'geo' in request, geo: request.geo ?? null, ip: request.ip ?? null }) }`;
    await load(source, route, NEXT_13);
    expect(JSON.parse((await request('/api/items/1')).text)).toEqual({ has: true, geo: {}, ip: null });
    await load(source, route, NEXT_16);
    expect(JSON.parse((await request('/api/items/1')).text)).toEqual({ has: false, geo: null, ip: null });
  });

  it('params: a plain object (≤14), a promise (15+), with the params also on the promise in 15 only', async () => {
    const source = `export async function GET(request, { params }) {
      return Response.json({ promise: params instanceof Promise, sync: params.id ?? null, resolved: await params });
    }`;
    await load(source, route, NEXT_13);
    expect(JSON.parse((await request('/api/items/7')).text)).toEqual({ promise: false, sync: '7', resolved: { id: '7' } });
    await load(source, route, NEXT_15);
    expect(JSON.parse((await request('/api/items/7')).text)).toEqual({ promise: true, sync: '7', resolved: { id: '7' } });
    await load(source, route, NEXT_16);
    expect(JSON.parse((await request('/api/items/7')).text)).toEqual({ promise: true, sync: null, resolved: { id: '7' } });
  });

  it('params: a route without dynamic segments gets params undefined; a catch-all gets an array', async () => {
    await load(`export function GET(request, context) { return Response.json({ has: 'params' in context, params: context.params ?? 'undefined' }) }`, 'app/api/plain/route.ts', NEXT_13);
    expect(JSON.parse((await request('/api/plain')).text)).toEqual({ has: true, params: 'undefined' });
    await load(`export async function GET(request, { params }) { return Response.json(await params) }`, 'app/api/files/[...path]/route.ts', NEXT_16);
    expect(JSON.parse((await request('/api/files/a/b%20c')).text)).toEqual({ path: ['a', 'b c'] });
  });

  it("H29 (Next): a route that throws gets Next's empty 500, no platform page; the error is still reported and logged", async () => {
    await load(`export async function GET() {\n  await null;\n  throw new Error('boom');\n}`, 'app/api/x/route.ts', NEXT_16);
    const r = await request('/api/x');
    expect([r.status, r.body.length, r.header('content-type'), r.header('x-vercel-error')]).toEqual([500, 0, null, null]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'FUNCTION_INVOCATION_FAILED', message: 'Error: boom' });
    expect(r.errors[0].stack).toMatch(/app\/api\/x\/route\.ts:3:9/);
    expect(r.logs.some((l) => l.level === 'error' && l.text.startsWith('Error: boom'))).toBe(true);
  });

  it('H29 (Next): a throw while the body streams ends the response after the bytes already sent', async () => {
    await load(
      `export function GET() {
        let n = 0;
        return new Response(new ReadableStream({ pull(c) { if (n++ === 0) c.enqueue(new TextEncoder().encode('first')); else c.error(new Error('mid-stream')) } }));
      }`,
      'app/api/x/route.ts',
      NEXT_16,
    );
    const r = await request('/api/x');
    expect([r.status, r.text]).toEqual([200, 'first']);
    expect(r.errors[0]).toMatchObject({ code: 'FUNCTION_INVOCATION_FAILED', message: 'Error: mid-stream' });
  });

  it('H28 (Next): a plain object instead of a Response → 500 empty, NO_RESPONSE logged and reported', async () => {
    await load(`export function GET() { return { ok: true } }`, 'app/api/x/route.ts', NEXT_15);
    const r = await request('/api/x');
    expect([r.status, r.body.length, r.header('content-type')]).toEqual([500, 0, null]);
    expect(r.errors.map((e) => e.code)).toEqual(['NO_RESPONSE']);
    expect(r.logs.map((l) => l.text)).toContain("No response is returned from route handler 'app/api/x/route.ts'. Ensure you return a `Response` or a `NextResponse` in all branches of your handler.");
  });

  it("NextResponse.next() and NextResponse.rewrite() in a route handler are Next's errors → 500 empty", async () => {
    await load(
      `export function GET(request) {
        const header = request.nextUrl.searchParams.get('h');
        return new Response('x', { headers: { [header]: header === 'x-middleware-next' ? '1' : 'https://e.test/' } });
      }`,
      'app/api/x/route.ts',
      NEXT_16,
    );
    const next = await request('/api/x?h=x-middleware-next');
    const rewrite = await request('/api/x?h=x-middleware-rewrite');
    expect([next.status, next.body.length, rewrite.status, rewrite.body.length]).toEqual([500, 0, 500, 0]);
    expect(next.errors[0].message).toBe('NextResponse.next() was used in a app route handler, this is not supported. See here for more info: https://nextjs.org/docs/messages/next-response-next-in-app-route-handler');
    expect(rewrite.errors[0].message).toBe('NextResponse.rewrite() was used in a app route handler, this is not currently supported. Please remove the invocation to continue.');
  });

  it('H26: HEAD runs GET without a body, OPTIONS → 204 Allow (sorted), an unexported method → 405 empty', async () => {
    await load(`export function GET() { return new Response('ok') }\nexport function PATCH() { return new Response('p') }`, 'app/api/x/route.ts', NEXT_16);
    const head = await request('/api/x', { method: 'HEAD' });
    const options = await request('/api/x', { method: 'OPTIONS' });
    const put = await request('/api/x', { method: 'PUT', body: 'x' });
    expect([head.status, head.body.length]).toEqual([200, 0]);
    expect([options.status, options.header('allow')]).toEqual([204, 'GET, HEAD, OPTIONS, PATCH']);
    expect([put.status, put.body.length, put.errors.length]).toEqual([405, 0, 0]);
  });

  it('H29: a plain Vercel function (api/**) that throws keeps the platform answer', async () => {
    await load(`export function GET() { throw new Error('boom') }`, 'api/x.ts', undefined, 'vercel-function');
    const r = await request('/api/x');
    expect([r.status, r.header('x-vercel-error'), r.text]).toEqual([500, 'FUNCTION_INVOCATION_FAILED', '500: INTERNAL_SERVER_ERROR\nCode: FUNCTION_INVOCATION_FAILED\n']);
  });
});

describe("pages/api through Next's apiResolver", () => {
  const path = 'pages/api/hello/[name].ts';
  const url = '/api/hello/ada';

  it("H15 (Next): res.send(Buffer) → octet-stream, the bytes, and Next's ETag of the Buffer's JSON; If-None-Match → 304", async () => {
    await load(`export default (req, res) => res.send(Buffer.from([1, 2, 3]))`, path, NEXT_16);
    const r = await request(url);
    expect([r.status, r.header('content-type'), r.header('content-length'), r.header('etag')]).toEqual([200, 'application/octet-stream', '3', '"kptswdn584w"']);
    expect([...r.body]).toEqual([1, 2, 3]);
    const fresh = await request(url, { headers: [['if-none-match', '"kptswdn584w"']] });
    expect([fresh.status, fresh.body.length, fresh.header('etag')]).toEqual([304, 0, '"kptswdn584w"']);
  });

  it("H12/H21 (Next): res.send('hi') has no content-type; res.json sets JSON; both carry Next's strong FNV ETag", async () => {
    await load(`export default (req, res) => req.query.json ? res.status(201).json({ a: 1 }) : res.send('hi')`, path, NEXT_13);
    const text = await request(url);
    const json = await request(url + '?json=1');
    expect([text.status, text.header('content-type'), text.header('etag'), text.text]).toEqual([200, null, '"sqs6q3dtu92"', 'hi']);
    expect([json.status, json.header('content-type'), json.header('etag'), json.text]).toEqual([201, 'application/json; charset=utf-8', '"147uiiad94i7"', '{"a":1}']);
  });

  it("an If-Modified-Since beside a matching If-None-Match is stale (no Last-Modified is sent), as Next's `fresh` decides", async () => {
    await load(`export default (req, res) => res.send('hi')`, path, NEXT_16);
    const both = await request(url, { headers: [['if-none-match', 'W/"sqs6q3dtu92"'], ['if-modified-since', new Date().toUTCString()]] });
    const weak = await request(url, { headers: [['if-none-match', 'W/"sqs6q3dtu92"']] });
    const noCache = await request(url, { headers: [['if-none-match', '"sqs6q3dtu92"'], ['cache-control', 'no-cache']] });
    expect([both.status, weak.status, noCache.status]).toEqual([200, 304, 200]);
  });

  it("a handler that throws → Next's 500 `Internal Server Error` text (no content-type), reported and logged", async () => {
    await load(`export default async (req, res) => {\n  await null;\n  throw new Error('nope');\n}`, path, NEXT_16);
    const r = await request(url);
    expect([r.status, r.statusText, r.text, r.header('content-type'), r.header('x-vercel-error')]).toEqual([500, 'Internal Server Error', 'Internal Server Error', null, null]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'FUNCTION_INVOCATION_FAILED', message: 'Error: nope' });
    expect(r.errors[0].stack).toMatch(/pages\/api\/hello\/\[name\]\.ts:3:9/);
    expect(r.logs.some((l) => l.level === 'error' && l.text.startsWith('Error: nope'))).toBe(true);
  });

  it('a throw after res.write: Next still ends with its message, appended to what was sent', async () => {
    await load(`export default (req, res) => { res.write('partial;'); throw new Error('late') }`, path, NEXT_16);
    const r = await request(url);
    expect([r.status, r.text]).toEqual([200, 'partial;Internal Server Error']);
    expect(r.errors[0].message).toBe('Error: late');
  });

  it("the default bodyParser limit is 1mb: one byte over → 413 `Body exceeded 1mb limit`; an unknown charset → 400 `Invalid body`", async () => {
    await load(`export default (req, res) => res.send(String(req.body.length))`, path, NEXT_16);
    const limit = 1024 * 1024;
    const atLimit = await request(url, { method: 'POST', headers: [['content-type', 'text/plain']], body: 'x'.repeat(limit) });
    const over = await request(url, { method: 'POST', headers: [['content-type', 'text/plain']], body: 'x'.repeat(limit + 1) });
    const charset = await request(url, { method: 'POST', headers: [['content-type', 'text/plain; charset=klingon']], body: 'x' });
    expect([atLimit.status, atLimit.text]).toEqual([200, String(limit)]);
    expect([over.status, over.statusText, over.text]).toEqual([413, 'Body exceeded 1mb limit', 'Body exceeded 1mb limit']);
    expect([charset.status, charset.text]).toEqual([400, 'Invalid body']);
  });

  it('req.query holds the search params and the dynamic route params, which win over a search param of the same name', async () => {
    await load(`export default (req, res) => res.json(req.query)`, path, NEXT_16);
    const r = await request(url + '?name=other&tag=a&tag=b');
    expect(JSON.parse(r.text)).toEqual({ name: 'ada', tag: ['a', 'b'] });
  });

  it('res.revalidate checks its path, then fails as next start does for a path with no page', async () => {
    await load(
      `export default async (req, res) => {
        const out = [];
        for (const p of ['blog', '/blog/1']) { try { await res.revalidate(p); out.push('ok') } catch (e) { out.push(e.message) } }
        res.json(out);
      }`,
      path,
      NEXT_16,
    );
    expect(JSON.parse((await request(url)).text)).toEqual([
      'Invalid urlPath provided to revalidate(), must be a path e.g. /blog/post-1, received blog',
      'Failed to revalidate /blog/1: Invalid response 404',
    ]);
  });

  it("res.setDraftMode sets Next's bypass cookie; a request carrying it has req.draftMode; clearPreviewData expires both", async () => {
    await load(
      `export default (req, res) => {
        if (req.query.clear) return res.clearPreviewData().end('cleared');
        if (req.query.on) return res.setDraftMode({ enable: true }).end('on');
        res.json({ draftMode: req.draftMode ?? null, preview: req.preview ?? null, previewData: req.previewData });
      }`,
      path,
      NEXT_16,
    );
    const on = await request(url + '?on=1');
    const cookie = on.header('set-cookie')!;
    expect(cookie).toMatch(/^__prerender_bypass=[0-9a-f]{32}; Path=\/; HttpOnly; Secure; SameSite=None$/);
    const withCookie = await request(url, { headers: [['cookie', cookie.split(';')[0]]] });
    const without = await request(url, { headers: [['cookie', '__prerender_bypass=forged']] });
    expect(JSON.parse(withCookie.text)).toEqual({ draftMode: true, preview: true, previewData: {} });
    expect(JSON.parse(without.text)).toEqual({ draftMode: null, preview: null, previewData: false });
    const cleared = await request(url + '?clear=1');
    const expired = '; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=None';
    expect(cleared.headers.filter(([n]) => n === 'set-cookie').map(([, v]) => v)).toEqual([`__prerender_bypass=${expired}`, `__next_preview_data=${expired}`]);
  });

  it("res.redirect: 307 with the URL as the body (Next's, unlike @vercel/node's empty body)", async () => {
    await load(`export default (req, res) => res.redirect(308, '/dest')`, path, NEXT_16);
    const r = await request(url);
    expect([r.status, r.header('location'), r.text]).toEqual([308, '/dest', '/dest']);
  });

  it('a response of 4 MB or more logs Next\'s size warning; `responseLimit: false` silences it', async () => {
    const source = (config: string) => `${config}\nexport default (req, res) => res.send('x'.repeat(4 * 1024 * 1024))`;
    const warning = 'API response for /api/hello/ada exceeds 4MB. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit';
    await load(source(''), path, NEXT_16);
    const warned = await request(url);
    expect(warned.body.length).toBe(4 * 1024 * 1024);
    expect(warned.logs.filter((l) => l.level === 'warn').map((l) => l.text)).toEqual([warning]);
    await load(source(`export const config = { api: { responseLimit: false } }`), path, NEXT_16);
    expect((await request(url)).logs).toHaveLength(0);
  });

  it('res.send(stream) pipes it with octet-stream and no ETag', async () => {
    await load(`import { Readable } from 'node:stream';\nexport default (req, res) => res.send(Readable.from([Buffer.from('a'), Buffer.from('b')]))`, path, NEXT_16);
    const r = await request(url);
    expect([r.status, r.text, r.header('content-type'), r.header('etag')]).toEqual([200, 'ab', 'application/octet-stream', null]);
  });

  it('next start prints no "API resolved without sending a response" warning (development only): the request stalls to maxDuration', async () => {
    await load(`export default (req, res) => {}`, path, NEXT_16);
    const r = await request(url, {}, 300);
    expect([r.status, r.errors[0].code]).toEqual([504, 'FUNCTION_INVOCATION_TIMEOUT']);
    expect(r.logs).toHaveLength(0);
  });
});
