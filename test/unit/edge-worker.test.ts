// The edge worker's pure parts, in Node: console formatting and its cap, Next's process, handler conventions, and
// dispatch (head, streamed chunks, error pages). The worker as a whole runs in Chromium (test/e2e/edge-runtime.test.ts).
import { describe, expect, it } from 'vitest';
import type { EdgeBundle, RunEvent } from '../../workers/protocol';
import { ConsoleCapture, MAX_LINES_PER_RUN } from '../../workers/edge/console-capture';
import { dispatch, type RunContext } from '../../workers/edge/dispatch';
import { formatArgs, inspect } from '../../workers/edge/inspect';
import { makeProcess } from '../../workers/edge/process-polyfill';
import { routeParams } from '../../workers/route-params';

describe('inspect and formatArgs (console output as Node prints it)', () => {
  it('G15: process.env prints as { NEXT_RUNTIME: \'edge\' }', () => {
    expect(inspect(makeProcess({ SECRET: 'x' }).env)).toBe("{ NEXT_RUNTIME: 'edge' }");
  });

  it('prints values like util.inspect, with a depth cap and cycles marked', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(inspect({ s: 'x', n: -0, b: 10n, u: undefined, f() {}, 'a-b': null })).toBe("{ s: 'x', n: -0, b: 10n, u: undefined, f: [Function: f], 'a-b': null }");
    expect(inspect({ a: { b: { c: { d: 1 } } } })).toBe('{ a: { b: { c: [Object] } } }');
    expect(inspect(cyclic)).toBe('{ a: 1, self: [Circular *1] }');
    expect(inspect(new Uint8Array([1, 2]))).toBe('Uint8Array(2) [ 1, 2 ]');
    expect(inspect(Object.create(null))).toBe('[Object: null prototype] {}');
    expect(inspect(new (class Point { x = 1 })())).toBe('Point { x: 1 }');
    expect(inspect(Array.from({ length: 120 }, (_, i) => i))).toMatch(/\.\.\. 20 more items\n\]$/);
  });

  it("objects with the edge runtime's inspect hook print as it says (Next's cookies); a hostile hook cannot loop or throw out", () => {
    const hook = Symbol.for('edge-runtime.inspect.custom');
    expect(inspect({ [hook]: () => 'RequestCookies {"a":1}' })).toBe('RequestCookies {"a":1}');
    expect(inspect({ c: { [hook]: () => ({ x: 1 }) } })).toBe('{ c: { x: 1 } }');
    const self = { [hook]: () => self };
    expect(inspect(self)).toBe('[Circular *1]');
    const endless = (): object => ({ [hook]: endless });
    expect(inspect(endless())).toBe('[Object]');
    expect(inspect({ [hook]: () => { throw new Error('no'); } })).toBe('[object]');
  });

  it('strings as-is at the top level, substitutions like util.format', () => {
    expect(formatArgs(['a', 'b', 1, { x: 'y' }])).toBe("a b 1 { x: 'y' }");
    expect(formatArgs(['%s=%d %j %%', 'n', '42', { a: 1 }, 'extra'])).toBe('n=42 {"a":1} % extra');
    expect(formatArgs(['%c styled', 'color: red'])).toBe(' styled');
  });
});

