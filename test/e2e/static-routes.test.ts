// Static rendering as Next 13.4–14 does it, through the embed API on the local Node host: a GET route handler that
// reads nothing dynamic is built once and served the same with Next's headers until the project changes; reading
// the request, the edge runtime and Next 15 keep it dynamic. Headers as `next start` of 13.5.11 sends them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbed, type EmbedClient } from './embed-client';

let embed: EmbedClient;
beforeAll(async () => {
  embed = await openEmbed('/?embed&nodeHost=local');
});
afterAll(async () => {
  await embed.page.context().close();
});

const COUNTER = `let n = 0
export function GET() { n++; console.log('built', n); return Response.json({ n, t: Date.now() }) }`;
const READS_HEADERS = `let n = 0
export function GET(request) { n++; return Response.json({ n, ua: request.headers.get('user-agent') }) }`;
const header = (headers: [string, string][], name: string) => headers.find(([k]) => k === name)?.[1] ?? null;
const file = 'app/api/time/route.ts';

describe('static GET route handlers (13.4–14, Node.js)', () => {
  it('a GET that reads nothing dynamic is prerendered once: the second run is the same body, from the store, with Next headers', async () => {
    expect((await embed.load({ [file]: COUNTER }, { nextVersion: '13.5.11' })).ok).toBe(true);
    const [first] = await embed.run(file, { method: 'GET', url: '/api/time' });
    expect(first.profile).toBe('13.4–13.5');
    expect(first.status).toBe(200);
    expect(first.reason).toContain('static: prerendered at build (Next.js 13.4–13.5)');
    expect(first.logs.map((l) => l.text)).toEqual(['built 1']);
    const [second] = await embed.run(file, { method: 'GET', url: '/api/time?x=1', headers: [['user-agent', 'other']] });
    expect(second.body).toBe(first.body);
    expect(JSON.parse(second.body).n).toBe(1);
    expect(second.logs).toEqual([]);
    expect(second.reason).toContain('served from the build');
    expect(second.timings.fromStore).toBe(true);
    for (const r of [first, second]) {
      expect(header(r.headers, 'vary')).toBe('RSC, Next-Router-State-Tree, Next-Router-Prefetch, Next-Url');
      expect(header(r.headers, 'x-nextjs-cache')).toBe('HIT');
      expect(header(r.headers, 'content-type')).toBe('application/json');
      expect(header(r.headers, 'cache-control')).toBeNull();
    }
    const [head] = await embed.run(file, { method: 'HEAD', url: '/api/time' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(header(head.headers, 'x-nextjs-cache')).toBe('HIT');
  });

  it('editing the project rebuilds: the next run is a new prerender', async () => {
    expect((await embed.load({ [file]: COUNTER.replace("'built'", "'rebuilt'") }, { nextVersion: '13.5.11' })).ok).toBe(true);
    const [first] = await embed.run(file, { method: 'GET', url: '/api/time' });
    expect(first.logs.map((l) => l.text)).toEqual(['rebuilt 1']);
    expect(first.reason).not.toContain('served from the build');
    const [second] = await embed.run(file, { method: 'GET', url: '/api/time' });
    expect(second.body).toBe(first.body);
  });

  it('a route that reads request.headers is dynamic: each run runs and sees its own request', async () => {
    expect((await embed.load({ [file]: READS_HEADERS }, { nextVersion: '13.5.11' })).ok).toBe(true);
    const [first] = await embed.run(file, { method: 'GET', url: '/api/time', headers: [['user-agent', 'one']] });
    expect(first.reason).toContain('dynamic: used `headers`');
    expect(JSON.parse(first.body)).toEqual({ n: 1, ua: 'one' });
    expect(header(first.headers, 'x-nextjs-cache')).toBeNull();
    const [second] = await embed.run(file, { method: 'GET', url: '/api/time', headers: [['user-agent', 'two']] });
    expect(JSON.parse(second.body)).toEqual({ n: 2, ua: 'two' });
  });

  it('an edge route is never prerendered (Static Rendering: Node yes, Edge no)', async () => {
    expect((await embed.load({ [file]: `export const runtime = 'edge'\n${COUNTER}` }, { nextVersion: '13.5.11' })).ok).toBe(true);
    const [first] = await embed.run(file, { method: 'GET', url: '/api/time' });
    const [second] = await embed.run(file, { method: 'GET', url: '/api/time' });
    expect(first.runtime).toBe('edge');
    expect(JSON.parse(second.body).n).toBe(2);
    expect(second.reason).not.toContain('static');
    expect(header(second.headers, 'x-nextjs-cache')).toBeNull();
  });

  it('Next 15.5 made GET handlers dynamic by default: the same route runs every time', async () => {
    expect((await embed.load({ [file]: COUNTER }, { nextVersion: '15.5' })).ok).toBe(true);
    const [first] = await embed.run(file, { method: 'GET', url: '/api/time' });
    const [second] = await embed.run(file, { method: 'GET', url: '/api/time' });
    expect(first.profile).toBe('15.5');
    expect(JSON.parse(second.body).n).toBe(2);
    expect(second.reason).toContain("dynamic: a GET route handler is static only with `dynamic = 'force-static'` or `revalidate`");
    expect(header(second.headers, 'x-nextjs-cache')).toBeNull();
  });
});
