// `npm run bench`: the playground's speed in headless Chromium against the production build, each number beside a
// baseline measured in the same run. Prints a table and writes test/bench/results.json. Not part of `npm test`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build as viteBuild, preview } from 'vite';
import { chromium } from 'playwright-core';
import * as esbuild from 'esbuild';
import { EdgeVM } from '@edge-runtime/vm';
import { ensureChromium, CHROMIUM_ARGS } from '../../scripts/chromium-path.mjs';
import { benchFirstResponseNoWebContainer, benchNode } from './node.mjs';
import { benchLanguages } from './languages.mjs';
import { benchRevisit } from './revisit.mjs';

const ROUTE = 'app/api/bench/route.ts';
const N = Number(process.env.BENCH_N ?? 40);
const handler = (i) => `export const runtime = 'edge';
let hits = 0;
export async function GET(request: Request) {
  const { searchParams } = new URL(request.url);
  hits++;
  return Response.json({ hello: searchParams.get('name') ?? 'world', hits, edit: ${i} });
}
`;

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x) => Math.round(x * 100) / 100;
const metric = (name, unit, samples, baseline) => {
  const m = { name, unit, p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), n: samples.length };
  if (baseline) {
    m.baseline = { name: baseline.name, p50: round(percentile(baseline.samples, 50)) };
    m.ratio = round(m.p50 / m.baseline.p50);
  }
  return m;
};

// ------------------------------------------------------------------ server and browser
// BENCH_OUT_DIR builds elsewhere than dist/ (two benches or a bench and a test build at once); SKIP_BUILD=1 reuses it.
const outDir = process.env.BENCH_OUT_DIR || 'dist';
if (!process.env.SKIP_BUILD) await viteBuild({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const server = await preview({ preview: { port: 0, strictPort: false, host: 'localhost' }, build: { outDir }, logLevel: 'warn' });
const base = `http://localhost:${server.httpServer.address().port}`;
// BENCH_CHROMIUM_ARGS: extra flags for an experiment (e.g. --js-flags=--no-wasm-tier-up), space-separated.
const browserArgs = [...CHROMIUM_ARGS, ...(process.env.BENCH_CHROMIUM_ARGS?.split(' ').filter(Boolean) ?? [])];
const browser = await chromium.launch({ executablePath: ensureChromium(), args: browserArgs, headless: true });
const metrics = [];
/** BENCH_ONLY=languages,node runs only those parts: page, edit, compile, edge, compare, languages, node (all by default). */
const only = process.env.BENCH_ONLY?.split(',');
const want = (part) => !only || only.includes(part);

async function openEmbed() {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    // The compiler worker's traffic as performance marks (compile:posted / compile:answered, detail: the build's id),
    // so an edit's time can be split at the compiler (see editToResponse). The page's own code is not touched.
    if (window === window.top) {
      const NativeWorker = window.Worker;
      window.Worker = class extends NativeWorker {
        constructor(url, options) {
          super(url, options);
          if (options?.name !== 'compiler') return;
          this.addEventListener('message', (e) => e.data?.type === 'compiled' && performance.mark('compile:answered', { detail: e.data.id }));
          const post = this.postMessage.bind(this);
          this.postMessage = (m, t) => (m?.type === 'compile' && performance.mark('compile:posted', { detail: m.id }), post(m, t));
        }
      };
    }
    window.__replies = [];
    window.__t0 = performance.now();
    // Only what the bench reads back (the page's ready): copying and keeping every message, each run's request and
    // result among them, was harness work on the page's main thread (and its GC), counted against the playground.
    window.addEventListener('message', (e) => e.data?.type === 'playground:ready' && window.__replies.push({ ...e.data, at: performance.now() }));
    let next = 1;
    // One listener for every reply, matched by id. (A listener per call, as this bench first had, made each reply run
    // 65 listeners with 64 calls in flight: harness work on the page's main thread, counted against the playground.)
    const pending = new Map();
    window.addEventListener('message', (e) => {
      const call = pending.get(e.data?.id);
      if (!call || e.data.type !== call.replyType) return;
      pending.delete(e.data.id);
      call.resolve({ ...e.data, ms: performance.now() - call.start });
    });
    // Sends one embed message and resolves with the reply, timed in the page.
    window.__call = (msg, replyType) =>
      new Promise((resolve) => {
        const id = `b${next++}`;
        pending.set(id, { replyType, resolve, start: performance.now() });
        window.postMessage({ ...msg, id }, '*');
      });
  });
  await page.goto(`${base}/?embed`);
  await page.waitForFunction(() => window.__replies.some((m) => m.type === 'playground:ready'));
  return { page };
}

