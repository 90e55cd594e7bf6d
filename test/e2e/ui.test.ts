// The page as a person uses it, in real Chromium against the production build: code before Monaco, typing a
// handler, Ctrl+Enter, the live response, build errors as markers, and the editor's keyboard manners.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { baseUrl, getBrowser } from './harness';

const ENTRY = 'app/api/hello/route.ts';
let pages: Page[] = [];

async function open(path = '/', prepare?: (page: Page) => Promise<unknown>): Promise<Page & { errors: string[] }> {
  const context = await (await getBrowser()).newContext({ viewport: { width: 1400, height: 900 } });
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  pages.push(page);
  await prepare?.(page);
  await page.goto(baseUrl() + path);
  return page;
}

afterEach(async () => {
  await Promise.all(pages.map((p) => p.context().close()));
  pages = [];
});

const editorText = (page: Page) =>
  page.locator('.monaco-editor .view-lines').evaluate((el) => (el as HTMLElement).innerText.replace(/\u00a0/g, ' ').trim());

/** Replaces the open file with `source`, typed with the keyboard as a person would. */
async function typeInEditor(page: Page, source: string) {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(source);
  await page.keyboard.press('Escape'); // closes a suggestion list if one is open; does not leave the editor then
}

async function editorReady(page: Page) {
  await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  // Monaco is created a task before it takes the files over; the plain text stays until then.
  await page.locator('textarea[aria-label$="(plain text until the editor loads)"]').waitFor({ state: 'detached', timeout: 30_000 });
}

