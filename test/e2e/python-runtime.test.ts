// The Python runtime (runtime-spec-2026 §2.5) in real Chromium against the production build: pyodide from our own
// origin in the languages sandbox (languages.html, an opaque origin), driven through the embed API.
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { openEmbed, type EmbedClient } from './embed-client';
import { baseUrl, getBrowser, openPage } from './harness';

const header = (r: RunResult, name: string) => r.headers.find(([k]) => k.toLowerCase() === name)?.[1] ?? null;
const logs = (r: RunResult, level?: string) => r.logs.filter((l) => !level || l.level === level).map((l) => l.text);

/** Vercel's docs example (Python runtime page). */
const HELLO = `from http.server import BaseHTTPRequestHandler

class handler(BaseHTTPRequestHandler):

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-type','text/plain')
        self.end_headers()
        self.wfile.write('Hello, world!'.encode('utf-8'))
        return
`;

describe('Python functions (api/*.py) through the embed API', () => {
  let embed: EmbedClient;
  const run = (path: string, source: string, request: Parameters<EmbedClient['runFile']>[2] = {}, options: Parameters<EmbedClient['runFile']>[3] = {}) =>
    embed.runFile(path, source, { url: '/' + path.replace(/\.py$/, ''), ...request }, options);

  beforeAll(async () => {
    embed = await openEmbed('/?embed');
  });

  afterAll(async () => {
    await embed?.page.context().close();
  });

  it('§2.5 BaseHTTPRequestHandler: the docs hello answers, on the python runtime, with the cold start measured', async () => {
    const t0 = Date.now();
    const r = await run('api/hello.py', HELLO);
    const coldMs = Date.now() - t0;
    expect(r.error ?? null).toBeNull();
    expect(r.runtime).toBe('python');
    expect(r.status).toBe(200);
    expect(r.body).toBe('Hello, world!');
    expect(header(r, 'content-type')).toBe('text/plain');
    expect(r.reason).toBe("python: api/hello.py is a Python function (Vercel's @vercel/python, by its extension)");
    // The request line Python's http.server logs is an ordinary log line, as on Vercel (its runtime writes it to stdout).
    expect(logs(r, 'log').join('\n')).toMatch(/"GET \/api\/hello HTTP\/1\.1" 200 -/);
    expect(logs(r, 'error')).toEqual([]);
    const t1 = Date.now();
    const warm = await embed.run('api/hello.py', { method: 'GET', url: '/api/hello' });
    console.log(`python cold start (load + first run, page clock) ${coldMs} ms; warm run ${Date.now() - t1} ms; timings ${JSON.stringify(warm[0].timings)}`);
    expect(warm[0].body).toBe('Hello, world!');
  }, 120_000);

  it('§2.5 BaseHTTPRequestHandler: a method the class lacks answers Python\'s own 501', async () => {
    const r = await embed.run('api/hello.py', { method: 'DELETE', url: '/api/hello' });
    expect(r[0].status).toBe(501);
    expect(r[0].body).toContain("Unsupported method ('DELETE')");
  });

  it('§2.5 ASGI: an async `app` gets the scope (method, path, query, headers) and the body, and may stream', async () => {
    const source = `import json
async def app(scope, receive, send):
    event = await receive()
    headers = {k.decode(): v.decode() for k, v in scope['headers']}
    await send({'type': 'http.response.start', 'status': 201, 'headers': [(b'content-type', b'application/json'), (b'x-kind', b'asgi')]})
    await send({'type': 'http.response.body', 'body': json.dumps({'method': scope['method'], 'path': scope['path'], 'query': scope['query_string'].decode(), 'x': headers.get('x-test'), 'body': event['body'].decode()}).encode(), 'more_body': True})
    await send({'type': 'http.response.body', 'body': b'\\n'})
`;
    const r = await run('api/asgi.py', source, { method: 'POST', url: '/api/asgi?a=1', headers: [['x-test', 'yes']], body: 'ping' });
    expect(r.error ?? null).toBeNull();
    expect(r.status).toBe(201);
    expect(header(r, 'x-kind')).toBe('asgi');
    expect(JSON.parse(r.body)).toEqual({ method: 'POST', path: '/api/asgi', query: 'a=1', x: 'yes', body: 'ping' });
  });

  it('§2.5 WSGI: a Flask `app` (shipped with the playground) routes the request', async () => {
    const source = `from flask import Flask, request
app = Flask(__name__)

@app.route('/api/flask')
def home():
    return {'hello': request.args.get('name', 'world')}
`;
    const r = await run('api/flask.py', source, { url: '/api/flask?name=Ada' }, { files: { 'requirements.txt': 'Flask==3.0.3\n' } });
    expect(r.error ?? null).toBeNull();
    expect(r.status).toBe(200);
    expect(header(r, 'content-type')).toBe('application/json');
    expect(JSON.parse(r.body)).toEqual({ hello: 'Ada' });
  });

  it('§2.5 a plain WSGI `application` callable', async () => {
    const source = `def application(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [environ['PATH_INFO'].encode(), b' ', environ['QUERY_STRING'].encode()]
`;
    const r = await run('api/wsgi.py', source, { url: '/api/wsgi?x=1' });
    expect(r.body).toBe('/api/wsgi x=1');
  });

  it('§2.5 relative files: open(join("data", …)) from the project root and dirname(abspath(__file__))', async () => {
    const source = `from http.server import BaseHTTPRequestHandler
from os.path import join, dirname, abspath
class handler(BaseHTTPRequestHandler):
    def do_GET(self):
        with open(join('data', 'file.txt')) as f:
            a = f.read().strip()
        with open(join(dirname(abspath(__file__)), '..', 'data', 'file.txt')) as f:
            b = f.read().strip()
        self.send_response(200)
        self.end_headers()
        self.wfile.write((a + '|' + b).encode())
`;
    const r = await run('api/read.py', source, {}, { files: { 'data/file.txt': 'from the project\n' } });
    expect(r.body).toBe('from the project|from the project');
  });

  it('print is a log line, stderr an error line', async () => {
    const source = `import sys
def app(environ, start_response):
    print('hello from print')
    print('to stderr', file=sys.stderr)
    start_response('200 OK', [])
    return [b'ok']
`;
    const r = await run('api/logs.py', source);
    expect(logs(r, 'log')).toContain('hello from print');
    expect(logs(r, 'error')).toContain('to stderr');
  });

  it('L03: a handler that never returns is cut at maxDuration (vercel.json) with 504 FUNCTION_INVOCATION_TIMEOUT, and the next run answers', async () => {
    const source = `def app(environ, start_response):
    while True:
        pass
`;
    const files = { 'vercel.json': JSON.stringify({ functions: { 'api/loop.py': { maxDuration: 2 } } }) };
    const t0 = Date.now();
    const r = await run('api/loop.py', source, {}, { files });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
    expect(r.status).toBe(504);
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_TIMEOUT');
    expect(r.error?.message).toBe('The function did not respond within 2 s, its maxDuration.');
    expect(header(r, 'x-vercel-error')).toBe('FUNCTION_INVOCATION_TIMEOUT');
    // The worker was terminated; a new one starts for the next run.
    const again = await run('api/hello.py', HELLO);
    expect(again.body).toBe('Hello, world!');
  }, 120_000);

  it('an exception: 500 FUNCTION_INVOCATION_FAILED with the user\'s file and line', async () => {
    const source = `def helper():
    return 1 / 0

def app(environ, start_response):
    return helper()
`;
    const r = await run('api/boom.py', source);
    expect(r.status).toBe(500);
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_FAILED');
    expect(r.error?.message).toBe('ZeroDivisionError: division by zero (api/boom.py:2)');
    // The traceback goes to stderr as on Vercel, with the user's frames only.
    const traceback = logs(r, 'error').join('\n');
    expect(traceback).toContain('File "api/boom.py", line 5, in app');
    expect(traceback).toContain('File "api/boom.py", line 2, in helper');
    expect(traceback).not.toContain('_vc_runner');
  });

  it('a syntax error: 500 with the file and line', async () => {
    const r = await run('api/syntax.py', 'def app(environ, start_response)\n    return []\n');
    expect(r.status).toBe(500);
    expect(r.error?.message).toMatch(/^File "api\/syntax\.py", line 1\n[^]*SyntaxError: expected ':'/);
  });

  it('§2.5 no handler: Vercel\'s message', async () => {
    const r = await run('api/none.py', 'x = 1\n');
    expect(r.status).toBe(500);
    expect(r.error?.message).toBe('Could not find a top-level "app", "application", or "handler" in "api/none.py".');
  });

  it('requirements.txt naming a package the playground does not ship: a clear message', async () => {
    const r = await run('api/req.py', HELLO, {}, { files: { 'requirements.txt': 'flask\ncowpy==1.1.5\n' } });
    expect(r.error?.code).toBe('PACKAGE_NOT_AVAILABLE');
    expect(r.error?.message).toMatch(/^requirements\.txt asks for cowpy, which the playground does not ship/);
  });

  it('attack: Python code cannot reach the playground origin (Node bridge, IndexedDB, caches): its worker is at an opaque origin', async () => {
    const origin = new URL(baseUrl()).origin;
    const source = `import js, json
async def app(scope, receive, send):
    out = {'origin': str(js.self.origin)}
    try:
        r = await js.fetch('${origin}/__node/health')
        out['bridge'] = r.status
    except Exception as e:
        out['bridge'] = 'error'
    try:
        js.indexedDB.open('pg')
        out['idb'] = 'opened'
    except Exception as e:
        out['idb'] = 'refused'
    try:
        await js.caches.keys()
        out['caches'] = 'read'
    except Exception as e:
        out['caches'] = 'refused'
    await send({'type': 'http.response.start', 'status': 200, 'headers': []})
    await send({'type': 'http.response.body', 'body': json.dumps(out).encode()})
`;
    const r = await run('api/attack.py', source);
    expect(r.error ?? null).toBeNull();
    const out = JSON.parse(r.body);
    expect(out.origin).toBe('null');
    // Refused by the bridge (not same-origin) or by the network: never answered.
    expect(out.bridge === 'error' || out.bridge === 403).toBe(true);
    expect(out.idb).toBe('refused');
    expect(out.caches).toBe('refused');
    // The same fetch from the page itself does reach the bridge, so the refusal above is the sandbox's doing.
    const fromPage = await embed.page.evaluate(async (url) => (await fetch(url)).status, `${origin}/__node/health`);
    expect(fromPage).not.toBe(403);
  });
});