const load = (page, files) => page.evaluate((files) => window.__call({ type: 'playground:load', files }, 'playground:loaded'), files);
const run = (page, url = '/api/bench?name=Ada') =>
  page.evaluate(
    ([path, url]) => window.__call({ type: 'playground:run', path, request: { method: 'GET', url } }, 'playground:result'),
    [ROUTE, url],
  );

// ------------------------------------------------------------------ page: its own start
// page.embedJsBytesGz: every JS file the embed page (its own document, its workers, the sandbox frame) requests from
// navigation until it starts loading the editor (the `editor:load` mark), gzip -9: what a reader downloads before
// the first response can be had. page.totalBlockingTime: the sum over the main thread's long tasks of their time past
// 50 ms, from navigation until the editor is ready (the `editor:ready` mark), unthrottled; on the full page (what
// Lighthouse scores) and on the embed. page.navigationToFirstResponse: navigation → the first run's result, with the
// host sending load and run from its `playground:ready` listener.
async function openForStart(path) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const js = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.js')) js.push({ request: r, at: Date.now() });
  });
  await page.goto(base + path);
  await page.waitForFunction(() => performance.getEntriesByName('editor:ready').length > 0, null, { timeout: 60_000 });
  await page.waitForTimeout(300); // a long task is reported after it ends
  const start = await page.evaluate(() => {
    const [load] = performance.getEntriesByName('editor:load');
    const [ready] = performance.getEntriesByName('editor:ready');
    const tasks = window.__longTasks.filter((t) => t.start < ready.startTime);
    return {
      loadAt: performance.timeOrigin + load.startTime,
      readyMs: ready.startTime,
      tbt: tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
      tasks: tasks.map((t) => `${Math.round(t.start)}+${Math.round(t.duration)}`),
    };
  });
  return { page, js, ...start };
}

if (want('page')) {
  const { page: embed, js, loadAt } = await openForStart('/?embed');
  const files = [];
  const seen = new Set(); // a module the page and a worker both import is fetched twice, downloaded once
  for (const { request, at } of js) {
    if (at > loadAt || seen.has(request.url())) continue;
    seen.add(request.url());
    const body = await (await request.response())?.body();
    if (body) files.push({ file: new URL(request.url()).pathname.split('/').pop(), gz: gzipSync(body, { level: 9 }).byteLength });
  }
  await embed.close();
  const jsGz = files.reduce((sum, f) => sum + f.gz, 0);
  console.log('page: JS before the editor (gzip):', files.map((f) => `${f.file} ${f.gz}`).join(', '));
  metrics.push({ name: 'page.embedJsBytesGz', unit: 'bytes', p50: jsGz, p95: jsGz, n: 1 });

  for (const [name, path] of [['page.totalBlockingTime', '/'], ['page.totalBlockingTime.embed', '/?embed']]) {
    const samples = [];
    for (let i = 0; i < 3; i++) {
      const { page, tbt, tasks, readyMs } = await openForStart(path);
      console.log(`${name}: ${Math.round(tbt)} ms, editor ready at ${Math.round(readyMs)} ms, long tasks (start+ms) ${tasks.join(' ')}`);
      samples.push(tbt);
      await page.close();
    }
    metrics.push(metric(name, 'ms', samples));
  }

  // The host sends its load and run from its ready listener, as a host page does: driving them from here would add a
  // Playwright round trip (about 90 ms: waiting for the ready, then evaluating) to the playground's number.
  const navSamples = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    await page.addInitScript(([path, source]) => {
      window.addEventListener('message', (e) => {
        if (e.data?.type === 'playground:ready') {
          window.postMessage({ type: 'playground:load', id: 'load', files: { [path]: source } }, '*');
          window.postMessage({ type: 'playground:run', id: 'run', path, request: { method: 'GET', url: '/api/bench' } }, '*');
        } else if (e.data?.type === 'playground:result' && e.data.id === 'run') {
          window.__firstResponse = { at: performance.now(), status: e.data.results[0].status }; // since navigation start
        }
      });
    }, [ROUTE, handler(0)]);
    await page.goto(`${base}/?embed`);
    const { at, status } = await (await page.waitForFunction(() => window.__firstResponse, null, { timeout: 60_000 })).jsonValue();
    if (status !== 200) throw new Error(`navigation → first response: status ${status}`);
    navSamples.push(at);
    await page.close();
  }
  metrics.push(metric('page.navigationToFirstResponse', 'ms', navSamples));
  metrics.push(await benchRevisit({ outDir, executablePath: ensureChromium(), args: browserArgs, metric, route: ROUTE, source: handler(0) }));
}

