// What Next.js puts around an edge route handler, by version (NextTraits): the request object, `context.params`,
// and the answers Next itself sends. Dispatch runs in Node here; the worker as a whole in test/e2e/next-edge.test.ts.
import { EdgeVM } from '@edge-runtime/vm';
import * as esbuild from 'esbuild-wasm';
import polyfills from 'virtual:edge-polyfills';
import builtins from 'virtual:node-builtins';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ProjectBuilder } from '../../workers/compiler/builder';
import { dispatch } from '../../workers/edge/dispatch';
import { installNextGlobals } from '../../workers/edge/next-globals';
import { makeProcess } from '../../workers/edge/process-polyfill';
import type { EdgeBundle, NextTraits, RunEvent } from '../../workers/protocol';
import { EDGE_UNSUPPORTED_NODE_APIS } from '../../workers/shared/edge-unsupported-apis';
import { NextRequest } from '../../workers/shared/next-server';

const NEXT_14: NextTraits = { profile: '13.4–14.x', paramsPromise: false, requestGeo: true, dynamicCode: 'runtime' };
const NEXT_16: NextTraits = { profile: '16.3+', paramsPromise: true, requestGeo: false, dynamicCode: 'eval-build-error' };

// Builds and each EdgeVM take a while on a busy two-core machine.
vi.setConfig({ testTimeout: 30_000 });

type Module = Record<string, unknown>;

/** esbuild-wasm starts once per file; the builders below share it. */
const esbuildReady = esbuild.initialize({});

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
  let builder: ProjectBuilder;
  beforeAll(async () => {
    await esbuildReady;
    builder = new ProjectBuilder(esbuild, { polyfills, builtins });
  }, 60_000);
  afterAll(() => builder.dispose());

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
});

describe('dynamic code by router and version (D01–D03, issue: App Router edge routes build in 13.5/15)', () => {
  let builder: ProjectBuilder;
  beforeAll(async () => {
    await esbuildReady;
    builder = new ProjectBuilder(esbuild, { polyfills, builtins });
  }, 60_000);
  afterAll(() => builder.dispose());

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
