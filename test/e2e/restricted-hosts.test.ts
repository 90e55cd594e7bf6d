// Hosts that restrict the embed's frame, in real Chromium against the production build: a sandbox without
// allow-same-origin (one line at once, EMBED_SANDBOXED to the host), and a page on another origin, where a Node.js run
// answers one short sentence once, with a link that opens the project in the playground.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProject, SHARE_HASH_KEY } from '../../src/lib/share/codec';
import { baseUrl } from './harness';
import { COLLECT_REPLIES, frameAt, hostReply, openHostPage, postToFrame, serveHostPage, type HostPage } from './host-page';

const SANDBOXED_LINE = 'This embed needs allow-same-origin in its iframe\'s sandbox attribute (sandbox="allow-scripts allow-same-origin").';
const NODE_FILE = 'api/hello.js';
const NODE_FILES = { [NODE_FILE]: "module.exports = (req, res) => res.send('hello from Node.js')" };
const EDGE_FILE = 'app/api/edge/route.ts';
const EDGE_FILES = { [EDGE_FILE]: "export const runtime = 'edge';\nexport function GET() { return new Response('edge ok'); }\n" };

/** Occurrences of `text` in what the frame shows (the screen reader's live region aside). */
const shownCount = (page: Page, text: string) =>
  frameAt(page, baseUrl()).evaluate((text) => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.visually-hidden, script').forEach((e) => e.remove());
    return copy.textContent!.replace(/\s+/g, ' ').split(text).length - 1;
  }, text);

describe('a host that frames the embed in sandbox="allow-scripts" (no allow-same-origin)', () => {
  let host: HostPage;
  beforeAll(async () => {
    host = await serveHostPage(
      `<!doctype html>${COLLECT_REPLIES}<iframe id="pg" sandbox="allow-scripts" src="${baseUrl()}/?embed" style="width:720px;height:480px"></iframe>`,
    );
  });
  afterAll(() => host?.close());

  it('shows the one line at once, loads nothing heavy, and answers load and run with EMBED_SANDBOXED', async () => {
    const { page, requests } = await openHostPage(host.url);
    try {
      await hostReply(page, 'playground:ready');
      const notice = frameAt(page, baseUrl()).getByRole('alert');
      // At once: before any compile, so nothing of esbuild, Monaco or the edge sandbox was even asked for.
      await expect.poll(() => notice.textContent().then((t) => t?.replace(/\s+/g, ' ').trim()), { timeout: 5_000 }).toBe(SANDBOXED_LINE);
      expect(await notice.getAttribute('data-code')).toBe('EMBED_SANDBOXED');

      await postToFrame(page, '#pg', { type: 'playground:load', id: 1, files: EDGE_FILES });
      expect(await hostReply(page, 'playground:loaded', 1)).toEqual({
        type: 'playground:loaded',
        id: 1,
        ok: false,
        error: { code: 'EMBED_SANDBOXED', message: SANDBOXED_LINE },
      });
      await postToFrame(page, '#pg', { type: 'playground:run', id: 2, path: EDGE_FILE, request: { method: 'GET', url: '/api/edge' } });
      const [result] = (await hostReply(page, 'playground:result', 2)).results;
      expect(result.error).toEqual({ code: 'EMBED_SANDBOXED', message: SANDBOXED_LINE });
      expect(result.status).toBeNull();

      expect(requests.filter((url) => /\.wasm|ts\.worker|editor\.api|sandbox/.test(url))).toEqual([]);
      expect(await shownCount(page, SANDBOXED_LINE)).toBe(1);
    } finally {
      await page.context().close();
    }
  });
});

describe('a host page that is itself sandboxed without allow-same-origin, using /embed.js', () => {
  let host: HostPage;
  beforeAll(async () => {
    // CSP `sandbox allow-scripts` makes the host's origin opaque; the frame embed.js makes inherits the sandbox.
    const page = `<!doctype html><div id="pg"></div><script src="${baseUrl()}/embed.js"></script><script>
      RuntimePlayground.embed('#pg').then((pg) => pg.load({ files: ${JSON.stringify(EDGE_FILES)} }))
        .then(() => (window.__outcome = { ok: true }), (e) => (window.__outcome = { code: e.code, message: e.message }));
    </script>`;
    host = await serveHostPage(page, { 'content-security-policy': 'sandbox allow-scripts' });
  });
  afterAll(() => host?.close());

  it('embed() resolves and load() rejects with EMBED_SANDBOXED and the line (replies from origin null are taken)', async () => {
    const { page } = await openHostPage(host.url);
    try {
      const outcome = await page.waitForFunction(() => (window as any).__outcome, null, { timeout: 30_000 });
      expect(await outcome.jsonValue()).toEqual({ code: 'EMBED_SANDBOXED', message: SANDBOXED_LINE });
    } finally {
      await page.context().close();
    }
  });
});

describe('a host page on another origin', () => {
  let host: HostPage;
  beforeAll(async () => {
    // 480 px high, the height a tutorial gives an embed (public/embed.js's default).
    host = await serveHostPage(`<!doctype html>${COLLECT_REPLIES}<iframe id="pg" src="${baseUrl()}/?embed" style="width:720px;height:480px;border:0"></iframe>`);
  });
  afterAll(() => host?.close());

  it('a Node.js run answers one short sentence, shown once, with an Open in the playground link that carries the project', async () => {
    const { page } = await openHostPage(host.url);
    try {
      await hostReply(page, 'playground:ready');
      await postToFrame(page, '#pg', { type: 'playground:load', id: 1, files: NODE_FILES });
      expect((await hostReply(page, 'playground:loaded', 1)).ok).toBe(true);
      await postToFrame(page, '#pg', { type: 'playground:run', id: 2, path: NODE_FILE, request: { method: 'GET', url: '/api/hello' } });
      const [result] = (await hostReply(page, 'playground:result', 2)).results;

      const sentence = `Node.js does not run for a page framed by ${new URL(host.url).origin}.`;
      expect(result.error).toEqual({ code: 'NODE_HOST_UNAVAILABLE', message: sentence });
      expect(result.reason).not.toContain(sentence);
      expect(result.reason).toMatch(/ · no Node host$/);

      const frame = frameAt(page, baseUrl());
      const link = frame.getByRole('link', { name: 'Open in the playground' });
      await link.waitFor();
      expect(await shownCount(page, sentence)).toBe(1); // not in the badge, nor in the Node host's line
      expect(await frame.locator('.node-host').textContent()).toContain('unavailable');

      // The link opens the playground itself in a new tab, the project in its hash.
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toContain('noopener');
      const href = new URL((await link.getAttribute('href'))!);
      expect(href.origin + href.pathname).toBe(`${baseUrl()}/`);
      expect(href.hash.startsWith(`#${SHARE_HASH_KEY}=`)).toBe(true);
      const project = await decodeProject(href.hash.slice(`#${SHARE_HASH_KEY}=`.length));
      expect(project.files).toEqual(NODE_FILES);
      expect(project.active).toBe(NODE_FILE);

      // Readable in the 480 px frame: the error and the link are inside it, not pushed below its edge.
      const frameBox = (await page.locator('#pg').boundingBox())!;
      for (const box of [await frame.locator('.error-box').boundingBox(), await link.boundingBox()]) {
        expect(box!.y + box!.height).toBeLessThanOrEqual(frameBox.y + frameBox.height);
      }
    } finally {
      await page.context().close();
    }
  });
});
