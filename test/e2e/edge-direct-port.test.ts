// The page's direct port to an edge worker (handed over by the sandbox after a bundle's first run): warm runs go
// straight there, and the sandbox keeps their deadlines, their end and the worker's life. Driven through EdgeRuntime
// itself, bundled with esbuild into a blank page of the preview origin with the playground's headers.
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/chromium-path.mjs';
import { headersFor } from '../../src/server/headers';
import { baseUrl, getBrowser } from './harness';
import { cdpEvaluate, edgeRuntimeScript } from './edge-page';

const BLANK = '/__edge-direct-port-test';

async function openBlank(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.route(`**${BLANK}`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>direct port test</title><body></body>', headers: headersFor('/') }),
  );
  await page.goto(baseUrl() + BLANK);
  return page;
}

type Event = { type: string; [key: string]: any };
interface Ran {
  events: Event[];
  body: string;
  status?: number;
  direct: boolean;
}

/** In the page: `window.__run(code, url, initialResponseMs)` invokes on one EdgeRuntime and collects the events. */
const INSTALL = `() => {
  const rt = (window.__rt = new window.__edge.EdgeRuntime());
  window.__run = async (code, url, initialResponseMs) => {
    url ??= 'http://localhost:3000/api/x'; // null when it came through JSON
    const events = [];
    const limits = window.__edge.limitsFor('hobby', initialResponseMs ? { edgeInitialResponseMs: initialResponseMs } : {});
    const invocation = { code, kind: 'app-route', path: 'app/api/x/route.ts', env: {}, request: { method: 'GET', url, headers: [], body: null }, limits };
    for await (const e of rt.invoke(invocation)) events.push(e.type === 'chunk' ? { type: 'chunk', text: new TextDecoder().decode(e.bytes), t: e.t } : e);
    const end = events.at(-1);
    return {
      events,
      body: events.filter((e) => e.type === 'chunk').map((e) => e.text).join(''),
      status: events.find((e) => e.type === 'head')?.status,
      direct: end?.timings?.edgePath?.direct === true,
    };
  };
  return rt.warmup();
}`;

function endsOnce(r: Ran): void {
  expect(r.events.filter((e) => e.type === 'end'), JSON.stringify(r.events)).toHaveLength(1);
  expect(r.events.at(-1)!.type).toBe('end');
}

let page: Page;
let cdp: CDPSession;
const run = (code: string, url?: string, initialResponseMs?: number) => cdpEvaluate<Ran>(cdp, `(a) => window.__run(...a)`, [code, url, initialResponseMs]);

beforeAll(async () => {
  page = await openBlank(await getBrowser());
  cdp = await page.context().newCDPSession(page);
  await cdpEvaluate(cdp, `() => { ${await edgeRuntimeScript()} }`);
  await cdpEvaluate(cdp, INSTALL);
});

