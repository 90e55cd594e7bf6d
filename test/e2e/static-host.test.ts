// The production build hosted as static files: a plain file server that applies only the build's `_headers`
// (test/static-host.mjs), no Node bridge. Edge handlers, compare, embeds from another origin through /embed.js
// and share links work there; a Node.js run says how to get a host, once.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeProject, SHARE_HASH_KEY } from '../../src/lib/share/codec';
import { getBrowser } from './harness';
import { hostReply, openHostPage, serveHostPage, type HostPage } from './host-page';
import { serveStatic } from '../static-host.mjs';

const EDGE_FILE = 'app/api/edge/route.ts';
const EDGE_FILES = {
  [EDGE_FILE]: "export const runtime = 'edge';\nexport function GET(request: Request) {\n  return new Response('edge ok ' + new URL(request.url).searchParams.get('name'));\n}\n",
};

let site: Awaited<ReturnType<typeof serveStatic>>;
const pages: Page[] = [];

beforeAll(async () => {
  site = await serveStatic(process.env.E2E_OUT_DIR || 'dist');
});
afterAll(async () => {
  await Promise.all(pages.map((p) => p.context().close()));
  await site?.close();
});

/** A page of the static site, driven through its own embed API (unframed, it answers the messages it posts itself). */
async function open(path: string, context?: BrowserContext): Promise<Page> {
  const page = await (context ?? (await (await getBrowser()).newContext())).newPage();
  pages.push(page);
  await page.addInitScript(() => {
    (window as any).__replies = [];
    window.addEventListener('message', (e) => (window as any).__replies.push(e.data));
  });
  await page.goto(site.url + path);
  await hostReply(page, 'playground:ready');
  return page;
}

let nextId = 1;
async function ask(page: Page, message: Record<string, unknown>, answer: string): Promise<any> {
  const id = nextId++;
  await page.evaluate((m) => window.postMessage(m, '*'), { ...message, id });
  return hostReply(page, answer, id, 90_000);
}

