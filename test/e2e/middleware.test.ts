// Middleware and proxy before the route, through the embed API in real Chromium against the production build
// (edge middleware in the sandbox's workers, Node.js middleware and proxy in real Node on the local host).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbed, type EmbedClient } from './embed-client';

let embed: EmbedClient;

beforeAll(async () => {
  embed = await openEmbed('/?embed&nodeHost=local');
});

afterAll(async () => {
  await embed.page.context().close();
});

const ROUTES = {
  'app/api/a/route.ts': `export const runtime = 'edge';\nexport function GET(request: Request) { return Response.json({ route: 'a', user: request.headers.get('x-user'), url: new URL(request.url).pathname }); }\n`,
  'app/api/b/route.ts': `export const runtime = 'edge';\nexport function GET(request: Request) { return Response.json({ route: 'b', q: new URL(request.url).search }); }\n`,
};

const get = async (url: string) => (await embed.run(undefined, { method: 'GET', url }))[0];

describe('edge middleware (15.5)', () => {
  const middleware = `import { NextResponse } from 'next/server';
export const config = { matcher: ['/api/:path*', '/go'] };
export function middleware(request) {
  const { pathname } = new URL(request.url);
  console.log('middleware saw', pathname);
  if (pathname === '/go') return NextResponse.redirect(new URL('/api/a', request.url));
  if (pathname === '/api/blocked') return new Response('no', { status: 403 });
  if (pathname === '/api/old') return NextResponse.rewrite(new URL('/api/b?from=old', request.url));
  const headers = new Headers(request.headers);
  headers.set('x-user', 'ada');
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('x-from-middleware', '1');
  return response;
}
`;

  beforeAll(async () => {
    expect((await embed.load({ ...ROUTES, 'middleware.ts': middleware }, { nextVersion: '15.5.4' })).ok).toBe(true);
  });

  it('next(): the route runs with the headers the middleware set, and the response carries its headers', async () => {
    const r = await get('/api/a');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ route: 'a', user: 'ada', url: '/api/a' });
    expect(r.headers).toContainEqual(['x-from-middleware', '1']);
    expect(r.headers.some(([k]) => k.startsWith('x-middleware-'))).toBe(false);
    expect(r.logs.map((l) => l.text)).toContain('middleware saw /api/a');
  });

  it('rewrite(): another route answers, with the rewritten query', async () => {
    const r = await get('/api/old');
    expect(JSON.parse(r.body)).toEqual({ route: 'b', q: '?from=old' });
  });

  it('redirect(): the middleware answers 307 with the location', async () => {
    const r = await get('/go');
    expect(r.status).toBe(307);
    expect(r.headers).toContainEqual(['location', 'http://localhost:3000/api/a']);
  });

  it('a response of its own is the answer', async () => {
    const r = await get('/api/blocked');
    expect(r).toMatchObject({ status: 403, body: 'no' });
  });

  it('the matcher decides: a path outside it goes straight to routing (here a 404)', async () => {
    const r = await get('/elsewhere');
    expect(r.status).toBe(404);
    expect(r.logs.map((l) => l.text).join('\n')).not.toContain('middleware saw');
  });
});

describe('Node.js middleware and proxy', () => {
  it("15.5: config.runtime = 'nodejs' runs middleware in real Node (process.versions.node is there)", async () => {
    const middleware = `export const config = { runtime: 'nodejs' };
export function middleware() {
  return new Response('node ' + typeof process.versions.node, { headers: { 'x-runtime': String(process.env.NEXT_RUNTIME) } });
}
`;
    await embed.load({ ...ROUTES, 'middleware.ts': middleware }, { nextVersion: '15.5.4' });
    const r = await get('/api/a');
    expect(r).toMatchObject({ status: 200, body: 'node string', runtime: 'nodejs' });
  });

  it('P01: proxy.ts on 16 runs on Node.js before the route', async () => {
    const proxy = `import { NextResponse } from 'next/server';
export function proxy(request) {
  const response = NextResponse.next();
  response.headers.set('x-proxy-node', typeof process.versions.node);
  return response;
}
`;
    await embed.load({ ...ROUTES, 'proxy.ts': proxy }, { nextVersion: '16.4.6' });
    const r = await get('/api/b?z=1');
    expect(r.status, JSON.stringify([r.error, r.logs, r.body.slice(0, 300)])).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ route: 'b', q: '?z=1' });
    expect(r.headers).toContainEqual(['x-proxy-node', 'string']);
  });

  it('P03: middleware.ts and proxy.ts together fail the request with Next 16 words', async () => {
    await embed.load({ ...ROUTES, 'proxy.ts': 'export default function () {}', 'middleware.ts': 'export default function () {}' }, { nextVersion: '16.4.6' });
    const r = await get('/api/a');
    expect(r.status).toBeNull();
    expect(r.error?.code).toBe('INVALID_MIDDLEWARE');
    expect(r.error?.message).toContain('Both middleware file "./middleware.ts" and proxy file "./proxy.ts" are detected.');
  });
});
