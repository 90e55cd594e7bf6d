// The handlers of the differential suite and the request each one gets: every case runs on real `next start` of each
// reference version (or @vercel/node's dev server for api/**) and through the playground's embed API.
/** The Next.js references, oldest first: one fixture folder each (references.ts), at least one per profile row. */
export const NEXT_NAMES = [
  'next-12.2',
  'next-13.0',
  'next-13.0.7',
  'next-13.1',
  'next-13.2',
  'next-13.5',
  'next-14.1',
  'next-14.2',
  'next-15.1',
  'next-15.4',
  'next-15.5',
  'next-16.1',
  'next-16.2',
  'next-16',
] as const;
export type NextName = (typeof NEXT_NAMES)[number];

/** 16+ builds with Turbopack (its default); the rest with webpack. */
const TURBOPACK: NextName[] = ['next-16.1', 'next-16.2', 'next-16'];
const WEBPACK = NEXT_NAMES.filter((n) => !TURBOPACK.includes(n));
/** 12.2 and 13.0.0–13.0.6 call the Pages edge runtime `experimental-edge` (12.2 knows no `edge`; 13.0.0–13.0.6 reject it). */
const LEGACY_EDGE: NextName[] = ['next-12.2', 'next-13.0'];
const CURRENT_EDGE = NEXT_NAMES.filter((n) => !LEGACY_EDGE.includes(n));

export interface CaseRequest {
  method?: string;
  /** Defaults to the URL the file is served at. */
  url?: string;
  headers?: [string, string][];
  body?: string;
}

export interface Case {
  id: string;
  /** Where the handler lives in the project: app/**\/route.ts, pages/api/**, or api/** (a plain Vercel function). */
  file: string;
  source: string;
  request?: CaseRequest;
  /** Sent twice and observed as whether both bodies were the same (static rendering, module state). */
  twice?: boolean;
  /** Response headers compared too, by name (the first answer's): what a stored answer carries. */
  headers?: string[];
  /** Only these versions get the case (default: all); a per-version variant of a case shares its id and file. */
  versions?: readonly NextName[];
  /** Versions whose `next build` rejects this file: there it goes into a separate project whose build is expected to fail. */
  buildFailsOn?: NextName[];
  /** Why the case is here (issue 7's list), for the table. */
  note?: string;
  /** The playground routes the request by its URL (a run without a path), as `next start` does. */
  byUrl?: true;
}

type Runtime = 'nodejs' | 'edge';

const appRoute = (runtime: Runtime, body: string, opts: { method?: string; args?: string; head?: string } = {}) =>
  `${opts.head ?? ''}export const runtime = '${runtime}';\n` +
  `export const dynamic = 'force-dynamic';\n` +
  `export async function ${opts.method ?? 'GET'}(${opts.args ?? 'request: Request'}) {\n${body}\n}\n`;

/** A route that reads nothing dynamic: no `dynamic` export, no request (static in 13.4–14 on Node.js). */
const appStatic = (runtime: Runtime, body: string) => `export const runtime = '${runtime}';\nexport async function GET() {\n${body}\n}\n`;

const pagesNode = (body: string) =>
  `import type { NextApiRequest, NextApiResponse } from 'next';\nexport default async function handler(req: NextApiRequest, res: NextApiResponse) {\n${body}\n}\n`;

const pagesEdge = (body: string, runtime = 'edge') =>
  `export const config = { runtime: '${runtime}' };\nexport default async function handler(req: Request) {\n${body}\n}\n`;

/** A Pages API edge route as each version names the runtime: `edge`, or `experimental-edge` where that is the name. */
const pagesEdgeCase = (name: string, body: string, extra: Partial<Case> = {}): Case[] =>
  [
    { source: pagesEdge(body), versions: CURRENT_EDGE },
    { source: pagesEdge(body, 'experimental-edge'), versions: LEGACY_EDGE },
  ].map((v) => ({
    id: `pages-edge/${name}`,
    file: `pages/api/pages-edge/${name}.ts`,
    ...extra,
    ...v,
  }));

