// Bad input on the full page: each gets a clear error in the platform's words, the page stays usable and the
// person's code stays as it was. Real Chromium, production build.
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/chromium-path.mjs';
import { openEmbed, type EmbedClient } from './embed-client';
import { baseUrl } from './harness';

const ROUTE = 'app/api/bad/route.ts';
let embed: EmbedClient;
/**
 * The code the editor pane shows: Monaco's lines once it is up, else the editable plain text painted before it (a
 * textarea, whose text is its value, not its innerText). Monaco loads only when the page is idle, so a run of bad
 * inputs one after another may find either.
 */
const EDITOR_TEXT = `(() => {
  const pane = document.querySelector('.editor-pane');
  const plain = pane?.querySelector('textarea.preview, textarea.plain');
  return plain ? plain.value : (pane?.innerText ?? '');
})()`;

beforeAll(async () => {
  embed = await openEmbed('/');
});

/** Loads `source`, runs it, and checks the page afterwards: responsive, the error shown, the code untouched. */
async function runBad(source: string, request = {}, options = {}) {
  const result = await embed.runFile(ROUTE, source, { url: '/api/bad', ...request }, options);
  expect(await embed.page.evaluate(() => 40 + 2)).toBe(42);
  // Polled: Monaco may be taking over from the plain text at this moment, its lines painted a frame later. Code that
  // was lost never shows, so this still fails then.
  const marker = source.split('\n').find((l) => l.includes('// keep:'))!;
  await expect
    .poll(async () => String(await embed.page.evaluate(EDITOR_TEXT)).replace(/\s+/g, ' '), { timeout: 10_000 })
    .toContain(marker.trim().replace(/\s+/g, ' '));
  return result;
}

async function shownError(code: string) {
  await expect.poll(() => embed.page.locator('[role=alert]').first().innerText()).toContain(code);
}

