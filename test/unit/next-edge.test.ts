// What Next.js puts around an edge route handler, by version (NextTraits): the request object, `context.params`,
// and the answers Next itself sends. Dispatch runs in Node here; the worker as a whole in test/e2e/next-edge.test.ts.
import { describe, expect, it } from 'vitest';
import type { EdgeBundle, NextTraits, RunEvent } from '../../workers/protocol';
import { dispatch } from '../../workers/edge/dispatch';
import { NextRequest } from '../../workers/shared/next-server';

const NEXT_14: NextTraits = { profile: '13.4–14.x', paramsPromise: false, requestGeo: true, dynamicCode: 'runtime' };
const NEXT_16: NextTraits = { profile: '16.3+', paramsPromise: true, requestGeo: false, dynamicCode: 'eval-build-error' };

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
