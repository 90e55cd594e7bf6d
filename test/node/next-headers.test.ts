// `next/headers` in App Router route handlers on Node, under real Node through the harness, bundled by the playground's
// compiler: each request sees its own headers while several overlap in one process, cookies() changes reach the
// response, and reading headers() while prerendering (13.4–14) makes the route dynamic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NextTraits, PrerenderVerdict, RunEvent } from '../../workers/protocol';
import { useProjectBuilder } from '../unit/project-builder';
import { TestHost } from './harness-host';

const NEXT_14: NextTraits = { profile: '13.4–14.x', paramsPromise: false, requestGeo: true, dynamicCode: 'runtime', requestApis: 'sync' };
const NEXT_16: NextTraits = { profile: '16.3+', paramsPromise: true, requestGeo: false, dynamicCode: 'eval-build-error', requestApis: 'promise' };
const ROUTE = 'app/api/h/route.ts';

const builder = useProjectBuilder();
let host: TestHost;
beforeAll(async () => {
  host = await TestHost.start();
});
afterAll(() => host.close());

async function load(source: string, next: NextTraits) {
  const out = await builder.build({ [ROUTE]: source }, ROUTE, 'nodejs', next);
  expect(out.errors).toEqual([]);
  const loaded = await host.load(out.code!, 'app-route', ROUTE, {}, { next });
  expect(loaded.error).toBeUndefined();
}

describe('next/headers on Node', () => {
  it('overlapping requests in one process each read their own headers and cookies, across awaits and timers', async () => {
    await load(
      `import { headers, cookies } from 'next/headers';
      const later = (ms) => new Promise((r) => setTimeout(r, ms));
      async function who() { await later(5); return (await headers()).get('x-who'); }
      export async function GET() {
        const first = (await headers()).get('x-who');
        await later(Number(first) * 10);
        const inTimer = await new Promise((r) => setTimeout(async () => r((await headers()).get('x-who')), 5));
        return Response.json({ first, nested: await who(), inTimer, cookie: (await cookies()).get('c')?.value });
      }`,
      NEXT_16,
    );
    const ids = ['3', '1', '2'];
    const answers = await Promise.all(ids.map((id) => host.request({ path: '/api/h', headers: [['x-who', id], ['cookie', `c=${id}`]] })));
    expect(answers.map((a) => JSON.parse(a.text))).toEqual(ids.map((id) => ({ first: id, nested: id, inTimer: id, cookie: id })));
  });

  it('cookies().set and delete go out as Set-Cookie, in the order Next merges them', async () => {
    await load(
      `import { cookies } from 'next/headers';
      export function GET() {
        const c = cookies(); c.set('a', 'store'); c.set({ name: 'b', value: '2', httpOnly: true }); c.delete('old');
        return new Response('ok', { status: 201 });
      }`,
      NEXT_14,
    );
    const r = await host.request({ path: '/api/h', headers: [['cookie', 'old=1']] });
    expect([r.status, r.text]).toEqual([201, 'ok']);
    expect(r.headers.filter(([n]) => n === 'set-cookie').map(([, v]) => v)).toEqual(['old=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'a=store; Path=/', 'b=2; Path=/; HttpOnly']);
  });

  it("15+: a stale preview cookie is cleared before the route's own Set-Cookie, as next start's preview check does", async () => {
    await load(`export function GET() { return new Response('ok', { headers: { 'set-cookie': 'a=1' } }); }`, { ...NEXT_16, appPreviewCookieCheck: true });
    const r = await host.request({ path: '/api/h', headers: [['cookie', '__prerender_bypass=old']] });
    expect(r.headers.filter(([n]) => n === 'set-cookie').map(([, v]) => v.split(';')[0])).toEqual(['__prerender_bypass=', '__next_preview_data=', 'a=1']);
    expect((await host.request({ path: '/api/h' })).headers.filter(([n]) => n === 'set-cookie').length).toBe(1);
  });

  it('at module top level headers() throws the version\'s outside-a-request message; 16 has no sync members', async () => {
    await load(
      `import { headers } from 'next/headers';
      let outside = 'none'; try { headers(); } catch (e) { outside = String(e); }
      export async function GET() { let sync; try { headers().get('x'); sync = 'worked'; } catch (e) { sync = e.name; } return Response.json({ outside, sync }); }`,
      NEXT_16,
    );
    expect(JSON.parse((await host.request({ path: '/api/h' })).text)).toEqual({
      outside: 'Error: `headers` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context',
      sync: 'TypeError',
    });
  });

  it('13.4–14 prerender: reading headers() or cookies() makes the GET route dynamic, with the real values', async () => {
    const verdictOf = (events: RunEvent[]) => events.find((e): e is { type: 'prerender' } & PrerenderVerdict => e.type === 'prerender');
    for (const call of ['headers', 'cookies']) {
      await load(`import { headers, cookies } from 'next/headers';\nexport function GET() { const v = ${call}(); return Response.json({ ua: v.get('user-agent') ?? null }); }`, NEXT_14);
      const r = await host.request({ path: '/api/h', headers: [['user-agent', 'probe']] }, { prerender: true });
      expect(verdictOf(r.events)).toMatchObject({ static: false, reason: `used \`${call}\`` });
      if (call === 'headers') expect(JSON.parse(r.text)).toEqual({ ua: 'probe' });
    }
    await load(`import { headers } from 'next/headers';\nexport const dynamic = 'force-static';\nexport function GET() { return Response.json({ ua: headers().get('user-agent') }); }`, NEXT_14);
    const r = await host.request({ path: '/api/h', headers: [['user-agent', 'probe']] }, { prerender: true });
    expect([verdictOf(r.events)?.static, JSON.parse(r.text)]).toEqual([true, { ua: null }]);
  });
});
