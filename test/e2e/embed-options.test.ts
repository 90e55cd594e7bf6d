// The embed's URL options in real Chromium against the production build: clickToLoad (nothing heavy before the click),
// view, readonly, runtime, file, and the lazy start of embeds on a host page of another origin.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, getBrowser } from './harness';

declare global {
  interface Window {
    __replies: any[];
  }
}

const ENTRY = 'app/api/hello/route.ts';
/** What only a started playground requests: Monaco's code and workers, esbuild's wasm, the edge sandbox. */
const MONACO = /\/assets\/(editor\.api|monaco-session|monaco-\d+|_virtual_monaco-stages|editor\.worker|ts\.worker|tsMode)-[^/]*\.js$/;
const ESBUILD_WASM = /\/assets\/esbuild-[^/]*\.wasm$/;
const SANDBOX = /\/sandbox\.html$/;

let pages: Page[] = [];
afterEach(async () => {
  await Promise.all(pages.map((p) => p.context().close()));
  pages = [];
});

interface Embed {
  page: Page;
  /** Every URL requested from the start, by the page, its frames and its workers. */
  requests: string[];
  warnings: string[];
  send(message: Record<string, unknown>, answer: string): Promise<any>;
}

let nextId = 1;

/** Opens the embed view unframed (its parent is itself), counting requests from before the first one. */
async function openEmbed(query: string): Promise<Embed> {
  const context = await (await getBrowser()).newContext({ viewport: { width: 1280, height: 800 } });
  const requests: string[] = [];
  context.on('request', (r: Request) => requests.push(r.url()));
  const page = await context.newPage();
  pages.push(page);
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.addInitScript(() => {
    window.__replies = [];
    window.addEventListener('message', (e) => window.__replies.push(e.data));
  });
  await page.goto(`${baseUrl()}/?embed&${query}`);
  await page.waitForFunction(() => window.__replies.some((m) => m?.type === 'playground:ready'));
  const send = async (message: Record<string, unknown>, answer: string) => {
    const id = nextId++;
    await page.evaluate((msg) => window.postMessage(msg, '*'), { ...message, id });
    const reply = await page.waitForFunction(([type, id]) => window.__replies.find((m) => m?.type === type && m.id === id), [answer, id] as const, {
      timeout: 60_000,
      polling: 20,
    });
    return reply.jsonValue();
  };
  return { page, requests, warnings, send };
}

const run = (embed: Embed, extra: Record<string, unknown> = {}) =>
  embed.send({ type: 'playground:run', request: { method: 'GET', url: '/api/hello?name=Ada' }, ...extra }, 'playground:result').then((r) => r.results);
const heavy = (requests: string[]) => requests.filter((url) => MONACO.test(url) || ESBUILD_WASM.test(url) || SANDBOX.test(url));

describe('clickToLoad', () => {
  it('loads neither Monaco nor esbuild.wasm nor the edge sandbox before the click; after it a run works', async () => {
    const embed = await openEmbed('clickToLoad');
    const { page } = embed;
    await page.getByRole('button', { name: 'Load playground' }).waitFor();
    // The placeholder shows the code as text.
    expect(await page.locator('pre').first().innerText()).toContain('export async function GET');
    // A started playground asks for the sandbox at once and for Monaco within 2 s: wait longer than that.
    await page.waitForTimeout(3000);
    expect(heavy(embed.requests)).toEqual([]);
    expect(page.workers()).toHaveLength(0); // no compiler worker either
    // A load before the click is kept, shown, and applied after it.
    const loaded = embed.send({ type: 'playground:load', files: { 'app/api/hello/route.ts': "export const runtime = 'edge';\nexport const GET = () => new Response('clicked');\n" } }, 'playground:loaded');
    await expect.poll(() => page.locator('pre').first().innerText()).toContain("new Response('clicked')");
    expect(heavy(embed.requests)).toEqual([]);

    await page.getByRole('button', { name: 'Load playground' }).click();
    expect((await loaded).ok).toBe(true);
    const [result] = await run(embed);
    expect(result.status).toBe(200);
    expect(result.body).toBe('clicked');
    // The same counting sees what the playground loads once started (so the empty list above means something).
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    expect(embed.requests.some((url) => ESBUILD_WASM.test(url))).toBe(true);
    expect(embed.requests.some((url) => SANDBOX.test(url))).toBe(true);
    expect(embed.requests.some((url) => MONACO.test(url))).toBe(true);
    // ready was answered once, by the placeholder; the started playground did not announce itself again.
    expect(await page.evaluate(() => window.__replies.filter((m) => m?.type === 'playground:ready').length)).toBe(1);
  });

  it('a run before the click starts the playground and is answered', async () => {
    const embed = await openEmbed('clickToLoad');
    await embed.page.getByRole('button', { name: 'Load playground' }).waitFor();
    const [result] = await run(embed);
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body).hello).toBe('Ada');
    expect(await embed.page.getByRole('button', { name: 'Load playground' }).count()).toBe(0);
  });

  it('an example shows its title before the click', async () => {
    const embed = await openEmbed('clickToLoad&example=next-layout-runtime');
    await embed.page.getByRole('button', { name: 'Load playground' }).waitFor();
    expect(await embed.page.locator('.placeholder .title').innerText()).toMatch(/\w/);
    expect(await embed.page.locator('.placeholder .file').innerText()).toBe('app/api/inherited/route.ts');
  });
});

