// Middleware and proxy by profile (runtime-spec.md R18; runtime-spec-2026.md §1.2–§1.3, P01–P04), the matcher, and
// how Next reads the middleware's answer.
import { describe, expect, it } from 'vitest';
import { middlewareMatches, middlewareOutcome, readMatchers, resolveMiddleware, type Middleware } from '../../src/lib/project/middleware';
import { profileFor, type Profile } from '../../src/lib/project/profiles';

const at = (version: string): Profile => {
  const found = profileFor(version);
  if (!found.ok) throw new Error(found.message);
  return found.profile;
};
const MW = 'export function middleware() {}\n';
const nodeMw = "export const config = { runtime: 'nodejs' };\n" + MW;

function resolved(files: Record<string, string>, version: string): Middleware {
  const r = resolveMiddleware(files, at(version));
  if (!r.ok || !r.middleware) throw new Error(JSON.stringify(r));
  return r.middleware;
}

describe('which runtime middleware runs on', () => {
  it('R18: 12.2–15.1 always edge, config.runtime nodejs ignored', () => {
    for (const v of ['12.3.0', '13.5.11', '14.2.3', '15.1.0']) expect(resolved({ 'middleware.ts': nodeMw }, v).runtime).toBe('edge');
  });

  it('R18 update (15.2–15.4): nodejs needs experimental.nodeMiddleware, which a stable release refuses', () => {
    const m = resolved({ 'middleware.ts': nodeMw }, '15.3.0');
    expect(m.runtime).toBe('edge');
    expect(m.warnings).toEqual(['nodejs runtime support for middleware requires experimental.nodeMiddleware be enabled in your next.config']);
    const flagged = resolveMiddleware({ 'middleware.ts': nodeMw, 'next.config.js': 'module.exports = { experimental: { nodeMiddleware: true } }' }, at('15.3.0'));
    expect(flagged).toMatchObject({
      ok: false,
      message: 'The experimental feature "experimental.nodeMiddleware" can only be enabled when using the latest canary version of Next.js.',
    });
  });

  it("R18 update (15.5+): config.runtime = 'nodejs' runs middleware on Node.js; otherwise edge", () => {
    expect(resolved({ 'middleware.ts': nodeMw }, '15.5.4').runtime).toBe('nodejs');
    expect(resolved({ 'middleware.ts': MW }, '15.5.4').runtime).toBe('edge');
    expect(resolved({ 'src/middleware.ts': nodeMw }, '15.5.4')).toMatchObject({ file: 'src/middleware.ts', runtime: 'nodejs' });
  });

  it('P01: proxy.ts (16+) always runs on Node.js; before 16 it is an ordinary file', () => {
    expect(resolved({ 'proxy.ts': 'export function proxy() {}' }, '16.0.0')).toMatchObject({ convention: 'proxy', runtime: 'nodejs' });
    expect(resolveMiddleware({ 'proxy.ts': 'export function proxy() {}' }, at('15.5.4'))).toEqual({ ok: true, middleware: null });
  });

  it("P02: proxy.ts with runtime 'edge' is Turbopack's build error; any other runtime the segment-config error", () => {
    expect(resolveMiddleware({ 'proxy.ts': "export const config = { runtime: 'edge' };\nexport default function () {}" }, at('16.4.6'))).toMatchObject({
      ok: false,
      message: "Next.js can't recognize the exported `config` field in route. Proxy does not support Edge runtime.",
      line: 1,
    });
    expect(resolveMiddleware({ 'proxy.ts': "export const config = { runtime: 'nodejs' };\nexport default function () {}" }, at('16.4.6'))).toMatchObject({
      ok: false,
      message:
        'Route segment config is not allowed in Proxy file at "./proxy.ts". Proxy always runs on Node.js runtime. Learn more: https://nextjs.org/docs/messages/middleware-to-proxy',
    });
  });

  it('P03: both middleware.ts and proxy.ts is an error (16+)', () => {
    expect(resolveMiddleware({ 'middleware.ts': MW, 'proxy.ts': 'export default function () {}' }, at('16.1.0'))).toMatchObject({
      ok: false,
      message:
        'Both middleware file "./middleware.ts" and proxy file "./proxy.ts" are detected. Please use "./proxy.ts" only. Learn more: https://nextjs.org/docs/messages/middleware-to-proxy',
    });
  });

  it('P04: middleware.ts on 16 still runs on edge and warns that the convention is deprecated', () => {
    const m = resolved({ 'middleware.ts': MW }, '16.2.0');
    expect(m.runtime).toBe('edge');
    expect(m.warnings).toEqual([
      'The "middleware" file convention is deprecated. Please use "proxy" instead. Learn more: https://nextjs.org/docs/messages/middleware-to-proxy',
    ]);
  });

  it('a proxy file without a function export is an error', () => {
    expect(resolveMiddleware({ 'proxy.ts': 'export const x = 1' }, at('16.4.6'))).toMatchObject({ ok: false });
  });
});

describe('matcher', () => {
  it('reads a string, an array of strings, or { source } objects', () => {
    expect(readMatchers("export const config = { matcher: '/api/:path*' }")).toEqual(['/api/:path*']);
    expect(readMatchers('export const config = {\n  matcher: ["/a", \'/b/:id\'],\n}')).toEqual(['/a', '/b/:id']);
    expect(readMatchers("export const config = { matcher: [{ source: '/x/:p*', has: [{ type: 'header', key: 'y' }] }] }")).toEqual(['/x/:p*']);
    expect(readMatchers('export const config = { runtime: "nodejs" }')).toEqual([]);
  });

  it('runs for matching paths only, and for every path without a matcher (never for /_next/)', () => {
    const m = resolved({ 'middleware.ts': "export const config = { matcher: ['/api/:path*', '/about'] };\n" + MW }, '15.5.4');
    expect(middlewareMatches(m, '/api/a/b')).toBe(true);
    expect(middlewareMatches(m, '/about')).toBe(true);
    expect(middlewareMatches(m, '/other')).toBe(false);
    const all = resolved({ 'middleware.ts': MW }, '15.5.4');
    expect(middlewareMatches(all, '/anything')).toBe(true);
    expect(middlewareMatches(all, '/_next/static/x.js')).toBe(false);
  });
});

describe("reading the middleware's answer", () => {
  const request = { url: 'http://localhost:3000/a?x=1', headers: [['accept', '*/*']] as [string, string][] };

  it('x-middleware-next goes on, keeping its other headers for the response', () => {
    expect(middlewareOutcome([['x-middleware-next', '1'], ['x-hello', 'mw']], request)).toEqual({
      type: 'next',
      url: request.url,
      requestHeaders: request.headers,
      responseHeaders: [['x-hello', 'mw']],
    });
  });

  it('x-middleware-rewrite goes on to the rewritten URL', () => {
    expect(middlewareOutcome([['x-middleware-rewrite', 'http://localhost:3000/b?y=2']], request)).toMatchObject({ type: 'next', url: 'http://localhost:3000/b?y=2' });
  });

  it('x-middleware-override-headers replaces the request headers with the x-middleware-request-* ones', () => {
    const out = middlewareOutcome(
      [['x-middleware-next', '1'], ['x-middleware-override-headers', 'accept,x-user'], ['x-middleware-request-accept', '*/*'], ['x-middleware-request-x-user', 'ada']],
      request,
    );
    expect(out).toMatchObject({ requestHeaders: [['accept', '*/*'], ['x-user', 'ada']], responseHeaders: [] });
  });

  it('anything else is the response', () => {
    expect(middlewareOutcome([['location', '/login']], request)).toEqual({ type: 'respond' });
  });
});
