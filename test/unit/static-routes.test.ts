// The store of prerendered routes (13.2+): which entries Next prerenders, that the first GET builds and later GET/HEAD
// runs of the same snapshot are served with Next's headers without running, revalidate's stale rule, and a rebuild
// per project change. Driven with a scripted route runner; the harness's side is test/node/static-routes.test.ts.
import { describe, expect, it } from 'vitest';
import type { Files, PrerenderVerdict } from '../../workers/protocol';
import { profileFor, type Profile } from '../../src/lib/project/profiles';
import type { PlaygroundEvent, RunRequest, RunStart } from '../../src/lib/run';
import { APP_VARY, isStale, prerenders, staticRoute, type RouteRunner, type StaticEntry } from '../../src/lib/static-routes';

const profile = (v: string): Profile => {
  const found = profileFor(v);
  if (!found.ok) throw new Error(found.message);
  return found.profile;
};
const P13 = profile('13.5.11');
const PATH = 'app/api/time/route.ts';
const START: RunStart = { type: 'start', runtime: 'nodejs', because: [], reason: 'nodejs: the default', profile: P13.id, build: { errors: [], warnings: [], gzipBytes: 0 } };
const get = (method = 'GET', headers: [string, string][] = []): RunRequest => ({ method, url: '/api/time', headers, body: null });

/** A route that answers `n` (its run count) and says static or dynamic as `verdict` does; records what it was asked. */
function route(verdict: Omit<PrerenderVerdict, 'revalidate'> & { revalidate?: number | false } | null, status = 200) {
  const calls: { request: RunRequest; prerender: boolean }[] = [];
  const runner: RouteRunner = async function* (request, prerender) {
    calls.push({ request, prerender });
    yield { ...START, build: { errors: [], warnings: [], gzipBytes: 42 } };
    yield { type: 'log', level: 'log', text: `ran ${calls.length}`, t: 0 };
    if (prerender && verdict) yield { type: 'prerender', revalidate: false, ...verdict };
    yield { type: 'head', status, statusText: 'OK', headers: [['content-type', 'text/plain'], ['date', 'Tue, 01 Dec 2026 00:00:00 GMT'], ['x-mine', 'a']], t: 1 };
    yield { type: 'chunk', bytes: new TextEncoder().encode(String(calls.length)), t: 2 };
    yield { type: 'end', timings: { compileMs: 3, startMs: 0, ttfbMs: 1, totalMs: 2 } };
  };
  return { runner, calls };
}

async function runOnce(files: Files, runner: RouteRunner, request = get(), now?: () => number) {
  const events: PlaygroundEvent[] = [];
  for await (const e of staticRoute({ files, path: PATH, profile: P13, env: {}, request, now }, START, runner)) events.push(e);
  const head = events.find((e) => e.type === 'head');
  const body = events.flatMap((e) => (e.type === 'chunk' ? [new TextDecoder().decode(e.bytes)] : [])).join('');
  const start = events.find((e): e is RunStart => e.type === 'start')!;
  const end = events.find((e) => e.type === 'end');
  return { events, head: head?.type === 'head' ? head : null, body, start, logs: events.filter((e) => e.type === 'log'), timings: end?.type === 'end' ? end.timings : null };
}

describe('which routes Next prerenders', () => {
  it('App Router routes on Node.js without dynamic segments, in profiles with static GET routes (13.2+; 15+ decide by the route exports, in the harness)', () => {
    expect(prerenders(P13, 'app-route', 'nodejs', PATH)).toBe(true);
    expect(prerenders(P13, 'app-route', 'edge', PATH)).toBe(false);
    expect(prerenders(P13, 'pages-api', 'nodejs', 'pages/api/time.ts')).toBe(false);
    expect(prerenders(P13, 'app-route', 'nodejs', 'app/api/[id]/route.ts')).toBe(false);
    expect(prerenders(profile('15.5'), 'app-route', 'nodejs', PATH)).toBe(true);
    expect(prerenders(profile('13.1'), 'app-route', 'nodejs', PATH)).toBe(false);
    expect(prerenders(profile('14.2.35'), 'app-route', 'nodejs', PATH)).toBe(true);
  });
});

