// The Node.js runtime in real Chromium against the production build, on the local host (`?nodeHost=local`: the preview
// server's /__node bridge runs real `node`): a person runs the docs' Vercel helpers example through the page, and the
// embed API runs the H and L rows, npm packages, deadlines, kills and `runtime: 'both'`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { openEmbed, type EmbedClient } from './embed-client';
import { baseUrl, getBrowser } from './harness';

const header = (r: RunResult, name: string) => r.headers.find(([k]) => k === name)?.[1] ?? null;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** The docs' example (Vercel "Official Runtimes" page), as a person would type it. */
const DOCS_EXAMPLE = "module.exports = (req, res) => { const { name = 'World' } = req.query; res.send(`Hello ${name}!`) }";

describe('a person runs the Vercel helpers example on Node.js through the page', () => {
  let page: Page & { errors: string[] };

  afterAll(async () => {
    await page?.context().close();
  });

  it('H01/H12: typed into the editor, Run, "Hello Ada!" from local node, with the host and the measured cold start shown', async () => {
    const context = await (await getBrowser()).newContext({ viewport: { width: 1400, height: 900 } });
    page = (await context.newPage()) as Page & { errors: string[] };
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    await page.addInitScript(() => {
      (window as unknown as { __replies: unknown[] }).__replies = [];
      window.addEventListener('message', (e) => (window as unknown as { __replies: unknown[] }).__replies.push(e.data));
    });
    await page.goto(`${baseUrl()}/?nodeHost=local`);
    // A project with one Vercel function, loaded the way a shared link or a host page does; then the person types.
    await page.waitForFunction(() => (window as unknown as { __replies: { type?: string }[] }).__replies.some((m) => m?.type === 'playground:ready'));
    await page.evaluate(() => window.postMessage({ type: 'playground:load', id: 'ui', files: { 'api/hello.js': '// the docs example goes here\n' } }, '*'));
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(DOCS_EXAMPLE);
    await page.keyboard.press('Escape');
    expect(await page.locator('.topbar .runtime .badge').textContent()).toBe('Node.js');
    await page.getByRole('button', { name: 'Run', exact: true }).click();

    await expect.poll(() => page.locator('.status-line .status .code').textContent(), { timeout: 60_000 }).toBe('200');
    await expect.poll(() => page.locator('pre[aria-label="Response body as text"]').textContent()).toBe('Hello Ada!');
    const why = await page.locator('.topbar .runtime .why').textContent();
    expect(why).toMatch(/^default, no config.runtime in api\/hello\.js · local node v\d+\.\d+\.\d+ \(chosen with \?nodeHost=local\)$/);
    const host = page.locator('.topbar .node-host');
    expect(await host.getAttribute('data-node-host')).toBe('local');
    expect(await host.textContent()).toMatch(/local node v\d+/);
    const timings = page.locator('.timings');
    expect(await timings.locator('.cold').getAttribute('data-cold')).toBe('cold');
    expect(await timings.locator('.measured').textContent()).toMatch(/Cold start, measured here: .*Process start \(spawn → hello\) \d+\.\d ms · First response \(spawn → head\) \d+\.\d ms/);
    expect(await timings.locator('.platform').textContent()).toMatch(/Platform figures \(published, not measured here\): .*Node\.js \(lambda\) cold boot ~250 ms .*Edge cold boot Instant .*Serverless cold, p50 859 ms/);

    // Run again: the same warm process.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => timings.locator('.cold').getAttribute('data-cold')).toBe('warm');
    expect(await page.locator('pre[aria-label="Response body as text"]').textContent()).toBe('Hello Ada!');
    expect(page.errors).toEqual([]);
  });
});