const { page } = await openEmbed();
// Warm up: compiler ready, sandbox and spare worker up.
await load(page, { [ROUTE]: handler(0) });
for (let i = 0; i < 3; i++) await run(page);

// ------------------------------------------------------------------ edit → response visible
/**
 * N edits, each loaded and run through the embed API, timed up to the frame that shows the response. Each edit is also
 * split on the page's clock: load → the compile request posted (the page takes in the files), → its answer (of which
 * the worker's own compileMs: esbuild and the gzip size), → the run's result (of which the edge runtime's bundle load,
 * startMs, and its round trip), → the frame.
 */
async function editToResponse(first, label) {
  const samples = [];
  const split = { takeIn: [], compile: [], worker: [], run: [], bundleLoad: [], roundTrip: [], frame: [] };
  const load = {}; // the bundle load's parts (Timings.edgeLoad)
  for (let i = first; i < first + N; i++) {
    const r = await page.evaluate(async ([path, source]) => {
      performance.clearMarks('compile:posted');
      performance.clearMarks('compile:answered');
      const start = performance.now();
      await window.__call({ type: 'playground:load', files: { [path]: source } }, 'playground:loaded');
      const result = await window.__call({ type: 'playground:run', path, request: { method: 'GET', url: '/api/bench' } }, 'playground:result');
      if (result.results[0].status !== 200) throw new Error(JSON.stringify(result.results[0].error));
      const resultAt = performance.now();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r))); // the frame that shows it
      const end = performance.now();
      const posted = performance.getEntriesByName('compile:posted').at(-1);
      const answered = performance.getEntriesByName('compile:answered').find((m) => m.detail === posted?.detail);
      return { ms: end - start, start, resultAt, end, posted: posted?.startTime, answered: answered?.startTime, timings: result.results[0].timings };
    }, [ROUTE, handler(i)]);
    samples.push(r.ms);
    if (r.posted === undefined || r.answered === undefined) continue;
    split.takeIn.push(r.posted - r.start);
    split.compile.push(r.answered - r.posted);
    split.worker.push(r.timings.compileMs);
    split.run.push(r.resultAt - r.answered);
    split.bundleLoad.push(r.timings.startMs);
    split.roundTrip.push(r.timings.roundTripMs ?? r.timings.totalMs);
    split.frame.push(r.end - r.resultAt);
    for (const [part, ms] of Object.entries(r.timings.edgeLoad ?? {})) (load[part] ??= []).push(ms);
  }
  const p50 = (xs) => round(percentile(xs, 50));
  console.log(
    `${label} split (p50 ms, ${split.compile.length}/${samples.length} edits): load → compile posted ${p50(split.takeIn)} · ` +
      `compile ${p50(split.compile)} (worker ${p50(split.worker)}) · answer → result ${p50(split.run)} ` +
      `(bundle load ${p50(split.bundleLoad)}, edge round trip ${p50(split.roundTrip)}) · frame ${p50(split.frame)}`,
  );
  console.log(`${label} bundle load in parts (p50 ms, Timings.edgeLoad): ${Object.entries(load).map(([part, xs]) => `${part} ${p50(xs)}`).join(' · ')}`);
  return samples;
}
// The first edits after the page loaded: they share the machine with V8 optimising esbuild.wasm (its tier-up takes
// seconds of CPU over the first few dozen builds) and with the editor's first load.
if (want('edit')) metrics.push(metric('edge.editToResponse', 'ms', await editToResponse(1, 'edge.editToResponse')));