describe('view', () => {
  it('view=editor shows only the editor pane', async () => {
    const { page } = await openEmbed('view=editor');
    await page.getByRole('region', { name: 'Code' }).waitFor();
    expect(await page.getByRole('region', { name: 'Request and response' }).count()).toBe(0);
  });

  it('view=response shows only the request and response pane, and the code still builds and runs', async () => {
    const embed = await openEmbed('view=response');
    await embed.page.getByRole('region', { name: 'Request and response' }).waitFor();
    expect(await embed.page.getByRole('region', { name: 'Code' }).count()).toBe(0);
    await embed.page.getByRole('button', { name: /^Run/ }).first().click();
    await expect.poll(() => embed.page.getByRole('region', { name: 'Request and response' }).innerText(), { timeout: 30_000 }).toContain('"hello":');
    const [result] = await run(embed);
    expect(result.status).toBe(200);
  });

  it('both panes by default; an unknown view says so and shows both', async () => {
    const { page } = await openEmbed('view=sidebar');
    await page.getByRole('region', { name: 'Code' }).waitFor();
    expect(await page.getByRole('region', { name: 'Request and response' }).count()).toBe(1);
    expect(await page.getByRole('alert').filter({ hasText: 'view=sidebar is not a view' }).count()).toBe(1);
  });
});

describe('readonly', () => {
  const typeInto = async (page: Page) => {
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('// typed');
  };
  const source = async (embed: Embed) => (await embed.send({ type: 'playground:getState' }, 'playground:state')).files[ENTRY] as string;

  it('refuses real keystrokes with Monaco read-only message, and the source stays as it was', async () => {
    const embed = await openEmbed('readonly');
    const before = await source(embed);
    await typeInto(embed.page);
    await embed.page.getByRole('region', { name: 'Code' }).getByText('Cannot edit in read-only editor').waitFor();
    expect(await source(embed)).toBe(before);
    expect(await embed.page.getByRole('button', { name: 'Format' }).isDisabled()).toBe(true);
  });

  it('without readonly the same keystrokes edit the source (the check above can fail)', async () => {
    const embed = await openEmbed('view=both');
    const before = await source(embed);
    await typeInto(embed.page);
    await expect.poll(() => source(embed)).toBe(before + '// typed');
  });
});

describe('runtime', () => {
  const NODE_HANDLER = "export const runtime = 'nodejs';\nexport function GET() {\n  return Response.json({ runtime: process.env.NEXT_RUNTIME });\n}\n";

  it('runtime=nodejs runs an edge handler on Node.js, from the embed API and from the Run button', async () => {
    const embed = await openEmbed('runtime=nodejs');
    const [result] = await run(embed);
    expect(result.runtime).toBe('nodejs');
    expect(JSON.parse(result.body).runtime).toBe('nodejs');
    // A host that names the runtime for a run still gets that one.
    expect((await run(embed, { runtime: 'edge' }))[0].runtime).toBe('edge');
    await embed.page.getByRole('button', { name: /^Run/ }).first().click();
    await expect.poll(() => embed.page.getByRole('region', { name: 'Request and response' }).innerText(), { timeout: 60_000 }).toContain('"runtime": "nodejs"');
  });

  it('runtime=edge runs a Node.js handler on the edge', async () => {
    const embed = await openEmbed('runtime=edge');
    expect((await embed.send({ type: 'playground:load', files: { [ENTRY]: NODE_HANDLER } }, 'playground:loaded')).ok).toBe(true);
    const [result] = await run(embed);
    expect(result.runtime).toBe('edge');
    expect(JSON.parse(result.body).runtime).toBe('edge');
  });

  it('an unknown runtime is named in the embed, and runs follow the code', async () => {
    const embed = await openEmbed('runtime=deno');
    await embed.page.getByRole('alert').filter({ hasText: 'runtime=deno is not a runtime: use runtime=edge or runtime=nodejs' }).waitFor();
    expect((await run(embed))[0].runtime).toBe('edge');
  });
});

