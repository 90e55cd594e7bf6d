// Stop, the run history and the timing tiles as a person uses them, in real Chromium against the production build:
// a handler stuck in `while (true) {}` on the edge and on Node.js (local host) is stopped from the page, and the next
// run answers at once; Escape stops; the history survives a reload and reopens a run; the embed API stops a run.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { EDGE_PROJECT, NODE_PROJECT } from './fixtures/stop/project';
import { baseUrl, getBrowser } from './harness';

type Replies = { __replies: { type?: string; id?: unknown; stopped?: boolean; results?: { error?: { code: string }; body: string }[] }[] };
let pages: Page[] = [];

afterEach(async ({ task }) => {
  // A failed test leaves what the page showed in the log: which step it stopped at is then plain.
  if (task.result?.state === 'fail')
    for (const p of pages) console.log('page at failure:', await p.locator('.response').innerText({ timeout: 2_000 }).catch(String), (p as Page & { errors: string[] }).errors);
  await Promise.all(pages.map((p) => p.context().close()));
  pages = [];
});

/** The full page with `files` loaded as its own project (an unframed page's load comes from its own origin). */
async function open(files: Record<string, string>, query = ''): Promise<Page & { errors: string[] }> {
  const context = await (await getBrowser()).newContext({ viewport: { width: 1400, height: 1000 } });
  const page = (await context.newPage()) as Page & { errors: string[] };
  pages.push(page);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.addInitScript(() => {
    (window as unknown as Replies).__replies = [];
    window.addEventListener('message', (e) => (window as unknown as Replies).__replies.push(e.data));
  });
  await page.goto(`${baseUrl()}/${query}`);
  await page.waitForFunction(() => (window as unknown as Replies).__replies.some((m) => m?.type === 'playground:ready'), null, { timeout: 20_000 });
  await page.evaluate((files) => window.postMessage({ type: 'playground:load', id: 'project', files }, '*'), files);
  await page.waitForFunction(() => (window as unknown as Replies).__replies.some((m) => m?.type === 'playground:loaded'), null, { timeout: 20_000 });
  return page;
}

const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true });
const stopButton = (page: Page) => page.getByRole('button', { name: 'Stop the run' });
const body = (page: Page) => page.locator('pre[aria-label="Response body as text"]');
const errorCode = (page: Page) => page.locator('.response .error-box .code');
const tile = (page: Page, label: string) => page.locator('.timings dl > div').filter({ has: page.locator('dt', { hasText: label }) }).locator('dd');

/** Types the path into the request bar and presses Run. */
async function run(page: Page, url: string): Promise<void> {
  await page.getByLabel('Path and query').fill(url);
  await runButton(page).click();
}

/** Starts the looping run and waits until it has been in the handler for a while (not still compiling or booting). */
async function startLoop(page: Page, url: string): Promise<void> {
  await run(page, url);
  await stopButton(page).waitFor({ timeout: 10_000 });
  await expect.poll(() => page.locator('.status-line .live').textContent(), { timeout: 30_000 }).toMatch(/running ([1-9]|0\.[6-9])/);
}

// Bounds below are loose (two shared cores under load); what they rule out is waiting for the edge's 25 s initial
// response deadline or the Node.js maxDuration, and a next run that fails on the stuck worker.
const STOP_SHOWN_MS = 3_000;
const NEXT_RUN_MS = 5_000;
/** Stop (click or key) → the response says CANCELLED, measured in the page (automation overhead left out). */
const STOP_IN_PAGE_MS = 1_000;