// ------------------------------------------------------------------ compile: ours vs bare esbuild-wasm (same page) vs native
// Like for like: the bare build has the options ours has for an edge route (workers/compiler/builder.ts buildOptions)
// and a one-file in-memory plugin, runs the same compiled esbuild.wasm, is warmed up as long as ours was, and builds
// at the same moment as ours in one loop, so both see the same page and machine. (It first ran after ours on an
// otherwise idle page, with fewer options, a separately compiled wasm and two warm-up builds, while ours ran beside
// the editor and sandbox work of each edit: the ratio compared two conditions.)
if (want('compile')) {
  const EDGE_OPTIONS = {
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    sourcemap: 'inline',
    sourcesContent: true,
    logLevel: 'silent',
    absWorkingDir: '/',
    platform: 'browser',
    conditions: ['edge-light', 'worker', 'browser'],
    define: { 'process.env.NEXT_RUNTIME': '"edge"' },
  };
  const memPlugin = (read) => ({
    name: 'mem',
    setup(b) {
      b.onResolve({ filter: /^entry$/ }, () => ({ path: 'entry', namespace: 'mem' }));
      b.onLoad({ filter: /.*/, namespace: 'mem' }, () => ({ contents: read(), loader: 'ts' }));
    },
  });
  // A bare esbuild-wasm build of the same input in a worker of the same page, served by the bench only. It loads the
  // very esbuild.wasm our compiler loads (same URL): V8 then gives both the same compiled, tiered-up code, where a copy
  // at another URL was compiled afresh and ran on baseline code for much of the loop.
  const esbuildWasm = readFileSync(new URL('../../node_modules/esbuild-wasm/esm/browser.min.js', import.meta.url));
  const wasmAsset = readdirSync(resolve(outDir, 'assets')).find((f) => /^esbuild-.*\.wasm$/.test(f));
  if (!wasmAsset) throw new Error('dist/assets has no esbuild-*.wasm');
  const isolation = {
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
  };
  await page.route('**/__bench/**', (route) => {
    const url = route.request().url();
    if (url.endsWith('esbuild.mjs')) return route.fulfill({ body: esbuildWasm, contentType: 'text/javascript', headers: isolation });
    const worker = `import * as esbuild from '/__bench/esbuild.mjs';
      await esbuild.initialize({ wasmURL: '/assets/${wasmAsset}', worker: false });
      let source = '';
      const ctx = await esbuild.context({ ...${JSON.stringify(EDGE_OPTIONS)}, plugins: [(${memPlugin})(() => source)], entryPoints: ['entry'] });
      self.onmessage = async (e) => { source = e.data; const t = performance.now(); await ctx.rebuild(); postMessage(performance.now() - t); };
      postMessage('ready');`;
    return route.fulfill({ body: worker, contentType: 'text/javascript', headers: isolation });
  });
  // Warmed up with as many builds as our compiler had before this loop (its start-up build and the edits above).
  await page.evaluate(async ([warmups]) => {
    const w = new Worker('/__bench/bare-worker.js', { type: 'module' });
    const next = () => new Promise((r) => (w.onmessage = (e) => r(e.data)));
    if ((await next()) !== 'ready') throw new Error('bare esbuild-wasm did not start');
    window.__bare = { worker: w, build: (source) => (w.postMessage(source), next()) };
    for (const s of warmups) await window.__bare.build(s);
  }, [Array.from({ length: N + 1 }, (_, i) => handler(4000 + i))]);

  const ours = [];
  const cold = [];
  const bare = [];
  for (let i = 0; i < N; i++) {
    // Both builds start together: ours when the page takes in the loaded files (it builds the entry then, while the
    // page updates), the bare one at the same moment, so both run beside the same page work and each other. Which
    // one starts a hair earlier alternates.
    const r = await page.evaluate(
      async ([path, source, bareSource, bareFirst]) => {
        const loading = window.__call({ type: 'playground:load', files: { [path]: source } }, 'playground:loaded');
        const bareMs = bareFirst ? window.__bare.build(bareSource) : loading.then(() => window.__bare.build(bareSource));
        await loading;
        const result = await window.__call({ type: 'playground:run', path, request: { method: 'GET', url: '/api/bench' } }, 'playground:result');
        return { result, bareMs: await bareMs };
      },
      [ROUTE, handler(1000 + i), handler(2000 + i), i % 2 === 1],
    );
    ours.push(r.result.results[0].timings.compileMs);
    cold.push(r.result.results[0].timings.startMs);
    bare.push(r.bareMs);
  }
  await page.evaluate(() => window.__bare.worker.terminate());
  // Native esbuild with the same options and incremental setup.
  let nativeSource = '';
  const ctx = await esbuild.context({ ...EDGE_OPTIONS, entryPoints: ['entry'], plugins: [memPlugin(() => nativeSource)] });
  const native = [];
  for (let i = 0; i < N + 2; i++) {
    nativeSource = handler(3000 + i);
    const t = performance.now();
    await ctx.rebuild();
    native.push(performance.now() - t);
  }
  native.splice(0, 2);
  await ctx.dispose();
  metrics.push(metric('edge.compile', 'ms', ours, { name: 'bare esbuild-wasm (same page)', samples: bare }));
  metrics.push(metric('edge.compile.vsNative', 'ms', ours, { name: 'native esbuild (Node)', samples: native }));
  metrics.push(metric('edge.coldStart', 'ms', cold));
}

