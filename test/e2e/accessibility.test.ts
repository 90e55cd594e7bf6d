// The page's look and reach, in real Chromium against the production build: axe-core finds nothing on the full
// page and the embed in light and dark, Run is on a phone's first screen, a screen reader hears each run's result,
// the theme choice persists and switches Monaco, the editor's colours read at 4.5:1, focus shows on the editor.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { contrastRatio } from '../contrast';
import { baseUrl, getBrowser } from './harness';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LIGHT_BG = 'rgb(255, 255, 255)';
const DARK_BG = 'rgb(22, 24, 28)'; // #16181c, theme.css and themes.ts

type Scheme = 'light' | 'dark';
let pages: Page[] = [];

async function open(path: string, options: { scheme?: Scheme; width?: number; height?: number } = {}) {
  const context = await (await getBrowser()).newContext({
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
    colorScheme: options.scheme ?? 'light',
  });
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  pages.push(page);
  await page.goto(baseUrl() + path);
  return page;
}

afterEach(async () => {
  await Promise.all(pages.map((p) => p.context().close()));
  pages = [];
});

const editorReady = (page: Page) => page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true });
const announcer = (page: Page) => page.getByRole('status', { name: 'Run result' });

/** axe-core's violations on the whole document, one readable line per failing node. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE); // evaluated through the devtools protocol: the page's CSP does not apply
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}: ${n.failureSummary ?? ''}`.replace(/\s+/g, ' ')));
  });
  return violations;
}

/** Background of Monaco's editor surface. */
const editorBackground = (page: Page) =>
  page.locator('.monaco-editor .monaco-editor-background').evaluate((el) => getComputedStyle(el).backgroundColor);

describe('axe-core', () => {
  for (const path of ['/', '/?embed']) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`finds no violations on ${path} in ${scheme}, with Monaco loaded and a response shown`, async () => {
        const page = await open(path, { scheme });
        await editorReady(page);
        expect(await editorBackground(page)).toBe(scheme === 'dark' ? DARK_BG : LIGHT_BG);
        await runButton(page).click();
        await expect.poll(() => announcer(page).textContent(), { timeout: 30_000 }).toMatch(/^Response 200 OK/);
        expect(await axeViolations(page)).toEqual([]);
        expect(page.errors).toEqual([]);
      });
    }
  }

  it('the embed has a main landmark and a level-one heading; the full page has a main landmark', async () => {
    // Each page mounts after its load event (the full page's layout is a chunk of its own): wait for the landmark,
    // then count it.
    const embed = await open('/?embed');
    await embed.getByRole('main').first().waitFor();
    expect(await embed.getByRole('main').count()).toBe(1);
    expect(await embed.getByRole('heading', { level: 1 }).textContent()).toBe('Runtime Playground');
    const full = await open('/');
    await full.getByRole('main').first().waitFor();
    expect(await full.getByRole('main').count()).toBe(1);
    expect(await full.getByRole('main').getByRole('button', { name: 'Run', exact: true }).count()).toBe(1);
  });
});

describe('a phone, 390 × 844', () => {
  for (const path of ['/', '/?embed']) {
    it(`${path}: the Run button is inside the first screen, below the editor (stacked, not side by side)`, async () => {
      const page = await open(path, { width: 390, height: 844 });
      await editorReady(page);
      const run = await runButton(page).boundingBox();
      const editor = await page.locator('.editor-pane').boundingBox();
      expect(run).not.toBeNull();
      expect(editor).not.toBeNull();
      expect(run!.x).toBeGreaterThanOrEqual(0);
      expect(run!.y).toBeGreaterThanOrEqual(0);
      expect(run!.x + run!.width).toBeLessThanOrEqual(390);
      expect(run!.y + run!.height).toBeLessThanOrEqual(844);
      expect(editor!.width).toBeGreaterThan(350);
      expect(editor!.y + editor!.height).toBeLessThanOrEqual(run!.y);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    });
  }
});

