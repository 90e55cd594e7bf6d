// The host helper public/embed.js as a tutorial site uses it: a page on another origin (a second local server) loads
// <playground>/embed.js, creates two embeds and drives them with promises; and a page on the playground's own origin,
// where Node.js handlers run on the local host. Real Chromium against the production build.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { baseUrl, getBrowser } from './harness';

type Embed = {
  iframe: HTMLIFrameElement;
  load(project: unknown): Promise<{ profile?: string }>;
  loaded: Promise<{ profile?: string } | null>;
  run(request: unknown): Promise<RunResult[]> & { id: string };
  getState(): Promise<{ files: Record<string, string>; path: string }>;
  setFile(path: string, source: string): Promise<void>;
  stop(id?: unknown): Promise<boolean[]>;
  on(event: string, fn: (value: unknown) => void): () => void;
  destroy(): void;
};
declare global {
  interface Window {
    RuntimePlayground: { embed(target: string | Element, options?: unknown): Promise<Embed> };
    embeds: Record<string, Embed>;
    resizes: Record<string, number[]>;
  }
}

const HOST_HTML = (playground: string) => `<!doctype html><html lang="en"><title>A tutorial</title>
<h1>A tutorial</h1><div id="first"></div><p>Between the embeds.</p><div id="second"></div><div id="third"></div>
<script src="${playground}/embed.js"></script>`;

/** Answers `n` lines of text: a long response grows the embed, a short one shrinks it. */
const LINES = "export const runtime = 'edge';\nexport function GET(req) {\n  const n = Number(new URL(req.url).searchParams.get('n') ?? 1);\n  return new Response(Array.from({ length: n }, (_, i) => 'line ' + i).join('\\n'));\n}\n";
const HELLO = (word: string) => `export const runtime = 'edge';\nexport const GET = () => new Response('${word}');\n`;
const SLOW = "export const runtime = 'edge';\nexport const GET = async () => { await new Promise((r) => setTimeout(r, 1500)); return new Response('slow'); };\n";
const NODE = "module.exports = (req, res) => res.send('node says ' + req.query.name);\n";

/** Creates an embed under `name` in the page and records its resize events; `asElement`: pass the element, not the selector. */
async function embed(page: Page, name: string, target: string, options: Record<string, unknown>, asElement = false): Promise<void> {
  await page.evaluate(
    async ([name, target, options, asElement]) => {
      window.embeds ??= {};
      window.resizes ??= {};
      const pg = await window.RuntimePlayground.embed(asElement ? document.querySelector(target)! : target, options);
      window.embeds[name] = pg;
      window.resizes[name] = [];
      pg.on('resize', (e) => window.resizes[name].push((e as { height: number }).height));
    },
    [name, target, options, asElement] as const,
  );
}

const run = (page: Page, name: string, request: Record<string, unknown>) =>
  page.evaluate(([name, request]) => window.embeds[name].run(request), [name, request] as const);