/** Does `act` (a click on Stop, an Escape), then returns the page's time from that event to the CANCELLED error shown. */
async function stopWith(page: Page, act: () => Promise<void>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __stop: { at: number | null; shown: number | null } };
    w.__stop = { at: null, shown: null };
    const mark = (e: Event) => {
      if (w.__stop.at === null && (e.type === 'click' || (e as KeyboardEvent).key === 'Escape')) w.__stop.at = performance.now();
    };
    document.addEventListener('click', mark, { capture: true, once: true });
    document.addEventListener('keydown', mark, { capture: true, once: true });
    const observer = new MutationObserver(() => {
      if (document.querySelector('.response .error-box .code')?.textContent !== 'CANCELLED') return;
      w.__stop.shown = performance.now();
      observer.disconnect();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await act();
  const handle = await page.waitForFunction(() => {
    const { at, shown } = (window as unknown as { __stop: { at: number | null; shown: number | null } }).__stop;
    return at !== null && shown !== null ? shown - at : null;
  }, null, { timeout: STOP_SHOWN_MS, polling: 20 });
  return (await handle.jsonValue()) as number;
}

/** Runs `url` and returns how long the answer took to show, in ms. */
async function timedRun(page: Page, url: string, expected: string, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  await run(page, url);
  await expect.poll(() => body(page).textContent(), { timeout: timeoutMs, interval: 20 }).toBe(expected);
  return Date.now() - t0;
}

describe('Stop', () => {
  it('stops an edge handler stuck in while (true) {}: the run says it was stopped, and the next run answers at once', async () => {
    const page = await open(EDGE_PROJECT);
    await timedRun(page, '/api/spin?n=0', 'edge answered 0', 30_000);
    await startLoop(page, '/api/spin?loop');
    expect(await stopWith(page, () => stopButton(page).click())).toBeLessThan(STOP_IN_PAGE_MS);
    expect(await page.locator('.response .error-box .message').textContent()).toBe('The run was stopped.');
    expect(await stopButton(page).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Run');
    // The same bundle again: its worker is still stuck in the loop, so the run must get a fresh one, not queue behind it.
    const ms = await timedRun(page, '/api/spin?n=1', 'edge answered 1', NEXT_RUN_MS);
    expect(ms).toBeLessThan(NEXT_RUN_MS);
    expect(await page.locator('.status-line .status .code').textContent()).toBe('200');
    expect(page.errors).toEqual([]);
  });

  it('Escape in the response pane stops the run; Escape in the request bar too', async () => {
    const page = await open(EDGE_PROJECT);
    await startLoop(page, '/api/spin?loop');
    await page.locator('.response').click({ timeout: 10_000 });
    expect(await stopWith(page, () => page.keyboard.press('Escape'))).toBeLessThan(STOP_IN_PAGE_MS);

    await startLoop(page, '/api/spin?loop&again');
    await page.getByLabel('Path and query').focus();
    expect(await stopWith(page, () => page.keyboard.press('Escape'))).toBeLessThan(STOP_IN_PAGE_MS);
    expect(await timedRun(page, '/api/spin?n=2', 'edge answered 2', NEXT_RUN_MS)).toBeLessThan(NEXT_RUN_MS);
  }, 120_000); // two loops on a cold page: each step's own bound, not the test's, should be what fails

  it('stops a Node.js function stuck in for (;;) {} on the local host: its process is killed, the next run starts a new one at once', async () => {
    const page = await open(NODE_PROJECT, '?nodeHost=local');
    await timedRun(page, '/api/spin?n=0', 'node answered 0', 60_000);
    await startLoop(page, '/api/spin?loop');
    expect(await stopWith(page, () => stopButton(page).click())).toBeLessThan(STOP_IN_PAGE_MS);
    // The stuck process cannot answer: the run gets a new process (a cold start) within the stop's grace and a spawn.
    const ms = await timedRun(page, '/api/spin?n=1', 'node answered 1', 2 * NEXT_RUN_MS);
    expect(ms).toBeLessThan(2 * NEXT_RUN_MS);
    expect(await page.locator('.timings .cold').getAttribute('data-cold')).toBe('cold');
    expect(page.errors).toEqual([]);
  });

  it('the embed API stops a run by its id: playground:stopped, then its result with CANCELLED, and the next run answers', async () => {
    const page = await open(EDGE_PROJECT);
    const replies = () => page.evaluate(() => (window as unknown as Replies).__replies);
    await page.evaluate(() => window.postMessage({ type: 'playground:run', id: 'loop', request: { method: 'GET', url: '/api/spin?loop' } }, '*'));
    await page.waitForTimeout(1_500);
    await page.evaluate(() => window.postMessage({ type: 'playground:stop', id: 'loop' }, '*'));
    await expect.poll(async () => (await replies()).find((m) => m.type === 'playground:stopped' && m.id === 'loop')?.stopped, { timeout: STOP_SHOWN_MS }).toBe(true);
    await expect.poll(async () => (await replies()).find((m) => m.type === 'playground:result' && m.id === 'loop')?.results?.[0].error?.code, { timeout: STOP_SHOWN_MS }).toBe('CANCELLED');
    await page.evaluate(() => window.postMessage({ type: 'playground:stop', id: 'nothing' }, '*'));
    await expect.poll(async () => (await replies()).find((m) => m.type === 'playground:stopped' && m.id === 'nothing')?.stopped).toBe(false);
    const t0 = Date.now();
    await page.evaluate(() => window.postMessage({ type: 'playground:run', id: 'after', request: { method: 'GET', url: '/api/spin?n=3' } }, '*'));
    await expect.poll(async () => (await replies()).find((m) => m.type === 'playground:result' && m.id === 'after')?.results?.[0].body, { timeout: NEXT_RUN_MS, interval: 20 }).toBe('edge answered 3');
    expect(Date.now() - t0).toBeLessThan(NEXT_RUN_MS);
  });
});

describe('run history', () => {
  it('keeps the last runs across a reload; reopening one shows its status, body and timings without running it', async () => {
    const page = await open(EDGE_PROJECT);
    await timedRun(page, '/api/spin?n=first', 'edge answered first', 30_000);
    await timedRun(page, '/api/spin?n=second', 'edge answered second', 10_000);
    await startLoop(page, '/api/spin?loop');
    await stopButton(page).click();
    await expect.poll(() => errorCode(page).textContent(), { timeout: STOP_SHOWN_MS }).toBe('CANCELLED');

    await page.reload();
    const list = page.getByRole('list', { name: 'Last runs' });
    await list.waitFor({ timeout: 15_000 });
    const items = list.getByRole('button');
    await expect.poll(() => items.count()).toBe(3);
    const texts = await items.allTextContents();
    expect(texts[0]).toMatch(/GET\s*\/api\/spin\?loop\s*stopped\s*edge/);
    expect(texts[1]).toMatch(/GET\s*\/api\/spin\?n=second\s*200\s*edge\s*\S+\s*\d+\.\d ms/);
    expect(texts[2]).toContain('/api/spin?n=first');
    expect(await page.locator('.response .status-line').count()).toBe(0); // nothing shown until one is reopened

    await page.getByRole('button', { name: /^Reopen GET \/api\/spin\?n=first: 200/ }).click();
    await expect.poll(() => body(page).textContent()).toBe('edge answered first');
    expect(await page.locator('.status-line .status .code').textContent()).toBe('200');
    expect(await tile(page, 'Total').textContent()).toMatch(/^\d+\.\d ms$/);
    expect(await items.nth(2).getAttribute('aria-current')).toBe('true');

    await items.nth(0).click();
    await expect.poll(() => errorCode(page).textContent()).toBe('CANCELLED');
    expect(await tile(page, 'First byte').textContent()).toBe('—');
    expect(page.errors).toEqual([]);
  });
});

describe('timing tiles', () => {
  it("show — for a phase that did not happen: a warm rerun has no compile and no worker start, a stopped run no first byte", async () => {
    const page = await open(EDGE_PROJECT);
    await timedRun(page, '/api/spin?n=cold', 'edge answered cold', 30_000);
    expect(await tile(page, 'Compile').textContent()).toMatch(/^\d+\.\d ms$/);
    expect(await tile(page, 'Worker start').textContent()).toMatch(/^\d+\.\d ms$/);
    await timedRun(page, '/api/spin?n=warm', 'edge answered warm', 10_000);
    await expect.poll(() => tile(page, 'Total').textContent()).toMatch(/^\d+\.\d ms$/);
    expect(await tile(page, 'Compile').textContent()).toBe('—');
    expect(await tile(page, 'Worker start').textContent()).toBe('—');
    expect(await page.locator('.timings dl > div', { hasText: 'Worker start' }).getAttribute('title')).toMatch(/warm worker/);
    const [firstByte, total] = await Promise.all([tile(page, 'First byte').textContent(), tile(page, 'Total').textContent()]);
    expect(parseFloat(firstByte!)).toBeLessThanOrEqual(parseFloat(total!));
    await startLoop(page, '/api/spin?loop');
    await stopButton(page).click();
    await expect.poll(() => tile(page, 'First byte').textContent(), { timeout: STOP_SHOWN_MS }).toBe('—');
  });
});