describe('direct port', () => {
  it('G25: a bundle\'s first run goes through the sandbox, later ones straight to the same worker (its module state)', async () => {
    const code = `let hits = 0; export function GET() { return new Response('hit ' + ++hits); }`;
    const first = await run(code);
    expect([first.body, first.direct]).toEqual(['hit 1', false]);
    const second = await run(code);
    expect([second.body, second.direct]).toEqual(['hit 2', true]);
    endsOnce(second);
  });

  it('L01, L03: a direct run that loops gets the 504 exactly once; a run queued behind it on that worker ends once with the platform 500; the next run works', async () => {
    const code = `export function GET(req) { if (new URL(req.url).searchParams.has('loop')) for (;;) {} return new Response('fine'); }`;
    expect((await run(code, undefined, 700)).body).toBe('fine'); // hands the port over (with these deadlines)
    expect((await run(code, undefined, 700)).direct).toBe(true);
    const [looping, queued] = await cdpEvaluate<[Ran, Ran]>(
      cdp,
      `async (code) => {
        const looping = window.__run(code, 'http://localhost:3000/api/x?loop', 700);
        await new Promise((r) => setTimeout(r, 100));
        return Promise.all([looping, window.__run(code, 'http://localhost:3000/api/x', 700)]);
      }`,
      code,
    );
    endsOnce(looping);
    endsOnce(queued);
    expect(looping.status).toBe(504);
    expect(looping.events.filter((e) => e.type === 'error').map((e) => e.code)).toEqual(['EDGE_FUNCTION_INVOCATION_TIMEOUT']);
    expect(queued.status).toBe(500);
    expect(queued.body).toBe('500: INTERNAL_SERVER_ERROR\nCode: EDGE_FUNCTION_INVOCATION_FAILED\n');
    expect(queued.events.filter((e) => e.type === 'error').map((e) => e.message)).toEqual([expect.stringMatching(/worker was terminated because request \d+ timed out/)]);
    const next = await run(code, undefined, 700);
    expect(next.body).toBe('fine');
  });

  it("a handler that rewrites its worker's outgoing messages (Array.prototype.push) cannot reach another run, and a forged shape is dropped", async () => {
    const victim = `export async function GET() { await new Promise((r) => setTimeout(r, 600)); return new Response('victim ok'); }`;
    // Every event message this worker queues is shadowed by forgeries: chunks for the neighbouring run ids, and a chunk
    // of its own whose bytes are not bytes.
    const forger = `export function GET() {
      const push = Array.prototype.push;
      Array.prototype.push = function (...items) {
        for (const m of items) {
          if (m && m.type === 'event' && typeof m.runId === 'number' && m.event && m.event.type === 'head') {
            for (let id = m.runId - 5; id <= m.runId + 5; id++) {
              if (id !== m.runId) push.call(this, { type: 'event', runId: id, event: { type: 'chunk', bytes: new TextEncoder().encode('FORGED'), t: 0 } });
            }
            push.call(this, { type: 'event', runId: m.runId, event: { type: 'chunk', bytes: 'not bytes', t: 0 } });
          }
        }
        return push.apply(this, items);
      };
      return new Response('forger');
    }`;
    await run(victim);
    await run(forger);
    const [v, f] = await cdpEvaluate<[Ran, Ran]>(
      cdp,
      `async ([victim, forger]) => {
        const v = window.__run(victim);
        await new Promise((r) => setTimeout(r, 100));
        const f = await window.__run(forger);
        return [await v, f];
      }`,
      [victim, forger],
    );
    expect([v.direct, f.direct]).toEqual([true, true]);
    endsOnce(v);
    endsOnce(f);
    expect(v.body).toBe('victim ok');
    expect(f.body).toBe('forger');
  });

  it('a Stop on a direct run stuck in a loop: the next run of that bundle gets a fresh worker at once', async () => {
    const code = `let n = 0; export function GET(req) { n++; if (new URL(req.url).searchParams.has('loop')) for (;;) {} return new Response('n ' + n); }`;
    expect((await run(code)).body).toBe('n 1');
    const r = await cdpEvaluate<{ stopped: Ran; next: Ran; ms: number }>(
      cdp,
      `async (code) => {
        const controller = new AbortController();
        const limits = window.__edge.limitsFor('hobby');
        const invocation = { code, kind: 'app-route', path: 'app/api/x/route.ts', env: {}, request: { method: 'GET', url: 'http://localhost:3000/api/x?loop', headers: [], body: null }, limits, signal: controller.signal };
        const events = [];
        const consumed = (async () => { for await (const e of window.__rt.invoke(invocation)) events.push(e); })();
        await new Promise((r) => setTimeout(r, 300));
        controller.abort();
        await consumed;
        const t0 = performance.now();
        const next = await window.__run(code);
        return { stopped: { events, body: '', direct: false }, next, ms: performance.now() - t0 };
      }`,
      code,
    );
    endsOnce(r.stopped);
    expect(r.stopped.events.filter((e) => e.type === 'error').map((e) => e.code)).toEqual(['CANCELLED']);
    expect(r.next.body, 'a fresh worker (module state starts again)').toBe('n 1');
    expect(r.ms).toBeLessThan(5_000);
  });

  it("a Stop of a bundle's first run while the sandbox's port for it is on its way: that port is not used, the next run gets a fresh worker", async () => {
    // The sandbox's handover is held back in the page until the Stop has been decided, as a busy page reads it late.
    // Once used, that port led to the stuck worker: the next run queued behind the loop and failed with a 500 when the
    // stopped run's watchdog terminated the worker.
    const code = `let n = 0; export function GET(req) { n++; if (new URL(req.url).searchParams.has('loop')) for (;;) {} return new Response('first run ' + n); }`;
    const r = await cdpEvaluate<{ held: number; stopped: Ran; next: Ran }>(
      cdp,
      `async (code) => {
        const held = [];
        let holding = true;
        const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage');
        Object.defineProperty(MessagePort.prototype, 'onmessage', {
          configurable: true,
          get: onmessage.get,
          set(fn) {
            onmessage.set.call(this, fn && ((e) => {
              const items = e.data?.type === 'batch' ? e.data.messages : [e.data];
              if (holding && items.some((m) => m?.type === 'direct')) held.push(() => fn.call(this, e));
              else fn.call(this, e);
            }));
          },
        });
        const rt = new window.__edge.EdgeRuntime();
        await rt.warmup();
        Object.defineProperty(MessagePort.prototype, 'onmessage', onmessage);
        const limits = window.__edge.limitsFor('hobby');
        const consume = async (url, signal) => {
          const events = [];
          const invocation = { code, kind: 'app-route', path: 'app/api/x/route.ts', env: {}, request: { method: 'GET', url, headers: [], body: null }, limits, signal };
          for await (const e of rt.invoke(invocation)) events.push(e.type === 'chunk' ? { type: 'chunk', text: new TextDecoder().decode(e.bytes) } : e);
          return { events, body: events.filter((e) => e.type === 'chunk').map((e) => e.text).join(''), status: events.find((e) => e.type === 'head')?.status, direct: false };
        };
        const controller = new AbortController();
        const stopped = consume('http://localhost:3000/api/x?loop', controller.signal);
        for (const t0 = performance.now(); held.length === 0 && performance.now() - t0 < 15_000; ) await new Promise((r) => setTimeout(r, 20));
        controller.abort();
        const result = { held: held.length, stopped: await stopped };
        holding = false;
        for (const deliver of held) deliver();
        result.next = await consume('http://localhost:3000/api/x');
        rt.dispose();
        return result;
      }`,
      code,
    );
    expect(r.held, 'the handover was held back until the Stop').toBe(1);
    expect(r.stopped.events.filter((e) => e.type === 'error').map((e) => e.code)).toEqual(['CANCELLED']);
    expect([r.next.status, r.next.body], JSON.stringify(r.next.events)).toEqual([200, 'first run 1']);
  });
});

