// Routing by URL through the embed API (a run without `path`), in real Chromium against the production build: the
// most specific route answers, and a URL no route matches is Next's 404 (or Vercel's NOT_FOUND), naming the routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbed, type EmbedClient } from './embed-client';

let embed: EmbedClient;

beforeAll(async () => {
  embed = await openEmbed('/?embed&nodeHost=local');
});

afterAll(async () => {
  await embed.page.context().close();
});

const edge = (body: string) => `export const runtime = 'edge';\nexport function GET(request: Request) { return new Response(${body}); }\n`;

describe('a run without a path is routed by its URL', () => {
  const files = {
    'app/api/users/me/route.ts': edge("'me'"),
    'app/api/users/[id]/route.ts': edge("'user ' + new URL(request.url).pathname"),
    'app/api/[...rest]/route.ts': edge("'rest'"),
  };

  it('the most specific route answers, as Next.js picks it', async () => {
    await embed.load(files, { nextVersion: '15.5.4' });
    const body = async (url: string) => (await embed.run(undefined, { method: 'GET', url }))[0].body;
    expect(await body('/api/users/me')).toBe('me');
    expect(await body('/api/users/7')).toBe('user /api/users/7');
    expect(await body('/api/users/7/posts?x=1')).toBe('rest');
  });

  it("a URL that matches no route is Next's 404 page, and the log lists the routes", async () => {
    await embed.load(files, { nextVersion: '15.5.4' });
    const [r] = await embed.run(undefined, { method: 'GET', url: '/nothing/here' });
    expect(r.status).toBe(404);
    expect(r.headers).toContainEqual(['content-type', 'text/html; charset=utf-8']);
    expect(r.body).toContain('This page could not be found');
    expect(r.profile).toBe('15.5');
    expect(r.logs.map((l) => l.text).join('\n')).toBe(
      "No route matches /nothing/here. The project's routes: /api/[...rest] (app/api/[...rest]/route.ts), /api/users/[id] (app/api/users/[id]/route.ts), /api/users/me (app/api/users/me/route.ts).",
    );
  });

  it("a project of plain Vercel functions answers an unmatched URL with Vercel's NOT_FOUND", async () => {
    await embed.load({ 'api/a.ts': "export const config = { runtime: 'edge' };\nexport default () => new Response('a');\n" });
    const [ok] = await embed.run(undefined, { method: 'GET', url: '/api/a' });
    expect(ok).toMatchObject({ status: 200, body: 'a', profile: 'vercel' });
    const [r] = await embed.run(undefined, { method: 'GET', url: '/api/b' });
    expect(r.status).toBe(404);
    expect(r.headers).toContainEqual(['x-vercel-error', 'NOT_FOUND']);
    expect(r.body).toBe('404: NOT_FOUND\nCode: NOT_FOUND\n');
    expect(r.error?.code).toBe('NOT_FOUND');
  });
});
