// What Next.js puts around an edge route handler, by version (NextTraits): the request object, `context.params`,
// and the answers Next itself sends. Dispatch runs in Node here; the worker as a whole in test/e2e/next-edge.test.ts.
import { EdgeVM } from '@edge-runtime/vm';
import * as esbuild from 'esbuild-wasm';
import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../workers/edge/dispatch';
import { installNextGlobals } from '../../workers/edge/next-globals';
import { makeProcess } from '../../workers/edge/process-polyfill';
import type { EdgeBundle, NextTraits, RunEvent } from '../../workers/protocol';
import { EDGE_UNSUPPORTED_NODE_APIS } from '../../workers/shared/edge-unsupported-apis';
import { generateETag } from '../../workers/shared/next-etag';
import { NextRequest } from '../../workers/shared/next-server';
import { useProjectBuilder } from './project-builder';

const NEXT_14: NextTraits = { profile: '13.4–14.x', paramsPromise: false, requestGeo: true, dynamicCode: 'runtime' };
const NEXT_16: NextTraits = { profile: '16.3+', paramsPromise: true, requestGeo: false, dynamicCode: 'eval-build-error' };

// Builds and each EdgeVM take a while on a busy two-core machine.
vi.setConfig({ testTimeout: 30_000 });

type Module = Record<string, unknown>;

async function answer(module: Module, bundle: Partial<EdgeBundle>, url = 'http://localhost:3000/api/x', headers: [string, string][] = []) {
  const events: RunEvent[] = [];
  const logs: string[] = [];
  const full: EdgeBundle = { id: 'b', code: '', kind: 'app-route', path: 'app/api/x/route.ts', env: {}, ...bundle };
  await dispatch({
    bundle: full,
    module,
    request: { method: 'GET', url, headers, body: null },
    signal: new AbortController().signal,
    post: (e) => events.push(e),
    log: (t) => logs.push(t),
    now: () => 1,
    cleanStack: (s) => s,
  });
  const bytes = events.flatMap((e) => (e.type === 'chunk' ? [...e.bytes] : []));
  const head = events.find((e) => e.type === 'head') as Extract<RunEvent, { type: 'head' }> | undefined;
  return { events, logs, head, text: new TextDecoder().decode(new Uint8Array(bytes)) };
}

/** A handler that reports what it was given, as JSON. */
const probe = (extra: (request: any, context: any) => Promise<object> | object = () => ({})) => async (request: any, context: any) =>
  Response.json({
    isNextRequest: request instanceof NextRequest,
    path: request.nextUrl?.pathname ?? null,
    cookie: request.cookies?.get('a')?.value ?? null,
    geoIn: 'geo' in request,
    ...(await extra(request, context)),
  });

describe('NextRequest for Next route handlers (issue: request.nextUrl and request.cookies throw)', () => {
  it('app route: a NextRequest with nextUrl and cookies; geo/ip only in 13.4–14', async () => {
    const headers: [string, string][] = [['cookie', 'a=1']];
    const r16 = await answer({ GET: probe() }, { next: NEXT_16 }, undefined, headers);
    expect(JSON.parse(r16.text)).toEqual({ isNextRequest: true, path: '/api/x', cookie: '1', geoIn: false });
    const r14 = await answer({ GET: probe((req) => ({ geo: req.geo, ip: req.ip ?? null })) }, { next: NEXT_14 }, undefined, headers);
    expect(JSON.parse(r14.text)).toEqual({ isNextRequest: true, path: '/api/x', cookie: '1', geoIn: true, geo: {}, ip: null });
  });

  it('pages/api edge: a NextRequest too, and the event with waitUntil', async () => {
    const r = await answer(
      { default: probe((_req, event) => ({ waitUntil: typeof event.waitUntil })) },
      { kind: 'pages-api', path: 'pages/api/x.ts', next: NEXT_16 },
      undefined,
      [['cookie', 'a=2']],
    );
    expect(JSON.parse(r.text)).toEqual({ isNextRequest: true, path: '/api/x', cookie: '2', geoIn: false, waitUntil: 'function' });
  });

  it('a plain Vercel edge function keeps the plain Request', async () => {
    const r = await answer({ default: probe() }, { kind: 'vercel-function', path: 'api/x.ts' });
    expect(JSON.parse(r.text)).toMatchObject({ isNextRequest: false, path: null, cookie: null });
  });
});

