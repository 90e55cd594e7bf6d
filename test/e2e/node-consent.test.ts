// Code from elsewhere on the person's computer: a project another origin loads runs its Node.js handlers on the local
// host (`?nodeHost=local`, real `node` children of the preview server) only once the person allows it in the page,
// remembered per project; the person's own projects and edge runs never ask. In real Chromium against the build.
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { openEmbed } from './embed-client';
import { baseUrl, getBrowser } from './harness';

declare global {
  interface Window {
    pg: Window | null;
  }
}

/** The page on another origin: opens the playground with `window.open` on a click and keeps what it answers. */
const OPENER_HTML = (playgroundUrl: string) => `<!doctype html><title>another site</title>
<button id="open">Open the playground</button>
<script>
  window.__replies = [];
  document.getElementById('open').onclick = () => { window.pg = window.open(${JSON.stringify(playgroundUrl)}, 'pg'); };
  addEventListener('message', (e) => { if (e.source === window.pg) window.__replies.push(e.data); });
</script>`;

let server: Server;
let foreignOrigin: string;
/** The preview server's bridge keeps its projects here (src/server/node-bridge.ts, its default root). */
const PROJECTS = join(tmpdir(), 'playground-node', 'projects');
/** Marks as `project/name`: those there before this file ran (earlier test runs) do not count. */
const seen = new Set<string>();
let before = new Set<string>();
function marks(): string[] {
  return (existsSync(PROJECTS) ? readdirSync(PROJECTS) : []).flatMap((project) => {
    // Each process of the project runs in a folder of its own in `work`.
    const work = join(PROJECTS, project, 'work');
    const folders = existsSync(work) ? readdirSync(work, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(work, d.name)) : [];
    return folders.flatMap((dir) => (existsSync(dir) ? readdirSync(dir) : [])).filter((name) => name.startsWith('loaded-')).map((name) => `${project}/${name.slice('loaded-'.length)}`);
  });
}
/**
 * Which handlers' modules a node process loaded: each handler below leaves a file in its work folder when its module
 * loads (it may not call home: handlers reach no server on this machine). Kept once seen, as folders go with projects.
 */
function loadedModules(): string[] {
  for (const mark of marks()) if (!before.has(mark)) seen.add(mark);
  return [...seen].map((mark) => mark.split('/')[1]);
}

/** A Node.js handler that leaves a mark when a node process loads it, and answers `ran <name>`. */
const marked = (name: string) =>
  `require('fs').writeFileSync('loaded-${name}', '');\n` + `module.exports = (req, res) => res.send('ran ${name}');\n`;

