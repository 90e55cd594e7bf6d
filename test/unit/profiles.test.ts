// The profiles table (src/lib/project/profiles.ts): version strings → rows, and each row's runtime resolution and
// messages, named by runtime-spec.md §7.3 rows and runtime-spec-2026.md §5 rows (A01, A02, P01–P04, R-row updates).
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, declaredNextVersion, nextTraits, profileFor, PROFILES, type Profile } from '../../src/lib/project/profiles';
import { resolveRuntime } from '../../src/lib/project/resolve-runtime';
import { routeHandlersMissing } from '../../src/lib/project/next-routing';

const at = (version: string): Profile => {
  const found = profileFor(version);
  if (!found.ok) throw new Error(found.message);
  return found.profile;
};

const route = 'app/api/x/route.ts';
const GET = 'export function GET() { return new Response("ok") }\n';
const api = 'pages/api/x.ts';

describe('profileFor: any version string maps to its row', () => {
  it.each([
    ['12.2.6', '12.2–12.3'],
    ['12.3.4', '12.2–12.3'],
    ['13.0.0', '13.0'],
    ['13.0.6', '13.0'],
    ['13.0.7', '13.0.7'],
    ['13.1.6', '13.1'],
    ['13.2.4', '13.2–13.3'],
    ['13.4', '13.4–13.5'],
    ['13.5.11', '13.4–13.5'],
    ['14', '14.0–14.1'],
    ['14.1.4', '14.0–14.1'],
    ['14.2.35', '14.2'],
    ['15', '15.0–15.1'],
    ['15.1.9', '15.0–15.1'],
    ['15.2.0', '15.2–15.4'],
    ['15.4.7', '15.2–15.4'],
    ['15.5.4', '15.5'],
    ['^15.5.0', '15.5'],
    ['16', '16.0–16.1'],
    ['16.1.6', '16.0–16.1'],
    ['16.2.1', '16.2'],
    ['16.3.0', '16.3+'],
    ['16.4', '16.3+'],
    ['v16.4.6', '16.3+'],
    ['~16.4.6', '16.3+'],
    ['16.4.0-canary.12', '16.3+'],
    // A range is what npm installs for it: the newest version it allows.
    ['16.x', '16.3+'],
    ['^15.0.3', '15.5'],
    ['~16.1.0', '16.0–16.1'],
    ['^14.2.3', '14.2'],
    ['>=13.4 <14', '13.4–13.5'],
    ['13.x || 14.1.x', '14.0–14.1'],
    ['latest', '16.3+'],
  ])('%s → %s', (version, id) => {
    expect(at(version).id).toBe(id);
  });

  it.each([
    ['banana', 'is not a Next.js version'],
    ['', 'is not a Next.js version'],
    ['12.1.0', 'the edge runtime arrived in 12.2'],
    ['11', 'the edge runtime arrived in 12.2'],
    ['17.0.0', 'newer than the versions this playground knows'],
  ])('%s → INVALID_NEXT_VERSION (%s)', (version, why) => {
    const found = profileFor(version);
    expect(found.ok).toBe(false);
    expect(!found.ok && found.code).toBe('INVALID_NEXT_VERSION');
    expect(!found.ok && found.message).toContain(why);
  });

  it('the default is what people install today (16.3+), and rows are in version order', () => {
    expect(DEFAULT_PROFILE.id).toBe('16.3+');
    const order = PROFILES.map((p) => p.from.join('.'));
    expect([...order].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))).toEqual(order);
  });

  it("reads the project's package.json `next` dependency", () => {
    expect(declaredNextVersion('{"dependencies":{"next":"13.5.11","react":"18"}}')).toBe('13.5.11');
    expect(declaredNextVersion('{"devDependencies":{"next":"^15.5.0"}}')).toBe('^15.5.0');
    expect(declaredNextVersion('{ not json')).toBeNull();
    expect(declaredNextVersion(undefined)).toBeNull();
  });
});