describe('context.params by version', () => {
  const params = probe(async (_req, context) => {
    const p = context.params;
    return { isPromise: p instanceof Promise, value: (await p) ?? null, syncId: p?.id ?? null };
  });

  it('15+: a promise, also on a static route ({})', async () => {
    const dynamic = await answer({ GET: params }, { path: 'app/api/[id]/route.ts', next: NEXT_16 }, 'http://localhost:3000/api/7');
    expect(JSON.parse(dynamic.text)).toMatchObject({ isPromise: true, value: { id: '7' } });
    const fixed = await answer({ GET: params }, { next: NEXT_16 });
    expect(JSON.parse(fixed.text)).toMatchObject({ isPromise: true, value: {} });
  });

  it('13.4–14: the object on a dynamic route, undefined on a static one', async () => {
    const dynamic = await answer({ GET: params }, { path: 'app/api/[id]/route.ts', next: NEXT_14 }, 'http://localhost:3000/api/7');
    expect(JSON.parse(dynamic.text)).toMatchObject({ isPromise: false, value: { id: '7' }, syncId: '7' });
    const fixed = await answer({ GET: params }, { next: NEXT_14 });
    expect(JSON.parse(fixed.text)).toMatchObject({ isPromise: false, value: null });
  });
});

describe('edge bundle contents: Next.js entry vs plain Vercel edge function (runtime-spec-2026.md §7)', () => {
  it('G13/G14 plain: process is { env } with the project variables and no NEXT_RUNTIME', () => {
    const plain = makeProcess({ A: '1' }, false) as Record<string, any>;
    expect([Object.keys(plain), plain.env, plain.env.NEXT_RUNTIME, plain.cwd]).toEqual([['env'], { A: '1' }, undefined, undefined]);
    expect((makeProcess({ A: '1' }) as Record<string, any>).env.NEXT_RUNTIME).toBe('edge');
  });

  it("G19/G20/G06: Next's stubs throw its message on call and construct; its require knows no module; plain removes them", () => {
    const owner: Record<string, any> = {};
    installNextGlobals(owner, true);
    expect([typeof owner.setImmediate, owner.setImmediate.name, owner.setImmediate === owner.setImmediate]).toEqual(['function', '', false]);
    const message = 'A Node.js API is used (setImmediate) which is not supported in the Edge Runtime.\nLearn more: https://nextjs.org/docs/api-reference/edge-runtime';
    expect(() => owner.setImmediate(() => {})).toThrowError(message);
    expect(() => new owner.MessageChannel()).toThrowError('A Node.js API is used (MessageChannel) which is not supported');
    expect(EDGE_UNSUPPORTED_NODE_APIS.every((name) => typeof owner[name] === 'function')).toBe(true);
    expect(() => owner.require('x')).toThrowError(new TypeError('Native module not found: x'));
    expect(Object.keys(owner)).toEqual([]);
    installNextGlobals(owner, false);
    expect([owner.require, owner.setImmediate, owner.CompressionStream]).toEqual([undefined, undefined, undefined]);
  });
});

