// Issue 8: Next's cookies are @edge-runtime/cookies 6.0.0 (what next 15.1–16.4 bundle as
// next/dist/compiled/@edge-runtime/cookies). The library's own tests (vercel/edge-runtime packages/cookies/test), one
// per peer test, run as user code in a route handler: in the edge worker in Chromium, on the Node.js runtime, and
// beside them the bare library in Vercel's @edge-runtime/vm as the reference. The cases: fixtures/next-cookies/cases.ts.
import { EdgeVM } from '@edge-runtime/vm';
import { build, type Plugin } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { casesRoute, COOKIE_CASES, COOKIE_REQUEST_HEADERS } from './fixtures/next-cookies/cases';
import { openEmbed, type EmbedClient } from './embed-client';

type Outcomes = Record<string, { value?: unknown; error?: string }>;

const ROUTE = 'app/api/cookies/route.ts';
const ROUTE_URL = 'http://localhost:3000/api/cookies';

let embed: EmbedClient;
let edge: RunResult;
let edgeOut: Outcomes;
let nodeOut: Outcomes;
let vmOut: Outcomes;

async function runRoute(source: string, nextVersion = '16.4'): Promise<RunResult> {
  const r = await embed.runFile(ROUTE, source, { url: ROUTE_URL, headers: COOKIE_REQUEST_HEADERS }, { nextVersion });
  expect(r.error, JSON.stringify(r.build?.errors)).toBeUndefined();
  expect(r.status).toBe(200);
  return r;
}

/** `next/server` and Next's deep import, as the library alone provides them (no NextRequest/NextResponse). */
const bareLibrary: Plugin = {
  name: 'bare-library',
  setup(b) {
    b.onResolve({ filter: /^next\// }, (args) => ({ path: args.path, namespace: 'bare' }));
    b.onLoad({ filter: /.*/, namespace: 'bare' }, (args) => ({
      contents: `export * from '@edge-runtime/cookies';${args.path === 'next/server' ? ' export const NextRequest = null, NextResponse = null;' : ''}`,
      resolveDir: process.cwd(),
    }));
  },
};

/** The reference: the cases without Next's classes, bundled with the installed library and run in EdgeVM. */
async function runInEdgeVM(): Promise<Outcomes> {
  const cases = COOKIE_CASES.filter((c) => !c.next && !c.log);
  const out = await build({
    stdin: { contents: casesRoute(cases, 'edge'), loader: 'ts', sourcefile: ROUTE },
    bundle: true,
    format: 'iife',
    globalName: '__route',
    write: false,
    logLevel: 'silent',
    plugins: [bareLibrary],
  });
  const vm = new EdgeVM();
  vm.evaluate(out.outputFiles[0].text);
  vm.evaluate(`addEventListener('fetch', (e) => e.respondWith(__route.GET(e.request)))`);
  const res = await vm.dispatchFetch(ROUTE_URL);
  return res.json();
}

beforeAll(async () => {
  embed = await openEmbed('/?embed&nodeHost=local');
  edge = await runRoute(casesRoute(COOKIE_CASES, 'edge'));
  edgeOut = JSON.parse(edge.body);
  nodeOut = JSON.parse((await runRoute(casesRoute(COOKIE_CASES, 'nodejs'))).body);
  vmOut = await runInEdgeVM();
}, 180_000);

describe('next/server cookies: @edge-runtime/cookies tests as user code', () => {
  for (const c of COOKIE_CASES) {
    it(c.peer, () => {
      expect(edgeOut[c.peer], 'edge').toEqual({ value: c.expected });
      expect(nodeOut[c.peer], 'nodejs').toEqual({ value: c.expected });
      if (!c.next && !c.log) expect(vmOut[c.peer], '@edge-runtime/vm').toEqual({ value: c.expected });
      // The edge runtime's console honours the library's inspect hook (EdgeVM's console, so `next start`, does).
      if (c.log) expect(edge.logs.map((l) => l.text)).toContain(c.log);
    });
  }
});

describe('issue 8: a NextResponse with set-cookie headers, returned', () => {
  const SOURCE = (runtime: string) => `import { NextResponse } from 'next/server';
${runtime === 'edge' ? "export const runtime = 'edge';\n" : ''}export function GET() {
  const res = NextResponse.json({ ok: true }, { headers: [['set-cookie', 'a=1; Path=/'], ['set-cookie', 'b=2; HttpOnly']] });
  res.cookies.set('c', '3', { expires: 0 });
  return res;
}
`;
  for (const runtime of ['edge', 'nodejs']) {
    it(`${runtime}: the client gets the set-cookie headers it was built with and the one set after`, async () => {
      const r = await runRoute(SOURCE(runtime));
      const cookies = r.headers.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, value]) => value);
      expect(cookies).toEqual(['a=1; Path=/', 'b=2; HttpOnly', 'c=3; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    });
  }
});