describe('a person runs a Python function through the page', () => {
  it('a progress bar while Python downloads and starts, then the answer, the Python chip and the version', async () => {
    const page = await openPage('/', () => {
      (window as unknown as { __replies: unknown[] }).__replies = [];
      window.addEventListener('message', (e) => (window as unknown as { __replies: unknown[] }).__replies.push(e.data));
    });
    await page.waitForFunction(() => (window as unknown as { __replies: { type?: string }[] }).__replies.some((m) => m?.type === 'playground:ready'));
    await page.evaluate((source) => window.postMessage({ type: 'playground:load', id: 'ui', files: { 'api/hello.py': source } }, '*'), HELLO);
    await expect.poll(() => page.locator('.topbar .runtime .badge').first().textContent(), { timeout: 30_000 }).toBe('Python');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const status = page.locator('.topbar .language[data-language="python"]');
    await expect.poll(() => status.getAttribute('data-phase'), { timeout: 30_000, interval: 20 }).toBe('loading');
    expect(await status.locator('progress').count()).toBe(1);
    await expect.poll(() => page.locator('.status-line .status .code').textContent(), { timeout: 90_000 }).toBe('200');
    await expect.poll(() => page.locator('pre[aria-label="Response body as text"]').textContent()).toBe('Hello, world!');
    expect(await status.getAttribute('data-phase')).toBe('ready');
    expect(await status.textContent()).toMatch(/^Python 3\.\d+\.\d+ \(Pyodide \d+\.\d+\.\d+\)( from a memory snapshot)? · started in \d+\.\d s$/);
    expect(page.errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});

describe('the Python memory snapshot (made at build time)', () => {
  /** A fresh page's first Python run; `route` may stand in for the snapshot's URL. The worker's console is collected. */
  async function coldRun(route?: Parameters<Page['route']>[1]) {
    const embed = await openEmbed('/?embed');
    const consoleLines: string[] = [];
    embed.page.on('console', (m) => consoleLines.push(m.text()));
    if (route) await embed.page.context().route('**/languages/python/python-snapshot.bin.gzip', route);
    const source = `import random, sys
from http.server import BaseHTTPRequestHandler
class handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(repr(random.random()).encode())
`;
    const r = await embed.runFile('api/cold.py', source, { url: '/api/cold' });
    const status = await embed.page.evaluate(() => document.querySelector('.language[data-language="python"]')?.textContent ?? null);
    await embed.page.context().close();
    return { r, status, consoleLines };
  }

  const snapshotUrl = () => `${baseUrl()}/languages/python/python-snapshot.bin.gzip`;
  const crossOrigin = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };

  it('§2.5 a cold start loads the snapshot (the version says so), a handler answers, and random is seeded afresh per start', async () => {
    // Sent as the gzip it is (Content-Encoding): the browser inflates it, not the worker's thread.
    const sent = await fetch(snapshotUrl());
    expect(sent.headers.get('content-encoding')).toBe('gzip');
    await sent.body?.cancel();
    const first = await coldRun();
    expect(first.r.error ?? null).toBeNull();
    expect(first.r.status).toBe(200);
    expect(first.status).toMatch(/\(Pyodide \d+\.\d+\.\d+\) from a memory snapshot · started in/);
    expect(first.consoleLines.filter((l) => l.includes('without its memory snapshot'))).toEqual([]);
    // The snapshot holds random's state as it was at build time: without a reseed every start draws the same numbers.
    const second = await coldRun();
    expect(second.status).toMatch(/from a memory snapshot/);
    expect(Number(second.r.body)).not.toBe(Number(first.r.body));
  }, 120_000);

  it('a host that sends the snapshot plainly (no Content-Encoding, as a static host may): the worker inflates it and starts from it', async () => {
    const gzip = Buffer.from(await (await fetch(snapshotUrl(), { headers: { 'Accept-Encoding': 'identity' } })).arrayBuffer());
    expect([gzip[0], gzip[1]]).toEqual([0x1f, 0x8b]);
    const plain = await coldRun((route) => route.fulfill({ status: 200, body: gzip, headers: { ...crossOrigin, 'Content-Type': 'application/octet-stream' } }));
    expect(plain.r.status).toBe(200);
    expect(plain.status).toMatch(/from a memory snapshot/);
    expect(plain.consoleLines.filter((l) => l.includes('without its memory snapshot'))).toEqual([]);
  }, 120_000);

  it('a snapshot that is missing (404) or that Pyodide refuses: a plain start answers, with the reason in the console', async () => {
    const missing = await coldRun((route) => route.fulfill({ status: 404, body: 'not here', headers: crossOrigin }));
    expect(missing.r.status).toBe(200);
    expect(missing.status).not.toMatch(/snapshot/);
    expect(missing.consoleLines.join('\n')).toMatch(/Python starts without its memory snapshot: .*HTTP 404/);
    // Well-formed gzip, but not a snapshot of this Pyodide build.
    const refused = await coldRun((route) => route.fulfill({ status: 200, body: gzipSync(Buffer.alloc(4096, 7)), headers: crossOrigin }));
    expect(refused.r.status).toBe(200);
    expect(refused.status).not.toMatch(/snapshot/);
    expect(refused.consoleLines.join('\n')).toMatch(/Python starts without its memory snapshot: Pyodide refused it \(/);
  }, 180_000);
});

describe('esbuild waits for a Python project', () => {
  // esbuild's start takes about a second of both cores here; a project with no JavaScript does not need it for its
  // first run. Held messages (clickToLoad) make the order fixed: the Python project is in before the page decides.
  it('a Python project is not bundled ahead and its first run does not share the machine with esbuild, which starts once it has answered', async () => {
    const context = await (await getBrowser()).newContext();
    const esbuildAt: number[] = [];
    context.on('request', (r) => /\/esbuild-[^/]*\.wasm$/.test(r.url()) && esbuildAt.push(Date.now()));
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__replies = [];
      // Stamped on this machine's clock, as the request times are: the result's arrival, not the test's later look.
      window.addEventListener('message', (e) => window.__replies.push({ ...e.data, at: Date.now() }));
    });
    await page.goto(baseUrl() + '/?embed&clickToLoad');
    await page.waitForFunction(() => window.__replies.some((m) => m?.type === 'playground:ready'));
    await page.evaluate((source) => {
      window.postMessage({ type: 'playground:load', id: 'py', files: { 'api/hello.py': source } }, '*');
      window.postMessage({ type: 'playground:run', id: 'run', path: 'api/hello.py', request: { method: 'GET', url: '/api/hello' } }, '*');
    }, HELLO);
    const result = await (await page.waitForFunction(() => window.__replies.find((m) => m?.type === 'playground:result'), null, { timeout: 90_000 })).jsonValue();
    expect(result.results[0].body).toBe('Hello, world!');
    await expect.poll(() => esbuildAt.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(esbuildAt[0]).toBeGreaterThanOrEqual(result.at);
    // JavaScript beside it builds as usual.
    await page.evaluate(() => {
      window.postMessage({ type: 'playground:load', id: 'js', files: { 'app/api/js/route.ts': "export const runtime = 'edge';\nexport const GET = () => new Response('js');\n" } }, '*');
      window.postMessage({ type: 'playground:run', id: 'run-js', path: 'app/api/js/route.ts', request: { method: 'GET', url: '/api/js' } }, '*');
    });
    const js = await (await page.waitForFunction(() => window.__replies.find((m) => m?.type === 'playground:result' && m.id === 'run-js'), null, { timeout: 60_000 })).jsonValue();
    expect(js.results[0].body).toBe('js');
    await context.close();
  }, 180_000);
});