describe('embed.js on a page of another origin', () => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(HOST_HTML(baseUrl())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    context = await (await getBrowser()).newContext({ viewport: { width: 1280, height: 2400 } });
    page = await context.newPage();
    errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await Promise.all([
      embed(page, 'first', '#first', { files: { 'app/api/lines/route.ts': LINES, 'app/api/hello/route.ts': HELLO('one') }, path: 'app/api/hello/route.ts', params: { nodeHost: 'local' } }),
      embed(page, 'second', '#second', { files: { 'app/api/hello/route.ts': HELLO('two'), 'api/node.js': NODE }, theme: 'dark', params: { nodeHost: 'local' } }, true),
    ]);
  });

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('creates one titled, borderless, full-width frame per embed with the embed URL and its options', async () => {
    const frames = await page.evaluate(() =>
      [...document.querySelectorAll('iframe')].map((f) => ({ parent: f.parentElement!.id, src: f.src, title: f.title, allow: f.allow, border: getComputedStyle(f).borderTopWidth, width: f.getBoundingClientRect().width, body: document.body.clientWidth })),
    );
    expect(frames.map((f) => f.parent)).toEqual(['first', 'second']);
    expect(frames[0].src).toBe(`${baseUrl()}/?embed&nodeHost=local`);
    expect(frames[1].src).toBe(`${baseUrl()}/?embed&theme=dark&nodeHost=local`);
    for (const f of frames) {
      expect([f.title, f.allow, f.border]).toEqual(['Runtime Playground', 'cross-origin-isolated', '0px']);
      expect(f.width).toBe(f.body);
    }
  });

  it('loads each embed with its own files, and getState answers them with the open file', async () => {
    expect(await page.evaluate(() => Promise.all([window.embeds.first.loaded, window.embeds.second.loaded]))).toEqual([{ profile: '16.3+' }, { profile: '16.3+' }]);
    const first = await page.evaluate(() => window.embeds.first.getState());
    expect(first).toEqual({ files: { 'app/api/lines/route.ts': LINES, 'app/api/hello/route.ts': HELLO('one') }, path: 'app/api/hello/route.ts' });
    const second = await page.evaluate(() => window.embeds.second.getState());
    expect(second).toEqual({ files: { 'app/api/hello/route.ts': HELLO('two'), 'api/node.js': NODE }, path: 'api/node.js' }); // the first handler
  });

  it('runs an edge request through the promise in each embed: status and body', async () => {
    const [[one], [two]] = await Promise.all([
      run(page, 'first', { method: 'GET', url: '/api/hello', path: 'app/api/hello/route.ts' }),
      run(page, 'second', { method: 'GET', url: '/api/hello' }),
    ]);
    expect([one.runtime, one.status, one.body]).toEqual(['edge', 200, 'one']);
    expect([two.runtime, two.status, two.body]).toEqual(['edge', 200, 'two']);
  });

  it('setFile changes what the next run answers, and getState shows it', async () => {
    await page.evaluate(() => window.embeds.first.setFile('app/api/hello/route.ts', "export const runtime = 'edge';\nexport const GET = () => new Response('changed');\n"));
    const [result] = await run(page, 'first', { method: 'GET', url: '/api/hello' });
    expect([result.status, result.body]).toEqual([200, 'changed']);
    const state = await page.evaluate(() => window.embeds.first.getState());
    expect(state.files['app/api/hello/route.ts']).toContain("'changed'");
    expect(state.path).toBe('app/api/hello/route.ts');
    // The second embed is another project.
    expect((await page.evaluate(() => window.embeds.second.getState())).files['app/api/hello/route.ts']).toBe(HELLO('two'));
  });

  it('setFile and load reject with the answer\'s error: a path that climbs out, a version the table does not know', async () => {
    const setFile = await page.evaluate(() => window.embeds.first.setFile('../outside.ts', 'x').then(() => null, (e) => ({ code: e.code, message: e.message })));
    expect(setFile).toEqual({ code: 'INVALID_MESSAGE', message: 'file path "../outside.ts" must be relative, like app/api/hello/route.ts' });
    const load = await page.evaluate(() => window.embeds.second.load({ files: { 'a.ts': '' }, nextVersion: '99' }).then(() => null, (e) => ({ code: e.code, message: e.message })));
    expect(load?.code).toBe('INVALID_NEXT_VERSION');
    expect(load?.message).toBeTruthy();
  });

  it('the frame follows the content: resize events grow with a long response and shrink with a short one', async () => {
    const height = () => page.evaluate(() => window.embeds.first.iframe.getBoundingClientRect().height);
    const last = () => page.evaluate(() => window.resizes.first.at(-1)!);
    await run(page, 'first', { method: 'GET', url: '/api/lines?n=1', path: 'app/api/lines/route.ts' });
    await expect.poll(async () => (await last()) === (await height())).toBe(true);
    const short = await height();
    const seen = await page.evaluate(() => window.resizes.first.length);

    const [long] = await run(page, 'first', { method: 'GET', url: '/api/lines?n=400', path: 'app/api/lines/route.ts' });
    expect(long.body.split('\n')).toHaveLength(400);
    await expect.poll(last, { timeout: 10_000 }).toBeGreaterThan(short + 100);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the response is drawn in full
    await expect.poll(height).toBe(await last());
    const tall = await height();

    await run(page, 'first', { method: 'GET', url: '/api/lines?n=1', path: 'app/api/lines/route.ts' });
    await expect.poll(last, { timeout: 10_000, message: 'resizes: ' + (await page.evaluate(() => window.resizes.first.join(' '))) }).toBeLessThan(tall - 100);
    await expect.poll(height).toBe(await last());
    expect(await page.evaluate((seen) => window.resizes.first.length > seen + 1, seen)).toBe(true);
  });

  it('Node.js from a page framed by another origin: the promise resolves with one Node.js result carrying an error', async () => {
    const results = await run(page, 'second', { method: 'GET', url: '/api/node?name=Ada', path: 'api/node.js' });
    expect(results).toHaveLength(1);
    expect(results[0].runtime).toBe('nodejs');
    expect(results[0].status).toBeNull();
    expect(results[0].error?.code).toBeTruthy();
  });

  it('answers only from its own frame: a result forged by another window does not settle a run', async () => {
    const result = await page.evaluate(async (slow) => {
      const pg = window.embeds.second;
      await pg.setFile('app/api/slow/route.ts', slow);
      const running = pg.run({ method: 'GET', url: '/api/slow', path: 'app/api/slow/route.ts' });
      // The host page itself (not the frame), and a sibling frame of the same origin as the host, forge the answer.
      window.postMessage({ type: 'playground:result', id: running.id, results: [{ body: 'forged' }] }, '*');
      const sibling = document.body.appendChild(document.createElement('iframe'));
      sibling.srcdoc = `<script>parent.postMessage({ type: 'playground:result', id: ${JSON.stringify(running.id)}, results: [{ body: 'forged' }] }, '*')<\/script>`;
      const [first] = await running;
      sibling.remove();
      return first.body;
    }, SLOW);
    expect(result).toBe('slow');
  });

  it('stop(run) cancels that run: its result comes back CANCELLED, and the result event sees it', async () => {
    const outcome = await page.evaluate(async () => {
      const pg = window.embeds.second;
      const seen: unknown[] = [];
      const off = pg.on('result', (results) => seen.push(results));
      const running = pg.run({ method: 'GET', url: '/api/slow', path: 'app/api/slow/route.ts' });
      await new Promise((r) => setTimeout(r, 300));
      const stopped = await pg.stop(running);
      const [result] = await running;
      off();
      await pg.run({ method: 'GET', url: '/api/hello' });
      return { stopped, code: result.error?.code, events: seen.length, same: seen[0] !== undefined && (seen[0] as unknown[])[0] !== undefined };
    });
    expect(outcome).toEqual({ stopped: [true], code: 'CANCELLED', events: 1, same: true });
  });

  it('with clickToLoad it resolves before the click; its load is answered once the reader clicks "Load playground"', async () => {
    await embed(page, 'lazy', '#third', { files: { 'app/api/hello/route.ts': HELLO('lazy') }, clickToLoad: true });
    expect(await page.evaluate(() => window.embeds.lazy.iframe.src)).toBe(`${baseUrl()}/?embed&clickToLoad`);
    const early = await page.evaluate(() => Promise.race([window.embeds.lazy.loaded.then(() => 'loaded'), new Promise((r) => setTimeout(() => r('waiting'), 1000))]));
    expect(early).toBe('waiting');
    await page.frameLocator('#third iframe').getByRole('button', { name: 'Load playground' }).click();
    expect(await page.evaluate(() => window.embeds.lazy.loaded)).toEqual({ profile: '16.3+' });
    const [result] = await run(page, 'lazy', { method: 'GET', url: '/api/hello' });
    expect([result.status, result.body]).toEqual([200, 'lazy']);
    await page.evaluate(() => window.embeds.lazy.destroy());
  });

  it('a playground that never says ready: embed() rejects with EMBED_TIMEOUT after `timeout` and leaves no frame', async () => {
    const outcome = await page.evaluate(async () => {
      const box = document.body.appendChild(document.createElement('div'));
      // Port 9 (discard) on loopback: nothing answers, so no ready ever comes.
      const error = await window.RuntimePlayground.embed(box, { origin: 'http://127.0.0.1:9', timeout: 300 }).then(() => null, (e) => ({ code: e.code, message: e.message }));
      return { error, frames: box.querySelectorAll('iframe').length };
    });
    expect(outcome).toEqual({ error: { code: 'EMBED_TIMEOUT', message: 'The playground at http://127.0.0.1:9 did not answer within 300 ms' }, frames: 0 });
  });

  it('destroy() removes the frame and rejects what is pending', async () => {
    await embed(page, 'third', '#second', { files: { 'app/api/slow/route.ts': SLOW } });
    const outcome = await page.evaluate(async () => {
      const pg = window.embeds.third;
      const running = pg.run({ method: 'GET', url: '/api/slow' });
      await new Promise((r) => setTimeout(r, 100));
      pg.destroy();
      const settled = await running.then(() => 'resolved', (e) => (e as Error).message);
      const later = await pg.getState().then(() => 'resolved', (e) => (e as Error).message);
      return { settled, later, inDom: document.body.contains(pg.iframe), frames: document.querySelectorAll('iframe').length };
    });
    expect(outcome).toEqual({ settled: 'This playground embed was destroyed', later: 'This playground embed was destroyed', inDom: false, frames: 2 });
    expect(errors).toEqual([]);
  });
});