describe('the store of prerendered routes', () => {
  it('the first GET is the build; later GETs of the same snapshot come from the store with Next headers and run nothing', async () => {
    const files = { [PATH]: 'x' };
    const { runner, calls } = route({ static: true, reason: 'read nothing dynamic' });
    const first = await runOnce(files, runner, get('GET', [['cookie', 'a=1']]));
    expect(calls).toEqual([{ request: { ...get('GET', [['cookie', 'a=1']]), method: 'GET', body: null }, prerender: true }]);
    expect(first.start.reason).toBe('nodejs: the default · static: prerendered at build (Next.js 13.4–13.5)');
    expect(first.logs).toHaveLength(1);
    expect(first.body).toBe('1');
    const second = await runOnce(files, runner);
    expect(calls).toHaveLength(1);
    expect(second.body).toBe('1');
    expect(second.logs).toEqual([]);
    expect(second.start.reason).toBe('nodejs: the default · static: prerendered at build (Next.js 13.4–13.5), served from the build');
    expect(second.start.build.gzipBytes).toBe(42);
    expect(second.timings).toMatchObject({ fromStore: true, compileMs: 0 });
    for (const r of [first, second]) {
      const headers = r.head!.headers;
      expect(headers.slice(0, 4)).toEqual([['vary', APP_VARY], ['x-nextjs-cache', 'HIT'], ['content-type', 'text/plain'], ['x-mine', 'a']]);
      expect(headers.filter(([n]) => n === 'date')).toHaveLength(1);
      expect(headers.find(([n]) => n === 'date')![1]).not.toBe('Tue, 01 Dec 2026 00:00:00 GMT');
    }
  });

  it('HEAD is served from the store without a body; the first HEAD builds with a GET', async () => {
    const files = { [PATH]: 'x' };
    const { runner, calls } = route({ static: true, reason: 'read nothing dynamic' });
    const first = await runOnce(files, runner, get('HEAD'));
    expect(calls[0].request.method).toBe('GET');
    expect(first.body).toBe('');
    expect(first.head?.status).toBe(200);
    expect((await runOnce(files, runner, get('GET'))).body).toBe('1');
    expect((await runOnce(files, runner, get('HEAD'))).body).toBe('');
    expect(calls).toHaveLength(1);
  });

  it('a dynamic verdict streams the run as it is and stores nothing: every run runs', async () => {
    const files = { [PATH]: 'x' };
    const { runner, calls } = route({ static: false, reason: 'used `headers`' });
    const first = await runOnce(files, runner);
    expect(first.start.reason).toBe('nodejs: the default · dynamic: used `headers`, so Next.js 13.4–13.5 renders it on each request');
    expect(first.head?.headers.some(([n]) => n === 'x-nextjs-cache')).toBe(false);
    expect((await runOnce(files, runner)).body).toBe('2');
    expect(calls.every((c) => c.prerender)).toBe(true);
  });

  it("another method on a stored route is Next's 405 page with Allow GET and HEAD (13.5: not private); the route does not run", async () => {
    const files = { [PATH]: 'x' };
    const { runner, calls } = route({ static: true, reason: 'read nothing dynamic' });
    await runOnce(files, runner);
    const post = await runOnce(files, runner, get('POST'));
    expect(calls.map((c) => c.prerender)).toEqual([true]);
    expect(post.head?.status).toBe(405);
    expect(post.head?.headers.filter(([n]) => n === 'allow' || n === 'cache-control')).toEqual([['allow', 'GET'], ['allow', 'HEAD'], ['cache-control', 'no-cache, no-store, max-age=0, must-revalidate']]);
    expect(post.body).toContain('<title data-next-head="">405: Method Not Allowed</title>');
  });

  it('another method first: the route is built as `next build` would have, then answered (405 when stored, run when dynamic)', async () => {
    const stored = route({ static: true, reason: 'read nothing dynamic' });
    expect((await runOnce({ [PATH]: 'a' }, stored.runner, get('PUT'))).head?.status).toBe(405);
    expect(stored.calls.map((c) => c.prerender)).toEqual([true]);
    const dynamic = route({ static: false, reason: 'non-static methods used PUT' });
    const files = { [PATH]: 'b' };
    expect((await runOnce(files, dynamic.runner, get('PUT'))).body).toBe('2');
    expect((await runOnce(files, dynamic.runner, get('PUT'))).body).toBe('3');
    expect(dynamic.calls.map((c) => [c.request.method, c.prerender])).toEqual([['GET', true], ['PUT', false], ['PUT', false]]);
  });

  it('15+ stored answers carry s-maxage (stale-while-revalidate to a year), 15.0–15.1 with x-nextjs-prerender; Vary per version', async () => {
    const names = ['vary', 'x-nextjs-prerender', 'cache-control'];
    const headersOf = async (version: string, revalidate: number | false) => {
      const { runner } = route({ static: true, reason: 'opted in', revalidate });
      const events: PlaygroundEvent[] = [];
      for await (const e of staticRoute({ files: { [PATH]: version }, path: PATH, profile: profile(version), env: {}, request: get() }, START, runner)) events.push(e);
      const head = events.find((e) => e.type === 'head');
      return head?.type === 'head' ? head.headers.filter(([n]) => names.includes(n)) : [];
    };
    expect(await headersOf('15.5.29', 60)).toEqual([['vary', 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch'], ['cache-control', 's-maxage=60, stale-while-revalidate=31535940']]);
    expect(await headersOf('16.4.6', false)).toEqual([['vary', 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding'], ['cache-control', 's-maxage=31536000']]);
    expect(await headersOf('15.1.12', false)).toEqual([['vary', 'RSC, Next-Router-State-Tree, Next-Router-Prefetch, Next-Router-Segment-Prefetch'], ['x-nextjs-prerender', '1'], ['cache-control', 's-maxage=31536000,']]);
    expect(await headersOf('14.2.35', false)).toEqual([['vary', 'RSC, Next-Router-State-Tree, Next-Router-Prefetch']]);
  });

  it('a new project snapshot is a new build', async () => {
    const { runner, calls } = route({ static: true, reason: 'read nothing dynamic' });
    expect((await runOnce({ [PATH]: 'a' }, runner)).body).toBe('1');
    expect((await runOnce({ [PATH]: 'a' }, runner)).body).toBe('2');
    expect(calls).toHaveLength(2);
  });

  it('revalidate = N: stale after N s (x-nextjs-cache STALE, the old body), rebuilt in the background, then HIT with the new one', async () => {
    const files = { [PATH]: 'x' };
    let clock = 1_000_000;
    const now = () => clock;
    const { runner, calls } = route({ static: true, reason: 'read nothing dynamic', revalidate: 10 });
    await runOnce(files, runner, get(), now);
    clock += 5_000;
    expect((await runOnce(files, runner, get(), now)).head?.headers[1]).toEqual(['x-nextjs-cache', 'HIT']);
    clock += 6_000;
    const stale = await runOnce(files, runner, get(), now);
    expect(stale.head?.headers[1]).toEqual(['x-nextjs-cache', 'STALE']);
    expect(stale.body).toBe('1');
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toHaveLength(2);
    expect(calls[1].request.headers).toEqual([]);
    const fresh = await runOnce(files, runner, get(), now);
    expect(fresh.head?.headers[1]).toEqual(['x-nextjs-cache', 'HIT']);
    expect(fresh.body).toBe('2');
  });

  it('isStale: revalidate false never goes stale', () => {
    const entry = { revalidate: false, builtAt: 0 } as StaticEntry;
    expect(isStale(entry, Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(isStale({ ...entry, revalidate: 1 }, 1001)).toBe(true);
    expect(isStale({ ...entry, revalidate: 1 }, 1000)).toBe(false);
  });

  it('a run that failed after a static verdict stores nothing and shows its error', async () => {
    const files = { [PATH]: 'x' };
    let n = 0;
    const runner: RouteRunner = async function* () {
      n++;
      yield START;
      yield { type: 'prerender', static: true, reason: 'read nothing dynamic', revalidate: false };
      yield { type: 'head', status: 200, statusText: 'OK', headers: [], t: 0 };
      yield { type: 'error', code: 'FUNCTION_INVOCATION_FAILED', message: 'body threw', t: 1 };
      yield { type: 'end', timings: { compileMs: 0, startMs: 0, ttfbMs: 0, totalMs: 1 } };
    };
    const r = await runOnce(files, runner);
    expect(r.events.some((e) => e.type === 'error')).toBe(true);
    await runOnce(files, runner);
    expect(n).toBe(2);
  });
});