describe('console capture', () => {
  function capture() {
    const posted: [number, RunEvent][] = [];
    let now = 100;
    const c = new ConsoleCapture((runId, e) => posted.push([runId, e]), () => now);
    const target = {} as Console;
    c.install(target);
    return { c, console: target, posted, setNow: (t: number) => (now = t) };
  }

  it('caps a run at 500 lines of at most 2,000 characters and reports the rest once', () => {
    const { c, console, posted } = capture();
    c.begin(1, 100);
    console.log('x'.repeat(2_500));
    for (let i = 1; i < 10_000; i++) console.log('line', i);
    c.finish(1);
    const logs = posted.filter(([, e]) => e.type === 'log');
    expect(logs).toHaveLength(MAX_LINES_PER_RUN);
    expect((logs[0][1] as { text: string }).text).toBe('x'.repeat(2_000) + '… [500 more characters truncated]');
    expect(posted.at(-1)).toEqual([1, { type: 'dropped', count: 9_500 }]);
  });

  it('attributes a line to the most recently started unfinished run', () => {
    const { c, console, posted, setNow } = capture();
    c.begin(1, 100);
    c.begin(2, 150);
    setNow(160);
    console.warn('to 2');
    c.finish(2);
    console.error('to 1');
    expect(posted).toEqual([
      [2, { type: 'log', level: 'warn', text: 'to 2', t: 10 }],
      [1, { type: 'log', level: 'error', text: 'to 1', t: 60 }],
    ]);
  });

  it('keeps lines logged between runs (module top level, late timers) for the next run', () => {
    const { c, console, posted } = capture();
    console.info('at load');
    c.begin(7, 100);
    expect(posted).toEqual([[7, { type: 'log', level: 'info', text: 'at load', t: 0 }]]);
  });

  it('count, time, assert, group', () => {
    const { c, console, posted } = capture();
    c.begin(1, 100);
    console.count();
    console.count();
    console.assert(1 === 1, 'never');
    console.assert(false, 'was %s', 'false');
    console.group('g');
    console.log('inner');
    console.groupEnd();
    console.log('outer');
    expect(posted.map(([, e]) => (e as { text: string }).text)).toEqual(['default: 1', 'default: 2', 'Assertion failed: was false', 'g', '  inner', 'outer']);
  });
});

describe('process (Next.js polyfill)', () => {
  it('G13–G17: env enumerates NEXT_RUNTIME only, reads the rest; other keys are hidden getters', () => {
    const p = makeProcess({ A: '1', NEXT_RUNTIME: 'ignored' }) as Record<string, any>;
    expect(Object.keys(p)).toEqual(['env']);
    expect(Object.keys(p.env)).toEqual(['NEXT_RUNTIME']);
    expect([p.env.NEXT_RUNTIME, p.env.A]).toEqual(['edge', '1']);
    expect(p.version).toBeUndefined();
    expect(() => p.cwd()).toThrow('A Node.js API is used (process.cwd) which is not supported in the Edge Runtime.\nLearn more: https://nextjs.org/docs/api-reference/edge-runtime');
  });
});

describe('route params', () => {
  it('dynamic, catch-all and optional catch-all segments; groups and slots are skipped', () => {
    expect(routeParams('app/api/[id]/route.ts', 'http://x/api/7')).toEqual({ id: '7' });
    expect(routeParams('src/app/(shop)/p/[...slug]/route.ts', 'http://x/p/a/b%20c')).toEqual({ slug: ['a', 'b c'] });
    expect(routeParams('app/docs/[[...slug]]/route.ts', 'http://x/docs')).toEqual({});
    expect(routeParams('app/api/hello/route.ts', 'http://x/api/hello')).toEqual({});
  });
});

