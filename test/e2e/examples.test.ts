// The examples gallery in real Chromium against the production build, Node.js on the local host: every example opens
// by URL (`?example=<id>`), runs from the page's own Run button, and does what its text says (status, body, headers,
// error code, build message, runtime badge); then the gallery itself (search, keyboard, the URL, the way back).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, type Example } from '../../src/lib/examples';
import { baseUrl, getBrowser } from './harness';

/** One run of an example and what its text promises about it. */
interface Check {
  /** Which of the example's requests (its button in the banner); @default 0 */
  request?: number;
  /** Before the run: a change to the open file, as the text invites. */
  edit?: [from: string, to: string];
  url?: string;
  nextVersion?: string;
  plan?: string;
  /** Runs this many times; the checks apply to the last run. @default 1 */
  runs?: number;
  status: number | null;
  body?: string[];
  /** Exactly this body. */
  bodyIs?: string;
  header?: [name: string, value: string];
  noHeader?: string;
  error?: string;
  errorMessage?: string;
  build?: string;
  log?: string;
  noLog?: string;
  badge?: string;
  noBadge?: string;
  minChunks?: number;
  chunks?: number;
  cold?: 'cold' | 'warm';
  platformFigures?: string;
  /** With `runs` > 1: the last two bodies are the same (true) or differ (false). */
  sameBody?: boolean;
  /** The run took at least this long, in ms (a deadline that waited for its time). */
  atLeastMs?: number;
}

