// Differential: the same handlers through Vercel's @edge-runtime/vm in Node and through our edge worker in Chromium
// must agree on status, headers and body, except where runtime-spec.md says Next.js/Vercel differ (noted per case).
import { EdgeVM } from '@edge-runtime/vm';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEmbed, type EmbedClient } from './embed-client';

const ROUTE = 'app/api/diff/route.ts';
const ORIGIN = 'http://localhost:3000';

interface Case {
  name: string;
  source: string;
  request?: { method?: string; url?: string; headers?: [string, string][]; body?: string };
  /** How many times to send the request (module state, G25). */
  repeat?: number;
  /** Where the spec says the platforms differ, compare only these. */
  compare?: 'status';
}

const route = (body: string, method = 'GET') =>
  `export const runtime = 'edge';\nexport async function ${method}(request: Request) {\n${body}\n}\n`;

const CASES: Case[] = [
  { name: 'text with status and headers', source: route(`return new Response('hello', { status: 201, statusText: 'Made', headers: { 'x-a': '1' } });`) },
  { name: 'Response.json', source: route(`return Response.json({ a: [1, 2], b: 'ü' });`) },
  { name: 'query parsing', source: route(`const u = new URL(request.url); return Response.json({ path: u.pathname, q: u.searchParams.getAll('a') });`), request: { url: '/api/diff?a=1&a=2' } },
  {
    name: 'request JSON body echo',
    source: route(`const data = await request.json(); return Response.json({ got: data, type: request.headers.get('content-type') });`, 'POST'),
    request: { method: 'POST', headers: [['content-type', 'application/json']], body: '{"x":1}' },
  },
  { name: 'formData parsing', source: route(`const f = await request.formData(); return Response.json({ a: f.getAll('a'), b: f.get('b') });`, 'POST'), request: { method: 'POST', headers: [['content-type', 'application/x-www-form-urlencoded']], body: 'a=1&a=2&b=x+y' } },
  { name: 'H30: content-length and content-encoding stripped on 200', source: route(`return new Response('abc', { headers: { 'content-length': '3', 'content-encoding': 'gzip', 'x-k': 'v' } });`) },
  { name: 'redirect 307', source: route(`return Response.redirect('https://example.com/next', 307);`) },
  { name: 'streamed body', source: route(`const e = new TextEncoder(); return new Response(new ReadableStream({ async start(c) { for (const w of ['a', 'b', 'c']) { c.enqueue(e.encode(w)); await new Promise((r) => setTimeout(r, 20)); } c.close(); } }), { headers: { 'content-type': 'text/plain' } });`) },
  { name: 'TextEncoderStream pipe', source: route(`const s = new ReadableStream({ start(c) { c.enqueue('x'); c.enqueue('y'); c.close(); } }).pipeThrough(new TextEncoderStream()); return new Response(s);`) },
  { name: 'crypto digest', source: route(`const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc')); return new Response(btoa(String.fromCharCode(...new Uint8Array(d))));`) },
  { name: '204 no content', source: route(`return new Response(null, { status: 204 });`) },
  { name: 'G25: module state', source: `export const runtime = 'edge';\nlet n = 0;\nexport function GET() { return new Response(String(++n)); }`, repeat: 3 },
  { name: 'G10: EdgeRuntime', source: route(`return new Response(typeof EdgeRuntime + ':' + EdgeRuntime);`) },
  { name: 'multiple set-cookie', source: route(`const h = new Headers(); h.append('set-cookie', 'a=1'); h.append('set-cookie', 'b=2'); return new Response('c', { headers: h });`) },
  { name: 'structuredClone and URLPattern', source: route(`const p = new URLPattern({ pathname: '/api/:name' }); return Response.json({ m: p.exec(request.url)?.pathname.groups, c: structuredClone({ d: new Date(5) }).d.getTime() });`) },
  // H29: EdgeVM answers 500 with a null body, Vercel with its error page: only the status is the same.
  { name: 'H29: thrown error', source: route(`throw new Error('boom');`), compare: 'status' },
];

interface Observed {
  status: number;
  headers: [string, string][];
  body: string;
}

/** Vercel's reference: the handler bundled with native esbuild and dispatched through EdgeVM. */
async function runInEdgeVM(c: Case): Promise<Observed[]> {
  const out = await build({
    stdin: { contents: c.source, loader: 'ts', sourcefile: ROUTE },
    bundle: true,
    format: 'iife',
    globalName: '__route',
    write: false,
    logLevel: 'silent',
  });
  const vm = new EdgeVM();
  vm.evaluate(out.outputFiles[0].text);
  vm.evaluate(`addEventListener('fetch', (e) => e.respondWith(Promise.resolve().then(() => __route[e.request.method](e.request))))`);
  const results: Observed[] = [];
  for (let i = 0; i < (c.repeat ?? 1); i++) {
    const req = c.request ?? {};
    const res = await vm.dispatchFetch(ORIGIN + (req.url ?? '/api/diff'), {
      method: req.method ?? 'GET',
      headers: req.headers,
      body: req.body,
    });
    results.push({ status: res.status, headers: [...res.headers].map(([k, v]) => [k, v]), body: await res.text() });
  }
  return results;
}

let embed: EmbedClient;
beforeAll(async () => {
  embed = await openEmbed();
});

/**
 * EdgeVM is Vercel's edge runtime without Next.js around it, so the playground runs each case as a plain Vercel edge
 * function (`api/**`, `config.runtime`): Next.js adds its own steps (runtime-spec-2026 §7, the next-differential suite).
 */
const FUNCTION = 'api/diff.ts';
const asVercelFunction = (source: string) => source.replace("export const runtime = 'edge';", "export const config = { runtime: 'edge' };");

async function runInPlayground(c: Case): Promise<Observed[]> {
  const loaded = await embed.load({ [FUNCTION]: asVercelFunction(c.source) });
  expect(loaded.ok).toBe(true);
  const results: Observed[] = [];
  for (let i = 0; i < (c.repeat ?? 1); i++) {
    const req = c.request ?? {};
    const [r] = await embed.run(FUNCTION, { method: req.method ?? 'GET', url: req.url ?? '/api/diff', headers: req.headers, body: req.body });
    expect(r.error?.code === 'BUILD_FAILED' ? r.build.errors : []).toEqual([]);
    results.push({ status: r.status!, headers: r.headers, body: r.body });
  }
  return results;
}

const sortHeaders = (h: [string, string][]) => [...h].map(([k, v]) => `${k.toLowerCase()}: ${v}`).sort();

describe('differential: our edge worker agrees with @edge-runtime/vm', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const [expected, actual] = [await runInEdgeVM(c), await runInPlayground(c)];
      if (c.compare === 'status') {
        expect(actual.map((r) => r.status)).toEqual(expected.map((r) => r.status));
        return;
      }
      expect(actual.map((r) => ({ ...r, headers: sortHeaders(r.headers) }))).toEqual(
        expected.map((r) => ({ ...r, headers: sortHeaders(r.headers) })),
      );
    });
  }
});
