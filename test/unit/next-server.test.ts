// The shared `next/server` module: one source, imported by the runtimes and bundled for user code by the compiler.
import { EdgeVM } from '@edge-runtime/vm';
import * as esbuild from 'esbuild-wasm';
import { describe, expect, it, vi } from 'vitest';
import type { NextTraits } from '../../workers/protocol';
import { NextRequest } from '../../workers/shared/next-server';
import { useProjectBuilder } from './project-builder';

vi.setConfig({ testTimeout: 30_000 });

const ROUTE = 'app/api/n/route.ts';
const NEXT_14: NextTraits = { profile: '13.4–14.x', paramsPromise: false, requestGeo: true, dynamicCode: 'runtime' };
const NEXT_16: NextTraits = { profile: '16.3+', paramsPromise: true, requestGeo: false, dynamicCode: 'eval-build-error' };

const builder = useProjectBuilder();

const SOURCE = [
  "import { NextRequest } from 'next/server';",
  "export const made = () => new NextRequest('http://localhost/a?b=1', { headers: { cookie: 'c=d' } });",
  'export const isNext = (value: unknown) => value instanceof NextRequest;',
].join('\n');

/** Builds SOURCE for the edge with `next` and loads it in EdgeVM. */
async function bundle(next?: NextTraits): Promise<Record<string, any>> {
  const out = await builder.build({ [ROUTE]: SOURCE }, ROUTE, 'edge', next);
  expect(out.errors).toEqual([]);
  const { code } = await esbuild.transform(out.code!, { format: 'iife', globalName: '__bundle' });
  return new EdgeVM().evaluate(`${code}; __bundle`);
}

describe('next/server, one module for bundles and runtimes', () => {
  it('a bundle for 13.4–14 has request.geo and request.ip; one for 15+ has neither', async () => {
    const old = (await bundle(NEXT_14)).made();
    expect(['geo' in old, 'ip' in old, JSON.stringify(old.geo), old.ip]).toEqual([true, true, '{}', undefined]);
    const current = (await bundle(NEXT_16)).made();
    expect(['geo' in current, 'ip' in current, current.geo]).toEqual([false, false, undefined]);
    expect([current.nextUrl.searchParams.get('b'), current.cookies.get('c').value, current.nextUrl.clone().pathname]).toEqual(['1', 'd', '/a']);
  });

  it('the runtime wraps a Request in its own copy; the bundle still sees a NextRequest', async () => {
    const mod = await bundle(NEXT_16);
    const wrapped = new NextRequest(new Request('http://localhost/x', { method: 'POST', body: 'hi', headers: { cookie: 'k=v' } }), { requestGeo: true, geo: { city: 'Berlin' }, ip: '1.2.3.4' });
    expect(mod.isNext(wrapped)).toBe(true);
    expect(mod.isNext(new Request('http://localhost/x'))).toBe(false);
    expect([wrapped.method, await wrapped.text(), wrapped.cookies.get('k')?.value, wrapped.nextUrl.pathname]).toEqual(['POST', 'hi', 'v', '/x']);
    expect([(wrapped as unknown as { geo: { city: string } }).geo.city, (wrapped as unknown as { ip: string }).ip]).toEqual(['Berlin', '1.2.3.4']);
  });

  it('a request without requestGeo has no geo (the 15+ default)', () => {
    const request = new NextRequest('http://localhost/');
    expect('geo' in request || 'ip' in request).toBe(false);
  });
});

describe("Next's cookie library in bundles (issue 8)", () => {
  it('next/server, next/dist/compiled/@edge-runtime/cookies and spec-extension/cookies share one bundled copy, nothing installed', async () => {
    const source = [
      "import { RequestCookies, ResponseCookies } from 'next/server';",
      "import * as compiled from 'next/dist/compiled/@edge-runtime/cookies';",
      "import * as spec from 'next/dist/server/web/spec-extension/cookies.js';",
      'export const same = [compiled.RequestCookies === RequestCookies, spec.ResponseCookies === ResponseCookies];',
      'export const names = [Object.keys(compiled).sort(), Object.keys(spec).sort()];',
    ].join('\n');
    for (const runtime of ['edge', 'nodejs'] as const) {
      const out = await builder.build({ [ROUTE]: source }, ROUTE, runtime, NEXT_16);
      expect(out.errors).toEqual([]);
      expect(out.code).not.toMatch(/from ["']@edge-runtime|require\(["']@edge-runtime/);
    }
    const mod = await (async () => {
      const out = await builder.build({ [ROUTE]: source }, ROUTE, 'edge', NEXT_16);
      const { code } = await esbuild.transform(out.code!, { format: 'iife', globalName: '__bundle' });
      return new EdgeVM().evaluate(`${code}; __bundle`);
    })();
    expect(mod.same).toEqual([true, true]);
    expect(mod.names).toEqual([
      ['RequestCookies', 'ResponseCookies', 'parseCookie', 'parseSetCookie', 'stringifyCookie'],
      ['RequestCookies', 'ResponseCookies', 'stringifyCookie'],
    ]);
  });
});