// ------------------------------------------------------------------ warm round trip and throughput vs @edge-runtime/vm
if (want('edge')) {
  // Warm means the page's own start is over too: the editor loads after the first response, and runs taken while it
  // does measure its load (see py.roundTrip.spaced), not the hot path.
  await page.waitForFunction(() => performance.getEntriesByName('editor:ready').length > 0, null, { timeout: 60_000 });
  await load(page, { [ROUTE]: handler(0) });
  await run(page);
  const ours = [];
  const parts = { page: [], pageRuntime: [], crossing: [], sandbox: [], sandboxWorker: [], worker: [] };
  let direct = 0;
  for (let i = 0; i < N * 5; i++) {
    const r = await run(page);
    ours.push(r.ms);
    // Where the round trip went (Timings.edgePath): the page's part is everything but the runtime's round trip, plus
    // EdgeRuntime's own time in it (embed API, run pipeline, RunRecord, result building, EdgeRuntime).
    const { roundTripMs, edgePath } = r.results[0].timings;
    if (!edgePath) continue;
    if (edgePath.direct) direct++;
    parts.page.push(r.ms - roundTripMs + edgePath.pageMs);
    parts.pageRuntime.push(edgePath.pageMs);
    parts.crossing.push(edgePath.pageSandboxMs);
    parts.sandbox.push(edgePath.sandboxMs);
    parts.sandboxWorker.push(edgePath.sandboxWorkerMs);
    parts.worker.push(edgePath.workerMs);
  }
  if (parts.page.length) {
    const p50 = (xs) => round(percentile(xs, 50));
    const hop = direct > parts.page.length / 2 ? 'page ⇄ worker (direct port)' : 'page ⇄ sandbox';
    console.log(
      `edge.roundTrip profile (p50 ms, ${direct}/${parts.page.length} runs direct): page ${p50(parts.page)} (EdgeRuntime ${p50(parts.pageRuntime)}) · ` +
        `${hop} ${p50(parts.crossing)} · sandbox ${p50(parts.sandbox)} · sandbox ⇄ worker ${p50(parts.sandboxWorker)} · worker ${p50(parts.worker)}`,
    );
    for (const [name, xs] of Object.entries(parts)) metrics.push(metric(`edge.roundTrip.${name}`, 'ms', xs));
  }

  const out = await esbuild.build({ stdin: { contents: handler(0), loader: 'ts' }, bundle: true, format: 'iife', globalName: '__route', write: false, logLevel: 'silent' });
  const vm = new EdgeVM();
  vm.evaluate(out.outputFiles[0].text);
  vm.evaluate(`addEventListener('fetch', (e) => e.respondWith(Promise.resolve().then(() => __route.GET(e.request))))`);
  const dispatch = async () => {
    const res = await vm.dispatchFetch('http://localhost:3000/api/bench?name=Ada');
    await res.text();
  };
  for (let i = 0; i < 20; i++) await dispatch();
  const vmSamples = [];
  for (let i = 0; i < N * 5; i++) {
    const t = performance.now();
    await dispatch();
    vmSamples.push(performance.now() - t);
  }
  metrics.push(metric('edge.roundTrip', 'ms', ours, { name: '@edge-runtime/vm (Node)', samples: vmSamples }));

  const TOTAL = 640;
  const oursRps = [];
  const vmRps = [];
  for (let round = 0; round < 5; round++) {
    oursRps.push(
      await page.evaluate(async ([path, total]) => {
        const start = performance.now();
        let sent = 0;
        const lane = async () => {
          while (sent < total) {
            sent++;
            await window.__call({ type: 'playground:run', path, request: { method: 'GET', url: '/api/bench' } }, 'playground:result');
          }
        };
        await Promise.all(Array.from({ length: 64 }, lane));
        return total / ((performance.now() - start) / 1000);
      }, [ROUTE, TOTAL]),
    );
    const start = performance.now();
    let sent = 0;
    const lane = async () => {
      while (sent < TOTAL) {
        sent++;
        await dispatch();
      }
    };
    await Promise.all(Array.from({ length: 64 }, lane));
    vmRps.push(TOTAL / ((performance.now() - start) / 1000));
  }
  // Higher is better here: the ratio is ours / baseline.
  metrics.push(metric('edge.throughput64', 'req/s', oursRps, { name: '@edge-runtime/vm (Node), 64 in flight', samples: vmRps }));
}

