// Saved work in real Chromium against the production build: typed code survives a reload that comes right after the
// keystrokes, with the request, the Next.js version and the run history; an example's edits come back when it opens
// again and "Reset to example" asks first; an embed's edits survive its reload and never reach the full page's
// project. One browser context throughout, so every page shares one localStorage, as a person's tabs do.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleById } from '../../src/lib/examples';
import { DEFAULT_ENTRY, DEFAULT_FILES } from '../../src/lib/project/examples';
import { baseUrl, getBrowser } from './harness';

type Replies = { __replies: { type?: string; id?: unknown }[] };
type Reply = { type: string; id?: unknown; files?: Record<string, string>; restored?: boolean; ok?: boolean };

let context: BrowserContext;

beforeAll(async () => {
  context = await (await getBrowser()).newContext({ viewport: { width: 1400, height: 1000 } });
  await context.addInitScript(() => {
    (window as unknown as Replies).__replies = [];
    window.addEventListener('message', (e) => (window as unknown as Replies).__replies.push(e.data));
  });
});

afterAll(async () => {
  await context?.close();
});

async function openPage(path: string): Promise<Page & { errors: string[] }> {
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(baseUrl() + path);
  return page;
}

/** Asks the page (unframed, so it is its own embed host) and waits for the answer of that type. */
async function ask(page: Page, message: Record<string, unknown>, answer: string): Promise<Reply> {
  await page.waitForFunction(() => (window as unknown as Replies).__replies.some((m) => m?.type === 'playground:ready'));
  const id = `${answer}-${Math.random()}`;
  await page.evaluate((m) => window.postMessage(m, '*'), { ...message, id });
  const handle = await page.waitForFunction(
    ([type, id]) => (window as unknown as Replies).__replies.find((m) => m?.type === type && m.id === id),
    [answer, id] as const,
  );
  return (await handle.jsonValue()) as Reply;
}

const filesOf = async (page: Page) => (await ask(page, { type: 'playground:getState' }, 'playground:state')).files!;

