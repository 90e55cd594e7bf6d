// Share links in real Chromium against the production build: Share writes the project into the URL's hash and copies
// the link; the link opened in another tab restores the project byte for byte as its own project and leaves the
// reader's saved work alone; a truncated, damaged or garbage link says why and keeps the saved work; a project over the
// link budget downloads as a file, and importing that file opens it. One browser context per describe, so its pages
// share one localStorage, as a person's tabs do.
import type { BrowserContext, Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProject, hashProject, parseProjectFile, SHARE_LINK_BUDGET, shareUrl, type SharedProject } from '../../src/lib/share/codec';
import { baseUrl, getBrowser } from './harness';

type Replies = { __replies: { type?: string; id?: unknown }[] };
type State = { files: Record<string, string>; path: string };

const OWN_KEY = 'playground:work:own';

/** The project a person has saved (their own slot), with text that breaks naive codecs. */
const PROJECT: SharedProject = {
  files: {
    'app/api/hello/route.ts':
      "export const runtime = 'edge';\nexport function GET() {\n  return new Response('héllo 😀 👩🏽‍💻 𠜎 שלום مرحبا \\u202e');\n}\n// NUL:\u0000 RTL:\u202e astral:𝕏 emoji:🏳️‍🌈\n",
    'app/api/deep/a/b/c/d/e/f/g/route.ts': "export const GET = () => new Response('deep');\n",
    'lib/empty.ts': '',
    'lib/ünïcödé 名前.ts': 'export const name = "名前";\n',
    'package.json': '{ "dependencies": { "next": "15.5.0" } }\n',
  },
  active: 'lib/ünïcödé 名前.ts',
  request: {
    method: 'POST',
    url: '/api/hello?name=Ada&emoji=😀',
    headers: [
      { name: 'x-test', value: 'ünï 😀', enabled: true },
      { name: 'x-off', value: 'no', enabled: false },
    ],
    cookies: [{ name: 'session', value: 'abc;=😀', enabled: true }],
    bodyType: 'json',
    body: '{"a":"😀\\u0000"}',
  },
  nextVersion: '15.5',
  plan: 'pro',
  generation: 'legacy',
};

/** The reader's own saved project, which no link may touch. */
const READER_OWN: SharedProject = {
  ...PROJECT,
  files: { 'app/api/mine/route.ts': "export const GET = () => new Response('my own work ✍️');\n" },
  active: 'app/api/mine/route.ts',
  request: { ...PROJECT.request, url: '/api/mine', headers: [], cookies: [] },
  nextVersion: null,
  plan: 'hobby',
};

const workOf = (p: SharedProject) => ({ v: 1, work: { ...p, overrides: {}, env: {}, savedAt: Date.now() } });

async function newContext(): Promise<BrowserContext> {
  const context = await (await getBrowser()).newContext({
    viewport: { width: 1400, height: 1000 },
    permissions: ['clipboard-read', 'clipboard-write'],
    acceptDownloads: true,
  });
  await context.addInitScript(() => {
    (window as unknown as Replies).__replies = [];
    window.addEventListener('message', (e) => (window as unknown as Replies).__replies.push(e.data));
  });
  return context;
}

async function openPage(context: BrowserContext, url: string): Promise<Page & { errors: string[] }> {
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(url);
  return page;
}

/** The page's files and open file, asked through the embed API (the unframed page is its own host). */
async function stateOf(page: Page): Promise<State> {
  await page.waitForFunction(() => (window as unknown as Replies).__replies.some((m) => m?.type === 'playground:ready'));
  const id = `state-${Math.random()}`;
  await page.evaluate((id) => window.postMessage({ type: 'playground:getState', id }, '*'), id);
  const handle = await page.waitForFunction(
    (id) => (window as unknown as Replies).__replies.find((m) => m?.type === 'playground:state' && m.id === id),
    id,
  );
  return (await handle.jsonValue()) as unknown as State;
}

/** Saves `p` as the person's own project, as autosave would have, and reloads so the page opens it. */
async function seedOwn(page: Page, p: SharedProject): Promise<string> {
  const text = JSON.stringify(workOf(p));
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [OWN_KEY, text] as const);
  await page.reload();
  await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  return text;
}

const ownSaved = (page: Page) => page.evaluate((key) => localStorage.getItem(key), OWN_KEY);
const shareButton = (page: Page) => page.getByRole('button', { name: 'Share', exact: true });

/** Share, then the link the page wrote into its URL (and copied). */
async function share(page: Page): Promise<string> {
  await shareButton(page).click();
  await page.getByRole('status').filter({ hasText: /^Link copied$/ }).waitFor();
  return page.url();
}