describe("G18: Next's ProvidePlugin Buffer in Next.js edge bundles", () => {
  const builder = useProjectBuilder();

  async function run(path: string, next?: NextTraits): Promise<string> {
    const source = "export const GET = () => new Response([typeof Buffer, typeof globalThis.Buffer, typeof Buffer === 'function' ? Buffer.from('hi').toString('base64') : '-'].join());";
    const out = await builder.build({ [path]: source }, path, 'edge', next);
    expect(out.errors).toEqual([]);
    const { code } = await esbuild.transform(out.code!, { format: 'iife', globalName: '__bundle' });
    const mod = new EdgeVM().evaluate(`${code}; __bundle`);
    return (await mod.GET()).text();
  }

  it("a free Buffer is the polyfill's (globalThis.Buffer stays undefined); a plain Vercel function has none", async () => {
    expect(await run('app/api/b/route.ts', NEXT_16)).toBe('function,undefined,aGk=');
    expect(await run('api/b.ts')).toBe('undefined,undefined,-');
  });

  it('G18: an edit that starts naming Buffer in an imported file gets the provided Buffer; builds naming none leave the polyfill out', async () => {
    const path = 'app/api/b/route.ts';
    const sources = (out: { code: string | null }) => JSON.parse(Buffer.from(out.code!.split('base64,').pop()!, 'base64').toString()).sources as string[];
    const entry = "import { kind } from './kind';\nexport const GET = () => new Response(kind());\n";
    const plain = await builder.build({ [path]: entry, 'app/api/b/kind.ts': "export const kind = () => 'none';\n" }, path, 'edge', NEXT_16);
    expect(plain.errors).toEqual([]);
    expect(sources(plain).filter((s) => s.includes(':'))).toEqual([]); // neither the inject module nor the polyfill
    const named = await builder.build({ [path]: entry, 'app/api/b/kind.ts': 'export const kind = () => typeof Buffer;\n' }, path, 'edge', NEXT_16);
    const { code } = await esbuild.transform(named.code!, { format: 'iife', globalName: '__bundle' });
    expect(await ((await new EdgeVM().evaluate(`${code}; __bundle`).GET()) as Response).text()).toBe('function');
    const again = await builder.build({ [path]: entry, 'app/api/b/kind.ts': "export const kind = () => 'again';\n" }, path, 'edge', NEXT_16);
    expect(sources(again).filter((s) => s.includes(':'))).toEqual([]);
  });

  it("13.2's App Router edge routes: naming a free Buffer fails the build as 13.2.4's webpack does; a local one does not", async () => {
    const next = { ...NEXT_14, profile: '13.2–13.3', unresolvedBuffer: true };
    const path = 'app/api/b/route.ts';
    const named = await builder.build({ [path]: "export const GET = () => new Response(typeof Buffer);\n" }, path, 'edge', next);
    expect(named.code).toBeNull();
    expect(named.errors).toEqual([{ file: path, line: 1, column: 45, text: "Module not found: Can't resolve 'buffer'" }]);
    const local = "const Buffer = 1;\nexport const GET = () => new Response(String({ Buffer }.Buffer + Buffer));\n";
    expect((await builder.build({ [path]: local }, path, 'edge', next)).errors).toEqual([]);
    const unnamed = await builder.build({ [path]: "export const GET = () => new Response('Buffer');\n" }, path, 'edge', next);
    expect(unnamed.errors).toEqual([]);
  });
});

describe('dynamic code by router and version (D01–D03, issue: App Router edge routes build in 13.5/15)', () => {
  const builder = useProjectBuilder();

  const SOURCE = [
    'export function GET(): Response {',
    "  const a = eval('1 + 1');",
    "  const b = new Function('return 1')();",
    '  return new Response(String(a + b));',
    '}',
  ].join('\n');
  const build = (dynamicCode: NextTraits['dynamicCode'] | null, path = 'app/api/d/route.ts') =>
    builder.build({ [path]: SOURCE }, path, 'edge', dynamicCode ? { ...NEXT_16, dynamicCode } : undefined);

  it("D03 build-error (webpack: middleware, pages/api): eval and new Function both fail with webpack's text", async () => {
    const out = await build('build-error');
    expect(out.code).toBeNull();
    expect(out.errors.map((e) => [e.line, e.text.split('\n')[1]])).toEqual([[2, 'Used by GET'], [3, 'Used by GET']]);
  });

  it("D03 eval-build-error (Turbopack 16): only eval fails, with Turbopack's text at the eval", async () => {
    const out = await build('eval-build-error');
    expect(out.errors).toEqual([{
      file: 'app/api/d/route.ts',
      line: 2,
      column: 12,
      text: "Dynamic Code Evaluation (e. g. 'eval', 'new Function', 'WebAssembly.compile') not allowed in Edge Runtime",
    }]);
  });

  it('D01/D02 runtime (webpack App Router) and a plain Vercel edge function: the build succeeds (EvalError when run)', async () => {
    expect((await build('runtime')).errors).toEqual([]);
    expect((await build(null, 'api/d.ts')).errors).toEqual([]);
  });

  it('Node API warnings come with the build check: none for runtime (webpack App Router) or plain Vercel', async () => {
    const source = 'export const GET = () => new Response(typeof setImmediate);';
    const warned = await builder.build({ 'pages/api/w.ts': source }, 'pages/api/w.ts', 'edge', { ...NEXT_16, dynamicCode: 'build-error' });
    expect(warned.warnings.map((w) => w.text.split('\n')[0])).toEqual(['A Node.js API is used (setImmediate at line: 1) which is not supported in the Edge Runtime.']);
    const quiet = await builder.build({ 'app/api/w/route.ts': source }, 'app/api/w/route.ts', 'edge', { ...NEXT_16, dynamicCode: 'runtime' });
    expect(quiet.warnings).toEqual([]);
  });
});