describe('dispatch', () => {
  async function answer(code: Record<string, unknown>, options: Partial<EdgeBundle> & { method?: string } = {}) {
    const events: RunEvent[] = [];
    const logs: string[] = [];
    const bundle: EdgeBundle = { id: 'b', code: '', kind: options.kind ?? 'app-route', path: options.path ?? 'app/api/x/route.ts', env: {} };
    const ctx: RunContext = {
      bundle,
      module: code,
      request: { method: options.method ?? 'GET', url: 'http://localhost:3000/api/x', headers: [], body: null },
      signal: new AbortController().signal,
      post: (e) => events.push(e),
      log: (t) => logs.push(t),
      now: () => 1,
      cleanStack: (s) => s,
    };
    await dispatch(ctx);
    const text = new TextDecoder().decode(
      new Uint8Array(events.flatMap((e) => (e.type === 'chunk' ? [...e.bytes] : []))),
    );
    return { events, logs, text, head: events.find((e) => e.type === 'head') as Extract<RunEvent, { type: 'head' }> | undefined };
  }

  it('streams the body as chunks after the head', async () => {
    const r = await answer({ GET: () => new Response('hello') });
    expect(r.events.map((e) => e.type)).toEqual(['head', 'chunk']);
    expect([r.head!.status, r.text]).toEqual([200, 'hello']);
  });

  it('H30: strips content-length, content-encoding and transform-encoding outside 3xx', async () => {
    const headers = { 'content-length': '5', 'content-encoding': 'br', 'transform-encoding': 'x', 'x-a': '1' };
    const ok = await answer({ GET: () => new Response('hello', { headers }) });
    expect(ok.head!.headers.map(([k]) => k).sort()).toEqual(['content-type', 'x-a']);
    const moved = await answer({ GET: () => new Response(null, { status: 301, headers: { ...headers, location: '/' } }) });
    expect(moved.head!.headers.map(([k]) => k)).toContain('content-length');
  });

  it("L04: a rejection in a plain Vercel edge function becomes the platform's 500 page and an error event", async () => {
    const r = await answer({ default: async () => Promise.reject(new RangeError('nope')) }, { kind: 'vercel-function', path: 'api/x.ts' });
    expect([r.head!.status, r.text]).toEqual([500, '500: INTERNAL_SERVER_ERROR\nCode: EDGE_FUNCTION_INVOCATION_FAILED\n']);
    expect(r.events.at(-1)).toMatchObject({ type: 'error', code: 'EDGE_FUNCTION_INVOCATION_FAILED', message: 'nope' });
  });

  it("L04: in a Next.js route Next answers with its own 500 page; the platform's error is still reported", async () => {
    const r = await answer({ GET: async () => Promise.reject(new RangeError('nope')) });
    expect([r.head!.status, Object.fromEntries(r.head!.headers)['content-type']]).toEqual([500, 'text/html; charset=utf-8']);
    expect(r.text).toContain('<title data-next-head="">500: Internal Server Error</title>');
    expect(r.events.at(-1)).toMatchObject({ type: 'error', code: 'EDGE_FUNCTION_INVOCATION_FAILED', message: 'nope' });
  });

  it('a thrown non-Error is reported as its text', async () => {
    const r = await answer({
      GET: () => {
        throw 'plain';
      },
    });
    expect(r.events.at(-1)).toMatchObject({ type: 'error', message: 'plain' });
  });

  it('H26: 405 for a method not exported; HEAD answers from GET without a body; OPTIONS lists Allow', async () => {
    expect((await answer({ GET: () => new Response('x') }, { method: 'DELETE' })).head!.status).toBe(405);
    const head = await answer({ GET: () => new Response('x') }, { method: 'HEAD' });
    expect([head.head!.status, head.text]).toEqual([200, '']);
    const options = await answer({ POST: () => new Response('x') }, { method: 'OPTIONS' });
    expect([options.head!.status, Object.fromEntries(options.head!.headers).allow]).toEqual([204, 'OPTIONS, POST']);
  });

  it('H28: the three conventions answer a missing Response in their own way', async () => {
    const app = await answer({ GET: () => undefined }, { path: 'app/a/route.ts' });
    expect([app.head!.status, app.logs, app.events.at(-1)?.type]).toEqual([
      500,
      ["No response is returned from route handler 'app/a/route.ts'. Ensure you return a `Response` or a `NextResponse` in all branches of your handler."],
      'error',
    ]);
    const pages = await answer({ default: () => ({}) }, { kind: 'pages-api' });
    expect(pages.events.at(-1)).toMatchObject({ message: 'Expected an instance of Response to be returned' });
    const vercel = await answer({ default: () => null }, { kind: 'vercel-function' });
    expect([vercel.head!.status, vercel.text]).toEqual([500, 'Edge Function did not return a response.']);
    const missing = await answer({}, { kind: 'pages-api', path: 'pages/api/x.ts' });
    expect(missing.events.at(-1)).toMatchObject({ message: 'The Edge Function "pages/api/x.ts" must export a `default` function' });
  });

  it('vercel-function: `export default { fetch }` is a handler too', async () => {
    const r = await answer({ default: { fetch: () => new Response('obj') } }, { kind: 'vercel-function' });
    expect(r.text).toBe('obj');
  });

  it('waitUntil work is awaited before dispatch resolves', async () => {
    let done = false;
    await answer({
      default: (_req: Request, ctx: { waitUntil(p: Promise<unknown>): void }) => {
        ctx.waitUntil(new Promise((r) => setTimeout(r, 20)).then(() => (done = true)));
        return new Response('x');
      },
    }, { kind: 'pages-api' });
    expect(done).toBe(true);
  });
});
