// The shared `next/headers` module by version (13.2, 13.4–14, 15, 16), against the texts and shapes of each version's
// own sources, and the compiler serving it to bundles only where the version has it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NextTraits } from '../../workers/protocol';
import * as nh from '../../workers/shared/next-headers';
import { useProjectBuilder } from './project-builder';

vi.setConfig({ testTimeout: 30_000 });

let current: nh.RequestScope | undefined;
beforeEach(() => {
  Object.defineProperty(globalThis, nh.REQUEST_SCOPE_HOOK, { value: () => current, configurable: true });
});
afterEach(() => {
  current = undefined;
  delete (globalThis as Record<symbol, unknown>)[nh.REQUEST_SCOPE_HOOK];
});

const scopeOf = (headers: Record<string, string>, options: Partial<Parameters<typeof nh.createRequestScope>[1]> = {}) =>
  (current = nh.createRequestScope(new Headers(headers), { forceStatic: false, ...options }));
const thrown = (fn: () => unknown) => {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return String(e);
  }
};
const any = (v: unknown) => v as any;

describe('next/headers outside a request', () => {
  it.each([
    ['appDir', 'Error: Invariant: Method expects to have requestAsyncStorage, none available'],
    ['sync', 'Error: `headers` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context'],
    ['exotic', 'Error: `headers` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context'],
    ['promise', 'Error: `headers` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context'],
  ] as const)('%s throws its version\'s text', (api, message) => {
    nh.configureNextHeaders({ api });
    expect(thrown(() => nh.headers())).toBe(message);
  });

  it('13.4–14.1 say it as an invariant', () => {
    nh.configureNextHeaders({ api: 'sync', invariant: true });
    expect(thrown(() => nh.draftMode())).toBe('Error: Invariant: draftMode() expects to have requestAsyncStorage, none available.');
  });
});

