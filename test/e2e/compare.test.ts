// Compare mode and the view in the URL, in real Chromium against the production build, Node.js on the local host
// (`?nodeHost=local`): the same request on the edge and the Node.js runtime side by side, under two Next.js versions,
// a layout's runtime flipped under two routes, and the reason chain in the badge.
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { profileFor, type Profile } from '../../src/lib/project/profiles';
import { openEmbed, type EmbedClient } from './embed-client';
import { BIG_ROUTE, bigProject, DIFFER, DIFFER_ROUTE, FS, FS_ROUTE, layoutProject, OPEN_STREAM, OPEN_STREAM_ROUTE, REQUIRE, REQUIRE_ROUTE } from './fixtures/compare/projects';

/** The profile row a version falls in (rows are split as versions are checked, so tests name versions, not rows). */
const row = (version: string): Profile => {
  const found = profileFor(version);
  if (!found.ok) throw new Error(found.message);
  return found.profile;
};

let clients: EmbedClient[] = [];
afterEach(async () => {
  await Promise.all(clients.map((c) => c.page.context().close()));
  clients = [];
});

/** The full page (not the embed view), driven by a person; projects arrive through the page's own load message. */
async function open(query = ''): Promise<EmbedClient> {
  const client = await openEmbed(`/?nodeHost=local${query}`);
  clients.push(client);
  await client.page.setViewportSize({ width: 1600, height: 1000 });
  return client;
}

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const statusOf = (side: Locator) => side.locator('.status-line .status .code').textContent();
const lines = async (side: Locator, mark: string) => (await side.locator(`.body-diff .line[data-mark="${mark}"]`).allTextContents()).map((t) => t.replace(/\n$/, ''));

async function setUrl(page: Page, url: string) {
  await page.getByLabel('Path and query').fill(url);
}

async function runAndWait(page: Page, sides: Locator[]) {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  for (const side of sides) await expect.poll(() => side.getAttribute('aria-busy'), { timeout: 90_000 }).toBe('false');
}