describe('a page on another origin', () => {
  it('framing the playground cannot drive local node through the embed API', async () => {
    // A real page on another origin of this machine (Chromium's local network access checks already stop public
    // sites from framing localhost), framing the playground and posting to its embed API.
    const html = `<!doctype html><script>window.__replies = []; addEventListener('message', (e) => window.__replies.push(e.data));</script>
      <iframe id="pg" src="${baseUrl()}/?embed&nodeHost=local"></iframe>`;
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const foreign = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const context = await (await getBrowser()).newContext();
    const page = await context.newPage();
    await page.goto(foreign);
    const replies = () => page.evaluate(() => (window as unknown as { __replies: { type: string; id?: number; results?: RunResult[] }[] }).__replies);
    await expect.poll(async () => (await replies()).some((m) => m.type === 'playground:ready'), { timeout: 30_000 }).toBe(true);
    await page.evaluate(() => {
      const frame = (document.getElementById('pg') as HTMLIFrameElement).contentWindow!;
      frame.postMessage({ type: 'playground:load', id: 1, files: { 'api/x.js': "module.exports = (req, res) => res.send(require('os').hostname())" } }, '*');
      frame.postMessage({ type: 'playground:run', id: 2, path: 'api/x.js', request: { method: 'GET', url: '/api/x' } }, '*');
    });
    await expect.poll(async () => (await replies()).find((m) => m.type === 'playground:result' && m.id === 2), { timeout: 30_000 }).toBeTruthy();
    const [result] = (await replies()).find((m) => m.type === 'playground:result' && m.id === 2)!.results!;
    expect(result.status).toBeNull();
    expect(result.error?.code).toBe('NODE_HOST_UNAVAILABLE');
    expect(result.error?.message).toContain(`does not run for a page framed by ${new URL(foreign).origin}`);
    await context.close();
    server.close();
  });
});

