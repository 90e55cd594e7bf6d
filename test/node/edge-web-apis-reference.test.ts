// The Web API cases (test/edge-web-apis/cases.ts) in Vercel's own @edge-runtime/vm: proves every expected value is
// what the edge runtime gives, so the worker's e2e run (test/e2e/edge-web-apis.test.ts) is held to the real thing.
import { EdgeVM } from '@edge-runtime/vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRELUDE, WEB_API_CASES, type ModuleRequest, type ObservedResponse, type WebApiCase } from '../edge-web-apis/cases';
import { startWebApiServer } from '../edge-web-apis/server';
import { caseFunction } from '../edge-web-apis/sources';
import { observeResponse } from '../edge-web-apis/observe';

let server: Awaited<ReturnType<typeof startWebApiServer>>;
beforeAll(async () => {
  server = await startWebApiServer();
});
afterAll(() => server?.close());

async function runTableCase(c: WebApiCase): Promise<unknown> {
  const vm = new EdgeVM();
  const fn = vm.evaluate<(ctx: { server: string }) => Promise<unknown>>(`${PRELUDE}\n(${caseFunction(c)})`);
  // Through JSON, as the worker's answer travels.
  return JSON.parse(JSON.stringify((await fn({ server: server.origin })) ?? null));
}

async function runModuleCase(c: WebApiCase): Promise<Partial<ObservedResponse>[]> {
  const vm = new EdgeVM();
  vm.evaluate(c.module!.source);
  const out: Partial<ObservedResponse>[] = [];
  for (const r of c.module!.requests ?? [{} as ModuleRequest]) {
    const url = `http://localhost:3000${r.path ?? '/'}?server=${encodeURIComponent(server.origin)}`;
    const response = await vm.dispatchFetch(url, { method: r.method ?? 'GET', body: r.body });
    out.push(observeResponse({ status: response.status, statusText: response.statusText, headers: [...response.headers], body: await response.text() }, c));
  }
  return out;
}

describe('Web API cases in @edge-runtime/vm (the reference)', () => {
  for (const c of WEB_API_CASES) {
    it(`${c.peer} › ${c.test}`, async () => {
      expect(c.module ? await runModuleCase(c) : await runTableCase(c)).toEqual(c.expected);
    });
  }
});