describe('traits the workers get', () => {
  it('params are a promise and NextRequest has no geo/ip from 15; ≤14 the reverse', () => {
    expect(nextTraits(at('14.2.3'), 'app-route')).toMatchObject({ profile: '14.2', paramsPromise: false, requestGeo: true });
    expect(nextTraits(at('15.5.4'), 'app-route')).toMatchObject({ profile: '15.5', paramsPromise: true, requestGeo: false });
  });

  it('dynamic code: webpack fails the build for middleware and pages/api edge only; Turbopack (16) for eval in all', () => {
    expect(nextTraits(at('13.5.11'), 'app-route')?.dynamicCode).toBe('runtime');
    expect(nextTraits(at('15.5.4'), 'pages-api')?.dynamicCode).toBe('build-error');
    expect(nextTraits(at('16.4.6'), 'app-route')?.dynamicCode).toBe('eval-build-error');
  });

  it('static GET routes: 13.x counts neither cookies nor a caught read and all five methods; 14.x counts both and leaves PUT out; 15+ only opted-in routes', () => {
    expect(nextTraits(at('13.5.11'), 'app-route')?.prerender).toEqual({ optIn: false, nonStaticMethods: ['OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'], cookiesDynamic: false, caughtReadDynamic: false });
    expect(nextTraits(at('14.2.35'), 'app-route')?.prerender).toEqual({ optIn: false, nonStaticMethods: ['OPTIONS', 'POST', 'DELETE', 'PATCH'], cookiesDynamic: true, caughtReadDynamic: true });
    expect(nextTraits(at('16.4.6'), 'app-route')?.prerender).toMatchObject({ optIn: true, nonStaticMethods: ['OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'] });
    expect(nextTraits(at('13.1.6'), 'app-route')?.prerender).toBeUndefined();
    expect(nextTraits(at('14.2.35'), 'pages-api')?.prerender).toBeUndefined();
    expect([at('13.5.11'), at('14.2.35'), at('15.1.12'), at('15.5.29')].map((p) => [p.staticRules.cacheControl, p.staticRules.vary])).toEqual([
      ['none', 'RSC, Next-Router-State-Tree, Next-Router-Prefetch, Next-Url'],
      ['none', 'RSC, Next-Router-State-Tree, Next-Router-Prefetch'],
      ['s-maxage,', 'RSC, Next-Router-State-Tree, Next-Router-Prefetch, Next-Router-Segment-Prefetch'],
      ['s-maxage', 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch'],
    ]);
  });

  it('OPTIONS needs GET on 13.4–14.1 only; the detailed no-Response message from 16.2', () => {
    expect(['13.4.0', '13.5.11', '14.1.4', '14.2.0', '15.5.29'].map((v) => nextTraits(at(v), 'app-route')?.optionsNeedGet ?? false)).toEqual([true, true, true, false, false]);
    expect(['16.1.6', '16.2.0', '16.4.6'].map((v) => nextTraits(at(v), 'app-route')?.noResponseDetail ?? false)).toEqual([false, true, true]);
  });

  it('a plain Vercel function gets no Next traits: no Next.js wraps it', () => {
    expect(nextTraits(DEFAULT_PROFILE, 'vercel-function')).toBeUndefined();
  });
});

describe('runtime resolution by profile', () => {
  it("A01: 'experimental-edge' in an app file is a zod error from 15.0 (accepted with 13.4–14)", () => {
    const files = { [route]: `export const runtime = 'experimental-edge'\n${GET}` };
    expect(resolveRuntime(files, route, '/api/x', at('14.2.3'))).toMatchObject({ ok: true, runtime: 'edge' });
    expect(resolveRuntime(files, route, '/api/x', at('15.5.4'))).toMatchObject({
      ok: false,
      message:
        'Invalid segment configuration options detected for "/api/x". Read more at https://nextjs.org/docs/app/api-reference/file-conventions/route-segment-config: Invalid enum value. Expected \'edge\' | \'nodejs\', received \'experimental-edge\' at "runtime"',
    });
  });

  it("R12 (15.x): an unknown app runtime is zod's error; (16, Turbopack) Turbopack's own words (runtime-spec-2026 §7)", () => {
    const files = { [route]: `export const runtime = 'deno'\n${GET}` };
    expect(resolveRuntime(files, route, '/api/x', at('15.5.4'))).toMatchObject({
      message:
        'Invalid segment configuration options detected for "/api/x". Read more at https://nextjs.org/docs/app/api-reference/file-conventions/route-segment-config: Invalid enum value. Expected \'edge\' | \'nodejs\', received \'deno\' at "runtime"',
    });
    expect(resolveRuntime(files, route, '/api/x', at('16.4.6'))).toMatchObject({
      message: "Next.js can't recognize the exported `runtime` field in route. It has an invalid value: unknown variant `deno`, expected one of `nodejs`, `edge`, `experimental-edge`.",
    });
  });

  it('R12 (pages, 15+): zod names `config.runtime` and the three pages values', () => {
    const files = { [api]: "export const config = { runtime: 'deno' }" };
    expect(resolveRuntime(files, api, '/api/x', at('16.4.6'))).toMatchObject({
      message:
        'Invalid segment configuration options detected for "/api/x". Read more at https://nextjs.org/docs/messages/invalid-page-config: Invalid enum value. Expected \'edge\' | \'experimental-edge\' | \'nodejs\', received \'deno\' at "config.runtime"',
    });
  });

  it('R13 (15+): a number is "received number"', () => {
    const files = { [api]: 'export const config = { runtime: 1 }' };
    expect(resolveRuntime(files, api, '/api/x', at('15.0.3'))).toMatchObject({
      message:
        'Invalid segment configuration options detected for "/api/x". Read more at https://nextjs.org/docs/messages/invalid-page-config: Expected \'edge\' | \'experimental-edge\' | \'nodejs\', received number at "config.runtime"',
    });
  });

  it('R12 (13.0): two choices, and an `export const runtime` prints "undefined" (its interpolation bug)', () => {
    const files = { [api]: "export const runtime = 'deno'" };
    expect(resolveRuntime(files, api, '/api/x', at('13.0.2'))).toMatchObject({
      message: 'Provided runtime "undefined" is not supported. Please leave it empty or choose one of: experimental-edge, nodejs',
    });
  });

  it("R08: pages/api config.runtime = 'edge' is refused by 13.0.0–13.0.6 and accepted from 13.0.7 (runtime-spec-2026 §7)", () => {
    const files = { [api]: "export const config = { runtime: 'edge' }" };
    expect(resolveRuntime(files, api, '/api/x', at('13.0.6'))).toMatchObject({
      ok: false,
      message: 'Provided runtime "edge" is not supported. Please leave it empty or choose one of: experimental-edge, nodejs',
    });
    expect(resolveRuntime(files, api, '/api/x', at('13.0.7'))).toMatchObject({ ok: true, runtime: 'edge' });
  });

  it('12.2 reads only config.runtime, where only experimental-edge is edge and edge is refused (as next build of 12.2.6 does)', () => {
    const p = at('12.2.6');
    expect(resolveRuntime({ [api]: "export const runtime = 'experimental-edge'" }, api, '/api/x', p)).toMatchObject({ runtime: 'nodejs' });
    expect(resolveRuntime({ [api]: "export const config = { runtime: 'experimental-edge' }" }, api, '/api/x', p)).toMatchObject({ runtime: 'edge' });
    expect(resolveRuntime({ [api]: "export const config = { runtime: 'edge' }" }, api, '/api/x', p)).toMatchObject({
      ok: false,
      message: 'Provided runtime "edge" is not supported. Please leave it empty or choose one of: experimental-edge, nodejs',
    });
  });

  it('R03 update: a route handler under an edge root layout is edge on 13.4–14, nodejs from 15.0 (pages only inherit)', () => {
    const files = { 'app/layout.tsx': "export const runtime = 'edge'\n", 'app/a/route.ts': GET, 'app/b/page.tsx': 'export default () => null' };
    expect(resolveRuntime(files, 'app/a/route.ts', '/a', at('14.2.3'))).toMatchObject({ runtime: 'edge' });
    expect(resolveRuntime(files, 'app/a/route.ts', '/a', at('15.0.0'))).toMatchObject({ runtime: 'nodejs' });
    expect(resolveRuntime(files, 'app/b/page.tsx', '/b', at('15.0.0'))).toMatchObject({ runtime: 'edge' });
    expect(resolveRuntime(files, 'app/a/route.ts', '/a', at('13.3.0'))).toMatchObject({ runtime: 'nodejs' });
  });

  it('R07 update: app `export const config` is ignored silently on 15 (webpack) and warned by Turbopack on 16', () => {
    const files = { [route]: "export const config = { runtime: 'edge' }\n" + GET };
    expect(resolveRuntime(files, route, '/api/x', at('15.5.4'))).toEqual(expect.objectContaining({ ok: true, runtime: 'nodejs', warnings: [] }));
    const r16 = resolveRuntime(files, route, '/api/x', at('16.1.0'));
    expect(r16).toMatchObject({ ok: true, runtime: 'nodejs' });
    expect(r16.ok && r16.warnings).toEqual([
      "Next.js can't recognize the exported `config` field in route. Page config in `config` is deprecated and ignored, use individual exports instead.",
    ]);
  });

  it('R09/R11 update: 16.3+ prints the edge deprecation warning for every edge route; 16.2 does not', () => {
    const files = { [route]: `export const runtime = 'edge'\n${GET}` };
    const deprecation =
      'The Edge Runtime is deprecated. You can use the "nodejs" runtime instead. Learn more: https://nextjs.org/docs/messages/edge-runtime-deprecated';
    const r163 = resolveRuntime(files, route, '/api/x', at('16.3.0'));
    expect(r163.ok && r163.warnings).toEqual([deprecation]);
    const r162 = resolveRuntime(files, route, '/api/x', at('16.2.0'));
    expect(r162.ok && r162.warnings).toEqual([]);
  });

  it('non-literal runtime (15+): Next names the exported `config` field and the unknown identifier', () => {
    const files = { [route]: `const rt = 'edge'\nexport const runtime = rt\n${GET}` };
    const r = resolveRuntime(files, route, '/api/x', at('15.5.4'));
    expect(r).toMatchObject({ ok: true, runtime: 'nodejs' });
    expect(r.ok && r.warnings[0]).toBe(
      'Next.js can\'t recognize the exported `config` field in route "/api/x/route":\nUnknown identifier "rt".\nRead More - https://nextjs.org/docs/messages/invalid-page-config',
    );
  });
});

describe('route handlers exist from 13.2 (behind appDir until 13.4)', () => {
  it('13.1 has none: app/**/route.ts is a 404 (runtime-spec-2026 §7)', () => {
    expect(routeHandlersMissing(at('13.1.6'), { [route]: GET })).toContain('has no App Router route handlers');
  });

  it('13.2–13.3 serve them only with experimental.appDir', () => {
    expect(routeHandlersMissing(at('13.2.4'), { [route]: GET })).toContain('experimental: { appDir: true }');
    expect(routeHandlersMissing(at('13.2.4'), { [route]: GET, 'next.config.js': 'module.exports = { experimental: { appDir: true } }' })).toBeNull();
  });

  it('13.4+ always', () => {
    expect(routeHandlersMissing(at('13.4.0'), { [route]: GET })).toBeNull();
    expect(routeHandlersMissing(DEFAULT_PROFILE, { [route]: GET })).toBeNull();
  });
});