// ------------------------------------------------------------------ edit → response visible, warm
// The same edits once everything above has run: esbuild.wasm optimised, the editor loaded. What a person editing for a
// while sees; edge.editToResponse above is the first edits after opening the page.
if (want('edit')) metrics.push(metric('edge.editToResponse.warm', 'ms', await editToResponse(5000, 'edge.editToResponse.warm')));

// ------------------------------------------------------------------ compare: an edit answered by both runtimes
// compare.editToBothResponses: an edit of a JavaScript route loaded and run with runtime 'both' (compare runtimes: the
// edge and Node.js on the local host, side by side) until both responses are shown. Each edit is a new bundle, so the
// Node.js side starts a fresh process for it (a changed bundle is a new deployment, src/lib/runtimes/node.ts).
if (want('compare')) {
  // The bridge hands its token to one browser at a time, while no Node process runs (as test/e2e/global-setup.ts asks);
  // it refuses while another browser's processes run on this machine (another bench or test run).
  const session = await fetch(`${base}/__node/session`, { method: 'POST', headers: { Origin: base }, body: '' });
  const token = session.ok ? (await session.json()).token : null;
  if (!token) console.log(`compare.editToBothResponses: not measured, the Node bridge gave no token: ${session.status} ${await session.text()}`);
  if (token) await compareBoth(token);
  if (token) await nodeEdits(token);
}

/**
 * An embed page on the local Node host, holding the bridge's token, once it is ready. `window.__nodeCall(msg,
 * replyType)` sends one embed message (with its id) and resolves with the reply of that type and id.
 */
async function openNodeEmbed(token) {
  const nodePage = await browser.newPage();
  await nodePage.addInitScript((token) => {
    if (window === window.top) localStorage.setItem('playground:node-bridge-token', token);
    window.__replies = [];
    window.addEventListener('message', (e) => window.__replies.push(e.data));
    window.__nodeCall = (msg, replyType) =>
      new Promise((resolve) => {
        const onMessage = (e) => e.data?.id === msg.id && e.data.type === replyType && (removeEventListener('message', onMessage), resolve(e.data));
        addEventListener('message', onMessage);
        postMessage(msg, '*');
      });
  }, token);
  await nodePage.goto(`${base}/?embed&nodeHost=local`);
  await nodePage.waitForFunction(() => window.__replies.some((m) => m.type === 'playground:ready'));
  return nodePage;
}

/**
 * node.editToResponse: a person's edit of a Node.js handler (`playground:setFile` from the page's own origin, as the
 * editor writes it), run until its result, NODE_EDIT_GAP_MS after the last (a person types between runs). Every edit
 * is a new bundle, so a fresh process: taken from the spare started after the last run, or started on the run's path.
 */
async function nodeEdits(token) {
  const NODE_EDIT_GAP_MS = 800;
  const editPage = await openNodeEmbed(token);
  const FILE = 'api/edit.js';
  const source = (i) => `module.exports = (req, res) => res.json({ edit: ${i} });\n`;
  const samples = [];
  const started = [];
  for (let i = 0; i < 23; i++) {
    const r = await editPage.evaluate(async ([path, source, id, first]) => {
      const call = window.__nodeCall;
      if (first) await call({ type: 'playground:load', id: 'load', files: { [path]: source } }, 'playground:loaded');
      const start = performance.now();
      if (!first) await call({ type: 'playground:setFile', id: `s${id}`, path, source }, 'playground:fileSet');
      const result = await call({ type: 'playground:run', id: `r${id}`, path, request: { method: 'GET', url: '/api/edit' } }, 'playground:result');
      const x = result.results[0];
      return { ms: performance.now() - start, status: x.status, body: x.body, processStartMs: x.timings?.processStartMs };
    }, [FILE, source(i), i, i === 0]);
    if (r.status !== 200 || JSON.parse(r.body).edit !== i) throw new Error(`node edit run failed: ${JSON.stringify(r)}`);
    if (i >= 3) {
      samples.push(r.ms);
      if (r.processStartMs !== undefined) started.push(r.processStartMs);
    }
    await editPage.waitForTimeout(NODE_EDIT_GAP_MS);
  }
  await editPage.close();
  console.log(`node.editToResponse: a fresh process in ${started.length}/${samples.length} edits (its start measured at p50 ${round(percentile(started, 50))} ms), ${NODE_EDIT_GAP_MS} ms between edits`);
  metrics.push(metric('node.editToResponse', 'ms', samples));
}