describe('the playground page', () => {
  it('paints the code at once, before Monaco arrives, then swaps Monaco in', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // Hold the editor's chunk, as a slow network would: the code must already be readable.
    const stages: string[] = [];
    const page = await open('/', (p) => {
      p.on('request', (r) => /\/assets\/monaco-\d+-[^/]*\.js$/.test(r.url()) && stages.push(r.url()));
      return p.route(/\/assets\/monaco-session-[^/]*\.js$/, async (route) => {
        await held;
        await route.continue();
      });
    });
    const plain = page.locator(`textarea[aria-label^="Code editor: ${ENTRY} (plain text"]`);
    await plain.waitFor();
    // Monaco's start is staged, one chunk a task (src/server/monaco-stages.ts), not one long evaluation.
    await expect.poll(() => stages.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
    expect(await plain.inputValue()).toContain("export const runtime = 'edge';");
    expect(await page.locator('.monaco-editor').count()).toBe(0);
    release();
    await editorReady(page);
    expect(await plain.count()).toBe(0);
    expect(await page.locator(`.monaco-editor textarea[aria-label*="${ENTRY}"], .monaco-editor [aria-label*="${ENTRY}"]`).count()).toBeGreaterThan(0);
    expect(await editorText(page)).toContain("export const runtime = 'edge';");
    expect(page.errors).toEqual([]);
  });

  it('keystrokes typed before Monaco is ready are kept, and Monaco takes over with the caret and the focus', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const page = await open('/', (p) =>
      p.route(/\/assets\/monaco-session-[^/]*\.js$/, async (route) => {
        await held;
        await route.continue();
      }),
    );
    const plain = page.locator(`textarea[aria-label^="Code editor: ${ENTRY} (plain text"]`);
    await plain.click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\n// typed early');
    expect(await page.locator('.monaco-editor').count()).toBe(0); // really typed before the editor
    release();
    await editorReady(page);
    await expect.poll(() => plain.count()).toBe(0);
    expect(await editorText(page)).toContain('// typed early');
    // The caret came along: the next keys land right after the early ones, in Monaco.
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);
    await page.keyboard.type(' and late');
    await expect.poll(() => editorText(page)).toMatch(/\/\/ typed early and late$/);
    expect(page.errors).toEqual([]);
  });

  it('a handler typed in the editor runs on Ctrl+Enter: status 200, its body, and the runtime badge says why', async () => {
    const page = await open('/');
    await editorReady(page);
    const source = "export const runtime = 'edge'; export async function GET(request: Request) { return new Response('typed by a person: ' + new URL(request.url).searchParams.get('name')); }";
    await typeInEditor(page, source);
    expect(await editorText(page)).toBe(source);
    await page.keyboard.press('Control+Enter');

    const status = page.locator('.status-line .status .code');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('200');
    await expect.poll(() => page.locator('pre[aria-label="Response body as text"]').textContent()).toBe('typed by a person: Ada');
    const badge = page.locator('.topbar .runtime');
    expect(await badge.locator('.badge').textContent()).toBe('Edge');
    expect(await badge.locator('.why').textContent()).toContain(`${ENTRY}:1`);
    expect(await page.locator('.chunks li').count()).toBeGreaterThan(0);
    expect(await page.locator('.timings dd').first().textContent()).toMatch(/^\d+\.\d ms$/);
    expect(page.errors).toEqual([]);
  });

  it('a syntax error shows BUILD_FAILED with file:line and a marker, and the code stays as typed', async () => {
    const page = await open('/');
    await editorReady(page);
    const broken = "export const runtime = 'edge'; export function GET() { return new Response('x' +); }";
    await typeInEditor(page, broken);
    await page.keyboard.press('Control+Enter');

    const error = page.locator('.error-box');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.locator('.code').textContent()).toBe('BUILD_FAILED');
    expect(await error.locator('.message').textContent()).toMatch(new RegExp(`${ENTRY.replace(/\//g, '\\/')}:1:\\d+`));
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('[aria-label="Build problems"] li.error').count()).toBeGreaterThan(0);
    expect(await editorText(page)).toBe(broken);
  });

  it('keeps the code editable as plain text when Monaco cannot load', async () => {
    const page = await open('/', (p) => p.route(/\/assets\/monaco-session-[^/]*\.js$/, (route) => route.abort()));
    const textarea = page.getByRole('textbox', { name: `Code editor: ${ENTRY}` });
    await textarea.waitFor({ timeout: 15_000 });
    expect(await textarea.inputValue()).toContain("export const runtime = 'edge';");
    await textarea.fill("export const runtime = 'edge'; export function GET() { return new Response('plain'); }");
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('pre[aria-label="Response body as text"]').textContent(), { timeout: 30_000 }).toBe('plain');
  });

  it('D09: edge files get Web API types only, so importing fs is red before any build; nodejs files get Node types', async () => {
    const page = await open('/');
    await editorReady(page);
    await typeInEditor(page, "import fs from 'fs'; export const runtime = 'edge'; export function GET() { return new Response(typeof fs); }");
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('.editor-head .types').textContent()).toContain('Edge runtime types');
    await typeInEditor(page, "import fs from 'fs'; export const runtime = 'nodejs'; export function GET() { return new Response(typeof fs); }");
    expect(await page.locator('.editor-head .types').textContent()).toContain('Node.js runtime types');
    await expect.poll(() => page.locator('.monaco-editor .squiggly-error').count(), { timeout: 20_000 }).toBe(0);
  });

  it('R12: the runtime badge shows the chosen Next.js version\'s INVALID_RUNTIME message before any run', async () => {
    const page = await open('/');
    await editorReady(page);
    await typeInEditor(page, "export const runtime = 'bun'; export function GET() { return new Response('x'); }");
    const badge = page.locator('.topbar .runtime');
    await expect.poll(() => badge.locator('.badge').textContent()).toBe('INVALID_RUNTIME');
    // Today's default (16.3+, Turbopack) words it its own way; 14 says "Provided runtime".
    expect(await badge.textContent()).toContain("It has an invalid value: unknown variant `bun`");
    expect(await badge.textContent()).toContain(`${ENTRY}:1`);
    await page.getByLabel('Next.js version').selectOption('14.2');
    await expect.poll(() => badge.textContent()).toContain('Provided runtime "bun" is not supported.');
  });

  it('Escape leaves the editor for the next control', async () => {
    const page = await open('/');
    await editorReady(page);
    await page.locator('.monaco-editor .view-lines').click();
    expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);
    await page.keyboard.press('Escape');
    // The next control after the editor is the request's method.
    expect(await page.evaluate(() => document.activeElement === document.querySelector('.run-pane select'))).toBe(true);
  });

  it('Tab into the editor does not trap focus; once the person types, Tab indents', async () => {
    const page = await open('/');
    await editorReady(page);
    const before = await editorText(page);
    await page.getByRole('button', { name: 'Wrap' }).focus(); // the last control before the editor (its toolbar)
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(false);
    expect(await editorText(page)).toBe(before);

    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);
    await page.keyboard.press('End'); // a key that is not Tab: the person is working in the editor now
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);
    expect(await editorText(page)).not.toBe(before);
  });

  it('L03/L06: the limits panel shows the platform generation, each value\'s source date and marks unverified values', async () => {
    const page = await open();
    const panel = page.getByRole('region', { name: 'Limits' });
    const node = panel.getByRole('table', { name: /^Node\.js runtime limits/ });
    const row = (name: string) => node.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    const cells = async (name: string) => (await row(name).locator('td').allTextContents()).map((t) => t.trim());
    await expect.poll(() => panel.getByLabel('Platform').inputValue()).toBe('fluid');
    expect(await panel.locator('summary').textContent()).toContain('Fluid (2025+, default)');
    expect(await cells('maxDuration')).toEqual(['300 s', '2025']);
    expect(await cells('Request body')).toEqual(['100 MB', '2026-06-29 ? (unverified)']);
    expect(await row('Request body').getAttribute('data-verified')).toBe('false');
    await panel.getByLabel('Platform').selectOption('legacy');
    expect(await panel.locator('summary').textContent()).toContain('legacy (2024)');
    expect(await cells('maxDuration')).toEqual(['10 s', '2024-10-04']);
    expect(await cells('Request body')).toEqual(['4.5 MB', '2024-06-25']);
    expect(page.errors).toEqual([]);
  });

  it('streams the POST example live: chunks appear one by one with their times', async () => {
    const page = await open('/');
    await editorReady(page); // Monaco's first evaluation holds the main thread for a moment; measure after it
    await page.getByLabel('Method', { exact: true }).selectOption('POST');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const items = page.locator('.chunks li');
    await expect.poll(() => items.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    // The first chunk is on screen while the stream is still running (200 ms between chunks).
    expect(await page.locator('.status-line .live').count()).toBe(1);
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(3);
    const times = (await items.locator('.t').allTextContents()).map((t) => Number(t.replace(/[^\d.]/g, '')));
    expect(times[2] - times[0]).toBeGreaterThan(300);
    await expect.poll(() => page.locator('.status-line .live').count()).toBe(0);
  });

  it('the ?embed view is compact: editor, a one-line request bar, response and console', async () => {
    const page = await open('/?embed');
    await page.locator(`pre[aria-label^="${ENTRY}"], .monaco-editor`).first().waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0); // no file tree
    expect(await page.locator('.request-bar').count()).toBe(1);
    await page.getByLabel('Path and query').fill('/api/hello?name=Embed');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.locator('pre[aria-label="Response body as formatted JSON"]').textContent(), { timeout: 30_000 }).toContain('"hello": "Embed"');
    await expect.poll(() => page.locator('.console .lines').textContent()).toContain('hello from');
    expect(page.errors).toEqual([]);
  });

  it('stays responsive with 1,000 chunks and 500 console lines (the cap), and says how many lines were dropped', async () => {
    const page = await open('/');
    await editorReady(page);
    await page.evaluate(() => {
      (window as unknown as { longTasks: number[] }).longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) (window as unknown as { longTasks: number[] }).longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    const source =
      "export const runtime = 'edge'; export function GET() { for (let i = 0; i < 600; i++) console.log('line ' + Math.floor(i / 2)); " +
      "const e = new TextEncoder(); let i = 0; return new Response(new ReadableStream({ async pull(c) { if (i === 1000) return c.close(); " +
      "c.enqueue(e.encode('chunk ' + i++ + '\\n')); if (i % 100 === 0) await new Promise((r) => setTimeout(r, 5)); } })); }";
    await typeInEditor(page, source);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('.chunks summary').textContent(), { timeout: 30_000 }).toMatch(/\(1000\b/);
    await expect.poll(() => page.locator('.console .lines li.line').count()).toBeGreaterThan(0);
    // Pairs of identical lines fold into one row with ×2; the runtime keeps 500 lines and reports the rest.
    expect(await page.locator('.console .repeat').first().textContent()).toBe('×2');
    await expect.poll(() => page.locator('.console .lines li.line').count()).toBe(250);
    await expect.poll(() => page.locator('.console .dropped').textContent()).toBe('100 more lines dropped');
    // Only the rows in view are in the DOM.
    expect(await page.locator('.chunks li').count()).toBeLessThan(60);
    const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
    expect(longest).toBeLessThan(500);
  });
});