/** The same route on both runtimes; `edge` holds what only the edge one has. */
const both = (name: string, body: string, extra: Partial<Case> & { opts?: Parameters<typeof appRoute>[2]; edge?: Partial<Case> } = {}): Case[] =>
  (['nodejs', 'edge'] as const).map((runtime) => {
    const { opts, edge, ...rest } = extra;
    const dir = runtime === 'edge' ? 'app-edge' : 'app-node';
    return { id: `${dir}/${name}`, file: `app/${dir}/${name}/route.ts`, source: appRoute(runtime, body, opts), ...rest, ...(runtime === 'edge' ? edge : {}) };
  });

const STREAM = `const e = new TextEncoder();
  return new Response(new ReadableStream({ async start(c) { for (const w of ['a', 'b', 'c']) { c.enqueue(e.encode(w)); await new Promise((r) => setTimeout(r, 10)); } c.close(); } }), { headers: { 'content-type': 'text/plain; charset=utf-8' } });`;

const TWO_COOKIES = `const h = new Headers({ 'content-type': 'text/plain' }); h.append('set-cookie', 'a=1; Path=/'); h.append('set-cookie', 'b=2; Path=/; HttpOnly'); return new Response('cookies', { headers: h });`;

const COOKIE_REQUEST: CaseRequest = { headers: [['cookie', 'theme=dark; session=abc']] };

/** Where App Router route handlers have `next/headers` (13.2 behind appDir, then stable). */
const WITH_NEXT_HEADERS = NEXT_NAMES.filter((n) => !['next-12.2', 'next-13.0', 'next-13.0.7', 'next-13.1'].includes(n));
const HEADERS_IMPORT = `import { headers, cookies } from 'next/headers';\n`;

/** A route on both runtimes that uses `next/headers` (awaited, so one body fits objects and promises alike). */
const withHeaders = (name: string, body: string, extra: Partial<Case> & { head?: string } = {}): Case[] => {
  const { head = HEADERS_IMPORT, ...rest } = extra;
  return both(name, body, { versions: WITH_NEXT_HEADERS, ...rest, opts: { head } });
};

const NEXT_HEADERS_REQUEST: CaseRequest = { headers: [['x-test', 'yes'], ['x-other', '2'], ['cookie', 'theme=dark; session=abc']] };

// Version rows of issue 7: static rendering by version, 13.5's OPTIONS, edge params in the query. Where a route is
// stored, `headers` compares the headers `next start` sends with it.
const V_13_14: NextName[] = ['next-13.5', 'next-14.1', 'next-14.2'];
const V_15_UP: NextName[] = ['next-15.1', 'next-15.4', 'next-15.5', 'next-16.1', 'next-16.2', 'next-16'];
const V_13_5_UP: NextName[] = [...V_13_14, ...V_15_UP];
const STORED_HEADERS = ['vary', 'x-nextjs-cache', 'x-nextjs-prerender', 'cache-control'];
const RANDOM = `return new Response(String(Math.random()), { headers: { 'content-type': 'text/plain' } });`;
/** A Node.js route of the section: `app/app-node/v-<name>/route.ts`, its source as given (no `dynamic` export). */
const nodeRoute = (name: string, source: string, extra: Partial<Case> = {}): Case => ({
  id: `app-node/v-${name}`,
  file: `app/app-node/v-${name}/route.ts`,
  source: `export const runtime = 'nodejs';\n${source}`,
  versions: V_13_5_UP,
  ...extra,
});
const GET_AND_PUT = `export async function GET() {\n${RANDOM}\n}\nexport async function PUT() {\n  return new Response('PUT');\n}\n`;
const CAUGHT = `export async function GET(request: Request) {\n  let x = 'none';\n  try { x = String(request.headers.get('x-test')); } catch { x = 'caught'; }\n  return Response.json({ x });\n}\n`;
const FORCE_STATIC = `export const dynamic = 'force-static';\nexport async function GET(request: any) {\n  return Response.json({ x: request.headers.get('x-test'), url: request.url, q: request.nextUrl.searchParams.get('q'), theme: request.cookies.get('theme')?.value ?? null });\n}\n`;
// A year less a little: a build from the cache stays fresh (a short revalidate would be STALE on a later run).
const REVALIDATE = `export const revalidate = 31000000;\nexport async function GET() {\n${RANDOM}\n}\n`;
const PARAMS = `const u = (request as any).nextUrl; return Response.json({ url: request.url, search: u.search, id: u.searchParams.getAll('id'), params: await ctx.params });`;

