// H24–H30 and the Next.js kinds on Node: AWS Lambda mode, legacy serverful, Web-signature handlers, App Router
// route files and Pages API routes, under real Node through the harness.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerKind } from '../../workers/protocol';
import { TestHost, compile, type Collected, type RequestInit } from './harness-host';

let host: TestHost;
beforeAll(async () => {
  host = await TestHost.start();
});
afterAll(() => host.close());

async function load(source: string, kind: HandlerKind = 'vercel-function', path = 'api/handler.ts', env: Record<string, string> = {}) {
  return host.load(await compile(source, path), kind, path, env);
}

async function serve(source: string, init: RequestInit = {}, kind: HandlerKind = 'vercel-function', path = 'api/handler.ts', env: Record<string, string> = {}, deadlineMs?: number): Promise<Collected> {
  const loaded = await load(source, kind, path, env);
  expect(loaded.error).toBeUndefined();
  return host.request({ path: '/' + path.replace(/\.ts$/, '').replace(/^app\//, '').replace(/\/route$/, '').replace(/^pages\//, ''), ...init }, { deadlineMs });
}

describe('AWS Lambda mode', () => {
  const lambdaEnv = { NODEJS_AWS_HANDLER_NAME: 'handler' };

  it('H24: exports.handler(event, context) → 200 ok, one chunk (not streamed)', async () => {
    const r = await serve(`exports.handler = async (event) => ({ statusCode: 200, body: 'ok' })`, {}, 'vercel-function', 'api/handler.ts', lambdaEnv);
    expect(r.status).toBe(200);
    expect(r.text).toBe('ok');
    expect(r.chunks).toHaveLength(1);
  });

  it('H24: the event carries method, path, query, headers and body; headers and base64 bodies come back', async () => {
    const r = await serve(
      `export const handler = async (event, context) => ({
        statusCode: 201,
        headers: { 'X-Seen': [event.httpMethod, event.path, event.queryStringParameters.q, event.headers['x-a'], event.body, typeof context.getRemainingTimeInMillis].join('|') },
        body: Buffer.from('bin').toString('base64'),
        isBase64Encoded: true,
      })`,
      { method: 'POST', path: '/api/handler?q=1', headers: [['X-A', 'b']], body: 'hello' },
      'vercel-function',
      'api/handler.ts',
      lambdaEnv,
    );
    expect(r.status).toBe(201);
    expect(r.header('x-seen')).toBe('POST|/api/handler|1|b|hello|function');
    expect(r.text).toBe('bin');
  });

  it('H24: a callback-style handler and a missing handler export', async () => {
    const r = await serve(`exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { statusCode: 202, body: 'cb' }), 5) }`, {}, 'vercel-function', 'api/handler.ts', lambdaEnv);
    expect([r.status, r.text]).toEqual([202, 'cb']);
    const missing = await load(`exports.other = () => {}`, 'vercel-function', 'api/handler.ts', lambdaEnv);
    expect(missing.error?.message).toBe('Error: Runtime.HandlerNotFound: api/handler.handler is undefined or not exported');
  });
});

describe('legacy serverful', () => {
  it('H25: http.createServer(h).listen(3000) at top level is served (port ignored, callback not called)', async () => {
    const r = await serve(`
      import http from 'http';
      let listened = false;
      http.createServer((req, res) => res.end('served ' + req.url + ' ' + listened)).listen(3000, () => { listened = true });`);
    expect(r.status).toBe(200);
    expect(r.text).toBe('served /api/handler false');
  });

  it('H25: server.listen() called after an await (within 1000 ms) is still found', async () => {
    const r = await serve(`
      import http from 'http';
      const server = http.createServer((req, res) => res.end('late'));
      setTimeout(() => server.listen(8080), 200);`);
    expect(r.text).toBe('late');
  });

  it("H25: no handler and no server → Can't detect way to handle request (after waiting 1000 ms)", async () => {
    const t0 = performance.now();
    const loaded = await load(`export const notAHandler = 1;`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
    expect(loaded.error?.message).toBe("Error: Can't detect way to handle request");
    const r = await host.request({ path: '/api/handler' });
    expect(r.status).toBe(500);
    expect(r.errors[0]).toMatchObject({ code: 'FUNCTION_INVOCATION_FAILED', message: "Error: Can't detect way to handle request" });
  });

  it('H25: a default-exported http.Server is served', async () => {
    const r = await serve(`import http from 'http'; export default http.createServer((req, res) => res.end('exported'));`);
    expect(r.text).toBe('exported');
  });
});

describe('Web signature on Node', () => {
  it("H26: a default-exported function that returns a Response is a (req, res) handler: nothing is sent until maxDuration (504), and the console says why", async () => {
    const r = await serve(`export default function handler(request) { return new Response('never sent'); }`, {}, 'vercel-function', 'api/handler.ts', {}, 300);
    expect(r.status).toBe(504);
    expect(r.text).not.toContain('never sent');
    expect(r.logs.filter((l) => l.level === 'warn').map((l) => l.text)).toEqual([expect.stringContaining('The handler returned a Response, but a default-exported function runs as (req, res)')]);
    const sent = await serve(`export default function handler(req, res) { res.end('sent'); return new Response('x'); }`);
    expect(sent.text).toBe('sent');
    expect(sent.logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('H26: export function GET → 200 ok; POST → 405 with an empty body', async () => {
    await load(`export function GET(request) { return new Response('ok') }`);
    const get = await host.request({ path: '/api/handler' });
    const post = await host.request({ path: '/api/handler', method: 'POST', body: 'x' });
    expect([get.status, get.text]).toEqual([200, 'ok']);
    expect([post.status, post.body.length]).toEqual([405, 0]);
  });

  it('H26: export default { fetch } answers every method with a Web Request', async () => {
    const r = await serve(
      `export default { async fetch(request) { return Response.json({ method: request.method, url: request.url, body: await request.text(), a: request.headers.get('x-a') }) } }`,
      { method: 'PUT', path: '/api/handler?x=1', headers: [['x-a', 'b']], body: 'payload' },
    );
    expect(JSON.parse(r.text)).toEqual({ method: 'PUT', url: 'https://playground.test/api/handler?x=1', body: 'payload', a: 'b' });
    expect(r.header('content-type')).toBe('application/json');
  });

  it('H27: a (req, res) handler that returns a Response hangs until maxDuration → 504', async () => {
    const r = await serve(`export default (req, res) => new Response('x')`, {}, 'vercel-function', 'api/handler.ts', {}, 300);
    expect(r.status).toBe(504);
    expect(r.text).toBe('504: GATEWAY_TIMEOUT\nCode: FUNCTION_INVOCATION_TIMEOUT\n');
    expect(r.errors[0].code).toBe('FUNCTION_INVOCATION_TIMEOUT');
    expect(r.timings!.totalMs).toBeGreaterThanOrEqual(290);
  });

  it('H28: a Vercel (req, res) handler that returns undefined without responding → 504', async () => {
    const r = await serve(`export default (req, res) => {}`, {}, 'vercel-function', 'api/handler.ts', {}, 200);
    expect(r.status).toBe(504);
    expect(r.errors[0].code).toBe('FUNCTION_INVOCATION_TIMEOUT');
  });

  it('H28: one that wrote but never ended → its head and bytes, then cut at maxDuration', async () => {
    const r = await serve(`export default (req, res) => { res.write('partial') }`, {}, 'vercel-function', 'api/handler.ts', {}, 200);
    expect(r.status).toBe(200);
    expect(r.text).toBe('partial');
    expect(r.errors[0].code).toBe('FUNCTION_INVOCATION_TIMEOUT');
  });

  it('H28: a Web GET export that returns undefined → an empty 200 (Vercel writes no response as end())', async () => {
    const r = await serve(`export function GET() {}`);
    expect([r.status, r.body.length]).toEqual([200, 0]);
  });

  it('H29: a handler that throws Error(boom) → 500 FUNCTION_INVOCATION_FAILED, stack mapped to the source file', async () => {
    const r = await serve(`export default function handler(req, res) {\n  throw new Error('boom');\n}`);
    expect(r.status).toBe(500);
    expect(r.header('x-vercel-error')).toBe('FUNCTION_INVOCATION_FAILED');
    expect(r.errors[0].message).toBe('Error: boom');
    expect(r.errors[0].stack).toMatch(/api\/handler\.ts:2:9/);
    expect(r.errors[0].stack).not.toContain('harness.mjs'); // the harness's own frames are cut
  });

  it('H30: content-length and content-encoding set on a Response are kept on Node', async () => {
    const r = await serve(`export function GET() { return new Response('abc', { headers: { 'content-length': '3', 'content-encoding': 'identity' } }) }`);
    expect(r.header('content-length')).toBe('3');
    expect(r.header('content-encoding')).toBe('identity');
    expect(r.text).toBe('abc');
  });
});

describe('App Router route files on Node', () => {
  const path = 'app/api/items/[id]/route.ts';

  it('H26: GET gets params; HEAD falls back to GET; OPTIONS → 204 Allow; missing method → 405', async () => {
    await load(`export async function GET(request, { params }) { return Response.json({ id: params.id, runtime: process.env.NEXT_RUNTIME }) }
      export function POST() { return new Response('posted') }`, 'app-route', path);
    const get = await host.request({ path: '/api/items/7' });
    const head = await host.request({ path: '/api/items/7', method: 'HEAD' });
    const options = await host.request({ path: '/api/items/7', method: 'OPTIONS' });
    const del = await host.request({ path: '/api/items/7', method: 'DELETE' });
    expect(JSON.parse(get.text)).toEqual({ id: '7', runtime: 'nodejs' });
    expect([head.status, head.body.length]).toEqual([200, 0]);
    expect([options.status, options.header('allow')]).toEqual([204, 'GET, HEAD, OPTIONS, POST']);
    expect([del.status, del.body.length]).toEqual([405, 0]);
  });

  it('H28: a route handler that returns nothing → 500, empty body, logged', async () => {
    const r = await serve(`export function GET() {}`, { path: '/api/x' }, 'app-route', 'app/api/x/route.ts');
    expect([r.status, r.body.length]).toEqual([500, 0]);
    const message = "No response is returned from route handler 'app/api/x/route.ts'. Ensure you return a `Response` or a `NextResponse` in all branches of your handler.";
    expect(r.logs.map((l) => l.text)).toContain(message);
    expect(r.errors[0]).toMatchObject({ code: 'NO_RESPONSE', message });
  });

  it('H26: a streamed Web Response arrives chunk by chunk with increasing t', async () => {
    const r = await serve(
      `export function GET() {
        let n = 0;
        return new Response(new ReadableStream({
          async pull(c) { await new Promise((r) => setTimeout(r, 60)); if (n++ < 3) c.enqueue(new TextEncoder().encode('c' + n)); else c.close(); },
        }));
      }`,
      { path: '/api/s' },
      'app-route',
      'app/api/s/route.ts',
    );
    expect(r.text).toBe('c1c2c3');
    expect(r.chunks.length).toBe(3);
    for (let i = 1; i < r.chunks.length; i++) expect(r.chunks[i].t - r.chunks[i - 1].t).toBeGreaterThan(40);
  });
});

describe('Next.js Pages API routes on Node', () => {
  const path = 'pages/api/hello/[name].ts';
  const url = '/api/hello/ada';

  it("pages-api: res.redirect writes the URL as the body (Next's flavour)", async () => {
    const r = await serve(`export default (req, res) => res.redirect('/dest')`, { path: url }, 'pages-api', path);
    expect([r.status, r.header('location'), r.text]).toEqual([307, '/dest', '/dest']);
  });

  it('pages-api: ld+json is parsed, no content-type is a string, query merges route params', async () => {
    await load(`export default (req, res) => res.json({ body: req.body, query: req.query, runtime: process.env.NEXT_RUNTIME })`, 'pages-api', path);
    const ld = await host.request({ path: url + '?x=1', method: 'POST', headers: [['content-type', 'application/ld+json']], body: '{"a":1}' });
    const none = await host.request({ path: url, method: 'POST', body: 'raw' });
    expect(JSON.parse(ld.text)).toEqual({ body: { a: 1 }, query: { x: '1', name: 'ada' }, runtime: 'nodejs' });
    expect(JSON.parse(none.text).body).toBe('raw');
    expect(ld.header('content-type')).toBe('application/json; charset=utf-8');
  });

  it("pages-api: malformed JSON → Next's 400 Invalid JSON before the handler runs", async () => {
    const r = await serve(`export default (req, res) => { console.log('ran'); res.end('x') }`, { path: url, method: 'POST', headers: [['content-type', 'application/json']], body: '{bad' }, 'pages-api', path);
    expect([r.status, r.statusText, r.text]).toEqual([400, 'Invalid JSON', 'Invalid JSON']);
    expect(r.logs).toHaveLength(0);
  });

  it("pages-api: res.send(string) sets no content-type and a strong FNV ETag; an error is logged and answered with Next's 500 text", async () => {
    await load(`export default (req, res) => { if (req.query.fail) throw new Error('nope'); res.send('hi') }`, 'pages-api', path);
    const ok = await host.request({ path: url });
    expect(ok.text).toBe('hi');
    expect(ok.header('content-type')).toBeNull();
    expect(ok.header('etag')).toMatch(/^"[0-9a-z]+2"$/);
    const fresh = await host.request({ path: url, headers: [['if-none-match', ok.header('etag')!]] });
    expect([fresh.status, fresh.body.length]).toEqual([304, 0]);
    const failed = await host.request({ path: url + '?fail=1' });
    expect([failed.status, failed.text, failed.header('x-vercel-error')]).toEqual([500, 'Internal Server Error', null]);
    expect(failed.errors[0].code).toBe('FUNCTION_INVOCATION_FAILED');
    expect(failed.logs.some((l) => l.level === 'error' && l.text.startsWith('Error: nope'))).toBe(true);
  });

  it('pages-api: config.api.bodyParser.sizeLimit → 413 Body exceeded', async () => {
    const r = await serve(`export const config = { api: { bodyParser: { sizeLimit: '1kb' } } }; export default (req, res) => res.end('x')`,
      { path: url, method: 'POST', headers: [['content-type', 'text/plain']], body: 'x'.repeat(2000) }, 'pages-api', path);
    expect([r.status, r.text]).toEqual([413, 'Body exceeded 1kb limit']);
  });
});

describe('process.env', () => {
  it('NEXT_RUNTIME is nodejs for Next files only; project env vars come from load', async () => {
    const source = `export default (req, res) => res.end(String(process.env.NEXT_RUNTIME) + ',' + process.env.SECRET)`;
    const next = await serve(source, { path: '/api/env' }, 'pages-api', 'pages/api/env.ts', { SECRET: 's1' });
    const vercel = await serve(source, {}, 'vercel-function', 'api/handler.ts', { SECRET: 's2' });
    expect(next.text).toBe('nodejs,s1');
    expect(vercel.text).toBe('undefined,s2');
  });
});