describe('share links', () => {
  let context: BrowserContext;
  let link: string;
  let saved: string;

  beforeAll(async () => {
    context = await newContext();
  });
  afterAll(async () => {
    await context?.close();
  });

  it('Share writes the project into #project= of the URL and copies that link', async () => {
    const page = await openPage(context, baseUrl() + '/');
    saved = await seedOwn(page, PROJECT);
    expect((await stateOf(page)).files).toStrictEqual(PROJECT.files);
    link = await share(page);
    const encoded = hashProject(new URL(link).hash);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await decodeProject(encoded!)).toStrictEqual(PROJECT);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    // Copy embed code: the snippet for /embed.js with this project.
    await page.getByRole('button', { name: 'Copy embed code' }).click();
    await page.getByRole('status').filter({ hasText: /^Embed code copied$/ }).waitFor();
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toContain(`<div id="pg"></div>\n<script src="${baseUrl()}/embed.js"></script>\n<script>RuntimePlayground.embed('#pg', {`);
    expect(snippet).toContain(JSON.stringify(PROJECT.active));
    // A reload of the tab that shared its own project is still the person's project, not a stranger's link.
    await page.reload();
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    expect((await stateOf(page)).files).toStrictEqual(PROJECT.files);
    await page.waitForTimeout(500); // a link decodes in milliseconds: long enough for a wrongly opened one to show
    expect(await page.getByRole('region', { name: 'Shared project' }).count()).toBe(0);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('playground:work:link:')))).toEqual([]);
    expect(page.errors).toEqual([]);
    // The reader's browser: their own project, different from the link's.
    await page.goto(baseUrl() + '/');
    saved = await seedOwn(page, READER_OWN);
    await page.close();
  });

  it('the link in a new tab restores the project byte for byte as its own project; the saved own project stays', async () => {
    const page = await openPage(context, link);
    const banner = page.getByRole('region', { name: 'Shared project' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Opened from a shared link');
    const state = await stateOf(page);
    expect(state.files).toStrictEqual(PROJECT.files);
    for (const [path, source] of Object.entries(PROJECT.files)) expect(state.files[path] === source, path).toBe(true);
    expect(state.path).toBe(PROJECT.active);
    expect(await page.getByLabel('Path and query').inputValue()).toBe(PROJECT.request.url);
    expect(await page.getByLabel('Method').inputValue()).toBe('POST');
    expect(await page.getByLabel('Plan').inputValue()).toBe('pro');
    // Every field, request rows and profile included: the page's own Share gives the same project back.
    const again = await share(page);
    expect(await decodeProject(hashProject(new URL(again).hash)!)).toStrictEqual(PROJECT);

    // Edits go to the link's slot; the reader's own project is never written.
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\n// my edit to the shared project');
    await page.waitForTimeout(700); // past the autosave delay
    expect(await ownSaved(page)).toBe(saved);
    const slots = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('playground:work:link:')));
    expect(slots).toHaveLength(1);

    // The same link again: its edits come back.
    await page.reload();
    await banner.waitFor();
    await expect.poll(async () => (await stateOf(page)).files[PROJECT.active]).toBe(PROJECT.files[PROJECT.active] + '\n// my edit to the shared project');
    expect(await banner.textContent()).toContain('with your edits to it');

    // Back to your project: the saved own project, and the link leaves the URL.
    await banner.getByRole('button', { name: 'Back to your project' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    expect((await stateOf(page)).files).toStrictEqual(READER_OWN.files);
    expect(new URL(page.url()).hash).toBe('');
    expect(await ownSaved(page)).toBe(saved);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it.each([
    ['cut short', (l: string) => l.slice(0, l.length - 37), 'This link is truncated: it ends before the project does'],
    ['cut at 4n+1 characters', (l: string) => l.slice(0, l.indexOf('=') + 1 + 4 * 20 + 1), 'This link is truncated'],
    ['damaged in the middle', (l: string) => flipMiddle(l), 'This link is corrupted'],
    ['of garbage', () => `${baseUrl()}/#project=not%20a%20link!`, 'This link is damaged: its project part has a character a share link never contains'],
    ['from a newer playground', () => `${baseUrl()}/#project=${NEWER}`, 'This link was made by a newer playground'],
  ])('a link %s says why and opens the saved own project untouched', async (_name, make, words) => {
    const page = await openPage(context, make(link));
    const alert = page.getByRole('alert').filter({ hasText: words });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Your own project is open, as you left it.');
    expect((await stateOf(page)).files).toStrictEqual(READER_OWN.files);
    await page.waitForTimeout(500);
    expect(await ownSaved(page)).toBe(saved);
    expect(await page.getByRole('region', { name: 'Shared project' }).count()).toBe(0);
    await page.close();
  });

  it('a link pasted into the address bar of the open page opens it (hashchange)', async () => {
    const page = await openPage(context, baseUrl() + '/');
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await page.evaluate((hash) => (location.hash = hash), new URL(link).hash);
    await page.getByRole('region', { name: 'Shared project' }).waitFor();
    expect((await stateOf(page)).path).toBe(PROJECT.active);
    await page.close();
  });

  it('a link whose handler runs on Node.js asks before it runs on this computer (local host), naming the link', async () => {
    const nodeProject: SharedProject = {
      ...READER_OWN,
      files: { 'app/api/node/route.ts': "export const runtime = 'nodejs';\nexport const GET = () => new Response('from node');\n" },
      active: 'app/api/node/route.ts',
      request: { ...READER_OWN.request, method: 'GET', url: '/api/node', bodyType: 'none', body: '' },
    };
    const page = await openPage(context, await shareUrl(nodeProject, `${baseUrl()}/?nodeHost=local`));
    await page.getByRole('region', { name: 'Shared project' }).waitFor();
    const prompt = page.getByRole('alertdialog', { name: 'Run this code on your computer?' });
    if (!(await prompt.isVisible())) await page.getByRole('button', { name: 'Run', exact: true }).click();
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('a shared link');
    await prompt.getByRole('button', { name: 'Not now' }).click();
    expect(await ownSaved(page)).toBe(saved);
    await page.close();
  });

  it('when the clipboard refuses, the link is shown selected in a read-only field', async () => {
    const page = await context.newPage();
    await page.addInitScript(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await page.goto(baseUrl() + '/');
    await shareButton(page).click();
    await page.getByRole('status').filter({ hasText: 'Link ready: copy it from the field' }).waitFor();
    const field = page.getByLabel('The clipboard is not available here; copy the link:');
    expect(await field.inputValue()).toBe(page.url());
    expect(await field.getAttribute('readonly')).not.toBeNull();
    expect(await field.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd, document.activeElement === el])).toEqual([
      0,
      page.url().length,
      true,
    ]);
    await page.close();
  });
});

/** A character in the middle of the link's project part changed to another base64url character. */
function flipMiddle(link: string): string {
  const at = link.indexOf('#project=') + 9 + Math.floor((link.length - link.indexOf('#project=') - 9) / 2);
  return link.slice(0, at) + (link[at] === 'A' ? 'B' : 'A') + link.slice(at + 1);
}

/** gzip of `{"v":2}` as a newer playground would write it (base64url). */
const NEWER = Buffer.from(
  await new Response(new Blob(['{"v":2,"files":{}}']).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer(),
).toString('base64url');

describe('projects too large for a link', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext();
  });
  afterAll(async () => {
    await context?.close();
  });

  it('Share over the budget offers the project as a file; importing the file opens it as the person’s project', async () => {
    // Text that does not compress below the budget: pseudo-random letters.
    let x = 7; // xorshift32
    const noise = Array.from({ length: 60_000 }, () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return String.fromCharCode(97 + ((x >>> 0) % 26));
    }).join('');
    const big: SharedProject = { ...PROJECT, files: { ...PROJECT.files, 'lib/big.ts': `export const noise = '${noise}';\n` } };
    const page = await openPage(context, baseUrl() + '/');
    await seedOwn(page, big);
    await shareButton(page).click();
    const note = page.getByText('This project is too large for a link');
    await note.waitFor();
    expect(await note.textContent()).toContain(SHARE_LINK_BUDGET.toLocaleString('en-US'));
    expect(new URL(page.url()).hash).toBe('');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download project' }).click()]);
    expect(download.suggestedFilename()).toBe('runtime-playground-project.json');
    const text = await readFile((await download.path())!, 'utf8');
    expect(JSON.parse(text).runtimePlayground).toBe(1);
    expect(parseProjectFile(text)).toStrictEqual(big);
    await page.close();

    // Another person's browser: the file opens there as their project, after they confirm.
    const other = await newContext();
    try {
      const reader = await openPage(other, baseUrl() + '/');
      await reader.locator('.monaco-editor').waitFor({ timeout: 30_000 });
      await shareButton(reader).click();
      await reader.getByLabel('Import project').setInputFiles({ name: 'shared.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      const question = reader.getByRole('alertdialog', { name: 'Open the imported project' });
      await question.getByRole('button', { name: 'Open' }).click();
      await expect.poll(async () => (await stateOf(reader)).files).toStrictEqual(big.files);
      expect((await stateOf(reader)).path).toBe(big.active);
      // Saved as their own project at once: a reload keeps it.
      await reader.reload();
      await expect.poll(async () => (await stateOf(reader)).files).toStrictEqual(big.files);

      // A file that is not a project says so and changes nothing.
      await shareButton(reader).click();
      await reader.getByLabel('Import project').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
      await reader.getByRole('alert').filter({ hasText: 'This project file is not a Runtime Playground project' }).waitFor();
      expect((await stateOf(reader)).files).toStrictEqual(big.files);
      expect(reader.errors).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
