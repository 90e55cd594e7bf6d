// `npm run dev` behaves like the production build: same headers, and a handler compiles and runs.
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getBrowser } from './harness';

let server: ViteDevServer;
let base: string;

beforeAll(async () => {
  server = await createServer({ server: { port: 0, strictPort: false, host: 'localhost' }, logLevel: 'warn' });
  await server.listen();
  base = server.resolvedUrls!.local[0].replace(/\/$/, '');
});

afterAll(async () => {
  await server?.close();
});

it('the dev server sends the isolation headers and runs an edge handler', async () => {
  const res = await fetch(base + '/');
  expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  const page = await (await getBrowser()).newPage();
  await page.addInitScript(() => {
    (window as any).__r = [];
    addEventListener('message', (e) => (window as any).__r.push(e.data));
  });
  await page.goto(base + '/?embed');
  await page.waitForFunction(() => (window as any).__r.some((m: any) => m.type === 'playground:ready'), null, { timeout: 60_000 });
  await page.evaluate(() => {
    postMessage({ type: 'playground:load', id: 1, files: { 'app/api/x/route.ts': "export const runtime = 'edge';\nexport function GET() { return new Response('dev ok'); }" } }, '*');
    postMessage({ type: 'playground:run', id: 2, path: 'app/api/x/route.ts', request: { method: 'GET', url: '/api/x' } }, '*');
  });
  const reply = await page.waitForFunction(() => (window as any).__r.find((m: any) => m.type === 'playground:result'), null, { timeout: 90_000 });
  const [result] = (await reply.jsonValue()).results;
  expect(result.error).toBeUndefined();
  expect(result.status).toBe(200);
  expect(result.body).toBe('dev ok');
  await page.close();
}, 120_000);