describe('bad input', () => {
  it('a syntax error is BUILD_FAILED at its line and column, with an editor marker', async () => {
    const r = await runBad(`export const runtime = 'edge';\n// keep: syntax\nexport function GET() {\n  return new Response('x';\n}\n`);
    expect(r.status).toBeNull();
    expect(r.error?.code).toBe('BUILD_FAILED');
    expect(r.build.errors[0]).toMatchObject({ file: ROUTE, line: 4 });
    await shownError('BUILD_FAILED');
    await expect.poll(() => embed.page.locator('.squiggly-error').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  });

  it('H26: a route without the requested method answers 405', async () => {
    const r = await runBad(`export const runtime = 'edge';\n// keep: no POST\nexport function GET() { return new Response('x'); }\n`, { method: 'POST', body: 'x' });
    expect(r.status).toBe(405);
  });

  it('a Vercel function with no export says so in the wrapper words', async () => {
    const file = 'api/none.ts';
    const r = await embed.runFile(file, `export const config = { runtime: 'edge' };\n// keep: no export\nconst unused = 1;\n`, { url: '/api/none' });
    expect(r.status).toBe(500);
    expect(r.body).toContain('No default or HTTP-named export was found');
    expect(r.headers).toContainEqual(['x-vercel-failed', 'edge-wrapper']);
  });

  it('R13: an invalid runtime value is INVALID_RUNTIME with the Next.js message (14 and 16 word it their ways)', async () => {
    const source = `export const runtime = 42;\n// keep: invalid runtime\nexport function GET() { return new Response('x'); }\n`;
    const r14 = await runBad(source, {}, { nextVersion: '14.2.35' });
    expect(r14.error).toEqual({ code: 'INVALID_RUNTIME', message: 'The `runtime` config must be a string. Please leave it empty or choose one of: edge, experimental-edge, nodejs' });
    const r = await runBad(source);
    expect(r.error?.code).toBe('INVALID_RUNTIME');
    expect(r.error?.message).toBe("Next.js can't recognize the exported `runtime` field in route. It needs to be a static string.");
    await shownError('INVALID_RUNTIME');
  });

  it('L03: an infinite loop is ended at the deadline with 504', async () => {
    const r = await runBad(`export const runtime = 'edge';\n// keep: loop\nexport function GET() { while (true) {} }\n`, {}, { limits: { edgeInitialResponseMs: 400 } });
    expect(r.status).toBe(504);
    expect(r.error?.code).toBe('EDGE_FUNCTION_INVOCATION_TIMEOUT');
    await shownError('EDGE_FUNCTION_INVOCATION_TIMEOUT');
  });

  it('L04: a thrown error is 500 EDGE_FUNCTION_INVOCATION_FAILED', async () => {
    const r = await runBad(`export const runtime = 'edge';\n// keep: throws\nexport function GET() { throw new TypeError('bad thing'); }\n`);
    expect(r.status).toBe(500);
    expect(r.error).toMatchObject({ code: 'EDGE_FUNCTION_INVOCATION_FAILED', message: 'bad thing' });
    await shownError('EDGE_FUNCTION_INVOCATION_FAILED');
  });

  it('10,000 console lines in one request are capped with a visible count of what was dropped', async () => {
    const r = await runBad(`export const runtime = 'edge';\n// keep: flood\nexport function GET() { for (let i = 0; i < 10000; i++) console.log('flood', i); return new Response('ok'); }\n`);
    expect(r.status).toBe(200);
    expect(r.logs.length).toBe(500);
    await expect.poll(() => embed.page.locator('.dropped').innerText()).toMatch(/^9,?500 more lines dropped$/);
  });

  it('garbage returned from a pages API route is the Next.js TypeError, 500', async () => {
    const file = 'pages/api/garbage.ts';
    const r = await embed.runFile(file, `export const config = { runtime: 'edge' };\n// keep: garbage\nexport default () => ({ not: 'a response' });\n`, { url: '/api/garbage' });
    expect(r.status).toBe(500);
    expect(r.error?.message).toContain('Expected an instance of Response to be returned');
  });
});

describe('L05: a handler that exhausts the heap', () => {
  // Browsers do not cap a worker's heap; V8's flag gives this browser the edge runtime's 128 MB so the sandbox's
  // process really dies. Playwright then marks the page as crashed though it lives, so this test talks over CDP.
  let browser: Browser;
  let cdp: CDPSession;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: inject('chromiumPath'),
      args: [...CHROMIUM_ARGS, '--js-flags=--max-old-space-size=128'],
      headless: true,
    });
    const page = await browser.newPage();
    // A host speaks once the page has said `playground:ready` (the embed API's contract): the page mounts after its
    // layout's chunk arrives, which may be after the load event, and a message posted before then is not heard.
    await page.addInitScript(() => {
      const ready = new Promise<void>((resolve) => {
        window.addEventListener('message', (e) => e.data?.type === 'playground:ready' && resolve());
      });
      // A reply that never comes fails the call with what was waited for, not the test's timeout with nothing.
      const within = <T,>(what: string, promise: Promise<T>) =>
        Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within 60 s`)), 60_000))]);
      (window as any).__call = (msg: any, replyType: string) =>
        within(`playground:ready before ${msg.type}`, ready).then(() =>
          within(
            `${replyType} to ${msg.type} ${msg.id}`,
            new Promise((resolve) => {
              const on = (e: MessageEvent) => {
                if (e.data?.type === replyType && e.data.id === msg.id) {
                  window.removeEventListener('message', on);
                  resolve(e.data);
                }
              };
              window.addEventListener('message', on);
              window.postMessage(msg, '*');
            }),
          ),
        );
    });
    await page.goto(baseUrl() + '/');
    cdp = await page.context().newCDPSession(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function call(msg: object, replyType: string): Promise<any> {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression: `window.__call(${JSON.stringify(msg)}, ${JSON.stringify(replyType)})`,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  }

  async function runSource(id: number, source: string) {
    await call({ type: 'playground:load', id, files: { [ROUTE]: source }, limits: { edgeInitialResponseMs: 60_000 } }, 'playground:loaded');
    return (await call({ type: 'playground:run', id: id + 1, path: ROUTE, request: { method: 'GET', url: '/api/bad' } }, 'playground:result')).results[0];
  }

  it('L05: gets 502 EDGE_FUNCTION_INVOCATION_FAILED, the page lives with the code intact, and the next run works', async () => {
    const source = `export const runtime = 'edge';\n// keep: oom\nexport function GET() { const keep: number[][] = []; for (;;) keep.push(new Array(1e6).fill(Math.random())); }\n`;
    const r = await runSource(1, source);
    expect(r.status).toBe(502);
    expect(r.error.code).toBe('EDGE_FUNCTION_INVOCATION_FAILED');
    const shown = async () => String((await cdp.send('Runtime.evaluate', { expression: EDITOR_TEXT, returnByValue: true })).result.value);
    await expect.poll(async () => (await shown()).replace(/\s+/g, ' '), { timeout: 10_000 }).toContain('// keep: oom');
    const next = await runSource(10, `export const runtime = 'edge';\nexport function GET() { return new Response('recovered'); }\n`);
    expect(next.body).toBe('recovered');
  }, 120_000);
});