describe("Next's answers when an edge route fails (issue 7: Next's 500 page, not Vercel's text page)", () => {
  const NEXT_PAGE = '<title data-next-head="">500: Internal Server Error</title>';
  const pageOf = (r: Awaited<ReturnType<typeof answer>>) => [r.head?.status, Object.fromEntries(r.head?.headers ?? [])['content-type'], r.text.includes(NEXT_PAGE)];

  it('H29: a throwing app route and a throwing pages/api edge route get the 500 page; the error is still the run\'s', async () => {
    const thrower = () => {
      throw new Error('boom');
    };
    for (const bundle of [{ next: NEXT_16 }, { kind: 'pages-api' as const, path: 'pages/api/x.ts', next: NEXT_14 }]) {
      const r = await answer({ GET: thrower, default: thrower }, bundle);
      expect(pageOf(r)).toEqual([500, 'text/html; charset=utf-8', true]);
      expect(r.events.at(-1)).toMatchObject({ type: 'error', code: 'EDGE_FUNCTION_INVOCATION_FAILED', message: 'boom' });
    }
  });

  it('H28: an app route or pages/api edge route returning a non-Response gets the 500 page too', async () => {
    const app = await answer({ GET: () => ({ a: 1 }) }, { next: NEXT_16 });
    expect(pageOf(app)).toEqual([500, 'text/html; charset=utf-8', true]);
    expect(app.logs[0]).toMatch(/^No response is returned from route handler 'app\/api\/x\/route.ts'/);
    const pages = await answer({ default: () => ({ a: 1 }) }, { kind: 'pages-api', path: 'pages/api/x.ts', next: NEXT_16 });
    expect(pageOf(pages)).toEqual([500, 'text/html; charset=utf-8', true]);
    expect(pages.events.at(-1)).toMatchObject({ type: 'error', message: 'Expected an instance of Response to be returned' });
  });

  it("a plain Vercel edge function keeps the platform's answers", async () => {
    const thrown = await answer({ default: () => Promise.reject(new Error('boom')) }, { kind: 'vercel-function', path: 'api/x.ts' });
    expect([thrown.head?.status, thrown.text]).toEqual([500, '500: INTERNAL_SERVER_ERROR\nCode: EDGE_FUNCTION_INVOCATION_FAILED\n']);
    const none = await answer({ default: () => null }, { kind: 'vercel-function', path: 'api/x.ts' });
    expect([none.head?.status, none.text]).toEqual([500, 'Edge Function did not return a response.']);
  });

  it("the page's ETag is Next's generateETag of the body (FNV-1a 52, as next start sent for its own page)", async () => {
    // `next start` 15.5 sent ETag "gkilsaiaxj1ng" for a 2,140-character 500 page; the hash of this text must match.
    const payload = REAL_15_5_500_PAGE;
    expect(payload.length).toBe(2140);
    expect(generateETag(payload)).toBe('"gkilsaiaxj1ng"');
    const r = await answer({ GET: () => undefined }, { next: NEXT_16 });
    expect(Object.fromEntries(r.head!.headers).etag).toBe(generateETag(r.text));
  });
});

