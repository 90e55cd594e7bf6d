// `next build`'s prerender of App Router GET routes on Node (13.4–14), under real Node through the harness: which
// reads make a route dynamic (Next 13.5.11's proxy-request.js), what the module's exports decide before the handler
// runs, and that a dynamic route's same run answers from the real request. Checked against `next build` of 13.5.11.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NextTraits, PrerenderVerdict, RunEvent } from '../../workers/protocol';
import { TestHost, compile, type Collected } from './harness-host';
import { nextTraits, profileFor } from '../../src/lib/project/profiles';

const NEXT_13: NextTraits = { profile: '13.4–14.x', paramsPromise: false, requestGeo: true, dynamicCode: 'runtime' };
const ROUTE = 'app/api/s/route.ts';

let host: TestHost;
beforeAll(async () => {
  host = await TestHost.start();
});
afterAll(() => host.close());

const verdictOf = (events: RunEvent[]) => events.find((e): e is { type: 'prerender' } & PrerenderVerdict => e.type === 'prerender') ?? null;

async function prerender(source: string, init: { path?: string; headers?: [string, string][] } = {}): Promise<Collected & { verdict: PrerenderVerdict | null }> {
  const loaded = await host.load(await compile(source, ROUTE), 'app-route', ROUTE, {}, { next: NEXT_13 });
  expect(loaded.error).toBeUndefined();
  const r = await host.request({ path: init.path ?? '/api/s?q=1', headers: init.headers ?? [['user-agent', 'probe'], ['cookie', 'a=1']] }, { prerender: true });
  const verdict = verdictOf(r.events);
  if (verdict) expect(r.events.indexOf(verdict)).toBeLessThan(r.events.findIndex((e) => e.type === 'head'));
  return { ...r, verdict };
}

describe('static rendering at build (13.4–14): what the handler reads', () => {
  it('a GET that reads nothing dynamic is static, with revalidate false', async () => {
    const r = await prerender(`export function GET() { return Response.json({ t: 1 }) }`);
    expect(r.verdict).toEqual({ type: 'prerender', static: true, reason: 'read nothing dynamic', revalidate: false });
    expect(JSON.parse(r.text)).toEqual({ t: 1 });
  });

  it('the build request: GET, the path on localhost:3000, no query, no headers, so no cookies (as next build sends it)', async () => {
    const r = await prerender(`export function GET(request) {
      return Response.json({ method: request.method, path: request.nextUrl.pathname, host: request.nextUrl.host, cookie: request.cookies.get('a')?.value ?? null, geo: request.geo })
    }`);
    expect(r.verdict?.static).toBe(true);
    expect(JSON.parse(r.text)).toEqual({ method: 'GET', path: '/api/s', host: 'localhost:3000', cookie: null, geo: {} });
  });

  it.each([
    ['request.headers', `request.headers.get('user-agent')`, 'headers', 'probe'],
    ['request.url', `request.url`, 'request.url', 'https://playground.test/api/s?q=1'],
    ['nextUrl.searchParams', `request.nextUrl.searchParams.get('q')`, 'nextUrl.searchParams', '1'],
    ['nextUrl.search', `request.nextUrl.search`, 'nextUrl.search', '?q=1'],
    ['nextUrl.href', `request.nextUrl.href`, 'nextUrl.href', 'https://playground.test/api/s?q=1'],
  ])('reading %s makes it dynamic, and that same run answers from the real request', async (_name, expr, reason, value) => {
    const r = await prerender(`export function GET(request) { return Response.json({ v: ${expr} }) }`);
    expect(r.verdict).toEqual({ type: 'prerender', static: false, reason: `used \`${reason}\``, revalidate: 0 });
    expect(JSON.parse(r.text)).toEqual({ v: value });
  });

  it('after a dynamic read every read is the real request (cookies too)', async () => {
    const r = await prerender(`export function GET(request) { request.headers; return Response.json({ c: request.cookies.get('a')?.value }) }`);
    expect(r.verdict?.static).toBe(false);
    expect(JSON.parse(r.text)).toEqual({ c: '1' });
  });

  it('reading the body (text) makes it dynamic', async () => {
    const r = await prerender(`export async function GET(request) { return new Response('[' + (await request.text()) + ']') }`);
    expect(r.verdict?.reason).toBe('used `request.text`');
  });
});

describe('static rendering at build (13.4–14): what the module exports', () => {
  it.each([
    [`export const dynamic = 'force-dynamic'`, "dynamic = 'force-dynamic'"],
    [`export const revalidate = 0`, 'revalidate = 0'],
    [`export function POST() { return new Response('p') }`, 'non-static methods used POST'],
    [`export const dynamic = 'force-static'\nexport function PUT() { return new Response('p') }`, 'non-static methods used PUT'],
  ])('%s: dynamic before the handler runs', async (extra, reason) => {
    const r = await prerender(`${extra}\nexport function GET(request) { return new Response(request.headers.get('user-agent')) }`);
    expect(r.verdict).toEqual({ type: 'prerender', static: false, reason, revalidate: 0 });
    expect(r.text).toBe('probe');
  });

  it("dynamic = 'force-static': reads get the build's empty values and it stays static", async () => {
    const r = await prerender(`export const dynamic = 'force-static'
      export function GET(request) { return Response.json({ ua: request.headers.get('user-agent'), url: request.url, q: request.nextUrl.searchParams.get('q') }) }`);
    expect(r.verdict?.static).toBe(true);
    expect(JSON.parse(r.text)).toEqual({ ua: null, url: 'http://localhost:3000/api/s', q: null });
  });

  it('revalidate = 10 is static with revalidate 10', async () => {
    const r = await prerender(`export const revalidate = 10\nexport function GET() { return new Response('x') }`);
    expect(r.verdict).toMatchObject({ static: true, revalidate: 10 });
  });

  it("dynamic = 'error': a dynamic read fails as next build does, with Next's message", async () => {
    const r = await prerender(`export const dynamic = 'error'\nexport function GET(request) { return new Response(request.headers.get('x')) }`);
    expect(r.verdict?.static).toBe(false);
    expect(r.status).toBe(500);
    expect(r.errors[0]?.message).toContain('Page with `dynamic = "error"` couldn\'t be rendered statically because it used `headers`.');
  });
});

