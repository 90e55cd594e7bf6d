// The examples gallery in real Chromium against the production build, Node.js on the local host: every example opens
// by URL (`?example=<id>`), runs from the page's own Run button, and does what its text says (status, body, headers,
// error code, build message, runtime badge); then the gallery itself (search, keyboard, the URL, the way back).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, type Example } from '../../src/lib/examples';
import { DEFAULT_PROFILE, profileFor } from '../../src/lib/project/profiles';
import { languageOf } from '../../src/lib/project/routes';
import { LANGUAGE_NOTES } from '../../src/lib/runtimes/language-notes';
import { baseUrl, getBrowser } from './harness';

/** One run of an example and what its text promises about it. */
interface Check {
  /** Which of the example's requests (its button in the banner); @default 0 */
  request?: number;
  /** Before the run: a change to the open file (or to `file`, opened from the file tree), as the text invites. */
  edit?: [from: string, to: string];
  file?: string;
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
  'next12-edge-api-route': [
    { status: 200, bodyIs: 'Hello world!', badge: 'Edge' },
    { edit: ["runtime: 'experimental-edge'", "runtime: 'edge'"], status: null, error: 'INVALID_RUNTIME', badge: 'Provided runtime "edge" is not supported' },
  ],
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
    { request: 5, status: 200, body: ['"contentType": "application/xml"', '"type": "undefined"'] },
  ],
  'vercel-callback': [{ status: 500, error: 'FUNCTION_INVOCATION_FAILED', errorMessage: 'callback is not a function' }],
  'aws-lambda-handler': [{ status: 201, header: ['x-handler', ''], body: ['"method": "GET"', '"path": "/api/lambda"'], chunks: 1 }],
  'serverful-export': [{ status: 200, bodyIs: 'served by http.Server: /api/server?x=1, req.query is undefined' }],
  'serverful-listen': [
    { status: 200, bodyIs: 'listening: /api/listen' },
    { edit: ['listen(3000)', 'listen(4321)'], status: 200, bodyIs: 'listening: /api/listen' },
  ],
  'build-step': [
    { status: 200, body: ['This Serverless Function was built at 20'], log: 'Build time file created successfully!' },
    { runs: 2, sameBody: true, status: 200, body: ['This Serverless Function was built at 20'] },
  ],
  'dirname-include-files': [
    { status: 200, bodyIs: 'Hello from data/greeting.txt\n' },
    { file: 'vercel.json', edit: ['"includeFiles": "data/**"', '"maxDuration": 10'], status: 500, error: 'FUNCTION_INVOCATION_FAILED', errorMessage: 'ENOENT' },
  ],
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
  // Python, Ruby and Go (§2.5): the docs' samples; the line beside the chip says what differs from Vercel.
  'python-hello': [{ status: 200, bodyIs: 'Hello, world!', header: ['Content-type', 'text/plain'], badge: LANGUAGE_NOTES.python }],
  'python-cowpy': [
    { status: 500, error: 'PACKAGE_NOT_AVAILABLE', errorMessage: 'requirements.txt asks for cowpy, which the playground does not ship' },
    { file: 'requirements.txt', edit: ['cowpy==1.0.3\n', ''], status: 500, error: 'FUNCTION_INVOCATION_FAILED', errorMessage: "ModuleNotFoundError: No module named 'cowpy'" },
  ],
  'python-cow-stdlib': [{ status: 200, body: ['< Hello from Python from a Serverless Function! >', '(oo)\\_______'] }],
  'python-flask': [{ status: 200, bodyIs: '<h1>Flask</h1><p>You visited: /api</p>', header: ['Content-Type', 'text/html; charset=utf-8'] }],
  'python-asgi': [{ status: 200, body: ['"hello": "/api/asgi"'], header: ['content-type', 'application/json'] }],
  'python-relative-file': [
    { status: 200, bodyIs: 'Hello from data/file.txt\n' },
    { request: 1, status: 200, bodyIs: '/var/task\nHello from data/file.txt\n' },
  ],
  'python-node-compare': [{ status: 200, bodyIs: 'Hello, world!', badge: LANGUAGE_NOTES.python }],
  'ruby-handler': [{ status: 200, bodyIs: 'Hello Ada', header: ['content-type', 'text/text; charset=utf-8'], badge: LANGUAGE_NOTES.ruby }],
  'ruby-servlet': [
    { status: 200, bodyIs: 'Hello Ada, from a servlet' },
    { request: 1, status: 405 },
  ],
  'ruby-cowsay': [
    { status: 500, error: 'FUNCTION_INVOCATION_FAILED', errorMessage: 'cannot load such file -- cowsay' },
    { status: 500, error: 'FUNCTION_INVOCATION_FAILED', errorMessage: 'The gem "cowsay" is not available in this playground' },
  ],
  'ruby-cow-stdlib': [{ status: 200, body: ['< Hello Ada >', '(oo)\\_______'] }],
  'go-handler': [{ status: 200, bodyIs: '<h1>Hello from Go!</h1>', header: ['content-type', 'text/html; charset=utf-8'], badge: LANGUAGE_NOTES.go }],
  'node-max-duration': [
    { status: 504, error: 'FUNCTION_INVOCATION_TIMEOUT', atLeastMs: 2000 },
    { edit: ['"maxDuration": 2', '"maxDuration": 10'], status: 200, bodyIs: 'finally' },
    { edit: ['"maxDuration": 10', '"maxDuration": 600'], status: null, error: 'INVALID_MAX_DURATION', errorMessage: 'Builder returned invalid maxDuration value' },
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
  'edge-require': [
    { status: 200, body: ['"typeofRequire": "undefined"', "The edge runtime does not support Node.js 'os' module."], badge: 'Edge' },
    { edit: ["export const config = { runtime: 'edge' };\n", ''], status: 200, body: ['"typeofRequire": "function"', '"platform": "linux"'], badge: 'Node.js' },
  ],
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
    { nextVersion: '16.3+', edit: ["export const runtime = 'edge';\n\n", ''], status: 200, bodyIs: 'still runs on the edge', badge: 'Node.js', noBadge: 'deprecated' },
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

/**
 * The next example of the same language opens from the gallery, in the same page: its interpreter is then warm, so
 * only a language's first example pays the cold start (seconds each).
 */
async function openFromGallery(example: Example) {
  await page.getByRole('button', { name: 'Examples' }).click();
  await page.getByRole('dialog', { name: 'Examples' }).locator(`button[data-example="${example.id}"]`).click();
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
  if (c.file) await page.locator(`nav.files button[title="${c.file}"]`).click();
  if (c.edit) {
    const editor = page.getByRole('textbox', { name: `Code editor: ${c.file ?? example.open}` });
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
  const once = async (selector: string) => ((await page.locator(selector).count()) ? await page.locator(selector).textContent() : null);
  const status = await once('.response .status-line .status .code');
  const code = await once('.response .error-box .code');
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

  /** The language whose interpreter the page has running (the last example opened was in it). */
  let warm: string | null = null;
  EXAMPLES.forEach((example, i) => {
    const language = languageOf(example.open);
    const fromGallery = language !== null && languageOf(EXAMPLES[i - 1]?.open ?? '') === language;
    it(`${example.id} (${example.source}): opened ${fromGallery ? 'from the gallery' : 'by URL'}, run, as its text says`, async () => {
      if (fromGallery && warm === language) await openFromGallery(example);
      else await openByUrl(example);
      warm = language;
      for (const c of PROMISES[example.id] ?? []) await check(example, c);
      expect(page.errors).toEqual([]);
    }, 180_000);
  });
});

/** A page of the playground in a context of its own, with the plain-text editor. */
async function freshPage(path: string, context?: BrowserContext): Promise<Page & { errors: string[] }> {
  const ctx = context ?? (await (await getBrowser()).newContext({ viewport: { width: 1400, height: 1000 } }));
  const p = (await ctx.newPage()) as Page & { errors: string[] };
  p.errors = [];
  p.on('pageerror', (e) => p.errors.push(String(e)));
  await p.route(/\/assets\/monaco-session-[^/]*\.js$/, (route) => route.abort());
  if (path) await p.goto(baseUrl() + path);
  return p;
}

const DEFAULT_ENTRY = 'app/api/hello/route.ts';
const profileId = (version: string) => {
  const found = profileFor(version);
  if (!found.ok) throw new Error(version);
  return found.profile.id;
};

describe('the gallery', () => {
  let p: Page & { errors: string[] };
  const editor = (path: string) => p.getByRole('textbox', { name: `Code editor: ${path}` });
  const dialog = () => p.getByRole('dialog', { name: 'Examples' });
  /** The menu is open and its table has arrived (a chunk of its own, loaded at the first opening or in idle time). */
  const listed = async () => {
    await dialog().waitFor();
    await dialog().locator('button[data-example]').first().waitFor();
  };
  const exampleParam = () => new URL(p.url()).searchParams.get('example');

  beforeAll(async () => {
    p = await freshPage('/?nodeHost=local');
    await editor(DEFAULT_ENTRY).waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await p?.context().close();
  });

  it('the Examples button opens a searchable list of every example, grouped by topic, with the search box focused', async () => {
    await p.getByRole('button', { name: 'Examples' }).click();
    await listed();
    expect(await p.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');
    expect(await dialog().getByRole('status').textContent()).toBe(`${EXAMPLES.length} examples`);
    expect(await dialog().locator('button[data-example]').count()).toBe(EXAMPLES.length);
    for (const group of new Set(EXAMPLES.map((e) => e.group))) {
      const listed = EXAMPLES.filter((e) => e.group === group).length;
      expect(await dialog().getByRole('region', { name: group }).locator('button[data-example]').count(), group).toBe(listed);
    }
    await p.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe('Examples');
  });

  it("keyboard only: search, arrow down, Enter opens the example and puts it in the URL; the person's edits are kept to go back to", async () => {
    const mine = (await editor(DEFAULT_ENTRY).inputValue()) + '\n// my own work\n';
    await editor(DEFAULT_ENTRY).fill(mine);
    await p.getByRole('button', { name: 'Examples' }).focus();
    await p.keyboard.press('Enter');
    await listed();
    await p.keyboard.type('maxduration vercel.json');
    expect(await dialog().getByRole('status').textContent()).toBe('1 example');
    await p.keyboard.press('ArrowDown');
    expect(await p.evaluate(() => (document.activeElement as HTMLElement).dataset.example)).toBe('node-max-duration');
    await p.keyboard.press('Enter');
    await dialog().waitFor({ state: 'hidden' });
    expect(exampleParam()).toBe('node-max-duration');
    expect(new URL(p.url()).searchParams.get('nodeHost')).toBe('local');
    await p.getByRole('region', { name: 'Example: Node.js: `maxDuration` from vercel.json' }).waitFor();
    expect(await editor('vercel.json').inputValue()).toContain('"maxDuration": 2');

    // Another example over an untouched one: Enter in the search box opens the first hit.
    await p.getByRole('button', { name: 'Examples' }).click();
    await p.keyboard.type('req.query hello');
    await p.keyboard.press('Enter');
    await p.getByRole('region', { name: "Example: Vercel's `req.query` hello" }).waitFor();
    expect(exampleParam()).toBe('vercel-hello');
    expect(await p.getByLabel('Path and query').inputValue()).toBe('/api/hello?name=Ada');

    await p.getByRole('button', { name: 'Back to your project' }).click();
    expect(await editor(DEFAULT_ENTRY).inputValue()).toBe(mine);
    expect(exampleParam()).toBeNull();
    expect(await p.getByRole('button', { name: 'Back to your project' }).count()).toBe(0);
    expect(p.errors).toEqual([]);
  });

  it('Back in the browser puts the project back, Forward opens the example again', async () => {
    const mine = await editor(DEFAULT_ENTRY).inputValue();
    await p.getByRole('button', { name: 'Examples' }).click();
    await dialog().locator('button[data-example="edge-eval"]').click();
    await editor('app/api/eval/route.ts').waitFor();
    expect(await p.getByLabel('Next.js version').inputValue()).toBe(profileId('14.2'));
    await p.goBack();
    await editor(DEFAULT_ENTRY).waitFor();
    expect(await editor(DEFAULT_ENTRY).inputValue()).toBe(mine);
    expect(await p.getByLabel('Next.js version').inputValue()).toBe(DEFAULT_PROFILE.id);
    await p.goForward();
    await editor('app/api/eval/route.ts').waitFor();
    expect(exampleParam()).toBe('edge-eval');
  });

  it('an edited example is kept too: opening another one and going back brings the edits back', async () => {
    const edited = (await editor('app/api/eval/route.ts').inputValue()).replace("'1 + 1'", "'2 + 2'");
    await editor('app/api/eval/route.ts').fill(edited);
    await p.getByRole('button', { name: 'Examples' }).click();
    await dialog().locator('button[data-example="streaming"]').click();
    await editor('app/api/stream/route.ts').waitFor();
    await p.getByRole('button', { name: 'Back to your project' }).click();
    expect(await editor('app/api/eval/route.ts').inputValue()).toBe(edited);
  });

  it('typed and entered before the table has arrived (a slow network): the first hit opens once it has', async () => {
    const q = await freshPage('');
    // The examples chunks answer 1.5 s late, the table's among them (it loads at the first opening or in idle time).
    await q.route(/\/assets\/examples-[^/]*\.js$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await q.goto(baseUrl() + '/');
    await q.getByRole('button', { name: 'Examples' }).click();
    await q.keyboard.type('req.query hello');
    expect(await q.getByRole('dialog', { name: 'Examples' }).getByRole('status').textContent()).toBe('Loading the examples…');
    await q.keyboard.press('Enter');
    await q.getByRole('region', { name: "Example: Vercel's `req.query` hello" }).waitFor();
    expect(new URL(q.url()).searchParams.get('example')).toBe('vercel-hello');
    expect(q.errors).toEqual([]);
    await q.context().close();
  });

  it('an unknown ?example= says so and keeps the starting project', async () => {
    const q = await freshPage('/?example=no-such-example');
    await q.getByRole('status').filter({ hasText: 'No example is named “no-such-example”' }).waitFor();
    expect(await q.getByRole('textbox', { name: `Code editor: ${DEFAULT_ENTRY}` }).inputValue()).toContain("export const runtime = 'edge';");
    await q.context().close();
  });
});

/** The page on another origin: opens the playground with `window.open` and can post to it (its COOP is dropped). */
const OPENER_HTML = (url: string) => `<!doctype html><button id="open">open</button>
<script>document.getElementById('open').onclick = () => { window.pg = window.open(${JSON.stringify(url)}, 'pg'); };</script>`;

describe('a project from another origin, replaced by an example and put back', () => {
  let server: Server;

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(OPENER_HTML(`${baseUrl()}/?nodeHost=local`)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => server?.close());

  it('comes back as from that origin: it still asks before running on this computer, while the example ran without asking', async () => {
    const context = await (await getBrowser()).newContext({ viewport: { width: 1400, height: 1000 } });
    await context.route(`${baseUrl()}/**`, async (route) => {
      if (route.request().resourceType() !== 'document' || new URL(route.request().url()).pathname !== '/') return route.continue();
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      await route.fulfill({ response, headers });
    });
    const opener = await context.newPage();
    await opener.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const [pg] = await Promise.all([context.waitForEvent('page'), opener.click('#open')]);
    await pg.route(/\/assets\/monaco-session-[^/]*\.js$/, (route) => route.abort());
    await pg.getByRole('button', { name: 'Examples' }).waitFor();
    await opener.evaluate(() => (window as unknown as { pg: Window }).pg.postMessage({ type: 'playground:load', id: 1, files: { 'api/foreign.js': "module.exports = (req, res) => res.send('foreign')" } }, '*'));
    await pg.getByRole('textbox', { name: 'Code editor: api/foreign.js' }).waitFor();
    const runForeign = async () => {
      await pg.getByLabel('Path and query').fill('/api/foreign');
      await pg.getByRole('button', { name: 'Run', exact: true }).click();
      await expect.poll(() => pg.locator('.response .error-box .code').textContent(), { timeout: 30_000 }).toBe('NODE_HOST_CONSENT_REQUIRED');
    };
    const prompt = pg.getByRole('alertdialog', { name: 'Run this code on your computer?' });
    await runForeign();
    await pg.getByRole('button', { name: 'Not now' }).click();

    await pg.getByRole('button', { name: 'Examples' }).click();
    await pg.getByRole('dialog', { name: 'Examples' }).locator('button[data-example="vercel-hello"]').click();
    await pg.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => pg.locator('pre[aria-label="Response body as text"]').textContent(), { timeout: 60_000 }).toBe('Hello Ada!');
    expect(await prompt.count()).toBe(0);

    await pg.getByRole('button', { name: 'Back to your project' }).click();
    await pg.getByRole('textbox', { name: 'Code editor: api/foreign.js' }).waitFor();
    await runForeign();
    await prompt.waitFor();
    await context.close();
  });
});