/** The 500 page body `next start` (15.5.29) sent for a throwing edge route, verbatim (its scripts are that build's). */
const REAL_15_5_500_PAGE = "<!DOCTYPE html><html><head><meta charSet=\"utf-8\" data-next-head=\"\"/><meta name=\"viewport\" content=\"width=device-width\" data-next-head=\"\"/><title data-next-head=\"\">500: Internal Server Error</title><noscript data-n-css=\"\"></noscript><script defer=\"\" noModule=\"\" src=\"/_next/static/chunks/polyfills-42372ed130431b0a.js\"></script><script src=\"/_next/static/chunks/webpack-23055d52f9c766c3.js\" defer=\"\"></script><script src=\"/_next/static/chunks/framework-28b60818f5cffd83.js\" defer=\"\"></script><script src=\"/_next/static/chunks/main-10e6ba5b82331806.js\" defer=\"\"></script><script src=\"/_next/static/chunks/pages/_app-7d307437aca18ad4.js\" defer=\"\"></script><script src=\"/_next/static/chunks/pages/_error-cb2a52f75f2162e2.js\" defer=\"\"></script><script src=\"/_next/static/HYP4kaS7-QZCChg8QudIT/_buildManifest.js\" defer=\"\"></script><script src=\"/_next/static/HYP4kaS7-QZCChg8QudIT/_ssgManifest.js\" defer=\"\"></script></head><body><div id=\"__next\"><div style=\"font-family:system-ui,&quot;Segoe UI&quot;,Roboto,Helvetica,Arial,sans-serif,&quot;Apple Color Emoji&quot;,&quot;Segoe UI Emoji&quot;;height:100vh;text-align:center;display:flex;flex-direction:column;align-items:center;justify-content:center\"><div style=\"line-height:48px\"><style>body{color:#000;background:#fff;margin:0}.next-error-h1{border-right:1px solid rgba(0,0,0,.3)}@media (prefers-color-scheme:dark){body{color:#fff;background:#000}.next-error-h1{border-right:1px solid rgba(255,255,255,.3)}}</style><h1 class=\"next-error-h1\" style=\"display:inline-block;margin:0 20px 0 0;padding-right:23px;font-size:24px;font-weight:500;vertical-align:top\">500</h1><div style=\"display:inline-block\"><h2 style=\"font-size:14px;font-weight:400;line-height:28px\">Internal Server Error<!-- -->.</h2></div></div></div></div><script id=\"__NEXT_DATA__\" type=\"application/json\">{\"props\":{\"pageProps\":{\"statusCode\":500,\"hostname\":\"localhost\"}},\"page\":\"/_error\",\"query\":{},\"buildId\":\"HYP4kaS7-QZCChg8QudIT\",\"isFallback\":false,\"isExperimentalCompile\":false,\"err\":{\"name\":\"Internal Server Error.\",\"message\":\"500 - Internal Server Error.\",\"statusCode\":500},\"gip\":true,\"scriptLoader\":[]}</script></body></html>";

describe('context.params in 15.x (paramsSyncAccess)', () => {
  it("15.x: the promise also carries each param as a property (Next's makeUntrackedExoticParams); `then` stays the promise's", async () => {
    const next = { ...NEXT_16, profile: '15.5', paramsSyncAccess: true };
    const r = await answer(
      { GET: async (_req: unknown, context: any) => Response.json({ sync: context.params.id, then: typeof context.params.then, value: await context.params, keys: Object.keys(context.params) }) },
      { path: 'app/api/[id]/[then]/route.ts', next },
      'http://localhost:3000/api/7/x',
    );
    expect(JSON.parse(r.text)).toEqual({ sync: '7', then: 'function', value: { id: '7', then: 'x' }, keys: ['id'] });
  });
});
