// NodeRuntime over LocalNodeHost over the real bridge, in Node: the warm process, reloads, deadlines and kills, npm
// packages and the measured cold start, without a browser (test/e2e/node-runtime.test.ts runs the same in Chromium).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitsFor, type LimitOverrides } from '../../src/lib/limits';
import { LocalNodeHost } from '../../src/lib/runtimes/hosts/local';
import { NodeRuntime } from '../../src/lib/runtimes/node';
import type { HandlerKind, NextTraits, RunEvent } from '../../workers/protocol';
import { createNodeBridge, type NodeBridge } from '../../src/server/node-bridge';
import { browserStorage, pageFetch as browserFetch } from './bridge-client';
import { collect, compile } from './harness-host';

let root: string;
let server: Server;
let bridge: NodeBridge;
let origin: string;

const pageFetch = browserFetch(() => origin);
const storage = browserStorage();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'pg-node-runtime-'));
  bridge = createNodeBridge({ root });
  server = createServer((req, res) => bridge.handle(req, res, () => res.end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  bridge?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

function newRuntime(projectId: string, options: { killGraceMs?: number; projectFiles?: () => Record<string, string> } = {}) {
  const host = new LocalNodeHost({ bridgeUrl: `${origin}/__node`, fetch: pageFetch, why: 'test', storage });
  return new NodeRuntime({ projectId, host: async () => host, ...options });
}

async function run(runtime: NodeRuntime, code: string, options: { kind?: HandlerKind; path?: string; url?: string; overrides?: LimitOverrides; env?: Record<string, string>; next?: NextTraits; signal?: AbortSignal } = {}) {
  const events: RunEvent[] = [];
  const invocation = {
    code,
    kind: options.kind ?? ('vercel-function' as HandlerKind),
    path: options.path ?? 'api/x.ts',
    env: options.env ?? {},
    ...(options.next ? { next: options.next } : {}),
    request: { method: 'GET', url: `http://localhost:3000${options.url ?? '/api/x'}`, headers: [], body: null },
    limits: limitsFor('hobby', options.overrides),
    signal: options.signal,
  };
  for await (const event of runtime.invoke(invocation)) events.push(event);
  return collect(events);
}

describe('NodeRuntime over the local host', () => {
  it('G25: one warm process keeps module state; the first run is cold and measured', async () => {
    const runtime = newRuntime('warm');
    const code = await compile(`let n = 0; export default (req, res) => res.send(String(++n))`);
    const first = await run(runtime, code);
    expect(first.text).toBe('1');
    expect(first.timings?.cold).toBe(true);
    expect(first.timings?.hostBootMs).toBeGreaterThan(0);
    expect(first.timings?.processStartMs).toBeGreaterThan(0);
    expect(first.timings?.coldStartMs).toBeGreaterThan(first.timings!.processStartMs!);
    const second = await run(runtime, code);
    expect(second.text).toBe('2');
    expect(second.timings?.cold).toBe(false);
    expect(second.timings?.hostBootMs).toBeUndefined();
    expect(second.timings?.processStartMs).toBeUndefined();
    // A changed bundle is a new deployment: a fresh process, so nothing the old module left running reaches it.
    const changed = await run(runtime, await compile(`let n = 100; export default (req, res) => res.send(String(++n))`));
    expect(changed.text).toBe('101');
    expect(changed.timings?.cold).toBe(true);
    await runtime.dispose();
  });

  it("a spare process: started while the first run's handler compiles and taken by it; the next is started once that run is over, and an edit's run takes it instead of spawning", async () => {
    const spawns: string[] = [];
    const counting: typeof fetch = (input, init) => (String(input).endsWith('/spawn') && spawns.push(String(input)), pageFetch(input, init));
    const host = new LocalNodeHost({ bridgeUrl: `${origin}/__node`, fetch: counting, why: 'test', storage });
    const runtime = new NodeRuntime({ projectId: 'spare', host: async () => host });
    const memoryMb = limitsFor('hobby').node.memoryMb;
    const asked = performance.now();
    expect(await runtime.where(memoryMb)).toMatch(/^local node v/);
    const code = await compile(`export default (req, res) => res.send('ok')`);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // a slow first build
    expect(await runtime.where(memoryMb)).toMatch(/^local node v/); // a second run's question starts nothing more
    expect(spawns).toHaveLength(1); // started before any run
    const first = await run(runtime, code);
    expect(first.text).toBe('ok');
    expect(first.timings?.cold).toBe(true);
    expect(first.timings?.processStartMs).toBeGreaterThan(0);
    expect(first.timings!.coldStartMs!).toBeGreaterThan(first.timings!.processStartMs!);
    // Counted from its spawn, it would be over 2000 ms.
    expect(first.timings!.coldStartMs!).toBeLessThan(performance.now() - asked - 1000);
    await expect.poll(() => spawns.length, { timeout: 5000 }).toBe(2); // the next spare, in the quiet after the run
    expect((await run(runtime, code)).timings?.cold).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the person edits
    const t = performance.now();
    const edited = await run(runtime, await compile(`export default (req, res) => res.send('edited')`));
    const editMs = performance.now() - t;
    expect(edited.text).toBe('edited');
    expect(edited.timings?.cold).toBe(true); // a new bundle is a fresh process, as a deployment is
    expect(editMs).toBeLessThan(edited.timings!.processStartMs!); // which was started before the edit
    await runtime.dispose();
  });

  it('nothing is started ahead for a project the person has not allowed to run here', async () => {
    const spawns: string[] = [];
    const counting: typeof fetch = (input, init) => (String(input).endsWith('/spawn') && spawns.push(String(input)), pageFetch(input, init));
    const host = new LocalNodeHost({ bridgeUrl: `${origin}/__node`, fetch: counting, why: 'test', storage });
    let blocked: string | null = 'This project came from another origin.';
    const runtime = new NodeRuntime({ projectId: 'ahead-blocked', host: async () => host, localRunBlocked: () => blocked });
    await runtime.where(limitsFor('hobby').node.memoryMb);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(spawns).toEqual([]);
    blocked = null; // the check that it can fail: allowed, the same question starts one
    await runtime.where(limitsFor('hobby').node.memoryMb);
    await expect.poll(() => spawns.length).toBe(1);
    await runtime.dispose();
  });

  it('a process started ahead never serves another project: loaded meanwhile, that project gets a process of its own', async () => {
    const spawns: string[] = [];
    const counting: typeof fetch = (input, init) => (String(input).endsWith('/spawn') && spawns.push(String(init?.body)), pageFetch(input, init));
    const host = new LocalNodeHost({ bridgeUrl: `${origin}/__node`, fetch: counting, why: 'test', storage });
    const runtime = new NodeRuntime({ projectId: 'ahead-switch', host: async () => host });
    const where = runtime.where(limitsFor('hobby').node.memoryMb);
    await where;
    runtime.switchProject(); // before the process said hello
    const r = await run(runtime, await compile(`export default (req, res) => res.send(process.cwd())`));
    expect(spawns.length).toBeGreaterThanOrEqual(2); // the run's, and then perhaps the next spare
    const [aheadProject, runProject] = spawns.slice(0, 2).map((body) => (JSON.parse(body) as { projectId: string }).projectId);
    expect(runProject).not.toBe(aheadProject);
    expect(r.text).toContain(runProject);
    expect(r.text).not.toContain(aheadProject);
    await runtime.dispose();
  });

  it('G25: the middleware is loaded beside the route in one process, so alternating them keeps both modules warm', async () => {
    const runtime = newRuntime('middleware-beside-route');
    const middleware = await compile(`let n = 0; export function middleware() { return new Response('m' + ++n); }`, 'middleware.ts');
    const route = await compile(`let n = 0; export default (req, res) => res.send('r' + ++n)`);
    const next = { profile: '15.5', paramsPromise: true, requestGeo: false, dynamicCode: 'build-error' as const };
    const answers: string[] = [];
    const cold: boolean[] = [];
    const spawned: boolean[] = [];
    for (let i = 0; i < 2; i++) {
      for (const r of [await run(runtime, middleware, { kind: 'middleware', path: 'middleware.ts', next }), await run(runtime, route)]) {
        answers.push(r.text);
        cold.push(r.timings?.cold === true);
        spawned.push(r.timings?.processStartMs !== undefined);
      }
    }
    expect(answers).toEqual(['m1', 'r1', 'm2', 'r2']);
    expect(cold).toEqual([true, true, false, false]);
    expect(spawned).toEqual([true, false, false, false]); // one process serves both
    await runtime.dispose();
  });

  it('L03: an async hang gets the harness\'s 504, and the next run gets a fresh process (the hung one may still log)', async () => {
    const runtime = newRuntime('hang');
    const r = await run(runtime, await compile(`export default () => {}`), { overrides: { nodeMaxDurationMs: 300 } });
    expect(r.status).toBe(504);
    expect(r.header('x-vercel-error')).toBe('FUNCTION_INVOCATION_TIMEOUT');
    expect(r.errors[0].message).toMatch(/did not respond within 300 ms/);
    const next = await run(runtime, await compile(`export default (req, res) => res.send('ok')`));
    expect(next.text).toBe('ok');
    expect(next.timings?.cold).toBe(true);
    await runtime.dispose();
  });

  it('a synchronous loop is killed after the deadline with 504, and the next run starts a fresh process', async () => {
    const runtime = newRuntime('loop', { killGraceMs: 300 });
    const t0 = performance.now();
    const r = await run(runtime, await compile(`export default () => { for (;;) {} }`), { overrides: { nodeMaxDurationMs: 500 } });
    const ms = performance.now() - t0;
    expect(r.status).toBe(504);
    expect(r.errors[0]).toMatchObject({ code: 'FUNCTION_INVOCATION_TIMEOUT' });
    expect(r.errors[0].message).toMatch(/synchronous code, so it was killed/);
    expect(ms).toBeGreaterThan(800);
    expect(ms).toBeLessThan(5000);
    const next = await run(runtime, await compile(`export default (req, res) => res.send('alive')`));
    expect(next.text).toBe('alive');
    expect(next.timings?.cold).toBe(true);
    await runtime.dispose();
  });

  it('Stop on a run stuck in synchronous code: its process is killed and the next run does not wait for the deadline', async () => {
    const runtime = newRuntime('stopped');
    const abort = new AbortController();
    const stuck = run(runtime, await compile(`export default () => { for (;;) {} }`), { signal: abort.signal });
    await new Promise((r) => setTimeout(r, 500));
    const t0 = performance.now();
    abort.abort();
    const next = await run(runtime, await compile(`export default (req, res) => res.send('next')`));
    expect(next.text).toBe('next');
    expect(next.timings?.cold).toBe(true);
    expect(performance.now() - t0).toBeLessThan(3000); // not the plan's maxDuration (300 s on Fluid)
    expect((await stuck).status).not.toBe(200);
    await runtime.dispose();
  });

  it('L04: a thrown error is 500 FUNCTION_INVOCATION_FAILED with the user stack', async () => {
    const runtime = newRuntime('throws');
    const r = await run(runtime, await compile(`export default () => { throw new Error('boom') }`));
    expect(r.status).toBe(500);
    expect(r.errors[0]).toMatchObject({ code: 'FUNCTION_INVOCATION_FAILED', message: 'Error: boom' });
    await runtime.dispose();
  });

  it('npm: an imported package is installed once, with progress in the run\'s log', async () => {
    const runtime = newRuntime('npm');
    const code = await compile(`import ms from 'ms'; export default (req, res) => res.send(String(ms('2 days')))`);
    const first = await run(runtime, code);
    expect(first.text).toBe('172800000');
    expect(first.logs[0].text).toBe('npm install ms@latest');
    expect(first.logs.some((l) => l.text.startsWith('npm: '))).toBe(true);
    expect(first.timings?.installMs).toBeGreaterThan(0);
    const second = await run(runtime, code);
    expect(second.text).toBe('172800000');
    expect(second.logs).toEqual([]);
    expect(second.timings?.installMs).toBeUndefined();
    await runtime.dispose();
  }, 120_000);

  it('project files: data files the code names are written beside the bundle; package.json pins the npm version', async () => {
    const files = {
      'api/x.ts': '/* the handler, bundled */',
      'data/greeting.txt': 'hi from a file',
      'package.json': JSON.stringify({ dependencies: { 'is-number': '7.0.0' } }),
    };
    const runtime = newRuntime('files', { projectFiles: () => files });
    // Named the way Vercel's file tracing finds it (vercel-build.test.ts has the rest of that rule).
    const code = await compile(`import isNumber from 'is-number'; import fs from 'node:fs'; import path from 'node:path';
      export default (req, res) => res.json({ text: fs.readFileSync(path.join(process.cwd(), 'data/greeting.txt'), 'utf8'), n: isNumber(1), version: require('is-number/package.json').version })`);
    const r = await run(runtime, code);
    expect(r.logs[0].text).toBe('npm install is-number@7.0.0');
    expect(JSON.parse(r.text)).toEqual({ text: 'hi from a file', n: true, version: '7.0.0' });
    // A changed data file is a new deployment (a fresh process); npm is not asked again.
    files['data/greeting.txt'] = 'changed';
    const again = await run(runtime, code);
    expect(JSON.parse(again.text).text).toBe('changed');
    expect(again.logs).toEqual([]);
    expect(again.timings?.cold).toBe(true);
    await runtime.dispose();
  }, 120_000);

  it('a missing bridge is NODE_HOST_UNAVAILABLE with what to do', async () => {
    const runtime = new NodeRuntime({ projectId: 'none', host: async () => new LocalNodeHost({ bridgeUrl: `${origin}/nothing`, fetch: pageFetch }) });
    const r = await run(runtime, await compile(`export default (req, res) => res.send('x')`));
    expect(r.errors[0].code).toBe('NODE_HOST_UNAVAILABLE');
    expect(r.errors[0].message).toMatch(/no local Node bridge/);
    expect(await runtime.where()).toBe('no Node host');
  });

  it('cold start and warm round trip, measured (median of 5 cold, 50 warm)', async () => {
    const code = await compile(`export default (req, res) => res.send('hi')`);
    const cold: number[] = [];
    const start: number[] = [];
    for (let i = 0; i < 5; i++) {
      const runtime = newRuntime(`cold-${i}`);
      const r = await run(runtime, code);
      cold.push(r.timings!.coldStartMs!);
      start.push(r.timings!.processStartMs!);
      await runtime.dispose();
    }
    const runtime = newRuntime('round-trip');
    await run(runtime, code);
    const warm: number[] = [];
    for (let i = 0; i < 50; i++) warm.push((await run(runtime, code)).timings!.roundTripMs!);
    await runtime.dispose();
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
    console.log(`NodeRuntime over the local bridge: spawn→hello ${median(start).toFixed(1)} ms, spawn→first response ${median(cold).toFixed(1)} ms (median of 5); warm round trip ${median(warm).toFixed(2)} ms (median of 50)`);
    expect(median(cold)).toBeLessThan(3000);
    expect(median(warm)).toBeLessThan(100);
  }, 60_000);
});

describe('run() with the Node.js runtime', () => {
  it('L09: a bundle over 250 MB uncompressed fails at build with Vercel\'s message, before anything runs', async () => {
    const { run: runOne } = await import('../../src/lib/run');
    let invoked = false;
    const runtime = { name: 'nodejs' as const, invoke: () => ((invoked = true), (async function* () {})()) };
    const events = [];
    const files = { 'api/huge.js': 'module.exports = (req, res) => res.send("x")' };
    const compile = async () => ({ type: 'compiled' as const, id: 1, code: 'export default 1', errors: [], warnings: [], bytes: 260 * 1024 * 1024, gzipBytes: 1000, compileMs: 1 });
    for await (const event of runOne({ files, path: 'api/huge.js', request: { method: 'GET', url: '/api/huge', headers: [], body: null } }, { compile, runtimes: { nodejs: runtime } })) events.push(event);
    const error = events.find((e) => e.type === 'error');
    expect(error).toMatchObject({
      code: 'NOW_SANDBOX_WORKER_MAX_UNCOMPRESSED_LAMBDA_SIZE',
      message: 'The Vercel Function "api/huge" is 260mb uncompressed which exceeds the maximum uncompressed size limit of 250mb.',
    });
    expect(invoked).toBe(false);
  });
});