describe('next/headers in a route handler, 13.4–14', () => {
  beforeEach(() => nh.configureNextHeaders({ api: 'sync' }));

  it('headers() reads the request, is one object per request, and refuses writes with ReadonlyHeadersError', () => {
    scopeOf({ 'x-a': '1', rsc: '1' });
    const h = any(nh.headers());
    expect([h.get('x-a'), h.has('rsc'), h instanceof Headers, nh.headers() === h]).toEqual(['1', false, true, true]);
    expect(thrown(() => h.set('x-a', '2'))).toBe('Error: Headers cannot be modified. Read more: https://nextjs.org/docs/app/api-reference/functions/headers');
    expect(thrown(() => h.append('x', '2'))).toMatch(/Headers cannot be modified/);
  });

  it('cookies() are settable: reads see the request cookies with path /, changes go to the response under its own', () => {
    const scope = scopeOf({ cookie: 'theme=dark; a=0' });
    const c = any(nh.cookies());
    expect(c.get('theme')).toEqual({ name: 'theme', value: 'dark', path: '/' });
    c.set('a', '1').set({ name: 'b', value: '2', httpOnly: true });
    c.delete('theme');
    expect(c.get('a').value).toBe('1');
    expect(scope.modifiedCookies.map((x) => x.name)).toEqual(['theme', 'a', 'b']);
    const merged = nh.responseWithCookies(new Response('ok', { status: 201 }), scope)!;
    expect([merged.status, merged.headers.getSetCookie()]).toEqual([201, ['theme=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'a=1; Path=/', 'b=2; Path=/; HttpOnly']]);
  });

  it('nothing changed: the response is sent as it is', () => {
    const scope = scopeOf({ cookie: 'a=1' });
    any(nh.cookies()).get('a');
    expect(nh.responseWithCookies(new Response('ok'), scope)).toBeNull();
  });

  it('draftMode(): on only with this build\'s preview cookie; enable() sets it as next start does', () => {
    const scope = scopeOf({ cookie: '__prerender_bypass=other' });
    expect(any(nh.draftMode()).isEnabled).toBe(false);
    any(nh.draftMode()).enable();
    const [line] = nh.responseWithCookies(new Response(null), scope)!.headers.getSetCookie();
    expect(line).toBe(`__prerender_bypass=${scope.previewModeId}; Path=/; Secure; HttpOnly; SameSite=none`);
    scopeOf({ cookie: `__prerender_bypass=${scope.previewModeId}` });
    expect(any(nh.draftMode()).isEnabled).toBe(true);
  });

  it('while prerendering, headers() and cookies() report a dynamic use; force-static gets empty ones', () => {
    const uses: string[] = [];
    scopeOf({ 'x-a': '1' }, { dynamic: (e) => uses.push(e) });
    nh.headers();
    nh.cookies();
    any(nh.draftMode()).isEnabled;
    expect(uses).toEqual(['headers', 'cookies']);
    scopeOf({ 'x-a': '1', cookie: 'a=1' }, { forceStatic: true, dynamic: (e) => uses.push(e) });
    expect([any(nh.headers()).get('x-a'), any(nh.cookies()).getAll(), uses.length]).toEqual([null, [], 2]);
    expect(thrown(() => any(nh.cookies()).set('a', '2'))).toBe(
      'Error: Cookies can only be modified in a Server Action or Route Handler. Read more: https://nextjs.org/docs/app/api-reference/functions/cookies#cookiessetname-value-options',
    );
  });
});

describe("next start's preview cookie check before a Node.js route (14.2+)", () => {
  it('clears a bypass cookie of another build, or a lone preview-data cookie, before the route\'s own cookies', () => {
    const cleared = ['__prerender_bypass=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=None', '__next_preview_data=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=None'];
    const route = () => new Response('ok', { headers: { 'set-cookie': 'a=1', 'x-a': '1' } });
    const stale = nh.withStalePreviewCleared(route(), scopeOf({ cookie: '__prerender_bypass=old' }));
    expect([stale.headers.getSetCookie(), stale.headers.get('x-a')]).toEqual([[...cleared, 'a=1'], '1']);
    expect(nh.withStalePreviewCleared(route(), scopeOf({ cookie: '__next_preview_data=t' })).headers.getSetCookie()).toEqual([...cleared, 'a=1']);
  });

  it("leaves requests without preview cookies, and this build's draft mode, alone", () => {
    const plain = new Response('ok');
    expect(nh.withStalePreviewCleared(plain, scopeOf({ cookie: 'a=1' }))).toBe(plain);
    const scope = scopeOf({});
    const own = nh.createRequestScope(new Headers({ cookie: `__prerender_bypass=${scope.previewModeId}` }), { forceStatic: false });
    expect(nh.withStalePreviewCleared(plain, own)).toBe(plain);
  });
});

describe('next/headers by version', () => {
  it('13.2: ReadonlyHeaders and read-only cookies with their own texts', () => {
    nh.configureNextHeaders({ api: 'appDir' });
    scopeOf({ 'x-a': '1', cookie: 'a=1' });
    const h = any(nh.headers());
    expect([h.get('x-a'), h instanceof Headers]).toEqual(['1', false]);
    expect(thrown(() => h.delete('x-a'))).toBe('Error: ReadonlyHeaders cannot be modified');
    const c = any(nh.cookies());
    expect(c.get('a')).toEqual({ name: 'a', value: '1' });
    expect(thrown(() => c.set('a', '2'))).toBe('Error: ReadonlyRequestCookies cannot be modified. Read more: https://nextjs.org/api-reference/cookies');
    expect(nh.previewData()).toBe(false);
  });

  it('15: promises that also carry the members, one per request', async () => {
    nh.configureNextHeaders({ api: 'exotic' });
    scopeOf({ 'x-a': '1', cookie: 'a=1' });
    const h = any(nh.headers());
    expect([h instanceof Promise, h.get('x-a'), (await h).get('x-a'), nh.headers() === h]).toEqual([true, '1', '1', true]);
    expect(thrown(() => h.set('x', '1'))).toMatch(/Headers cannot be modified/);
    const c = any(nh.cookies());
    expect([c.get('a').value, [...c].map(([n]: [string]) => n)]).toEqual(['1', ['a']]);
    const d = any(nh.draftMode());
    expect([d instanceof Promise, d.isEnabled, (await d).isEnabled]).toEqual([true, false, false]);
  });

  it('16: bare promises (sync access finds no members)', async () => {
    nh.configureNextHeaders({ api: 'promise' });
    scopeOf({ 'x-a': '1' });
    const h = any(nh.headers());
    expect([typeof h.get, (await h).get('x-a')]).toEqual(['undefined', '1']);
    expect(thrown(() => h.get('x-a'))).toBe('TypeError: h.get is not a function');
    expect(typeof any(nh.draftMode()).isEnabled).toBe('undefined');
  });
});

describe('the compiler serves next/headers where the version has it', () => {
  const builder = useProjectBuilder();
  const ROUTE = 'app/api/h/route.ts';
  const SOURCE = "import { headers } from 'next/headers';\nexport const GET = () => Response.json({ x: typeof headers });";
  const traits = (requestApis?: NextTraits['requestApis']): NextTraits => ({ profile: 'x', paramsPromise: false, requestGeo: false, dynamicCode: 'runtime', ...(requestApis ? { requestApis } : {}) });

  it.each(['nodejs', 'edge'] as const)('%s: bundled with the version set (15: exotic), one next-server copy', async (runtime) => {
    const out = await builder.build({ [ROUTE]: SOURCE }, ROUTE, runtime, traits('exotic'));
    expect(out.errors).toEqual([]);
    expect(out.code).toContain('configureNextHeaders({ api: "exotic", invariant: false })');
    expect(out.code!.match(/class ResponseCookies\b/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });

  it('before 13.2 there is no next/headers to bundle', async () => {
    const edge = await builder.build({ [ROUTE]: SOURCE }, ROUTE, 'edge', traits());
    expect(edge.errors.length).toBeGreaterThan(0);
    const node = await builder.build({ [ROUTE]: SOURCE }, ROUTE, 'nodejs', traits());
    expect(node.code).not.toContain('configureNextHeaders');
  });

  it('13.2 exports previewData and no draftMode', async () => {
    const out = await builder.build({ [ROUTE]: "import { draftMode } from 'next/headers';\nexport const GET = () => new Response(String(draftMode));" }, ROUTE, 'edge', traits('appDir'));
    expect(out.errors.map((e) => e.text).join()).toMatch(/draftMode/);
  });
});
