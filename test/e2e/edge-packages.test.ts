// npm packages in edge handlers, in real Chromium against the production build through the embed API: the package is
// installed by the local Node host (`?nodeHost=local`, real npm, `ms` from the registry), bundled into the edge
// function and run on the edge runtime; without a Node host the run says why.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { openEmbed, type EmbedClient } from './embed-client';
import { baseUrl, getBrowser } from './harness';

const ROUTE = 'app/api/ms/route.ts';
const SOURCE = [
  "import ms from 'ms';",
  "export const runtime = 'edge';",
  'export function GET(): Response {',
  "  return new Response(`${ms('2 days')} ${typeof EdgeRuntime}`);",
  '}',
].join('\n');
const FILES = { [ROUTE]: SOURCE, 'package.json': JSON.stringify({ dependencies: { next: '16.4.6', ms: '2.1.3' } }) };

describe('an edge route importing an npm package, with the local Node host', () => {
  let embed: EmbedClient;

  beforeAll(async () => {
    embed = await openEmbed('/?embed&nodeHost=local');
  });

  afterAll(async () => {
    await embed?.page.context().close();
  });

  it('installs ms with npm, bundles it into the edge function and runs it on the edge runtime', async () => {
    const t0 = performance.now();
    const loaded = await embed.load(FILES);
    expect(loaded.ok).toBe(true);
    const [first] = await embed.run(ROUTE, { method: 'GET', url: '/api/ms' });
    const firstMs = performance.now() - t0;
    expect(first.error).toBeUndefined();
    expect(first.runtime).toBe('edge');
    expect([first.status, first.body]).toEqual([200, '172800000 string']);
    expect(first.logs.map((l) => l.text)).toContain('npm install ms@2.1.3');
    expect(first.build.errors).toEqual([]);
    expect(first.timings.installMs).toBeGreaterThan(0);

    // The same project again: nothing installed or fetched again.
    const t1 = performance.now();
    const [again] = await embed.run(ROUTE, { method: 'GET', url: '/api/ms' });
    const againMs = performance.now() - t1;
    expect(again.body).toBe('172800000 string');
    expect(again.logs.filter((l) => l.text.startsWith('npm'))).toEqual([]);
    expect(again.timings.installMs).toBeUndefined();
    console.log(`edge + ms@2.1.3: first run ${Math.round(firstMs)} ms (npm install ${Math.round(first.timings.installMs!)} ms, compile ${Math.round(first.timings.compileMs)} ms), again ${Math.round(againMs)} ms; gzip ${first.build.gzipBytes} B`);
  });

  it('the package counts in the gzip size', async () => {
    const without = await embed.runFile('app/api/plain/route.ts', "export const runtime = 'edge';\nexport function GET() { return new Response('172800000'); }\n", { url: '/api/plain' });
    await embed.load(FILES);
    const [withMs] = await embed.run(ROUTE, { method: 'GET', url: '/api/ms' });
    expect(withMs.build.gzipBytes - without.build.gzipBytes).toBeGreaterThan(500);
  });

  it('a package that is not on the registry fails the run with npm\'s reason', async () => {
    const name = 'playground-no-such-package-7f3c9a1e';
    const result = await embed.runFile('app/api/none/route.ts', `import x from '${name}';\nexport const runtime = 'edge';\nexport function GET() { return new Response(String(x)); }\n`, { url: '/api/none' });
    expect(result.error?.code).toBe('NPM_INSTALL_FAILED');
    expect(result.error?.message).toContain(`"${name}" could not be installed for this edge handler: npm install failed`);
    expect(result.build.errors[0]?.text).toContain(`Could not resolve "${name}": "${name}" could not be installed`);
  }, 120_000);
});

describe('without a Node host', () => {
  it('a page framed by another origin cannot install: the run says why, with the old message', async () => {
    const html = `<!doctype html><script>window.__replies = []; addEventListener('message', (e) => window.__replies.push(e.data));</script>
      <iframe id="pg" src="${baseUrl()}/?embed&nodeHost=local"></iframe>`;
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const foreign = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const context = await (await getBrowser()).newContext();
    try {
      const page = await context.newPage();
      await page.goto(foreign);
      const replies = () => page.evaluate(() => (window as unknown as { __replies: { type: string; id?: number; results?: RunResult[] }[] }).__replies);
      await expect.poll(async () => (await replies()).some((m) => m.type === 'playground:ready'), { timeout: 30_000 }).toBe(true);
      await page.evaluate(
        ([files, route]) => {
          const frame = (document.getElementById('pg') as HTMLIFrameElement).contentWindow!;
          frame.postMessage({ type: 'playground:load', id: 1, files }, '*');
          frame.postMessage({ type: 'playground:run', id: 2, path: route, request: { method: 'GET', url: '/api/ms' } }, '*');
        },
        [FILES, ROUTE] as const,
      );
      await expect.poll(async () => (await replies()).find((m) => m.type === 'playground:result' && m.id === 2), { timeout: 30_000 }).toBeTruthy();
      const [result] = (await replies()).find((m) => m.type === 'playground:result' && m.id === 2)!.results!;
      expect(result.runtime).toBe('edge');
      expect(result.status).toBeNull();
      expect(result.error?.code).toBe('NODE_HOST_UNAVAILABLE');
      expect(result.error?.message).toMatch(/^npm packages cannot be installed for edge handlers in the playground without a Node\.js host, and there is none here \(.*does not run for a page framed by/);
      expect(result.build.errors[0]?.text).toMatch(/^Could not resolve "ms": npm packages cannot be installed for edge handlers in the playground without a Node\.js host/);
    } finally {
      await context.close();
      server.close();
    }
  });
});
