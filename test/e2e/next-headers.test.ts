// `next/headers` in App Router edge routes, in real Chromium through the embed API: each of several overlapping
// requests in one edge worker reads its own headers (the worker has no async context: workers/edge/request-scope.ts),
// a call the worker cannot place fails instead of reading another request's, cookies() reach the response.
import { beforeAll, describe, expect, it } from 'vitest';
import { openEmbed, type EmbedClient } from './embed-client';

let embed: EmbedClient;

beforeAll(async () => {
  embed = await openEmbed('/?embed&nodeHost=local');
});

const ROUTE = 'app/api/h/route.ts';
const OVERLAP = `import { headers, cookies } from 'next/headers';
export const runtime = 'edge';
let inFlight = 0;
let most = 0;
const later = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function who() { await later(5); return (await headers()).get('x-who'); }
function byThen() { return later(3).then(() => headers()).then((h: any) => h.get('x-who')); }
export async function GET() {
  most = Math.max(most, ++inFlight);
  try {
    const first = (await headers()).get('x-who');
    await later(Number(first) * 40);
    const [nested, chained] = await Promise.all([who(), byThen()]);
    const cookie = (await cookies()).get('c')?.value;
    let unplaced = 'none';
    await new Promise<void>((r) => setTimeout(async () => { try { (await headers()).get('x-who'); unplaced = 'read'; } catch (e) { unplaced = String(e); } r(); }, 1));
    return Response.json({ first, nested, chained, cookie, unplaced, most });
  } finally {
    inFlight--;
  }
}
`;

async function runAll(ids: string[]) {
  return Promise.all(ids.map((id) => embed.run(ROUTE, { method: 'GET', url: 'http://localhost:3000/api/h', headers: [['x-who', id], ['cookie', `c=${id}`]] })));
}

describe('next/headers on the edge', () => {
  it('overlapping requests in one worker each read their own headers and cookies across awaits, Promise.all and then-chains', async () => {
    expect((await embed.load({ [ROUTE]: OVERLAP }, { nextVersion: '16.4' })).ok).toBe(true);
    const results = (await runAll(['3', '1', '2'])).map(([r]) => JSON.parse(r.body));
    expect(Math.max(...results.map((r) => r.most))).toBe(3); // they did overlap
    for (const [i, id] of ['3', '1', '2'].entries()) expect(results[i]).toMatchObject({ first: id, nested: id, chained: id, cookie: id });
    // A timer callback has no frame of its handler: with others in flight it fails rather than read one of theirs.
    expect(results.map((r) => r.unplaced)).toContain("Error: The playground's edge runtime cannot tell which request this next/headers call belongs to: several requests are in flight and the call is not in the async flow of its handler (a timer or event callback, or an async function returned without `await`). Read headers()/cookies() in the handler itself, or await the function that does.");
  });

  it('alone in its worker, even a timer callback reads its request', async () => {
    const [[r]] = await runAll(['1']);
    expect(JSON.parse(r.body)).toMatchObject({ first: '1', unplaced: 'read' });
  });

  it('user code cannot replace the runtime\'s answer or blind it by changing stack trace settings', async () => {
    const source = `import { headers } from 'next/headers';
export const runtime = 'edge';
const key = Symbol.for('next.request-scope');
let replaced = 'kept';
try { (globalThis as any)[key] = () => ({ headers: new Headers({ 'x-who': 'forged' }), forceStatic: false, previewModeId: '', modifiedCookies: [] }); } catch { replaced = 'refused'; }
(Error as any).prepareStackTrace = () => 'hidden';
Error.stackTraceLimit = 0;
export async function GET() {
  const delay = Number((await headers()).get('x-who')) * 30;
  await new Promise((r) => setTimeout(r, delay));
  return Response.json({ who: (await headers()).get('x-who'), replaced, stack: String(new Error('x').stack) });
}
`;
    expect((await embed.load({ [ROUTE]: source }, { nextVersion: '16.4' })).ok).toBe(true);
    const raw = await runAll(['2', '1']);
    for (const [r] of raw) expect(r.status, JSON.stringify([r.body.slice(0, 300), r.error])).toBe(200);
    const results = raw.map(([r]) => JSON.parse(r.body));
    expect(results.map((r) => r.who)).toEqual(['2', '1']);
    expect(results[0].stack).toBe('hidden'); // the user's own setting is back in place
  });

  it('13.5: cookies().set lands on the response as Set-Cookie; headers() refuses writes with Next\'s text', async () => {
    const source = `import { headers, cookies } from 'next/headers';
export const runtime = 'edge';
export function GET() {
  cookies().set('a', '1'); cookies().delete('old');
  let refused = 'no'; try { headers().set('x', '1'); } catch (e) { refused = String(e); }
  return new Response(refused);
}
`;
    const r = await embed.runFile(ROUTE, source, { url: 'http://localhost:3000/api/h', headers: [['cookie', 'old=1']] }, { nextVersion: '13.5.11' });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.body).toBe('Error: Headers cannot be modified. Read more: https://nextjs.org/docs/app/api-reference/functions/headers');
    expect(r.headers.filter(([n]: [string, string]) => n === 'set-cookie').map(([, v]: [string, string]) => v)).toEqual(['old=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'a=1; Path=/']);
  });
});