describe('file', () => {
  const openFile = (page: Page) => page.locator('.editor-head .file').innerText();

  it('file= opens that file of an example', async () => {
    const { page } = await openEmbed('example=next-layout-runtime&file=app/layout.tsx');
    await expect.poll(() => openFile(page)).toBe('app/layout.tsx');
  });

  it('file= opens that file after a load; a path the project lacks is ignored with a console warning', async () => {
    const embed = await openEmbed('file=lib/greet.ts');
    await expect.poll(() => openFile(embed.page)).toBe(ENTRY); // the default project has no lib/greet.ts
    expect(embed.warnings.some((w) => w.includes('file=lib/greet.ts'))).toBe(true);
    const files = { [ENTRY]: "import { greet } from '../../../lib/greet';\nexport const GET = () => new Response(greet());\n", 'lib/greet.ts': "export const greet = () => 'hi';\n" };
    expect((await embed.send({ type: 'playground:load', files }, 'playground:loaded')).ok).toBe(true);
    await expect.poll(() => openFile(embed.page)).toBe('lib/greet.ts');
  });
});

describe('lazy start on a host page of another origin', () => {
  const COUNT = 10;
  const HEIGHT = 480;
  let host: Server;
  let hostUrl = '';

  beforeAll(async () => {
    const frames = Array.from({ length: COUNT }, (_, n) => `<iframe title="embed ${n}" src="${baseUrl()}/?embed&n=${n}" style="display:block;width:100%;height:${HEIGHT}px;border:0"></iframe>`).join('\n');
    host = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><meta charset="utf-8"><body style="margin:0">${frames}<div style="height:${HEIGHT}px"></div></body>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

  /** Which embeds have started (their placeholder gone), by their position on the page. */
  const startedEmbeds = async (page: Page): Promise<number[]> => {
    const embeds = page.frames().filter((f: Frame) => /[?&]embed&n=\d+$/.test(f.url()));
    const states = await Promise.all(
      embeds.map(async (f) => ({ n: Number(new URL(f.url()).searchParams.get('n')), started: await f.evaluate(() => document.querySelector('.app.embed') !== null && document.querySelector('.app.embed.waiting') === null).catch(() => false) })),
    );
    return states.filter((s) => s.started).map((s) => s.n).sort((a, b) => a - b);
  };

  it('ten embeds: only those in view start; scrolled down, the next ones start; the host page keeps answering', async () => {
    const context = await (await getBrowser()).newContext({ viewport: { width: 1000, height: 720 } });
    const wasm: string[] = [];
    context.on('request', (r: Request) => ESBUILD_WASM.test(r.url()) && wasm.push(r.url()));
    const page = await context.newPage();
    pages.push(page);
    await page.goto(hostUrl);
    // 720 px of view over 480-px frames: the first two are in view.
    await expect.poll(() => startedEmbeds(page), { timeout: 30_000 }).toEqual([0, 1]);
    await expect.poll(() => wasm.length, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(1500);
    expect(await startedEmbeds(page)).toEqual([0, 1]);
    expect(wasm.length).toBeLessThanOrEqual(2);
    const before = wasm.length;

    await page.evaluate((y) => window.scrollTo(0, y), HEIGHT * 5);
    // Meanwhile the host page answers round trips while the embeds start.
    for (let i = 0; i < 20; i++) expect(await page.evaluate((n) => n + 1, i)).toBe(i + 1);
    await expect.poll(() => startedEmbeds(page), { timeout: 30_000 }).toEqual([0, 1, 5, 6]);
    await expect.poll(() => wasm.length, { timeout: 30_000 }).toBeGreaterThan(before);
    expect(wasm.length).toBeLessThanOrEqual(4);
    expect(await startedEmbeds(page)).not.toContain(9);
  });
});