describe('the build under a plain static server with _headers only', () => {
  it('serves exactly the _headers rules: the page isolated, its own policy, nothing forbidding other sites to frame it', async () => {
    const response = await fetch(`${site.url}/?embed`);
    expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self';/);
    expect(response.headers.get('x-frame-options')).toBeNull();
    const embedJs = await fetch(`${site.url}/embed.js`);
    expect(embedJs.status).toBe(200);
    expect(embedJs.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect((await fetch(`${site.url}/__node/health`)).status).toBe(404); // no bridge here
  });

  it('an edge handler runs: the route that matches the URL answers', async () => {
    const page = await open('/?embed');
    expect((await ask(page, { type: 'playground:load', files: EDGE_FILES }, 'playground:loaded')).ok).toBe(true);
    const { results } = await ask(page, { type: 'playground:run', request: { method: 'GET', url: '/api/edge?name=static' } }, 'playground:result');
    expect(results[0]).toMatchObject({ runtime: 'edge', status: 200, body: 'edge ok static' });
    expect(results[0].error ?? null).toBeNull();
  });

  it("a second embed in the same browser takes the build's hashed files from its cache: none of the page's is asked for again", async () => {
    const context = await (await getBrowser()).newContext();
    // What the page and its own workers ask for. Not the sandbox's (`Origin: null`): an opaque origin has a cache
    // partition of its own per frame, so each sandbox fetches its scripts anew. Not esbuild.wasm: it is larger than
    // what the in-memory cache of a context like this one keeps (a person's profile has a disk cache).
    const pageAssets = (from: number) =>
      site.requests.slice(from).filter((r) => r.path.startsWith('/assets/') && r.origin !== 'null' && !r.path.endsWith('.wasm')).map((r) => r.path);
    const embedAndRun = async () => {
      const from = site.requests.length;
      const page = await open('/?embed', context);
      expect((await ask(page, { type: 'playground:load', files: EDGE_FILES }, 'playground:loaded')).ok).toBe(true);
      const { results } = await ask(page, { type: 'playground:run', request: { method: 'GET', url: '/api/edge?name=again' } }, 'playground:result');
      expect(results[0]).toMatchObject({ runtime: 'edge', status: 200, body: 'edge ok again' });
      // Everything it loads on its own (the editor, in quiet time) is in before the next page opens.
      await page.waitForFunction(() => performance.getEntriesByName('editor:ready').length > 0, null, { timeout: 60_000 });
      await page.close();
      return from;
    };
    const first = await embedAndRun();
    expect(pageAssets(first).length).toBeGreaterThan(10); // the page's chunks, its workers, the editor's stages
    const second = await embedAndRun();
    expect(site.requests.slice(second).map((r) => r.path)).toContain('/'); // the document is asked for again: its name stays
    expect(pageAssets(second)).toEqual([]);
  });

  it('compare versions runs both sides on the edge', async () => {
    const page = await open('/');
    await page.setViewportSize({ width: 1600, height: 1000 });
    expect((await ask(page, { type: 'playground:load', files: EDGE_FILES }, 'playground:loaded')).ok).toBe(true);
    await page.getByRole('button', { name: 'Compare versions' }).click();
    await page.getByLabel('Path and query').fill('/api/edge?name=both');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const sides = page.getByRole('region', { name: /^Next\.js .* result$/ });
    await expect.poll(() => sides.count()).toBe(2);
    for (const side of await sides.all()) {
      await expect.poll(() => side.getAttribute('aria-busy'), { timeout: 90_000 }).toBe('false');
      expect(await side.locator('.status-line .status .code').textContent()).toBe('200');
    }
  });

  it('a Node.js run says once how to get a host: the bridge comes with npm run dev and npm start', async () => {
    const page = await open('/?nodeHost=local');
    const files = { 'api/hello.js': "module.exports = (req, res) => res.send('hi')" };
    expect((await ask(page, { type: 'playground:load', files }, 'playground:loaded')).ok).toBe(true);
    const { results } = await ask(page, { type: 'playground:run', path: 'api/hello.js', request: { method: 'GET', url: '/api/hello' } }, 'playground:result');
    const message = `This server has no local Node bridge at /__node (it comes with \`npm run dev\` and \`npm start\`, not with static hosting).`;
    expect(results[0].error).toEqual({ code: 'NODE_HOST_UNAVAILABLE', message });
    await page.locator('.error-box').waitFor();
    const shown = await page.evaluate((text) => {
      const copy = document.body.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.visually-hidden, script').forEach((e) => e.remove());
      return copy.textContent!.replace(/\s+/g, ' ').split(text).length - 1;
    }, message);
    expect(shown).toBe(1);
    // Not framed by another origin: no link to the playground, this is it.
    expect(await page.getByRole('link', { name: 'Open in the playground' }).count()).toBe(0);
  });

  it('a share link opens its project there', async () => {
    const shared = { ...EDGE_FILES, 'README.md': 'shared ✓\n' };
    const encoded = await encodeProject({
      files: shared,
      active: EDGE_FILE,
      request: { method: 'GET', url: '/api/edge?name=link', headers: [], cookies: [], bodyType: 'none', body: '' },
      nextVersion: null,
      plan: 'hobby',
      generation: 'fluid',
    });
    const page = await open(`/#${SHARE_HASH_KEY}=${encoded}`);
    await expect.poll(async () => (await ask(page, { type: 'playground:getState' }, 'playground:state')).files, { timeout: 10_000 }).toEqual(shared);
  });
});

describe('an embed on a host page of another origin (and COEP), through /embed.js', () => {
  let host: HostPage;
  beforeAll(async () => {
    host = await serveHostPage(
      `<!doctype html><div id="target"></div><script src="${site.url}/embed.js"></script>
      <script>window.embedded = RuntimePlayground.embed('#target', { files: ${JSON.stringify(EDGE_FILES)}, height: 480 });</script>`,
      // A cross-origin isolated host: the script and the framed page load only with CORP cross-origin.
      { 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-opener-policy': 'same-origin' },
    );
  });
  afterAll(() => host?.close());

  it('loads, runs an edge request and reads the state through the promises', async () => {
    const { page } = await openHostPage(host.url);
    pages.push(page);
    const result = await page.evaluate(async () => {
      const pg = await (window as any).embedded;
      const [run] = await pg.run({ method: 'GET', url: '/api/edge?name=host' });
      return { status: run.status, body: run.body, runtime: run.runtime, state: await pg.getState() };
    });
    expect(result).toEqual({ status: 200, body: 'edge ok host', runtime: 'edge', state: { files: EDGE_FILES, path: EDGE_FILE } });
  });
});
