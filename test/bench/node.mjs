// The Node.js runtime on the local host, measured in Node: NodeRuntime → LocalNodeHost → the /__node bridge → the
// harness in a child `node`, against a plain Node http server (also a child `node`) running the same handler.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { WebSocket } from 'ws';

const root = fileURLToPath(new URL('../..', import.meta.url));
const HANDLER = `let hits = 0;
export default function handler(req, res) {
  hits++;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ hello: 'world', hits, url: req.url }));
}
`;

/** The page-side modules, bundled for Node (they are TypeScript and run in the browser too). */
async function loadRuntime() {
  const entry = `export { createNodeBridge } from './src/server/node-bridge.ts';
export { LocalNodeHost } from './src/lib/runtimes/hosts/local.ts';
export { NodeRuntime } from './src/lib/runtimes/node.ts';
export { limitsFor } from './src/lib/limits.ts';`;
  // Inside the repo, so its external packages resolve from node_modules.
  const out = join(root, 'node_modules/.cache/playground-bench/runtime.mjs');
  await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    packages: 'external',
    logLevel: 'silent',
    define: { 'import.meta.env': 'undefined' },
    plugins: [
      {
        // The bridge builds the harness from files next to build.ts: keep its import.meta.url pointing there.
        name: 'keep-module-urls',
        setup(b) {
          b.onLoad({ filter: /node-harness[\\/]build\.ts$/ }, (args) => ({
            contents: readFileSync(args.path, 'utf8').replace(/new URL\(([^)]*?), import\.meta\.url\)/g, `new URL($1, ${JSON.stringify(pathToFileURL(args.path).href)})`),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  return import(out);
}

async function compileHandler() {
  const result = await build({ stdin: { contents: HANDLER, loader: 'js' }, bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent' });
  return result.outputFiles[0].text;
}

/** The same handler behind a plain `http.createServer` in its own node process. */
async function plainServer(dir) {
  const file = join(dir, 'plain.mjs');
  writeFileSync(
    file,
    `${HANDLER}\nimport { createServer } from 'node:http';\nconst s = createServer(handler).listen(0, '127.0.0.1', () => console.log(s.address().port));\n`,
  );
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  return { url: `http://127.0.0.1:${port}/api/bench`, stop: () => child.kill() };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchNode({ metric, n = 40 }) {
  const dir = mkdtempSync(join(tmpdir(), 'pg-bench-node-'));
  chmodSync(dir, 0o755); // children may run as nobody (a root server), who must pass through it
  const { createNodeBridge, LocalNodeHost, NodeRuntime, limitsFor } = await loadRuntime();
  const bridge = createNodeBridge({ root: join(dir, 'projects') });
  const server = createServer((req, res) => bridge.handle(req, res, () => res.end()));
  server.on('upgrade', (req, socket, head) => bridge.upgrade(req, socket, head) || socket.destroy());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${server.address().port}`;
  // What the page's fetch sends to its own origin.
  const pageFetch = (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('Sec-Fetch-Site', 'same-origin');
    if ((init.method ?? 'GET') !== 'GET') headers.set('Origin', origin);
    return fetch(input, { ...init, headers });
  };
  // And what its WebSocket sends (Node 20 has no WebSocket of its own).
  const webSocket = (url) => new WebSocket(url, { headers: { Origin: origin } });
  const host = new LocalNodeHost({ bridgeUrl: `${origin}/__node`, fetch: pageFetch, webSocket, why: 'bench' });
  const code = await compileHandler();
  const invocation = () => ({
    code,
    kind: 'vercel-function',
    path: 'api/bench.js',
    env: {},
    request: { method: 'GET', url: 'http://localhost:3000/api/bench', headers: [], body: null },
    limits: limitsFor('hobby'),
  });
  const runOnce = async (runtime) => {
    let timings;
    let status;
    const seen = [];
    for await (const e of runtime.invoke(invocation())) {
      seen.push(e);
      if (e.type === 'head') status = e.status;
      if (e.type === 'end') timings = e.timings;
    }
    if (status !== 200) throw new Error(`node bench run answered ${status}: ${JSON.stringify(seen.filter((e) => e.type !== "chunk"))}`);
    return timings;
  };

  const metrics = [];
  // Cold start: a new project is a new process; process start → first response, as the runtime measures it.
  const cold = [];
  const processStart = [];
  for (let i = 0; i < 10; i++) {
    const runtime = new NodeRuntime({ projectId: `bench-cold-${i}`, host: async () => host });
    const t = await runOnce(runtime);
    cold.push(t.coldStartMs);
    processStart.push(t.processStartMs);
    await runtime.dispose();
  }
  metrics.push(metric('node.coldStart', 'ms', cold));
  metrics.push(metric('node.processStart', 'ms', processStart));

  const plain = await plainServer(dir);
  const runtime = new NodeRuntime({ projectId: 'bench-warm', host: async () => host });
  for (let i = 0; i < 10; i++) await runOnce(runtime);
  const ours = [];
  const base = [];
  for (let i = 0; i < n * 5; i++) {
    let t = performance.now();
    await runOnce(runtime);
    ours.push(performance.now() - t);
    t = performance.now();
    await (await fetch(plain.url)).text();
    base.push(performance.now() - t);
  }
  metrics.push(metric('node.roundTrip', 'ms', ours, { name: 'plain node http server', samples: base }));

  const TOTAL = 640;
  const lanes = async (one) => {
    const start = performance.now();
    let sent = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (sent < TOTAL) {
          sent++;
          await one();
        }
      }),
    );
    return TOTAL / ((performance.now() - start) / 1000);
  };
  const oursRps = [];
  const baseRps = [];
  for (let round = 0; round < 5; round++) {
    oursRps.push(await lanes(() => runOnce(runtime)));
    baseRps.push(await lanes(async () => (await fetch(plain.url)).text()));
  }
  metrics.push(metric('node.throughput64', 'req/s', oursRps, { name: 'plain node http server, 64 in flight', samples: baseRps }));

  plain.stop();
  await runtime.dispose();
  bridge.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
  console.log(`node: cold start p50 ${median(cold).toFixed(1)} ms (process start ${median(processStart).toFixed(1)} ms)`);
  return metrics;
}

/**
 * node.firstResponseNoWebContainer: navigation → the first Node.js response on a fresh page in auto host selection,
 * where a WebContainer cannot boot (this machine cannot reach StackBlitz) and the preview server's bridge is up. Each
 * sample is a new browser context (a new page boots its own WebContainer and asks the bridge anew).
 */
export async function benchFirstResponseNoWebContainer({ browser, base, metric, n = 5 }) {
  const session = await fetch(`${base}/__node/session`, { method: 'POST', headers: { Origin: base }, body: '' });
  if (!session.ok) {
    console.log(`node.firstResponseNoWebContainer: not measured, the Node bridge gave no token: ${session.status} ${await session.text()}`);
    return [];
  }
  const { token } = await session.json();
  const samples = [];
  const parts = {};
  let reason = '';
  for (let i = 0; i < n; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript((token) => {
      if (window === window.top) localStorage.setItem('playground:node-bridge-token', token);
      window.__replies = [];
      window.addEventListener('message', (e) => window.__replies.push({ ...e.data, at: performance.now() }));
    }, token);
    await page.goto(`${base}/?embed`); // auto: no ?nodeHost
    const r = await page.evaluate(async (i) => {
      const wait = (type, id) =>
        new Promise((resolve) => {
          const look = () => {
            const m = window.__replies.find((m) => m.type === type && (id === undefined || m.id === id));
            if (m) resolve(m);
            else setTimeout(look, 2);
          };
          look();
        });
      await wait('playground:ready');
      postMessage({ type: 'playground:load', id: 'l', files: { 'api/first.js': `module.exports = (req, res) => res.end('first ${i}');` } }, '*');
      await wait('playground:loaded', 'l');
      postMessage({ type: 'playground:run', id: 'r', path: 'api/first.js', request: { method: 'GET', url: '/api/first' } }, '*');
      const result = await wait('playground:result', 'r');
      const first = result.results?.[0];
      return { at: result.at, status: first?.status, reason: first?.reason, error: first?.error, timings: first?.timings };
    }, i);
    if (r.status !== 200) throw new Error(`node.firstResponseNoWebContainer: the run answered ${r.status}: ${JSON.stringify(r)}`);
    samples.push(r.at); // performance.now() counts from the navigation's start
    for (const part of ['compileMs', 'hostBootMs', 'processStartMs', 'coldStartMs']) (parts[part] ??= []).push(r.timings?.[part] ?? NaN);
    reason = r.reason;
    await context.close();
  }
  console.log(`node.firstResponseNoWebContainer: p50 ${median(samples).toFixed(0)} ms; the run's reason: ${reason}`);
  console.log(`node.firstResponseNoWebContainer, its run's timings (p50 ms): ${Object.entries(parts).map(([k, xs]) => `${k} ${median(xs).toFixed(0)}`).join(' · ')}`);
  return [metric('node.firstResponseNoWebContainer', 'ms', samples)];
}