const PROMISES: Record<string, Check[]> = {
  default: [
    { status: 200, body: ['"runtime": "edge"', '"edgeRuntime": "edge-runtime"'], badge: 'Edge' },
    { request: 1, status: 200, bodyIs: 'streamed\nby\nedge: hi\n', minChunks: 3 },
    { edit: ["runtime = 'edge'", "runtime = 'nodejs'"], status: 200, body: ['"runtime": "nodejs"', '"edgeRuntime": null'], badge: 'Node.js' },
  ],
  'next-segment-runtime': [
    { status: 200, body: ['"runtime": "edge"'], badge: 'Edge' },
    { edit: ["export const runtime = 'edge'; // 'nodejs' (default) | 'edge'\n", ''], status: 200, body: ['"runtime": "nodejs"', '"edgeRuntime": null'], badge: 'Node.js' },
  ],
  'next-layout-runtime': [
    { status: 200, body: ['"runtime": "edge"'], badge: 'Edge' },
    { nextVersion: '15.5', status: 200, body: ['"runtime": "nodejs"'], badge: 'Node.js' },
  ],
  'next12-global-and-page-runtime': [
    { status: 200, body: ['"runtime": "nodejs"'], badge: 'Node.js' },
    { request: 1, status: 200, body: ['"runtime": "edge"'], badge: 'Edge' },
  ],
  'next12-edge-api-route': [{ status: 200, bodyIs: 'Hello world!', badge: 'Edge' }],
  'vercel-hello': [
    { status: 200, bodyIs: 'Hello Ada!', badge: 'Node.js' },
    { url: '/api/hello', status: 200, bodyIs: 'Hello World!' },
  ],
  'vercel-helpers': [
    { status: 200, bodyIs: 'Hello Ada!' },
    { request: 1, status: 200, bodyIs: 'Hello Grace!' },
    { request: 2, status: 200, bodyIs: 'Hello Linus!' },
  ],
  'vercel-typescript': [{ status: 200, bodyIs: 'Hello Ada!', noLog: 'npm install' }],
  'vercel-malformed-json': [
    { status: 400, body: ['"error": "My custom 400 error"'] },
    {
      edit: ["try {\n    body = request.body;\n  } catch (error) {\n    return response.status(400).json({ error: 'My custom 400 error' });\n  }", 'body = request.body;'],
      status: 500,
      error: 'FUNCTION_INVOCATION_FAILED',
    },
  ],
  'vercel-request-body': [
    { status: 200, body: ['"type": "object"', '"x": 1'] },
    { request: 1, status: 200, body: ['"type": "object"', '"b": "x y"', '"2"'] },
    { request: 2, status: 200, body: ['"type": "string"', '"body": "hello"'] },
    { request: 3, status: 200, body: ['"type": "Buffer"', '255'] },
    { request: 4, status: 200, body: ['"type": "undefined"', '"body": null'] },
  ],
  'vercel-callback': [{ status: 500, error: 'FUNCTION_INVOCATION_FAILED', errorMessage: 'callback is not a function' }],
  'aws-lambda-handler': [{ status: 201, header: ['x-handler', ''], body: ['"method": "GET"', '"path": "/api/lambda"'], chunks: 1 }],
  'serverful-export': [{ status: 200, bodyIs: 'served by http.Server: /api/server?x=1' }],
  'serverful-listen': [
    { status: 200, bodyIs: 'listening: /api/listen' },
    { edit: ['listen(3000)', 'listen(4321)'], status: 200, bodyIs: 'listening: /api/listen' },
  ],
  'build-step': [{ runs: 2, sameBody: true, status: 200, body: ['This Serverless Function was built at 20'], log: 'Build time file created successfully!' }],
  'dirname-include-files': [{ status: 200, bodyIs: 'Hello from data/greeting.txt\n' }],
  'nodejs-helpers-off': [{ status: 200, body: ['"query": "undefined"', '"status": "undefined"'] }],
  'engines-node': [
    { status: 200, body: ['Running on Node.js v'], badge: 'Node.js 22.x' },
    { edit: ['"22.x"', '"20.x"'], status: null, error: 'BUILD_UTILS_NODE_VERSION_DISCONTINUED', errorMessage: 'Node.js Version "20.x" is discontinued' },
  ],
  'edge-size-limit': [
    { status: null, error: 'EDGE_FUNCTION_SIZE_EXCEEDED', errorMessage: '/ 1 MB' },
    { plan: 'pro', status: 200, body: ['n = 1;'], badge: 'Edge' },
  ],
  'edge-first-byte': [
    { status: 504, error: 'EDGE_FUNCTION_INVOCATION_TIMEOUT', atLeastMs: 2000 },
    { edit: ['3000', '1000'], status: 200, bodyIs: 'too late' },
  ],
  'edge-stream-duration': [{ status: 200, error: 'EDGE_FUNCTION_INVOCATION_TIMEOUT', body: ['line 1\nline 2\n'], minChunks: 3, atLeastMs: 3000 }],
  'node-max-duration': [
    { status: 504, error: 'FUNCTION_INVOCATION_TIMEOUT', atLeastMs: 2000 },
    { edit: ['"maxDuration": 2', '"maxDuration": 10'], status: 200, bodyIs: 'finally' },
  ],
  'node-payload-limit': [
    { status: 413, error: 'FUNCTION_PAYLOAD_TOO_LARGE' },
    { request: 1, status: 200, body: ['xxxxxxxx'] },
  ],
  streaming: [
    { status: 200, bodyIs: 'chunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\n', minChunks: 5, badge: 'Edge' },
    { edit: ["runtime = 'edge'", "runtime = 'nodejs'"], status: 200, bodyIs: 'chunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\n', minChunks: 2, badge: 'Node.js' },
  ],
  'edge-eval': [
    { status: 500, bodyIs: 'EvalError: Code generation from strings disallowed for this context', badge: 'Edge' },
    { nextVersion: '16.3+', status: null, error: 'BUILD_FAILED', build: 'Dynamic Code Evaluation' },
    { edit: ["runtime = 'edge'", "runtime = 'nodejs'"], status: 200, bodyIs: '2', badge: 'Node.js' },
  ],
  'edge-fs': [
    { status: 500, error: 'EDGE_FUNCTION_INVOCATION_FAILED', errorMessage: "The edge runtime does not support Node.js 'fs' module.", build: "A Node.js module is loaded ('fs' at line 1)" },
    { edit: ["runtime = 'edge'", "runtime = 'nodejs'"], status: 200, body: ['['], badge: 'Node.js' },
  ],
  'edge-require': [{ status: 200, body: ['"typeofRequire": "undefined"', 'require is not defined'], badge: 'Edge' }],
  'cold-start': [
    { status: 200, bodyIs: 'pong', cold: 'cold', platformFigures: 'Node.js (lambda) cold boot ~250 ms' },
    { status: 200, bodyIs: 'pong', cold: 'warm' },
  ],
  'static-rendering': [
    { runs: 2, sameBody: true, status: 200, header: ['x-nextjs-cache', 'HIT'], body: ['"renderedAt"'] },
    { edit: ["runtime = 'nodejs'", "runtime = 'edge'"], runs: 2, sameBody: false, status: 200, noHeader: 'x-nextjs-cache', badge: 'Edge' },
  ],
  'middleware-proxy': [{ status: 200, bodyIs: 'hello from the route', header: ['x-proxy-runtime', 'nodejs'] }],
  'edge-deprecated': [
    { status: 200, bodyIs: 'still runs on the edge', badge: 'The Edge Runtime is deprecated.' },
    { nextVersion: '16.2', status: 200, bodyIs: 'still runs on the edge', noBadge: 'deprecated' },
  ],
};

let page: Page & { errors: string[] };