beforeAll(async () => {
  before = new Set(marks());
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(OPENER_HTML(`${baseUrl()}/?nodeHost=local`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  foreignOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
});

interface Opened {
  context: BrowserContext;
  opener: Page;
  playground: Page;
  send(message: Record<string, unknown>): Promise<void>;
  reply<T = any>(type: string, id: number): Promise<T>;
  readies(): Promise<number>;
}

let nextId = 1;

/**
 * The other site opens the playground. `keepOpener`: the playground's documents come without COOP, as behind a host or
 * proxy that drops it; as served (COOP same-origin) the browser cuts the opener off (first test).
 */
async function openFromAnotherSite(keepOpener: boolean): Promise<Opened> {
  const context = await (await getBrowser()).newContext({ viewport: { width: 1400, height: 900 } });
  if (keepOpener) {
    await context.route(`${baseUrl()}/**`, async (route) => {
      // The top-level page only: the edge sandbox frame is served as it is.
      if (route.request().resourceType() !== 'document' || new URL(route.request().url()).pathname !== '/') return route.continue();
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      await route.fulfill({ response, headers });
    });
  }
  const opener = await context.newPage();
  await opener.goto(`${foreignOrigin}/`);
  const [playground] = await Promise.all([context.waitForEvent('page'), opener.click('#open')]);
  await playground.waitForLoadState();
  const opened: Opened = {
    context,
    opener,
    playground,
    send: (message) => opener.evaluate((m) => window.pg!.postMessage(m, '*'), message),
    async reply(type, id) {
      const handle = await opener.waitForFunction(
        ([type, id]) => window.__replies.find((m) => m?.type === type && m.id === id),
        [type, id] as const,
        { timeout: 60_000, polling: 20 },
      );
      return handle.jsonValue();
    },
    readies: () => opener.evaluate(() => window.__replies.filter((m) => m?.type === 'playground:ready').length),
  };
  return opened;
}

async function load(o: Opened, files: Record<string, string>): Promise<void> {
  const id = nextId++;
  await o.send({ type: 'playground:load', id, files });
  expect((await o.reply('playground:loaded', id)).ok).toBe(true);
}

async function run(o: Opened, path: string, runtime?: string): Promise<RunResult[]> {
  const id = nextId++;
  await o.send({ type: 'playground:run', id, path, request: { method: 'GET', url: '/' + path.replace(/\.js$/, '') }, runtime });
  return (await o.reply('playground:result', id)).results;
}

const prompt = (page: Page) => page.getByRole('alertdialog', { name: 'Run this code on your computer?' });
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

describe('a page on another origin opens the playground with window.open', () => {
  it('as served (COOP same-origin), the browser cuts it off: no opener, no ready, nothing it posts arrives', async () => {
    const o = await openFromAnotherSite(false);
    expect(await o.playground.evaluate(() => window.opener)).toBeNull();
    await o.playground.getByRole('button', { name: 'Run', exact: true }).waitFor();
    expect(await o.opener.evaluate(() => window.pg!.closed)).toBe(true);
    expect(await o.readies()).toBe(0);
    await o.context.close();
  });

  describe('served without COOP, so it keeps its opener', () => {
    let o: Opened;

    beforeAll(async () => {
      o = await openFromAnotherSite(true);
      await o.opener.waitForFunction(() => window.__replies.some((m) => m?.type === 'playground:ready'), null, { timeout: 30_000 });
    });

    afterAll(async () => {
      await o?.context.close();
    });

    it('its Node.js run is refused at once with NODE_HOST_CONSENT_REQUIRED and runs nothing; the prompt names the origin; allowing runs it', async () => {
      await load(o, { 'api/a.js': marked('a') });
      const [refused] = await run(o, 'api/a.js');
      expect(refused.runtime).toBe('nodejs');
      expect(refused.status).toBeNull();
      expect(refused.error?.code).toBe('NODE_HOST_CONSENT_REQUIRED');
      expect(refused.error?.message).toContain(`came from ${foreignOrigin}`);
      // The answer did not wait for the person: the prompt is still up.
      await expect.poll(() => prompt(o.playground).isVisible()).toBe(true);
      expect((await prompt(o.playground).innerText()).replace(/\s+/g, ' ')).toContain(`This project came from ${foreignOrigin}. Running its Node.js handler runs its code on your computer`);
      await settle();
      expect(loadedModules()).toEqual([]);

      // Keyboard first: focus starts on "Not now", never on the button that allows.
      expect(await o.playground.evaluate(() => document.activeElement?.textContent)).toBe('Not now');
      await prompt(o.playground).getByRole('button', { name: 'Run on this computer' }).click();
      await expect.poll(() => prompt(o.playground).count()).toBe(0);
      const [ran] = await run(o, 'api/a.js');
      expect([ran.status, ran.body]).toEqual([200, 'ran a']);
      await expect.poll(() => loadedModules()).toContain('a');
    });

    it('remembered: the same project from the same origin, after a reload, runs without asking', async () => {
      await o.playground.reload();
      await expect.poll(() => o.readies(), { timeout: 30_000 }).toBe(2);
      await load(o, { 'api/a.js': marked('a') });
      const [ran] = await run(o, 'api/a.js');
      expect([ran.status, ran.body, ran.error]).toEqual([200, 'ran a', undefined]);
      expect(await prompt(o.playground).count()).toBe(0);
    });

    it('a different project asks again, even the same handler with one more line', async () => {
      const before = loadedModules().length;
      await load(o, { 'api/b.js': marked('b') });
      const [refused] = await run(o, 'api/b.js');
      expect(refused.error?.code).toBe('NODE_HOST_CONSENT_REQUIRED');
      await expect.poll(() => prompt(o.playground).isVisible()).toBe(true);
      await load(o, { 'api/a.js': marked('a') + '// changed\n' });
      const [changed] = await run(o, 'api/a.js');
      expect(changed.error?.code).toBe('NODE_HOST_CONSENT_REQUIRED');
      await settle();
      expect(loadedModules().length).toBe(before);
    });

    it('"Not now" keeps refusing without asking again; the person\'s own Run asks again, and allowing runs it there', async () => {
      await load(o, { 'api/c.js': marked('c') });
      const [first] = await run(o, 'api/c.js');
      expect(first.error?.code).toBe('NODE_HOST_CONSENT_REQUIRED');
      await prompt(o.playground).getByRole('button', { name: 'Not now' }).click();
      await expect.poll(() => prompt(o.playground).count()).toBe(0);
      const [again] = await run(o, 'api/c.js');
      expect(again.error?.code).toBe('NODE_HOST_CONSENT_REQUIRED');
      await settle();
      expect(await prompt(o.playground).count()).toBe(0);
      expect(loadedModules()).not.toContain('c');

      // The person presses Run in the playground: asked again; Escape is "Not now" too.
      await o.playground.getByRole('button', { name: 'Run', exact: true }).click();
      await expect.poll(() => prompt(o.playground).isVisible()).toBe(true);
      await o.playground.keyboard.press('Escape');
      await expect.poll(() => prompt(o.playground).count()).toBe(0);
      await expect.poll(() => o.playground.locator('.error-box .code').first().textContent()).toBe('NODE_HOST_CONSENT_REQUIRED');
      await o.playground.getByRole('button', { name: 'Run', exact: true }).click();
      await prompt(o.playground).getByRole('button', { name: 'Run on this computer' }).click();
      await expect.poll(() => o.playground.locator('pre[aria-label="Response body as text"]').textContent(), { timeout: 30_000 }).toBe('ran c');
    });

    it("the person's edits of an allowed project keep it allowed", async () => {
      // `c` was allowed just above; the person rewrites its handler and runs it.
      await o.playground.locator('.monaco-editor').waitFor({ timeout: 30_000 });
      await o.playground.locator('.monaco-editor .view-lines').click();
      await o.playground.keyboard.press('ControlOrMeta+A');
      await o.playground.keyboard.type("module.exports = (req, res) => res.send('edited c')");
      await o.playground.keyboard.press('Escape');
      await o.playground.getByRole('button', { name: 'Run', exact: true }).click();
      await expect.poll(() => o.playground.locator('pre[aria-label="Response body as text"]').textContent(), { timeout: 30_000 }).toBe('edited c');
      expect(await prompt(o.playground).count()).toBe(0);
    });

    it('a load right after its run cannot lend the run the consent of the project it loads', async () => {
      // `a` is allowed (above). The run of the new project `d` is queued, then `a` is loaded before it reaches node.
      const ids = [nextId++, nextId++, nextId++];
      await o.opener.evaluate(
        ([[l1, r, l2], d, a]) => {
          window.pg!.postMessage({ type: 'playground:load', id: l1, files: { 'api/d.js': d } }, '*');
          window.pg!.postMessage({ type: 'playground:run', id: r, path: 'api/d.js', request: { method: 'GET', url: '/api/d' } }, '*');
          window.pg!.postMessage({ type: 'playground:load', id: l2, files: { 'api/a.js': a } }, '*');
        },
        [ids, marked('d'), marked('a')] as const,
      );
      const [result] = (await o.reply('playground:result', ids[1])).results as RunResult[];
      expect(result.error?.code).toBe('NODE_HOST_CONSENT_REQUIRED');
      await settle();
      expect(loadedModules()).not.toContain('d');
      const [a] = await run(o, 'api/a.js');
      expect([a.status, a.body]).toEqual([200, 'ran a']);
    });

    it('edge runs of its projects never ask; runtime both: the edge answers, Node.js is refused', async () => {
      await load(o, { 'app/api/e/route.ts': "export const runtime = 'edge'; export const GET = () => new Response('edge ok')" });
      const [edge] = await run(o, 'app/api/e/route.ts');
      expect([edge.runtime, edge.status, edge.body, edge.error]).toEqual(['edge', 200, 'edge ok', undefined]);
      await settle();
      expect(await prompt(o.playground).count()).toBe(0);

      await load(o, { 'app/api/f/route.ts': "export const GET = () => new Response('either')" });
      const both = await run(o, 'app/api/f/route.ts', 'both');
      expect(both.map((r) => [r.runtime, r.status, r.error?.code ?? null])).toEqual([
        ['edge', 200, null],
        ['nodejs', null, 'NODE_HOST_CONSENT_REQUIRED'],
      ]);
      expect(both[0].body).toBe('either');
    });

    it('an edge run that imports an npm package asks too (npm runs here): refused, nothing installed, then built with it once allowed', async () => {
      const files = {
        'app/api/m/route.ts': "import ms from 'ms';\nexport const runtime = 'edge';\nexport const GET = () => new Response(String(ms('1h')));\n",
        'package.json': JSON.stringify({ dependencies: { ms: '2.1.3' } }),
      };
      await load(o, files);
      const [refused] = await run(o, 'app/api/m/route.ts');
      expect([refused.runtime, refused.status, refused.error?.code]).toEqual(['edge', null, 'NODE_HOST_CONSENT_REQUIRED']);
      expect(refused.error?.message).toContain(`came from ${foreignOrigin}`);
      expect(refused.logs).toEqual([]); // npm never ran
      await expect.poll(() => prompt(o.playground).isVisible()).toBe(true);
      await prompt(o.playground).getByRole('button', { name: 'Run on this computer' }).click();
      await expect.poll(() => prompt(o.playground).count()).toBe(0);
      const [ran] = await run(o, 'app/api/m/route.ts');
      expect([ran.runtime, ran.status, ran.body, ran.error]).toEqual(['edge', 200, '3600000', undefined]);
    });
  });
});

describe("the person's own projects", () => {
  it('an unframed page posting to itself never asks: its Node.js run goes straight to local node', async () => {
    const embed = await openEmbed('/?nodeHost=local');
    const r = await embed.runFile('api/own.js', "module.exports = (req, res) => res.send('mine')", { url: '/api/own' });
    expect([r.status, r.body, r.error]).toEqual([200, 'mine', undefined]);
    expect(await prompt(embed.page).count()).toBe(0);
    await embed.page.context().close();
  });
});
