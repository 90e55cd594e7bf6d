// Next.js around an edge route handler, by version (issue 7), through the embed API in real Chromium: the request
// object Next passes (built from the browser's Request, whose cookie header browsers refuse to set), `context.params`,
// the ProvidePlugin Buffer and Next's 500 page. The same rules are unit-tested in test/unit/next-edge.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { openEmbed, type EmbedClient } from './embed-client';

let embed: EmbedClient;

beforeAll(async () => {
  embed = await openEmbed('/?embed&nodeHost=local');
});

const ROUTE = 'app/api/[id]/route.ts';
const SOURCE = `import { NextRequest } from 'next/server';
export const runtime = 'edge';
export async function GET(request: NextRequest, context: { params: any }) {
  const p = context.params;
  return Response.json({
    isNextRequest: request instanceof NextRequest, path: request.nextUrl.pathname, cookie: request.cookies.get('a')?.value ?? null,
    geoIn: 'geo' in request, isPromise: p instanceof Promise, id: (await p).id, buffer: Buffer.from('hi').toString('base64'),
  });
}
`;

describe('Next.js edge route handlers by version', () => {
  it('16.4: a NextRequest (cookies from the cookie header, nextUrl), params as a promise, no geo; the provided Buffer', async () => {
    const r = await embed.runFile(ROUTE, SOURCE, { url: 'http://localhost:3000/api/7', headers: [['cookie', 'a=1; b=2']] }, { nextVersion: '16.4' });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ isNextRequest: true, path: '/api/7', cookie: '1', geoIn: false, isPromise: true, id: '7', buffer: 'aGk=' });
  });

  it('13.5: params as an object, and request.geo exists', async () => {
    const r = await embed.runFile(ROUTE, SOURCE, { url: 'http://localhost:3000/api/7', headers: [['cookie', 'a=1']] }, { nextVersion: '13.5.11' });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ isNextRequest: true, cookie: '1', geoIn: true, isPromise: false, id: '7' });
  });

  it("H29: a throwing edge route is answered with Next's 500 page, not the platform's text page", async () => {
    const r = await embed.runFile('app/api/boom/route.ts', "export const runtime = 'edge';\nexport function GET() { throw new Error('boom'); }\n");
    expect([r.status, Object.fromEntries(r.headers)['content-type']]).toEqual([500, 'text/html; charset=utf-8']);
    expect(r.body).toContain('<title data-next-head="">500: Internal Server Error</title>');
    expect(r.error).toMatchObject({ code: 'EDGE_FUNCTION_INVOCATION_FAILED', message: 'boom' });
  });
});