beforeAll(async () => {
  const context = await (await getBrowser()).newContext({ viewport: { width: 1400, height: 1000 } });
  page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  // The plain-text editor (Monaco held back): edits are exact, and each page load is quicker.
  await page.route(/\/assets\/monaco-session-[^/]*\.js$/, (route) => route.abort());
  // Counts the runs the response view has finished showing (aria-busy true → false).
  await page.addInitScript(() => {
    const w = window as unknown as { __runsDone: number };
    w.__runsDone = 0;
    let busy = false;
    new MutationObserver(() => {
      const now = document.querySelector('section.response')?.getAttribute('aria-busy') === 'true';
      if (busy && !now) w.__runsDone++;
      busy = now;
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-busy'], childList: true });
  });
});

afterAll(async () => {
  await page?.context().close();
});

const text = (selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText).join('\n'));

async function openByUrl(example: Example) {
  await page.goto(`${baseUrl()}/?nodeHost=local&example=${example.id}`);
  await page.getByRole('region', { name: `Example: ${example.title}` }).waitFor();
  await page.getByRole('textbox', { name: `Code editor: ${example.open}` }).waitFor({ timeout: 15_000 });
}

async function runOnce(): Promise<number> {
  const before = await page.evaluate(() => (window as unknown as { __runsDone: number }).__runsDone);
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction((n) => (window as unknown as { __runsDone: number }).__runsDone > n, before, { timeout: 120_000, polling: 50 });
  const took = Date.now() - t0;
  // The body and chunk list follow the record once a frame: let two frames pass.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return took;
}

async function check(example: Example, c: Check) {
  if (example.requests.length > 1) await page.getByRole('group', { name: 'Requests of this example' }).getByRole('button', { name: example.requests[c.request ?? 0].label, exact: true }).click();
  if (c.edit) {
    const editor = page.getByRole('textbox', { name: `Code editor: ${example.open}` });
    const source = await editor.inputValue();
    expect(source, `${example.id}: the text to edit`).toContain(c.edit[0]);
    await editor.fill(source.replace(c.edit[0], c.edit[1]));
  }
  if (c.url !== undefined) await page.getByLabel('Path and query').fill(c.url);
  if (c.nextVersion) await page.getByLabel('Next.js version').selectOption(c.nextVersion);
  if (c.plan) await page.getByLabel('Plan', { exact: true }).selectOption(c.plan);
  const bodies: string[] = [];
  let tookMs = 0;
  for (let i = 0; i < (c.runs ?? 1); i++) {
    tookMs = await runOnce();
    bodies.push(await text('.response pre.body'));
  }
  const where = `${example.id} ${JSON.stringify(c)}`;
  const status = await page.locator('.response .status-line .status .code').textContent().catch(() => null);
  const code = (await page.locator('.response .error-box .code').count()) ? await page.locator('.response .error-box .code').textContent() : null;
  const message = await text('.response .error-box .message');
  const body = bodies.at(-1)!;
  const headers = await text('.response details.headers');
  const badge = await text('.topbar .runtime');
  expect(status === null ? null : Number(status), `${where}: status (error ${code}: ${message})`).toBe(c.status);
  expect(code, `${where}: error code (${message})`).toBe(c.error ?? null);
  if (c.errorMessage) expect(message, where).toContain(c.errorMessage);
  for (const part of c.body ?? []) expect(body, where).toContain(part);
  if (c.bodyIs !== undefined) expect(body, where).toBe(c.bodyIs);
  if (c.header) expect(headers, where).toMatch(new RegExp(`^${c.header[0]}\\s+${c.header[1] ? c.header[1] : '\\S'}`, 'm'));
  if (c.noHeader) expect(headers, where).not.toContain(c.noHeader);
  if (c.build) expect(await text('[aria-label="Build problems"]'), where).toContain(c.build);
  if (c.log) expect(await text('.console ol.lines'), where).toContain(c.log);
  if (c.noLog) expect(await text('.console'), where).not.toContain(c.noLog);
  if (c.badge) expect(badge, where).toContain(c.badge);
  if (c.noBadge) expect(badge, where).not.toContain(c.noBadge);
  const chunks = await page.locator('.response .chunks li').count();
  if (c.minChunks) expect(chunks, where).toBeGreaterThanOrEqual(c.minChunks);
  if (c.chunks) expect(await text('.response .status-line'), where).toMatch(new RegExp(`in ${c.chunks} chunks?\\b`));
  if (c.cold) expect(await page.locator('.timings .cold').getAttribute('data-cold'), where).toBe(c.cold);
  if (c.platformFigures) expect(await text('.timings .platform'), where).toContain(c.platformFigures);
  if (c.sameBody !== undefined) expect(bodies.at(-1) === bodies.at(-2), `${where}: ${bodies.join(' | ')}`).toBe(c.sameBody);
  if (c.atLeastMs) expect(tookMs, where).toBeGreaterThanOrEqual(c.atLeastMs);
}

describe('every example does what its text says', () => {
  it('every example in the table has its promises here, and nothing else does', () => {
    expect(Object.keys(PROMISES).sort()).toEqual(EXAMPLES.map((e) => e.id).sort());
  });

  for (const example of EXAMPLES) {
    it(`${example.id} (${example.source}): opened by URL, run, as its text says`, async () => {
      await openByUrl(example);
      for (const c of PROMISES[example.id] ?? []) await check(example, c);
      expect(page.errors).toEqual([]);
    }, 180_000);
  }
});