/** Real keystrokes at the end of the open file in Monaco. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(text);
}

const monaco = (page: Page) => page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
const TYPED = '\n// typed just before the reload: every character, ünïcödé 42';

describe('saved work', () => {
  let ownFiles: Record<string, string>;
  let versionChosen: string;

  it('a reload right after typing keeps every character, the request, the Next.js version and the run history', async () => {
    const page = await openPage('/');
    await monaco(page);
    await page.getByLabel('Path and query').fill('/api/hello?name=Saved');
    await page.getByLabel('Next.js version').selectOption('15.5');
    versionChosen = await page.getByLabel('Next.js version').inputValue();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const runs = page.getByRole('list', { name: 'Last runs' }).getByRole('button');
    await expect.poll(() => runs.count(), { timeout: 60_000 }).toBe(1);

    await typeAtEnd(page, TYPED);
    await page.reload(); // no wait: the page-hide write carries the last keystroke

    await monaco(page);
    ownFiles = await filesOf(page);
    expect(ownFiles[DEFAULT_ENTRY]).toBe(DEFAULT_FILES[DEFAULT_ENTRY] + TYPED);
    expect(await page.getByLabel('Path and query').inputValue()).toBe('/api/hello?name=Saved');
    expect(await page.getByLabel('Next.js version').inputValue()).toBe(versionChosen);
    await expect.poll(() => runs.count()).toBe(1);
    expect(await runs.first().textContent()).toContain('/api/hello?name=Saved');

    // Without the URL's ?next=, the saved work still says which version was chosen.
    await page.goto(baseUrl() + '/');
    await monaco(page);
    expect((await filesOf(page))[DEFAULT_ENTRY]).toBe(ownFiles[DEFAULT_ENTRY]);
    expect(await page.getByLabel('Next.js version').inputValue()).toBe(versionChosen);
    expect(await page.getByLabel('Path and query').inputValue()).toBe('/api/hello?name=Saved');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('edits to an example come back when it opens again; Reset asks first, Cancel keeps them, Reset brings the example back', async () => {
    const example = exampleById('edge-eval')!;
    const page = await openPage('/?example=edge-eval');
    const banner = page.getByRole('region', { name: `Example: ${example.title}` });
    await banner.waitFor();
    expect(await banner.textContent()).not.toContain('Your edits to this example');
    await monaco(page);
    await typeAtEnd(page, '\n// my change to the example');
    const edited = (await filesOf(page))['app/api/eval/route.ts'];
    expect(edited).toBe(example.files['app/api/eval/route.ts'] + '\n// my change to the example');

    // Another example, then this one again (a new page, as from a link): the edits are back.
    await page.goto(baseUrl() + '/?example=streaming');
    await page.getByRole('region', { name: /^Example: Streaming/ }).waitFor();
    expect(Object.keys(await filesOf(page))).toEqual(Object.keys(exampleById('streaming')!.files));
    await page.goto(baseUrl() + '/?example=edge-eval');
    await banner.waitFor();
    expect((await filesOf(page))['app/api/eval/route.ts']).toBe(edited);
    expect(await banner.textContent()).toContain('Your edits to this example');

    // Reset asks first, in the page; Cancel keeps the edits.
    await banner.getByRole('button', { name: 'Reset to example' }).click();
    const question = page.getByRole('alertdialog', { name: 'Discard your edits to this example?' });
    await question.waitFor();
    await question.getByRole('button', { name: 'Cancel' }).click();
    expect(await question.count()).toBe(0);
    expect((await filesOf(page))['app/api/eval/route.ts']).toBe(edited);
    await page.reload();
    await banner.waitFor();
    expect((await filesOf(page))['app/api/eval/route.ts']).toBe(edited);

    await banner.getByRole('button', { name: 'Reset to example' }).click();
    await question.getByRole('button', { name: 'Reset' }).click();
    expect((await filesOf(page))['app/api/eval/route.ts']).toBe(example.files['app/api/eval/route.ts']);
    expect(await banner.textContent()).not.toContain('Your edits to this example');
    expect(await banner.getByRole('button', { name: 'Reset to example' }).count()).toBe(0);
    await page.reload();
    await banner.waitFor();
    expect((await filesOf(page))['app/api/eval/route.ts']).toBe(example.files['app/api/eval/route.ts']);

    // "Back to your project" after a reload on the example: the person's own saved project, untouched by the example.
    await banner.getByRole('button', { name: 'Back to your project' }).click();
    expect((await filesOf(page))[DEFAULT_ENTRY]).toBe(ownFiles[DEFAULT_ENTRY]);
    expect(new URL(page.url()).searchParams.has('example')).toBe(false);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("resetting the person's own project to the starter asks first", async () => {
    const page = await openPage('/');
    await monaco(page);
    expect((await filesOf(page))[DEFAULT_ENTRY]).toBe(ownFiles[DEFAULT_ENTRY]);
    await page.getByRole('button', { name: 'Reset to the starter project' }).click();
    const question = page.getByRole('alertdialog', { name: 'Discard your project and start from the starter project?' });
    await question.getByRole('button', { name: 'Cancel' }).click();
    expect((await filesOf(page))[DEFAULT_ENTRY]).toBe(ownFiles[DEFAULT_ENTRY]);
    await page.getByRole('button', { name: 'Reset to the starter project' }).click();
    await question.getByRole('button', { name: 'Reset' }).click();
    expect((await filesOf(page))[DEFAULT_ENTRY]).toBe(DEFAULT_FILES[DEFAULT_ENTRY]);
    expect(await page.getByLabel('Path and query').inputValue()).toBe('/api/hello?name=Ada');
    await page.reload();
    await monaco(page);
    expect((await filesOf(page))[DEFAULT_ENTRY]).toBe(DEFAULT_FILES[DEFAULT_ENTRY]);
    expect(await page.getByRole('button', { name: 'Reset to the starter project' }).count()).toBe(0);
    // Put the person's project back for the embed test below.
    await typeAtEnd(page, TYPED);
    await page.reload();
    await monaco(page);
    ownFiles = await filesOf(page);
    expect(ownFiles[DEFAULT_ENTRY]).toBe(DEFAULT_FILES[DEFAULT_ENTRY] + TYPED);
    await page.close();
  });

  it("an embed's edits survive its reload (loaded says restored) and never appear in the full page's project", async () => {
    const project = { 'app/api/tutorial/route.ts': "export const runtime = 'edge';\nexport function GET() {\n  return new Response('step 1');\n}\n" };
    const embed = await openPage('/?embed');
    const first = await ask(embed, { type: 'playground:load', files: project }, 'playground:loaded');
    expect(first.ok).toBe(true);
    expect(first.restored).toBeUndefined();
    await monaco(embed);
    await typeAtEnd(embed, '\n// the reader was here');
    const edited = project['app/api/tutorial/route.ts'] + '\n// the reader was here';
    expect((await filesOf(embed))['app/api/tutorial/route.ts']).toBe(edited);

    await embed.reload();
    const again = await ask(embed, { type: 'playground:load', files: project }, 'playground:loaded');
    expect(again.restored).toBe(true);
    expect((await filesOf(embed))['app/api/tutorial/route.ts']).toBe(edited);
    // Another project loaded there is its own: nothing of the first one's edits.
    const other = { 'app/api/other/route.ts': 'export function GET() { return new Response("other"); }\n' };
    const otherLoaded = await ask(embed, { type: 'playground:load', files: other }, 'playground:loaded');
    expect(otherLoaded.restored).toBeUndefined();
    expect(await filesOf(embed)).toEqual(other);

    const page = await openPage('/');
    await monaco(page);
    const own = await filesOf(page);
    expect(own).toEqual(ownFiles);
    expect(Object.keys(own)).not.toContain('app/api/tutorial/route.ts');
    const stored = await page.evaluate(() => localStorage.getItem('playground:work:own') ?? '');
    expect(stored).not.toContain('the reader was here');
    expect(embed.errors).toEqual([]);
    expect(page.errors).toEqual([]);
  });

  it("an embed's ?example= keeps its edits in its own slot: the full page's copy of the example stays as it was", async () => {
    const example = exampleById('edge-eval')!;
    const embed = await openPage('/?embed&example=edge-eval');
    await monaco(embed);
    await typeAtEnd(embed, '\n// edited inside the tutorial');
    await embed.reload();
    await monaco(embed);
    expect((await filesOf(embed))['app/api/eval/route.ts']).toBe(example.files['app/api/eval/route.ts'] + '\n// edited inside the tutorial');
    const page = await openPage('/?example=edge-eval');
    await page.getByRole('region', { name: `Example: ${example.title}` }).waitFor();
    expect((await filesOf(page))['app/api/eval/route.ts']).toBe(example.files['app/api/eval/route.ts']);
  });

  it('a read-only embed saves nothing: a change the host writes there is gone after a reload', async () => {
    const project = { 'app/api/readonly/route.ts': 'export function GET() { return new Response("as sent"); }\n' };
    const embed = await openPage('/?embed&readonly');
    await ask(embed, { type: 'playground:load', files: project }, 'playground:loaded');
    const set = await ask(embed, { type: 'playground:setFile', path: 'app/api/readonly/route.ts', source: 'changed' }, 'playground:fileSet');
    expect(set.ok).toBe(true);
    expect((await filesOf(embed))['app/api/readonly/route.ts']).toBe('changed');
    await embed.waitForTimeout(600); // past the autosave delay
    await embed.reload();
    const again = await ask(embed, { type: 'playground:load', files: project }, 'playground:loaded');
    expect(again.restored).toBeUndefined();
    expect(await filesOf(embed)).toEqual(project);
  });
});