const VERSION_CASES: Case[] = [
  // 13.x and 14.x prerender every GET route that reads nothing dynamic; 15+ only one that opts in.
  nodeRoute('static-get', `export async function GET() {\n${RANDOM}\n}\n`, { versions: V_13_14, twice: true, headers: STORED_HEADERS, note: 'a stored GET route: Vary, x-nextjs-cache, no Cache-Control (13.5 and 14.2 differ in Vary)' }),
  nodeRoute('static-get', `export async function GET() {\n${RANDOM}\n}\n`, { versions: V_15_UP, twice: true }),
  nodeRoute('revalidate', REVALIDATE, { twice: true, headers: STORED_HEADERS, note: '`revalidate` opts a GET route in on 15+: s-maxage and stale-while-revalidate' }),
  nodeRoute('force-static', FORCE_STATIC, {
    request: { url: '?q=1', headers: [['x-test', 'yes'], ['cookie', 'theme=dark']] },
    headers: STORED_HEADERS,
    note: "`dynamic = 'force-static'`: stored with the build's empty request, Cache-Control s-maxage on 15+",
  }),
  nodeRoute('force-static-put', FORCE_STATIC, { file: 'app/app-node/v-force-static/route.ts', request: { method: 'PUT' }, note: "another method on a stored route is Next's 405 page" }),
  nodeRoute('cookies', `export async function GET(request: any) {\n  return Response.json({ theme: request.cookies.get('theme')?.value ?? null });\n}\n`, {
    versions: V_13_14,
    request: COOKIE_REQUEST,
    headers: ['x-nextjs-cache'],
    note: 'request.cookies is a dynamic read from 14; 13.5 stores the build’s empty cookies',
  }),
  nodeRoute('get-put', GET_AND_PUT, { twice: true, headers: ['x-nextjs-cache'], note: "PUT beside GET: dynamic in 13.5 and 15+, static in 14.2 (its list names POST twice)" }),
  nodeRoute('get-put-put', GET_AND_PUT, { file: 'app/app-node/v-get-put/route.ts', request: { method: 'PUT' }, headers: ['allow'] }),
  nodeRoute('caught', CAUGHT, { request: { headers: [['x-test', 'yes']] }, headers: ['x-nextjs-cache'], note: '13.5 stores the answer of a handler that catches its dynamic read; 14+ do not' }),
  // 13.5 answers OPTIONS itself only where there is GET (or HEAD).
  ...(['nodejs', 'edge'] as const).map((runtime): Case => {
    const dir = runtime === 'edge' ? 'app-edge' : 'app-node';
    return {
      id: `${dir}/v-options-post-only`,
      file: `app/${dir}/v-options-post-only/route.ts`,
      source: `export const runtime = '${runtime}';\nexport async function POST() {\n  return new Response('POST');\n}\n`,
      versions: V_13_5_UP,
      request: { method: 'OPTIONS' },
      headers: ['allow'],
      note: 'OPTIONS on a route without GET: 405 in 13.5, 204 with Allow elsewhere',
    };
  }),
  // `next start` runs an edge route with its params merged into the query.
  {
    id: 'app-edge/v-params',
    file: 'app/app-edge/v-params/[id]/route.ts',
    source: appRoute('edge', PARAMS, { args: 'request: Request, ctx: any' }),
    versions: V_13_5_UP,
    request: { url: '/app-edge/v-params/ada?id=zz&z=1' },
    note: "an edge route's request.url carries its params as query (replacing a query value of the same name)",
  },
  {
    id: 'app-edge/v-params-rest',
    file: 'app/app-edge/v-params-rest/[...rest]/route.ts',
    source: appRoute('edge', PARAMS, { args: 'request: Request, ctx: any' }),
    versions: V_13_5_UP,
    request: { url: '/app-edge/v-params-rest/x/y' },
  },
  {
    id: 'app-node/v-params',
    file: 'app/app-node/v-params/[id]/route.ts',
    source: appRoute('nodejs', PARAMS, { args: 'request: Request, ctx: any' }),
    versions: V_13_5_UP,
    request: { url: '/app-node/v-params/ada?id=zz&z=1' },
  },
  {
    id: 'pages-edge/v-params',
    file: 'pages/api/pages-edge/v-params/[id].ts',
    source: `export const config = { runtime: 'edge' };\nexport default async function handler(req: Request) {\n  const u = (req as any).nextUrl;\n  return Response.json({ url: req.url, search: u.search });\n}\n`,
    versions: V_13_5_UP,
    request: { url: '/api/pages-edge/v-params/ada?id=zz&z=1' },
  },
];