describe('compare runtimes', () => {
  it('EdgeRuntime and eval: both answers side by side, the body as a diff, headers marked, console and why per side', async () => {
    const { page, load } = await open();
    expect((await load({ [DIFFER_ROUTE]: DIFFER }, { nextVersion: '15.5.9' })).ok).toBe(true);
    await setUrl(page, '/api/differ');
    // The page suggests comparing: the handler reads runtime-only globals.
    const hint = page.getByRole('note').filter({ hasText: 'may depend on its runtime' });
    expect((await hint.getAttribute('data-depends'))?.split(' ')).toEqual(expect.arrayContaining(['EdgeRuntime', 'eval']));
    await page.getByRole('button', { name: 'Compare runtimes' }).click();
    expect(await page.getByRole('button', { name: 'Compare runtimes' }).getAttribute('aria-pressed')).toBe('true');
    expect(new URL(page.url()).searchParams.get('compare')).toBe('runtimes');

    const edge = region(page, 'Edge runtime result');
    const node = region(page, 'Node.js runtime result');
    await runAndWait(page, [edge, node]);
    expect([await statusOf(edge), await statusOf(node)]).toEqual(['200', '200']);
    expect(await edge.locator('.badge').textContent()).toBe('Edge');
    expect(await node.locator('.badge').textContent()).toBe('Node.js');

    // Body: the lines each side alone has are marked; the shared line is not.
    expect(await lines(edge, 'removed')).toEqual(expect.arrayContaining(['-  "edgeRuntime": "edge-runtime",', '-  "eval": "EvalError"']));
    expect(await lines(node, 'added')).toEqual(expect.arrayContaining(['+  "edgeRuntime": "none",', '+  "eval": "2"']));
    expect(await lines(edge, 'same')).toContain('   "shared": "same on both",');
    expect(await lines(node, 'same')).toContain('   "shared": "same on both",');

    // Headers: x-runtime differs, x-same does not.
    expect(await edge.locator('tr[data-mark="changed"] th').allTextContents()).toContain('x-runtime');
    expect(await node.locator('tr[data-mark="same"] th').allTextContents()).toContain('x-same');

    // Console per side, and why each side ran where it did: chosen for the run, over what the project declares.
    expect(await edge.getByRole('list', { name: 'Console output' }).textContent()).toContain('answered by edge-runtime');
    expect(await node.getByRole('list', { name: 'Console output' }).textContent()).toContain('answered by node');
    await edge.locator('details.why summary').click();
    const chain = edge.getByRole('list', { name: /^Why the Edge runtime side ran on Edge/ });
    expect(await chain.locator('li[data-kind="default"]').textContent()).toContain(`default, no runtime declared in ${DIFFER_ROUTE}`);
    expect(await chain.locator('li[data-kind="chosen"]').textContent()).toContain('over Node.js, which the project declares');

    // Compare stays on for the next run, and a reload of the link opens it on.
    await runAndWait(page, [edge, node]);
    expect(await statusOf(node)).toBe('200');
    await page.reload();
    await page.waitForFunction(() => window.__replies.some((m) => m?.type === 'playground:ready'));
    expect(await page.getByRole('button', { name: 'Compare runtimes' }).getAttribute('aria-pressed')).toBe('true');
    // Off again: one response view, and the URL says so.
    await page.getByRole('button', { name: 'Compare runtimes' }).click();
    expect(await page.getByRole('region', { name: 'Edge runtime result' }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.has('compare')).toBe(false);
    expect(page.errors).toEqual([]);
  });

  it('typeof require in a Vercel function: undefined on the edge, a function on Node.js (@vercel/node)', async () => {
    const { page, load } = await open('&compare');
    expect((await load({ [REQUIRE_ROUTE]: REQUIRE })).ok).toBe(true);
    await setUrl(page, '/api/require');
    const edge = region(page, 'Edge runtime result');
    const node = region(page, 'Node.js runtime result');
    await runAndWait(page, [edge, node]);
    expect([await lines(edge, 'removed'), await lines(node, 'added')]).toEqual([['-undefined'], ['+function']]);
    expect(await node.locator('[data-profile]').first().getAttribute('data-profile')).toBe('vercel');
  });

  it("D09: fs: the edge side fails the build with the edge runtime's message, the Node.js side reads the file", async () => {
    const { page, load } = await open('&compare');
    expect((await load({ [FS_ROUTE]: FS })).ok).toBe(true);
    await setUrl(page, '/api/fs');
    const edge = region(page, 'Edge runtime result');
    const node = region(page, 'Node.js runtime result');
    await runAndWait(page, [edge, node]);
    expect(await edge.getByRole('alert').textContent()).toMatch(/fs/);
    expect(await statusOf(node)).toBe('200');
    expect(await lines(node, 'added')).toEqual(['+listed the folder']);
  });

  it("L08: a bundle over the edge limit fails on the edge side against the edge's gzip limit; the Node.js side runs, measured against its own limit", async () => {
    const { page, load } = await open('&compare');
    expect((await load(bigProject())).ok).toBe(true);
    await setUrl(page, '/api/big');
    const edge = region(page, 'Edge runtime result');
    const node = region(page, 'Node.js runtime result');
    await runAndWait(page, [edge, node]);
    expect(await edge.getByRole('alert').textContent()).toContain('EDGE_FUNCTION_SIZE_EXCEEDED');
    expect(await edge.locator('.timings .size').textContent()).toMatch(/Bundle [\d.]+ MB \/ 1 MB gzip \(hobby\)/);
    expect(await statusOf(node)).toBe('200');
    expect(await node.locator('.timings .size').textContent()).toContain('Node.js limit: 250 MB uncompressed');
    expect(BIG_ROUTE).toBe('app/api/big/route.ts');
  });
});

describe('compare versions', () => {
  it('a route under an edge layout: edge on 14, Node.js on 15, with the 15.0 rule and the layout it no longer reads', async () => {
    const { page, load } = await open();
    expect((await load(layoutProject('edge'))).ok).toBe(true);
    await page.getByRole('button', { name: 'Compare versions' }).click();
    const url = new URL(page.url());
    expect([url.searchParams.get('compare'), url.searchParams.get('versions')]).toEqual(['versions', '14.2.35,15.1.12']);
    await setUrl(page, '/one');
    const left = region(page, 'Next.js 14.2 result');
    const right = region(page, 'Next.js 15.0–15.1 result');
    await runAndWait(page, [left, right]);
    expect(await lines(left, 'removed')).toEqual(['-one on edge']);
    expect(await lines(right, 'added')).toEqual(['+one on nodejs']);
    expect(await left.locator('[data-profile]').first().getAttribute('data-profile')).toBe(row('14.2.35').id);
    expect(await right.locator('[data-profile]').first().getAttribute('data-profile')).toBe(row('15.1.12').id);
    expect(await left.locator('details.why summary').textContent()).toBe("inherited from layout: export const runtime = 'edge' in app/layout.tsx:1");
    await right.locator('details.why summary').click();
    const step = right.locator('li[data-kind="default"]');
    expect(await step.textContent()).toContain("not read: export const runtime = 'edge' in app/layout.tsx:1");
    expect(await step.locator('.rule').getAttribute('data-profile')).toBe(row('15.1.12').id);

    // The versions are picked per side and kept in the URL.
    await page.getByLabel('Right Next.js version').selectOption(row('16.2.12').id);
    await expect.poll(() => new URL(page.url()).searchParams.get('versions')).toBe('14.2.35,16.2.12');
    expect(page.errors).toEqual([]);
  });

  it('an edge route under two versions: both sides are in flight at once (each head shown while both bodies are open)', async () => {
    const { page, load } = await open();
    expect((await load({ [OPEN_STREAM_ROUTE]: OPEN_STREAM })).ok).toBe(true);
    await page.getByRole('button', { name: 'Compare versions' }).click();
    await setUrl(page, '/api/open');
    const left = region(page, 'Next.js 14.2 result');
    const right = region(page, 'Next.js 15.0–15.1 result');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // One after the other, the right side would not start while the left one's body stays open.
    const state = async () => [await statusOf(left), await statusOf(right), await left.getAttribute('aria-busy'), await right.getAttribute('aria-busy')];
    await expect.poll(state, { timeout: 60_000 }).toEqual(['200', '200', 'true', 'true']);
    await page.getByRole('button', { name: 'Stop the run' }).first().click();
    for (const side of [left, right]) await expect.poll(() => side.getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
    expect(page.errors).toEqual([]);
  });
});

describe('the reason chain and the view in the URL', () => {
  it("R03: flip a layout's runtime and watch two routes move, the badge's chain naming the layout's file and line", async () => {
    const { page, load } = await open('&next=14.2.35');
    expect((await load(layoutProject('nodejs'), { nextVersion: '14.2.35' })).ok).toBe(true);
    const badge = page.locator('.topbar .runtime');
    for (const route of ['/one', '/two']) {
      await setUrl(page, route);
      await expect.poll(() => badge.locator('.badge').textContent()).toBe('Node.js');
      expect(await badge.locator('.why').textContent()).toBe("inherited from layout: export const runtime = 'nodejs' in app/layout.tsx:1");
    }
    // The person opens the layout and types edge.
    await page.getByRole('button', { name: /^layout\.tsx/ }).click();
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type("export const runtime = 'edge';\n");
    await page.keyboard.press('Escape');
    for (const route of ['/one', '/two']) {
      await setUrl(page, route);
      await expect.poll(() => badge.locator('.badge').textContent()).toBe('Edge');
      await badge.locator('details.chain summary').click();
      const step = badge.getByRole('list', { name: /^Why the next run uses the Edge runtime/ }).locator('li[data-kind="layout"]');
      expect(await step.textContent()).toContain("inherited from layout: export const runtime = 'edge' in app/layout.tsx:1");
      await badge.locator('details.chain summary').click();
    }
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.locator('pre[aria-label="Response body as text"]').textContent(), { timeout: 60_000 }).toBe('two on edge');
    expect(page.errors).toEqual([]);
  });

  it('a link reproduces the view: Next.js version, plan, generation and compare mode, beside the other parameters', async () => {
    const { page } = await open('&next=15.1.12&plan=pro&generation=legacy&compare=versions&versions=13.5.11,16.2.12&theme=dark');
    expect(await page.getByLabel('Next.js version', { exact: true }).inputValue()).toBe(row('15.1.12').id);
    expect(await page.getByRole('button', { name: 'Compare versions' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Left Next.js version').inputValue()).toBe(row('13.5.11').id);
    expect(await page.getByLabel('Right Next.js version').inputValue()).toBe(row('16.2.12').id);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ nodeHost: 'local', next: '15.1.12', plan: 'pro', generation: 'legacy', compare: 'versions', versions: '13.5.11,16.2.12', theme: 'dark' });
    // A change goes into the URL at once (replaceState: no new history entry).
    const entries = await page.evaluate(() => history.length);
    await page.getByLabel('Next.js version', { exact: true }).selectOption('14.2');
    await expect.poll(() => new URL(page.url()).searchParams.get('next')).toBe('14.2.35');
    expect(await page.evaluate(() => history.length)).toBe(entries);
    // A value the page does not know is the default, not an error.
    const bad = await open('&plan=platinum&next=99&compare=bogus');
    expect(new URL(bad.page.url()).searchParams.get('plan')).toBeNull();
    expect(await bad.page.getByRole('button', { name: 'Compare runtimes' }).getAttribute('aria-pressed')).toBe('true');
    expect(bad.page.errors).toEqual([]);
  });
});
