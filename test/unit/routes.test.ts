import { describe, expect, it } from 'vitest';
import { handlerKind, matchRoute, routePath } from '../../src/lib/project/routes';

describe('routes', () => {
  it('knows the handler conventions by path', () => {
    expect(handlerKind('app/api/hello/route.ts')).toBe('app-route');
    expect(handlerKind('src/app/route.js')).toBe('app-route');
    expect(handlerKind('pages/api/x.ts')).toBe('pages-api');
    expect(handlerKind('api/x.ts')).toBe('vercel-function');
    expect(handlerKind('app/page.tsx')).toBeNull();
    expect(handlerKind('lib/util.ts')).toBeNull();
  });

  it('maps files to URL paths', () => {
    expect(routePath('app/api/hello/route.ts')).toBe('/api/hello');
    expect(routePath('app/(group)/api/route.ts')).toBe('/api');
    expect(routePath('pages/api/x/index.ts')).toBe('/api/x');
    expect(routePath('api/users.ts')).toBe('/api/users');
  });

  it('matches a request path to its handler, with dynamic segments', () => {
    const files = { 'app/api/hello/route.ts': '', 'app/api/users/[id]/route.ts': '', 'api/all/[...rest].ts': '' };
    expect(matchRoute(files, '/api/hello?name=Ada')).toBe('app/api/hello/route.ts');
    expect(matchRoute(files, '/api/users/42')).toBe('app/api/users/[id]/route.ts');
    expect(matchRoute(files, '/api/all/a/b')).toBe('api/all/[...rest].ts');
    expect(matchRoute(files, '/nope')).toBeNull();
  });

  it('picks the most specific route, as Next.js does: static, then [param], then [...rest], then [[...rest]]', () => {
    const files = {
      'app/api/users/me/route.ts': '',
      'app/api/users/[id]/route.ts': '',
      'app/api/[...rest]/route.ts': '',
      'app/docs/[[...slug]]/route.ts': '',
    };
    expect(matchRoute(files, '/api/users/me')).toBe('app/api/users/me/route.ts');
    expect(matchRoute(files, '/api/users/7')).toBe('app/api/users/[id]/route.ts');
    expect(matchRoute(files, '/api/users/7/posts')).toBe('app/api/[...rest]/route.ts');
    expect(matchRoute(files, '/api')).toBeNull();
    expect(matchRoute(files, '/docs')).toBe('app/docs/[[...slug]]/route.ts');
    expect(matchRoute(files, 'http://localhost:3000/docs/a/b?x=1')).toBe('app/docs/[[...slug]]/route.ts');
  });
});