export const CASES: Case[] = [
  // App Router, both runtimes.
  ...both('text', `return new Response('hello', { status: 201, headers: { 'content-type': 'text/plain', 'x-a': '1' } });`),
  ...both('json', `return Response.json({ a: [1, 2], b: 'ü' });`),
  ...both('query', `const u = new URL(request.url); return Response.json({ path: u.pathname, a: u.searchParams.getAll('a') });`, {
    request: { url: '?a=1&a=2' },
  }),
  ...both('headers', `return Response.json({ x: request.headers.get('x-test'), accept: request.headers.get('accept') });`, {
    request: { headers: [['x-test', 'yes'], ['accept', 'application/json']] },
  }),
  ...both('next-url', `const u = (request as any).nextUrl; return Response.json({ pathname: u.pathname, q: u.searchParams.get('q') });`, {
    request: { url: '?q=ada' },
    note: 'NextRequest.nextUrl on route handlers',
  }),
  ...both('cookies-read', `const c = (request as any).cookies; return Response.json({ theme: c.get('theme')?.value ?? null, all: c.getAll().map((x: any) => x.name) });`, {
    request: COOKIE_REQUEST,
    note: 'NextRequest.cookies on route handlers',
  }),
  ...both('set-cookies', TWO_COOKIES),
  ...both('redirect', `return Response.redirect('https://example.com/next?x=1', 307);`),
  ...both('stream', STREAM),
  ...both('post-json', `const data = await request.json(); return Response.json({ got: data, type: request.headers.get('content-type') });`, {
    opts: { method: 'POST' },
    request: { method: 'POST', headers: [['content-type', 'application/json']], body: '{"x":1}' },
  }),
  ...both('method-not-allowed', `return new Response('get only');`, { request: { method: 'POST', body: 'x' } }),
  ...both('throws', `throw new Error('boom');`, { note: 'a thrown handler is answered by Next, per router and runtime' }),
  ...both('non-response', `return 'not a response' as any;`, { note: 'a non-Response return' }),
  ...both('next-runtime', `return Response.json({ NEXT_RUNTIME: process.env.NEXT_RUNTIME ?? null });`),
  ...both('typeof-globals', `return Response.json({ Buffer: typeof Buffer, setImmediate: typeof setImmediate, require: typeof require });`, {
    note: "typeof Buffer / setImmediate in Next's edge bundle",
    // 13.2 bundles no `buffer` for App Router edge routes: naming `Buffer` fails its build ("Can't resolve 'buffer'").
    edge: { buildFailsOn: ['next-13.2'] },
  }),
  {
    id: 'app-edge/set-immediate-call',
    file: 'app/app-edge/set-immediate-call/route.ts',
    source: appRoute('edge', `try { (globalThis as any).setImmediate(() => {}); return new Response('called'); } catch (e) { return new Response(String(e)); }`),
    note: "Next's throwing setImmediate stub",
  },
  {
    id: 'app-edge/new-function',
    file: 'app/app-edge/new-function/route.ts',
    source: appRoute('edge', `try { return new Response(String(new Function('return 1 + 1')())); } catch (e) { return new Response(String(e)); }`),
    note: 'dynamic code in an App Router edge route builds and throws EvalError at run time',
  },
  {
    id: 'app-edge/eval',
    file: 'app/app-edge/eval/route.ts',
    source: appRoute('edge', `try { return new Response(String(eval('1 + 1'))); } catch (e) { return new Response(String(e)); }`),
    buildFailsOn: TURBOPACK,
    note: 'eval in an App Router edge route: a run-time EvalError on webpack, a build error on Turbopack',
  },
  {
    id: 'app-node/params',
    file: 'app/app-node/params/[slug]/route.ts',
    source: appRoute('nodejs', `const p: any = ctx.params; return Response.json({ promise: typeof p?.then === 'function', slug: (await p).slug });`, {
      args: 'request: Request, ctx: any',
    }),
    request: { url: '/app-node/params/ada' },
    note: 'params object (≤14) or promise (15+)',
  },
  {
    id: 'app-edge/params',
    file: 'app/app-edge/params/[slug]/route.ts',
    source: appRoute('edge', `const p: any = ctx.params; return Response.json({ promise: typeof p?.then === 'function', slug: (await p).slug });`, {
      args: 'request: Request, ctx: any',
    }),
    request: { url: '/app-edge/params/ada' },
    note: 'params object (≤14) or promise (15+)',
  },
  {
    id: 'app-node/static-get',
    file: 'app/app-node/static-get/route.ts',
    source: appStatic('nodejs', `return new Response(String(Math.random()), { headers: { 'content-type': 'text/plain' } });`),
    twice: true,
    note: 'a GET route reading nothing dynamic is prerendered at build time in 13.4–14 (Node.js only)',
  },
  {
    id: 'app-edge/static-get',
    file: 'app/app-edge/static-get/route.ts',
    source: appStatic('edge', `return new Response(String(Math.random()), { headers: { 'content-type': 'text/plain' } });`),
    twice: true,
  },
  {
    id: 'app-node/next-response',
    file: 'app/app-node/next-response/route.ts',
    source: appRoute('nodejs', `const r = NextResponse.json({ ok: true }, { status: 202 }); r.cookies.set('n', 'v'); return r;`, {
      head: `import { NextResponse } from 'next/server';\n`,
    }),
  },
  {
    id: 'app-edge/next-response-redirect',
    file: 'app/app-edge/next-response-redirect/route.ts',
    source: appRoute('edge', `return NextResponse.redirect('https://example.com/elsewhere');`, { head: `import { NextResponse } from 'next/server';\n` }),
  },

  // next/headers in App Router route handlers: objects (13.2–14), exotic promises (15), promises (16).
  ...withHeaders('headers-read', `const h: any = await headers(); return Response.json({ x: h.get('x-test'), has: h.has('x-other'), names: [...h.keys()].filter((k: string) => k === 'x-test' || k === 'x-other') });`, {
    request: NEXT_HEADERS_REQUEST,
  }),
  ...withHeaders('headers-readonly', `const h: any = await headers(); try { h.set('x-test', 'no'); return new Response('set worked'); } catch (e) { return new Response(String(e)); }`, {
    request: NEXT_HEADERS_REQUEST,
    note: "headers() is read-only: 13.2's ReadonlyHeaders, 13.4+'s ReadonlyHeadersError",
  }),
  ...withHeaders('cookies-read', `const c: any = await cookies(); return Response.json({ theme: c.get('theme') ?? null, all: c.getAll().map((x: any) => x.name), has: c.has('session') });`, {
    request: NEXT_HEADERS_REQUEST,
    note: "13.4+ route handlers read the settable cookies (a ResponseCookies: each cookie has path '/')",
  }),
  ...withHeaders('cookies-set', `const c: any = await cookies(); c.set('a', '1'); c.set({ name: 'b', value: '2', httpOnly: true }); c.delete('theme'); return new Response('ok');`, {
    request: NEXT_HEADERS_REQUEST,
    note: 'cookies().set/delete in a route handler land on the response as Set-Cookie (13.4+; 13.2 throws)',
  }),
  ...withHeaders('cookies-set-merge', `const c: any = await cookies(); c.set('a', 'store'); c.set('b', 'store'); return new Response('ok', { headers: { 'set-cookie': 'a=route; Path=/x' } });`, {
    note: "the response's own Set-Cookie wins over cookies().set of the same name (appendMutableCookies)",
  }),
  ...withHeaders('sync-access', `const h: any = headers(); const c: any = cookies(); return Response.json({ get: typeof h.get, then: typeof h.then, cookieGet: typeof c.get, x: typeof h.get === 'function' ? h.get('x-test') : null });`, {
    request: NEXT_HEADERS_REQUEST,
    note: 'synchronous use: the objects (≤14), promises carrying their members (15), bare promises (16)',
  }),
  ...withHeaders('headers-outside-request', `return new Response(outside);`, {
    head: `${HEADERS_IMPORT}let outside = 'no error';\ntry { headers(); } catch (e) { outside = String(e); }\n`,
    note: 'headers() at module top level: each version\'s message',
  }),
  ...withHeaders('draft-mode', `const d: any = await draftMode(); return Response.json({ enabled: d.isEnabled, enable: typeof d.enable });`, {
    head: `import { draftMode } from 'next/headers';\n`,
    versions: WITH_NEXT_HEADERS.filter((n) => n !== 'next-13.2'),
    request: { headers: [['cookie', '__prerender_bypass=not-this-build']] },
  }),
  {
    id: 'app-node/headers-static-get',
    file: 'app/app-node/headers-static-get/route.ts',
    source: `${HEADERS_IMPORT}export const runtime = 'nodejs';\nexport async function GET() {\n  const h: any = await headers();\n  return new Response(String(Math.random()) + h.get('x-test'), { headers: { 'content-type': 'text/plain' } });\n}\n`,
    versions: WITH_NEXT_HEADERS,
    twice: true,
    request: NEXT_HEADERS_REQUEST,
    note: 'reading headers() makes a GET route dynamic where GET routes are prerendered (13.2–14)',
  },

  ...VERSION_CASES,

  // Pages API on Node.js.
  { id: 'pages-node/json', file: 'pages/api/pages-node/json.ts', source: pagesNode(`res.status(200).json({ a: 1, q: req.query });`), request: { url: '?x=1&x=2' } },
  { id: 'pages-node/send-string', file: 'pages/api/pages-node/send-string.ts', source: pagesNode(`res.send('hello');`) },
  { id: 'pages-node/send-buffer', file: 'pages/api/pages-node/send-buffer.ts', source: pagesNode(`res.send(Buffer.from('hello'));`), note: "res.send(Buffer) carries Next's ETag" },
  { id: 'pages-node/cookies', file: 'pages/api/pages-node/cookies.ts', source: pagesNode(`res.json(req.cookies);`), request: COOKIE_REQUEST },
  {
    id: 'pages-node/set-cookies',
    file: 'pages/api/pages-node/set-cookies.ts',
    source: pagesNode(`res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; Path=/; HttpOnly']); res.end('cookies');`),
  },
  { id: 'pages-node/redirect', file: 'pages/api/pages-node/redirect.ts', source: pagesNode(`res.redirect(308, '/target?x=1');`) },
  {
    id: 'pages-node/body',
    file: 'pages/api/pages-node/body.ts',
    source: pagesNode(`res.json({ method: req.method, body: req.body });`),
    request: { method: 'POST', headers: [['content-type', 'application/json']], body: '{"x":1}' },
  },
  {
    id: 'pages-node/stream',
    file: 'pages/api/pages-node/stream.ts',
    source: pagesNode(`res.setHeader('content-type', 'text/plain'); for (const w of ['a', 'b', 'c']) { res.write(w); await new Promise((r) => setTimeout(r, 10)); } res.end();`),
  },
  { id: 'pages-node/throws', file: 'pages/api/pages-node/throws.ts', source: pagesNode(`throw new Error('boom');`) },
  { id: 'pages-node/next-runtime', file: 'pages/api/pages-node/next-runtime.ts', source: pagesNode(`res.json({ NEXT_RUNTIME: process.env.NEXT_RUNTIME ?? null });`) },

  // Pages API on the edge.
  ...pagesEdgeCase('text', `return new Response('hi', { headers: { 'content-type': 'text/plain' } });`),
  ...pagesEdgeCase(
    'next-url',
    `const u = (req as any).nextUrl; return Response.json({ pathname: u?.pathname ?? null, q: u?.searchParams.get('q') ?? null });`,
    { request: { url: '?q=ada' } },
  ),
  ...pagesEdgeCase('throws', `throw new Error('boom');`),
  ...pagesEdgeCase(
    'typeof-globals',
    `return Response.json({ Buffer: typeof Buffer, setImmediate: typeof setImmediate, NEXT_RUNTIME: process.env.NEXT_RUNTIME ?? null });`,
  ),
  ...pagesEdgeCase('new-function', `try { return new Response(String(new Function('return 1 + 1')())); } catch (e) { return new Response(String(e)); }`, {
    buildFailsOn: WEBPACK,
    note: "webpack's dynamic-code build error applies to pages/api edge routes",
  }),
  ...pagesEdgeCase('eval', `try { return new Response(String(eval('1 + 1'))); } catch (e) { return new Response(String(e)); }`, { buildFailsOn: [...NEXT_NAMES] }),
  {
    id: 'pages-edge/runtime-edge-value',
    file: 'pages/api/pages-edge/runtime-edge-value.ts',
    source: `export const config = { runtime: 'edge' };\nexport default function handler(req: any, res: any) {\n  if (typeof res?.end === 'function') return void res.end('nodejs');\n  return new Response('edge');\n}\n`,
    // 12.2.1–13.0.6 refuse 'edge' with a build error that names no file, so it cannot share a probe build with the
    // files it would hide; that refusal is checked in test/unit/profiles.test.ts with the text 12.2.6 and 13.0.6 print.
    versions: CURRENT_EDGE,
    note: "config.runtime 'edge' in pages/api runs on the edge from 13.0.7",
  },

  // A URL no route serves: the playground routes it by URL, as `next start` does.
  {
    id: 'unmatched-url',
    file: 'app/app-node/text/route.ts',
    source: '',
    byUrl: true,
    request: { url: '/no/such/route' },
    note: 'an unmatched URL is Next’s 404',
  },

  // Plain Vercel functions (no Next): @vercel/node.
  { id: 'vercel-node/helpers', file: 'api/helpers.js', source: `module.exports = (req, res) => { const { name = 'World' } = req.query; res.send(\`Hello \${name}!\`); };\n`, request: { url: '?name=Ada' } },
  { id: 'vercel-node/json', file: 'api/json.js', source: `module.exports = (req, res) => res.status(201).json({ a: 1, cookies: req.cookies });\n`, request: COOKIE_REQUEST },
  { id: 'vercel-node/send-buffer', file: 'api/send-buffer.js', source: `module.exports = (req, res) => res.send(Buffer.from('hello'));\n` },
  { id: 'vercel-node/redirect', file: 'api/redirect.js', source: `module.exports = (req, res) => res.redirect(308, '/target');\n` },
  {
    id: 'vercel-node/set-cookies',
    file: 'api/set-cookies.js',
    source: `module.exports = (req, res) => { res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; Path=/; HttpOnly']); res.end('cookies'); };\n`,
  },
  {
    id: 'vercel-node/body',
    file: 'api/body.js',
    source: `module.exports = (req, res) => res.json({ method: req.method, body: req.body });\n`,
    request: { method: 'POST', headers: [['content-type', 'application/json']], body: '{"x":1}' },
  },
  { id: 'vercel-node/throws', file: 'api/throws.js', source: `module.exports = () => { throw new Error('boom'); };\n` },
  { id: 'vercel-node/web-get', file: 'api/web-get.js', source: `export function GET(request) { return Response.json({ url: new URL(request.url).search }); }\n`, request: { url: '?a=1' } },
  {
    id: 'vercel-edge/globals',
    file: 'api/edge-globals.js',
    source: `export const config = { runtime: 'edge' };\nexport default (req) => Response.json({ require: typeof require, NEXT_RUNTIME: process.env.NEXT_RUNTIME ?? null, Buffer: typeof Buffer, EdgeRuntime: typeof EdgeRuntime });\n`,
    note: 'a plain Vercel edge function has no Next around it',
  },
  {
    id: 'vercel-edge/text',
    file: 'api/edge-text.js',
    source: `export const config = { runtime: 'edge' };\nexport default (req) => new Response('edge ' + new URL(req.url).searchParams.get('q'), { headers: { 'content-type': 'text/plain' } });\n`,
    request: { url: '?q=1' },
  },
  { id: 'vercel-edge/throws', file: 'api/edge-throws.js', source: `export const config = { runtime: 'edge' };\nexport default () => { throw new Error('boom'); };\n` },
];

export const isVercelCase = (c: Case) => c.file.startsWith('api/');

/** Whether a Next.js reference gets this case (its `versions`, all by default). */
export const appliesTo = (c: Case, name: NextName) => !c.versions || c.versions.includes(name);

/** The URL a file is served at by Next or Vercel (dynamic segments need the case's own URL). */
export function urlOf(c: Case): string {
  const url = c.request?.url ?? '';
  if (url.startsWith('/')) return url;
  const path = c.file
    .replace(/^app\//, '/')
    .replace(/\/route\.ts$/, '')
    .replace(/^pages\//, '/')
    .replace(/^api\//, '/api/')
    .replace(/\.(js|ts)$/, '');
  return path + url;
}