describe('embed.js on a page of the playground\'s own origin', () => {
  let context: BrowserContext;

  afterAll(async () => {
    await context?.close();
  });

  it('H01: a Node.js handler runs on the local host through run(): status and body', async () => {
    context = await (await getBrowser()).newContext({ viewport: { width: 1280, height: 1600 } });
    const page = await context.newPage();
    await page.route(`${baseUrl()}/__host.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>Own docs</title><div id="pg"></div><script src="/embed.js"></script>` }),
    );
    await page.goto(`${baseUrl()}/__host.html`);
    await embed(page, 'own', '#pg', { files: { 'api/node.js': NODE }, height: 520, params: { nodeHost: 'local' } });
    const [result] = await run(page, 'own', { method: 'GET', url: '/api/node?name=Ada', path: 'api/node.js' });
    expect([result.runtime, result.status, result.body, result.error]).toEqual(['nodejs', 200, 'node says Ada', undefined]);
    // A fixed height stays fixed: resize events are reported, the frame keeps its 520 px.
    await expect.poll(() => page.evaluate(() => window.resizes.own.length)).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.embeds.own.iframe.getBoundingClientRect().height)).toBe(520);
  });
});

describe('playground:setFile from another origin cannot borrow the consent of the project it edits', () => {
  let server: Server;
  let context: BrowserContext;

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('allowed project, then a host write: its next Node.js run asks again and runs nothing', async () => {
    // A site that opens the playground with window.open, where the playground's page comes without COOP (a host or
    // proxy that drops it), so the opener keeps its handle and can post to it (the only way another origin reaches
    // local node: a page framed by another origin never does).
    server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><button id="open">Open</button><script>
        window.__replies = [];
        document.getElementById('open').onclick = () => { window.pg = window.open(${JSON.stringify(`${baseUrl()}/?nodeHost=local`)}, 'pg'); };
        addEventListener('message', (e) => { if (e.source === window.pg) window.__replies.push(e.data); });
      </script>`),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    context = await (await getBrowser()).newContext({ viewport: { width: 1400, height: 900 } });
    await context.route(`${baseUrl()}/**`, async (route) => {
      if (route.request().resourceType() !== 'document' || new URL(route.request().url()).pathname !== '/') return route.continue();
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      await route.fulfill({ response, headers });
    });
    const opener = await context.newPage();
    await opener.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const [playground] = await Promise.all([context.waitForEvent('page'), opener.click('#open')]);
    const replies = () => opener.evaluate(() => (window as unknown as { __replies: { type: string; id?: unknown; ok?: boolean; results?: RunResult[] }[] }).__replies);
    const ask = async (message: Record<string, unknown>, answer: string) => {
      await opener.evaluate((m) => (window as unknown as { pg: Window }).pg.postMessage(m, '*'), message);
      await expect.poll(async () => (await replies()).some((m) => m.type === answer && m.id === message.id), { timeout: 60_000 }).toBe(true);
      return (await replies()).find((m) => m.type === answer && m.id === message.id)!;
    };
    await expect.poll(async () => (await replies()).some((m) => m.type === 'playground:ready'), { timeout: 30_000 }).toBe(true);
    const runNode = async (id: string) => (await ask({ type: 'playground:run', id, path: 'api/node.js', request: { method: 'GET', url: '/api/node?name=Ada' } }, 'playground:result')).results![0];

    expect((await ask({ type: 'playground:load', id: 'l', files: { 'api/node.js': NODE } }, 'playground:loaded')).ok).toBe(true);
    expect((await runNode('r1')).error?.code).toBe('NODE_HOST_CONSENT_REQUIRED');
    const prompt = playground.getByRole('alertdialog', { name: 'Run this code on your computer?' });
    await prompt.getByRole('button', { name: 'Run on this computer' }).click();
    const allowed = await runNode('r2');
    expect([allowed.status, allowed.body]).toEqual([200, 'node says Ada']);

    const write = await ask({ type: 'playground:setFile', id: 'w', path: 'api/node.js', source: "module.exports = (req, res) => res.send('written by the host');\n" }, 'playground:fileSet');
    expect(write.ok).toBe(true);
    const after = await runNode('r3');
    expect([after.status, after.body, after.error?.code]).toEqual([null, '', 'NODE_HOST_CONSENT_REQUIRED']);
    await expect.poll(() => prompt.isVisible()).toBe(true);
  });
});
