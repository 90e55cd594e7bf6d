// Vercel's edge-runtime tests of its Web APIs (test/edge-web-apis/cases.ts, proved in @edge-runtime/vm by
// test/node/edge-web-apis-reference.test.ts) run in the edge worker in Chromium against the production build: one
// embed load per convention, then one run per case. A plain Vercel edge function gets the edge runtime's scope; a
// Next.js route gets Next's sandbox on top, and follows Next where a case says `next`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { WEB_API_CASES, type WebApiCase } from '../edge-web-apis/cases';
import { WEB_API_DIFFERENCES } from '../edge-web-apis/known-differences';
import { observeResponse } from '../edge-web-apis/observe';
import { startWebApiServer } from '../edge-web-apis/server';
import { moduleFunction, moduleFunctionSource, TABLE_FUNCTION, TABLE_ROUTE, tableFunctionSource, tableRouteSource, type TableAnswer } from '../edge-web-apis/sources';
import { openEmbed, type EmbedClient } from './embed-client';

let server: Awaited<ReturnType<typeof startWebApiServer>>;
let functions: EmbedClient;
let next: EmbedClient;

beforeAll(async () => {
  server = await startWebApiServer();
  [functions, next] = [await openEmbed(), await openEmbed()];
  const files: Record<string, string> = { [TABLE_FUNCTION]: tableFunctionSource() };
  for (const c of WEB_API_CASES.filter((c) => c.module)) files[moduleFunction(c)] = moduleFunctionSource(c);
  expect(await functions.load(files)).toMatchObject({ ok: true });
  // 15.5 (webpack): Turbopack's build refuses the `eval` the global-scope case names; Next's sandbox is the same 13.4–16.4.
  expect(await next.load({ [TABLE_ROUTE]: tableRouteSource() }, { nextVersion: '15.5' })).toMatchObject({ ok: true });
});
afterAll(() => server?.close());

type Where = 'function' | 'next';
const observed: { case: string; where: Where; worker: unknown }[] = [];

async function runTable(client: EmbedClient, path: string, c: WebApiCase): Promise<unknown> {
  const url = `/api/web-apis?case=${encodeURIComponent(c.id)}&server=${encodeURIComponent(server.origin)}`;
  const [r] = await client.run(path, { method: 'GET', url });
  expect(r.status, JSON.stringify([r.error, r.build.errors, r.logs])).toBe(200);
  const answer = JSON.parse(r.body) as TableAnswer;
  return 'value' in answer ? answer.value : { threw: answer.threw };
}

async function runModule(c: WebApiCase): Promise<unknown> {
  const out = [];
  for (const req of c.module!.requests ?? [{}]) {
    const url = `/api/listeners/${c.id}?server=${encodeURIComponent(server.origin)}`;
    const [r] = await functions.run(moduleFunction(c), { method: req.method ?? 'GET', url, body: req.body });
    expect(r.error?.code === 'BUILD_FAILED' ? r.build.errors : []).toEqual([]);
    out.push(observeResponse({ status: r.status!, statusText: r.statusText, headers: r.headers, body: r.body }, c));
  }
  return out;
}

/** The expected value, or the listed difference; records what differs for the closing check. */
function check(c: WebApiCase, where: Where, actual: unknown): void {
  const want = where === 'next' && c.next ? c.next.expected : c.expected;
  const listed = WEB_API_DIFFERENCES.find((d) => d.case === c.id && (d.where === where || d.where === 'both'));
  if (JSON.stringify(actual) !== JSON.stringify(want)) observed.push({ case: c.id, where, worker: actual });
  expect(actual).toEqual(listed ? listed.worker : want);
}

describe('edge Web APIs in the worker, as in the edge runtime (plain Vercel edge function)', () => {
  for (const c of WEB_API_CASES) {
    it(`${c.peer} › ${c.test}`, async () => {
      check(c, 'function', c.module ? await runModule(c) : await runTable(functions, TABLE_FUNCTION, c));
    });
  }
});

describe("edge Web APIs in a Next.js edge route (Next's sandbox on top)", () => {
  for (const c of WEB_API_CASES.filter((c) => c.run)) {
    it(`${c.peer} › ${c.test}${c.next ? ` (Next: ${c.next.why})` : ''}`, async () => {
      check(c, 'next', await runTable(next, TABLE_ROUTE, c));
    });
  }
});

describe('the differences', () => {
  it('the observed differences are exactly test/edge-web-apis/known-differences.ts, and the README lists each', () => {
    const key = (d: { case: string; where: string }) => `${d.case} (${d.where})`;
    const listed = WEB_API_DIFFERENCES.flatMap((d) => (d.where === 'both' ? [{ ...d, where: 'function' }, { ...d, where: 'next' }] : [d]))
      .filter((d) => d.where === 'function' || WEB_API_CASES.find((c) => c.id === d.case)?.run);
    expect(observed.map(key).sort()).toEqual(listed.map(key).sort());
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.split('### Edge Web APIs: where the worker differs from the edge runtime')[1]?.split('\n## ')[0] ?? '';
    for (const d of WEB_API_DIFFERENCES) expect(section, `README lists ${d.case}`).toContain(`\`${d.case}\``);
  });
});

describe('the Web API wrappers hand user code nothing of the runtime', () => {
  it("no path from Request, Response, AbortSignal or FetchEvent leads to the browser's unwrapped class or the runtime's scope", async () => {
    const source = `export const config = { runtime: 'edge' };
      export default async function handler() {
        const u = 'https://example.vercel.sh/';
        const event = new FetchEvent(new Request(u));
        class Sub extends Request {}
        const seen = [Request.prototype.constructor, new Request(u).constructor, Object.getPrototypeOf(Sub), new Sub(u).constructor === Sub ? Request : null];
        const responses = [Response.prototype.constructor, new Response('x').constructor, Response.json({}).constructor, Response.error().constructor];
        return Response.json({
          request: seen.every((c) => c === Request),
          response: responses.every((c) => c === Response),
          signal: AbortSignal.prototype.constructor === AbortSignal && AbortSignal.abort().constructor === AbortSignal,
          eventOwn: Object.getOwnPropertyNames(event).sort(),
          eventProto: Object.getOwnPropertyNames(FetchEvent.prototype).sort(),
          listenerThis: await new Promise((resolve) => { try { addEventListener('fetch', function () { resolve(this === undefined); }); } catch (e) { resolve(e.message); } removeEventListener('fetch', () => {}); resolve('not called'); }),
        });
      }`;
    const r = await next.runFile('api/attack.ts', source, { url: '/api/attack' });
    expect(r.status, r.body).toBe(200);
    expect(JSON.parse(r.body)).toEqual({
      request: true,
      response: true,
      signal: true,
      eventOwn: ['awaiting', 'isTrusted', 'request', 'respondWith', 'response', 'waitUntil'],
      eventProto: ['constructor'],
      listenerThis: 'not called',
    });
  });
});