describe('static rendering at build (13.4–14): what the handler answered', () => {
  it('status 500 is not stored (dynamic); 404 and 201 are', async () => {
    expect((await prerender(`export function GET() { return new Response('bad', { status: 500 }) }`)).verdict).toMatchObject({ static: false, reason: 'answered 500 while prerendering' });
    expect((await prerender(`export function GET() { return new Response('nf', { status: 404 }) }`)).verdict?.static).toBe(true);
    expect((await prerender(`export function GET() { return new Response('c', { status: 201 }) }`)).verdict?.static).toBe(true);
  });

  it('a handler that throws is not prerendered (next build fails there) and answers as Next does', async () => {
    const r = await prerender(`export function GET() { throw new Error('boom') }`);
    expect(r.verdict?.static).toBe(false);
    expect(r.verdict?.reason).toContain('Error occurred prerendering page "/api/s"');
    expect(r.status).toBe(500);
  });

  it('a run without `prerender` gets no verdict and the real request', async () => {
    const loaded = await host.load(await compile(`export function GET(request) { return new Response(request.nextUrl.search) }`, ROUTE), 'app-route', ROUTE, {}, { next: NEXT_13 });
    expect(loaded.error).toBeUndefined();
    const r = await host.request({ path: '/api/s?q=2' });
    expect(verdictOf(r.events)).toBeNull();
    expect(r.text).toBe('?q=2');
  });
});

describe('static rendering at build by version (profiles.ts staticRules, checked on next build of 13.5.11, 14.2.35, 15.5.29)', () => {
  const traits = (version: string): NextTraits => {
    const found = profileFor(version);
    if (!found.ok) throw new Error(found.message);
    return nextTraits(found.profile, 'app-route')!;
  };
  async function prerenderOn(version: string, source: string) {
    const loaded = await host.load(await compile(source, ROUTE), 'app-route', ROUTE, {}, { next: traits(version) });
    expect(loaded.error).toBeUndefined();
    const r = await host.request({ path: '/api/s', headers: [['x-test', 'yes'], ['cookie', 'theme=dark']] }, { prerender: true });
    return { ...r, verdict: verdictOf(r.events) };
  }
  const COUNTED = `let n = 0
export function GET(request) { n++; return Response.json({ n, x: request.headers.get('x-test') }) }`;
  const CAUGHT = `export function GET(request) { let x = 'none'; try { x = request.headers.get('x-test') } catch { x = 'caught' } return Response.json({ x }) }`;
  const COOKIES = `export function GET(request) { return Response.json({ theme: request.cookies.get('theme')?.value ?? null }) }`;

  it("13.5: a dynamic read throws as the build's does; let through, the route is dynamic and answered by a module the build's run did not touch", async () => {
    const r = await prerenderOn('13.5.11', COUNTED);
    expect(r.verdict).toMatchObject({ static: false, reason: 'used `headers`' });
    expect(JSON.parse(r.text)).toEqual({ n: 1, x: 'yes' });
  });

  it('13.5: a caught read is stored with what the handler answered, for good (revalidate 0 || false)', async () => {
    const r = await prerenderOn('13.5.11', `export const revalidate = 60\n${CAUGHT}`);
    expect(r.verdict).toMatchObject({ static: true, revalidate: false });
    expect(JSON.parse(r.text)).toEqual({ x: 'caught' });
  });

  it("14.2: the same caught read makes it dynamic, and the run answers from the real request", async () => {
    const r = await prerenderOn('14.2.35', CAUGHT);
    expect(r.verdict).toMatchObject({ static: false, reason: 'used `headers`' });
    expect(JSON.parse(r.text)).toEqual({ x: 'yes' });
  });

  it('request.cookies: the build’s empty cookies on 13.5 (static), a dynamic read on 14.2', async () => {
    expect((await prerenderOn('13.5.11', COOKIES)).verdict?.static).toBe(true);
    const r = await prerenderOn('14.2.35', COOKIES);
    expect(r.verdict).toMatchObject({ static: false, reason: 'used `request.cookies`' });
    expect(JSON.parse(r.text)).toEqual({ theme: 'dark' });
  });

  it('PUT beside GET: dynamic on 13.5 and 15.5, not on 14.2; 15.5 stores only a route that opts in', async () => {
    const source = `export function GET() { return new Response('g') }\nexport function PUT() { return new Response('p') }`;
    expect((await prerenderOn('13.5.11', source)).verdict).toMatchObject({ static: false, reason: 'non-static methods used PUT' });
    expect((await prerenderOn('14.2.35', source)).verdict?.static).toBe(true);
    expect((await prerenderOn('15.5.29', source)).verdict?.static).toBe(false);
    expect((await prerenderOn('15.5.29', `export function GET() { return new Response('g') }`)).verdict?.static).toBe(false);
    expect((await prerenderOn('15.5.29', `export const dynamic = 'force-static'\nexport function GET() { return new Response('g') }`)).verdict).toMatchObject({ static: true, revalidate: false });
    expect((await prerenderOn('15.5.29', `export const revalidate = 60\nexport function GET() { return new Response('g') }`)).verdict).toMatchObject({ static: true, revalidate: 60 });
  });
});