describe('the run result live region', () => {
  it('is on the page before any run, polite, and the same element announces each run: status and time, or the error', async () => {
    const page = await open('/');
    await editorReady(page);
    const region = announcer(page);
    expect(await region.getAttribute('aria-live')).toBe('polite');
    expect(await region.textContent()).toBe('');
    // Every text the region takes, as a screen reader would be told of it.
    await region.evaluate((el) => {
      const w = window as unknown as { region: Element; heard: string[] };
      w.region = el;
      w.heard = [];
      new MutationObserver(() => w.heard.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    const heard = () => page.evaluate(() => (window as unknown as { heard: string[] }).heard.filter((t, i, all) => t !== all[i - 1]));

    await runButton(page).click();
    await expect.poll(() => region.textContent(), { timeout: 30_000 }).toMatch(/^Response 200 OK in \d+\.\d ms$/);
    // Run again: the region is cleared and filled again, so the same result is read out again.
    await runButton(page).click();
    await expect.poll(async () => (await heard()).length, { timeout: 30_000 }).toBe(3);
    expect(await heard()).toEqual([expect.stringMatching(/^Response 200 OK in /), '', expect.stringMatching(/^Response 200 OK in /)]);

    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type("export const runtime = 'edge'; export function GET() { return new Response('x' +); }");
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => region.textContent(), { timeout: 30_000 }).toMatch(/^Run failed.*: BUILD_FAILED: /);
    expect(await region.evaluate((el) => el === (window as unknown as { region: Element }).region)).toBe(true);
  });
});

describe('the theme', () => {
  it('the picker switches the page and Monaco, and the choice survives a reload', async () => {
    const page = await open('/', { scheme: 'light' });
    await editorReady(page);
    const picker = page.getByLabel('Theme');
    expect(await picker.inputValue()).toBe('system');
    const bodyBackground = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bodyBackground()).toBe(LIGHT_BG);

    await picker.selectOption('dark');
    expect(await bodyBackground()).toBe(DARK_BG);
    expect(await editorBackground(page)).toBe(DARK_BG);
    expect(await page.locator('.monaco-editor').getAttribute('class')).toMatch(/\bvs-dark\b/);

    await page.reload();
    await editorReady(page);
    expect(await page.getByLabel('Theme').inputValue()).toBe('dark');
    expect(await bodyBackground()).toBe(DARK_BG);
    expect(await editorBackground(page)).toBe(DARK_BG);

    await page.getByLabel('Theme').selectOption('light');
    expect(await editorBackground(page)).toBe(LIGHT_BG);
    expect(await page.locator('.monaco-editor').getAttribute('class')).not.toMatch(/\bvs-dark\b/);
    // System again: the page follows the system's scheme as it changes.
    await page.getByLabel('Theme').selectOption('system');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => editorBackground(page)).toBe(DARK_BG);
    expect(await bodyBackground()).toBe(DARK_BG);
    await page.reload();
    expect(await page.getByLabel('Theme').inputValue()).toBe('system');
  });

  it("an embed's ?theme= wins for that page and is not remembered", async () => {
    const page = await open('/?embed&theme=dark', { scheme: 'light' });
    await editorReady(page);
    expect(await editorBackground(page)).toBe(DARK_BG);
    await page.goto(baseUrl() + '/?embed');
    await editorReady(page);
    expect(await editorBackground(page)).toBe(LIGHT_BG);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: every line number (dimmed and current too), bracket and token colour in Monaco is 4.5:1 on its background`, async () => {
      const page = await open('/', { scheme });
      await editorReady(page);
      // Nested brackets (three colours), a comment, a string, a number, a regular expression, a final newline.
      await page.locator('.monaco-editor .view-lines').click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(
        // One level, so Monaco's auto-indent leaves the final line empty (that line number is the dimmed one).
        "// a comment\nexport const runtime = 'edge';\nexport const GET = () => Response.json({ a: [(1 + 2) * 3], re: /x+/g.source, s: `t${1}` });\n",
      );
      await page.keyboard.press('ControlOrMeta+Home'); // the final line is dimmed while the cursor is elsewhere
      await expect.poll(() => page.locator('.monaco-editor .dimmed-line-number').count(), { timeout: 5000 }).toBe(1);
      await expect.poll(() => page.locator('.monaco-editor [class*="bracket-highlighting-2"]').count(), { timeout: 5000 }).toBeGreaterThan(0);
      const background = await editorBackground(page);
      const colours = await page.evaluate(() => {
        const seen = new Map<string, string>();
        for (const el of document.querySelectorAll<HTMLElement>('.monaco-editor .line-numbers, .monaco-editor .view-line span span')) {
          if (!el.textContent?.trim()) continue;
          const colour = getComputedStyle(el).color;
          if (!seen.has(colour)) seen.set(colour, `${el.className}: ${el.textContent.trim()}`);
        }
        return [...seen];
      });
      expect(colours.length).toBeGreaterThan(5);
      const low = colours.map(([colour, where]) => [contrastRatio(colour, background), `${colour} (${where})`] as const).filter(([ratio]) => ratio < 4.5);
      expect(low).toEqual([]);
    });
  }
});

describe('keyboard', () => {
  it('the editor shows a focus ring while it has focus, not only its caret', async () => {
    const page = await open('/');
    await editorReady(page);
    const ring = () => page.locator('.editor .code').evaluate((el) => getComputedStyle(el, '::after').boxShadow);
    expect(await ring()).toBe('none');
    await page.getByRole('button', { name: 'Wrap' }).focus(); // the last control before the editor (its toolbar)
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);
    expect(await ring()).toMatch(/rgb\(26, 115, 232\) 0px 0px 0px 2px inset/); // --focus, light
    await page.keyboard.press('Escape');
    expect(await ring()).toBe('none');
  });

  it('the embed shows how to leave the editor with the keyboard, and Escape does it', async () => {
    const page = await open('/?embed', { width: 800, height: 500 });
    await editorReady(page);
    const hint = page.getByText('leaves the editor');
    expect(await hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toBe('Ctrl+Enter runs · Esc leaves the editor');
    // On the first line, as a person clicks into the text: the lines' box is as wide and tall as the code, so its
    // centre can lie outside the editor's clip (on the console beside it) when the lines are long.
    await page.locator('.monaco-editor .view-lines').click({ position: { x: 40, y: 8 } });
    expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT'); // the request's method
  });
});