describe('the Node.js runtime through the embed API', () => {
  let embed: EmbedClient;
  const run = (path: string, source: string, request: Parameters<EmbedClient['runFile']>[2] = {}, options: Parameters<EmbedClient['runFile']>[3] = {}) =>
    embed.runFile(path, source, request, options);

  beforeAll(async () => {
    embed = await openEmbed('/?embed&nodeHost=local');
  });

  afterAll(async () => {
    await embed?.page.context().close();
  });

  it('H01: req.query, repeated keys as arrays; the reason names the host', async () => {
    const r = await run('api/q.js', 'module.exports = (req, res) => res.json(req.query)', { url: '/api/q?a=1&a=2&b=&c=x%20y&a=3&d' });
    expect(r.runtime).toBe('nodejs');
    expect(JSON.parse(r.body)).toEqual({ a: ['1', '2', '3'], b: '', c: 'x y', d: '' });
    expect(r.reason).toMatch(/^nodejs: default, no config.runtime in api\/q\.js · local node v\d+\.\d+\.\d+ \(chosen with \?nodeHost=local\)$/);
  });

  it('H03: req.cookies, first duplicate wins, values decoded', async () => {
    const r = await run('api/c.js', 'module.exports = (req, res) => res.json(req.cookies)', { url: '/api/c', headers: [['cookie', 'a=1; b=hello%20world; a=2']] });
    expect(JSON.parse(r.body)).toEqual({ a: '1', b: 'hello world' });
  });

  it('H05: req.body JSON, with a charset, and empty', async () => {
    const source = 'module.exports = (req, res) => res.json({ body: req.body })';
    await embed.load({ 'api/b.js': source });
    const post = (type: string, body: string) => embed.run('api/b.js', { method: 'POST', url: '/api/b', headers: [['content-type', type]], body }, 'auto');
    const [plain] = await post('application/json', '{"x":1}');
    const [charset] = await post('application/json; charset=utf-8', '{"x":1}');
    const [empty] = await post('application/json', '');
    expect([plain, charset, empty].map((r) => JSON.parse(r.body).body)).toEqual([{ x: 1 }, { x: 1 }, {}]);
  });

  it('H06: malformed JSON, caught: the getter throws Invalid JSON with statusCode 400', async () => {
    const source = 'module.exports = (req, res) => { try { req.body; res.send("parsed") } catch (e) { res.json({ message: e.message, statusCode: e.statusCode }) } }';
    const r = await run('api/h6.js', source, { method: 'POST', url: '/api/h6', headers: [['content-type', 'application/json']], body: '{bad' });
    expect(JSON.parse(r.body)).toEqual({ message: 'Invalid JSON', statusCode: 400 });
  });

  it('H07: malformed JSON, uncaught: 500 FUNCTION_INVOCATION_FAILED', async () => {
    const r = await run('api/h7.js', 'module.exports = (req, res) => res.json(req.body)', { method: 'POST', url: '/api/h7', headers: [['content-type', 'application/json']], body: '{bad' });
    expect(r.status).toBe(500);
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_FAILED');
    expect(header(r, 'x-vercel-error')).toBe('FUNCTION_INVOCATION_FAILED');
  });

  it('H08: urlencoded, repeated keys as arrays, + as space', async () => {
    const r = await run('api/h8.js', 'module.exports = (req, res) => res.json(req.body)', { method: 'POST', url: '/api/h8', headers: [['content-type', 'application/x-www-form-urlencoded']], body: 'a=1&a=2&b=x+y' });
    expect(JSON.parse(r.body)).toEqual({ a: ['1', '2'], b: 'x y' });
  });

  it('H09: text/plain is a string', async () => {
    const r = await run('api/h9.js', 'module.exports = (req, res) => res.json({ type: typeof req.body, body: req.body })', { method: 'POST', url: '/api/h9', headers: [['content-type', 'text/plain']], body: 'hello' });
    expect(JSON.parse(r.body)).toEqual({ type: 'string', body: 'hello' });
  });

  it("H12: res.send('hi') → text/html, length 2, the weak ETag", async () => {
    const r = await run('api/h12.js', "module.exports = (req, res) => res.send('hi')", { url: '/api/h12' });
    expect([r.status, r.body]).toEqual([200, 'hi']);
    expect(header(r, 'content-type')).toBe('text/html; charset=utf-8');
    expect(header(r, 'content-length')).toBe('2');
    expect(header(r, 'etag')).toBe('W/"2-witfkXg0JglCjW9RssWvTAveakI"');
  });

  it("H19: res.redirect('/dest') → 307, Location, empty body", async () => {
    const r = await run('api/h19.js', "module.exports = (req, res) => res.redirect('/dest')", { url: '/api/h19' });
    expect([r.status, header(r, 'location'), r.body]).toEqual([307, '/dest', '']);
  });

  it('H21: res.status(201).json({ ok: true })', async () => {
    const r = await run('api/h21.js', 'module.exports = (req, res) => res.status(201).json({ ok: true })', { url: '/api/h21' });
    expect([r.status, header(r, 'content-type'), r.body]).toEqual([201, 'application/json; charset=utf-8', '{"ok":true}']);
  });

  it('H24: NODEJS_AWS_HANDLER_NAME=handler → exports.handler(event) answers 200 ok', async () => {
    const r = await run('api/h24.js', "exports.handler = async (event) => ({ statusCode: 200, body: 'ok' })", { url: '/api/h24' }, { env: { NODEJS_AWS_HANDLER_NAME: 'handler' } });
    expect([r.status, r.body, r.chunks.length]).toEqual([200, 'ok', 1]);
  });

  it('H25: http.createServer(h).listen(3000) at top level is served', async () => {
    const source = "const http = require('http'); http.createServer((req, res) => res.end('served ' + req.url)).listen(3000);";
    const r = await run('api/h25.js', source, { url: '/api/h25?x=1' });
    expect([r.status, r.body]).toEqual([200, 'served /api/h25?x=1']);
  });

  it('H26: export function GET(req) → 200 ok; POST → 405 with an empty body', async () => {
    await embed.load({ 'api/h26.ts': "export function GET(req: Request) { return new Response('ok') }" });
    const [get] = await embed.run('api/h26.ts', { method: 'GET', url: '/api/h26' });
    const [post] = await embed.run('api/h26.ts', { method: 'POST', url: '/api/h26', body: 'x' });
    expect([get.status, get.body]).toEqual([200, 'ok']);
    expect([post.status, post.body]).toEqual([405, '']);
  });

  it('H28 (node): an app route that returns nothing → 500, empty body, and Next\'s message', async () => {
    const r = await run('app/api/h28/route.ts', 'export function GET() {}', { url: '/api/h28' });
    expect(r.runtime).toBe('nodejs');
    expect([r.status, r.body]).toEqual([500, '']);
    // The default profile (16.3+, Turbopack) says what it got, the method and the path (16.2+, as 16.4.6 prints it).
    expect(r.logs.map((l) => l.text)).toContain(
      "No response is returned from route handler '[project]/app/api/h28/route.ts'. Expected a Response object but received 'undefined' (method: GET, url: /api/h28). Ensure you return a `Response` or a `NextResponse` in all branches of your handler.",
    );
  });

  it('G25: module state persists between runs of the warm process', async () => {
    await embed.load({ 'api/count.js': 'let n = 0; module.exports = (req, res) => res.send(String(++n))' });
    const bodies: string[] = [];
    for (let i = 0; i < 3; i++) bodies.push((await embed.run('api/count.js', { method: 'GET', url: '/api/count' }))[0].body);
    expect(bodies).toEqual(['1', '2', '3']);
  });

  it("a process's stdin is one WebSocket for all its runs: no request per run", async () => {
    const fresh = await openEmbed('/?embed&nodeHost=local');
    try {
      const sockets: string[] = [];
      const posts: string[] = [];
      fresh.page.on('websocket', (ws) => sockets.push(new URL(ws.url()).pathname));
      fresh.page.on('request', (r) => r.method() === 'POST' && posts.push(new URL(r.url()).pathname));
      await fresh.load({ 'api/count.js': 'let n = 0; module.exports = (req, res) => res.send(String(++n))' });
      const bodies: string[] = [];
      for (let i = 0; i < 5; i++) bodies.push((await fresh.run('api/count.js', { method: 'GET', url: '/api/count' }))[0].body);
      expect(bodies).toEqual(['1', '2', '3', '4', '5']);
      expect(sockets.length).toBeGreaterThan(0); // one a process: the one that ran, and the spare beside it
      expect(sockets.filter((path) => path !== '/__node/stdin')).toEqual([]);
      expect(posts.filter((p) => p === '/__node/stdin')).toEqual([]);
      expect(posts).toContain('/__node/spawn'); // the check that requests are seen at all
    } finally {
      await fresh.page.context().close();
    }
  });

  it('L03/H27: a handler that never responds → 504 FUNCTION_INVOCATION_TIMEOUT at the (short) maxDuration', async () => {
    const t0 = Date.now();
    const r = await run('api/hang.js', 'module.exports = (req, res) => {}', { url: '/api/hang' }, { limits: { nodeMaxDurationMs: 1000 } });
    expect(r.status).toBe(504);
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_TIMEOUT');
    expect(r.error?.message).toMatch(/did not respond within 1 s/);
    expect(r.body).toBe('504: GATEWAY_TIMEOUT\nCode: FUNCTION_INVOCATION_TIMEOUT\n');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
  });

  it('L04/H29: a thrown error → 500 FUNCTION_INVOCATION_FAILED with the stack at the user\'s line', async () => {
    const r = await run('api/boom.js', "module.exports = (req, res) => {\n  throw new Error('boom');\n}", { url: '/api/boom' });
    expect(r.status).toBe(500);
    expect(r.error).toMatchObject({ code: 'FUNCTION_INVOCATION_FAILED', message: 'Error: boom' });
  });

  it('a synchronous infinite loop is killed at the deadline (504), and the next run works in a fresh process', async () => {
    const t0 = Date.now();
    const r = await run('api/loop.js', 'module.exports = () => { for (;;) {} }', { url: '/api/loop' }, { limits: { nodeMaxDurationMs: 1000 } });
    const ms = Date.now() - t0;
    expect(r.status).toBe(504);
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_TIMEOUT');
    expect(r.error?.message).toMatch(/stuck in synchronous code, so it was killed/);
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThan(10_000);
    const next = await run('api/after.js', "module.exports = (req, res) => res.send('alive')", { url: '/api/after' });
    expect([next.status, next.body, next.timings.cold]).toEqual([200, 'alive', true]);
  });

  it('L06 (legacy 2024): a 5 MB request body → 413 FUNCTION_PAYLOAD_TOO_LARGE at the gateway', async () => {
    const r = await run('api/big.js', "module.exports = (req, res) => res.send('read it')", { method: 'POST', url: '/api/big', headers: [['content-type', 'text/plain']], body: 'x'.repeat(5 * 1000 * 1000) }, { platform: 'legacy' });
    expect(r.runtime).toBe('nodejs');
    expect(r.status).toBe(413);
    expect(r.error).toEqual({ code: 'FUNCTION_PAYLOAD_TOO_LARGE', message: 'The request body is 5,000,000 bytes; the Node.js runtime accepts 4,500,000 bytes (4.5 MB) at most.' });
    const refused = await embed.load({ 'api/big.js': 'module.exports = (req, res) => res.end()' }, { platform: '2024' as never });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE', message: expect.stringContaining("`platform` must be one of 'fluid', 'legacy'") } });
  });

  it('npm: a handler importing `ms` gets it installed (progress in its log), once', async () => {
    const source = "import ms from 'ms'; export default (req, res) => res.json({ twoDays: ms('2 days') })";
    const first = await run('api/npm.js', source, { url: '/api/npm' });
    expect([first.status, JSON.parse(first.body)]).toEqual([200, { twoDays: 172_800_000 }]);
    expect(first.logs[0].text).toBe('npm install ms@latest');
    expect(first.logs.some((l) => l.text.startsWith('npm: '))).toBe(true);
    expect(first.timings.installMs).toBeGreaterThan(0);
    const [second] = await embed.run('api/npm.js', { method: 'GET', url: '/api/npm' });
    expect(JSON.parse(second.body)).toEqual({ twoDays: 172_800_000 });
    expect(second.logs).toEqual([]);
    expect(second.timings.installMs).toBeUndefined();
  }, 120_000);

  it("runtime: 'both' runs the edge and Node.js at once: their runs overlap in time", async () => {
    // Each run takes 2 s; one after the other, the second would start after the first had answered.
    const source = 'export async function GET() { const start = Date.now(); await new Promise((r) => setTimeout(r, 2000)); return Response.json({ start, end: Date.now() }) }';
    await embed.load({ 'app/api/slow/route.ts': source });
    const results = await embed.run('app/api/slow/route.ts', { method: 'GET', url: '/api/slow' }, 'both');
    expect(results.map((r) => [r.runtime, r.status])).toEqual([['edge', 200], ['nodejs', 200]]);
    const [edge, node] = results.map((r) => JSON.parse(r.body) as { start: number; end: number });
    expect(Math.max(edge.start, node.start)).toBeLessThan(Math.min(edge.end, node.end));
  });

  it("runtime: 'both' answers on the edge and on Node.js: two real results that differ where the runtimes do", async () => {
    const source = 'export function GET() { return Response.json({ edgeRuntime: typeof EdgeRuntime, nextRuntime: process.env.NEXT_RUNTIME ?? null }) }';
    await embed.load({ 'app/api/both/route.ts': source });
    const results = await embed.run('app/api/both/route.ts', { method: 'GET', url: '/api/both' }, 'both');
    expect(results.map((r) => r.runtime)).toEqual(['edge', 'nodejs']);
    expect(results.map((r) => JSON.parse(r.body))).toEqual([
      { edgeRuntime: 'string', nextRuntime: 'edge' },
      { edgeRuntime: 'undefined', nextRuntime: 'nodejs' },
    ]);
    expect(results[1].reason).toMatch(/^nodejs: chosen for this run · local node v/);
  });

  it('cold start (spawn → first response) and warm round trip, measured in this browser', async () => {
    await embed.load({ 'api/ping.js': "module.exports = (req, res) => res.send('pong')" });
    const warm: number[] = [];
    for (let i = 0; i < 15; i++) warm.push((await embed.run('api/ping.js', { method: 'GET', url: '/api/ping' }))[0].timings.roundTripMs!);
    // Fresh pages are fresh projects: each first run starts a new process.
    const cold: number[] = [];
    const start: number[] = [];
    for (let i = 0; i < 3; i++) {
      const fresh = await openEmbed('/?embed&nodeHost=local');
      // Measure a cold start, not the page's own start: the editor loads on its own once esbuild is up.
      await fresh.page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
      const r = await fresh.runFile('api/ping.js', "module.exports = (req, res) => res.send('pong')", { url: '/api/ping' });
      expect(r.timings.cold).toBe(true);
      cold.push(r.timings.coldStartMs!);
      start.push(r.timings.processStartMs!);
      await fresh.page.context().close();
    }
    console.log(`Node.js in Chromium over the local bridge: spawn→hello ${median(start).toFixed(1)} ms, spawn→first response ${median(cold).toFixed(1)} ms (median of 3 cold: ${cold.map((c) => c.toFixed(0)).join(', ')}); warm round trip ${median(warm).toFixed(1)} ms (median of 15)`);
    expect(median(cold)).toBeLessThan(5000);
    expect(median(warm)).toBeLessThan(1000);
  });
});