describe('L05: out of memory on a direct run', () => {
  let oomBrowser: Browser;
  let oomCdp: CDPSession;

  beforeAll(async () => {
    oomBrowser = await chromium.launch({ executablePath: inject('chromiumPath'), args: [...CHROMIUM_ARGS, '--js-flags=--max-old-space-size=128'], headless: true });
    const oomPage = await openBlank(oomBrowser);
    oomCdp = await oomPage.context().newCDPSession(oomPage);
    await cdpEvaluate(oomCdp, `() => { ${await edgeRuntimeScript()} }`);
    await cdpEvaluate(oomCdp, INSTALL);
  });

  afterAll(async () => {
    await oomBrowser?.close();
  });

  it('L05: a direct run that exhausts the heap gets one 502 EDGE_FUNCTION_INVOCATION_FAILED, the sandbox is rebuilt, the next run works', async () => {
    const code = `export function GET(req) {
      if (!new URL(req.url).searchParams.has('oom')) return new Response('warm');
      const keep = []; for (;;) keep.push(new Array(1e6).fill(Math.random()));
    }`;
    expect((await cdpEvaluate<Ran>(oomCdp, `(code) => window.__run(code)`, code)).body).toBe('warm');
    const r = await cdpEvaluate<Ran & { restarts: number }>(
      oomCdp,
      `async (code) => ({ ...(await window.__run(code, 'http://localhost:3000/api/x?oom')), restarts: window.__rt.restarts })`,
      code,
    );
    endsOnce(r);
    expect(r.status).toBe(502);
    expect(r.events.filter((e) => e.type === 'error').map((e) => e.code)).toEqual(['EDGE_FUNCTION_INVOCATION_FAILED']);
    expect(r.restarts).toBe(1);
    const next = await cdpEvaluate<Ran>(oomCdp, `(code) => window.__run(code)`, code);
    expect(next.body).toBe('warm');
  });
});