async function compareBoth(token) {
  const comparePage = await openNodeEmbed(token);
  const BOTH = 'app/api/both/route.ts';
  const both = (i) => `export async function GET(request: Request) {\n  return Response.json({ runtime: typeof EdgeRuntime === 'string' ? 'edge' : 'nodejs', edit: ${i} });\n}\n`;
  const samples = [];
  const sides = { edge: [], nodejs: [], processStart: [] };
  for (let i = 0; i < N + 3; i++) {
    const r = await comparePage.evaluate(async ([path, source, id]) => {
      const call = window.__nodeCall;
      const start = performance.now();
      await call({ type: 'playground:load', id: `l${id}`, files: { [path]: source } }, 'playground:loaded');
      const result = await call({ type: 'playground:run', id: `r${id}`, path, runtime: 'both', request: { method: 'GET', url: '/api/both' } }, 'playground:result');
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r))); // the frame that shows both
      return { ms: performance.now() - start, results: result.results.map((x) => ({ status: x.status, runtime: x.runtime, totalMs: x.timings?.totalMs, processStartMs: x.timings?.processStartMs, error: x.error })) };
    }, [BOTH, both(i), i]);
    if (r.results.length !== 2 || r.results.some((x) => x.status !== 200)) throw new Error(`compare run failed: ${JSON.stringify(r.results)}`);
    if (i < 3) continue; // the first runs start the Node host and its first process
    samples.push(r.ms);
    for (const x of r.results) sides[x.runtime]?.push(x.totalMs);
    const started = r.results.find((x) => x.runtime === 'nodejs')?.processStartMs;
    if (started !== undefined) sides.processStart.push(started);
  }
  await comparePage.close();
  const p50 = (xs) => round(percentile(xs, 50));
  console.log(
    `compare.editToBothResponses sides (p50 ms, each run's own total): edge ${p50(sides.edge)} · Node.js ${p50(sides.nodejs)} ` +
      `(a fresh process in ${sides.processStart.length}/${N} edits, started in ${sides.processStart.length ? p50(sides.processStart) : '-'})`,
  );
  metrics.push(metric('compare.editToBothResponses', 'ms', samples));
}

// ------------------------------------------------------------------ Python, Ruby and Go
// The sections above are done with their page: closed, so its work (V8 still optimising its esbuild.wasm when only
// some sections ran) does not share the cores with the languages' cold starts.
await page.close();
if (want('languages')) metrics.push(...(await benchLanguages({ openEmbed, metric })));

// ------------------------------------------------------------------ Node.js runtime on the local host
if (want('node')) metrics.push(...(await benchNode({ metric, n: N })), ...(await benchFirstResponseNoWebContainer({ browser, base, metric })));

const results = { date: new Date().toISOString(), browser: `Chromium ${browser.version()}`, metrics };
await browser.close();
await server.close();

// A partial run (BENCH_ONLY) does not replace the whole run's results.
const resultsFile = only ? new URL(`file://${tmpdir()}/bench-${only.join('-')}.json`) : new URL('./results.json', import.meta.url);
writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
if (only) console.log(`results: ${resultsFile.pathname}`);

const pad = (s, n) => String(s).padEnd(n);
console.log(`\n${pad('metric', 40)}${pad('unit', 8)}${pad('p50', 12)}${pad('p95', 12)}${pad('n', 6)}baseline (p50) → ratio`);
for (const m of metrics) {
  const b = m.baseline ? `${m.baseline.name}: ${m.baseline.p50} → ${m.ratio}×` : '';
  console.log(`${pad(m.name, 40)}${pad(m.unit, 8)}${pad(m.p50, 12)}${pad(m.p95, 12)}${pad(m.n, 6)}${b}`);
}
