// `npm run bench`, Python, Ruby and Go: each language's cold start (a fresh page's first run of Vercel's docs hello
// for it, through the embed API: the languages sandbox, the downloads, the interpreter's start and the run) and its
// warm round trip, each beside a baseline measured in the same run: Python's start from the memory snapshot against a
// plain start (the snapshot's URL answered 404), a warm run against the edge runtime's hello run in the same page,
// the two interleaved.
import { existsSync } from 'node:fs';

const COLD_N = Number(process.env.BENCH_COLD_N ?? 3);
const WARM_N = Number(process.env.BENCH_WARM_N ?? 40);
/** Runs of each (language, edge) before the warm runs are measured, then SETTLE_MS of quiet (see warm). */
const WARMUP_N = 20;
/** How long a page is left quiet to settle: after its first edge run (coldStartSettled), after the warm-up runs (warm). */
const SETTLE_MS = 5_000;
/** Runs of the language spaced as a person spaces them, from a fresh page's first run on (spaced). */
const SPACED_N = 12;
const SPACED_GAP_MS = 400;

/** Vercel's docs hello per language (the ones test/e2e/*-runtime.test.ts run). */
const HELLO = {
  python: {
    name: 'py',
    path: 'api/hello.py',
    source: `from http.server import BaseHTTPRequestHandler

class handler(BaseHTTPRequestHandler):

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-type','text/plain')
        self.end_headers()
        self.wfile.write('Hello, world!'.encode('utf-8'))
        return
`,
  },
  ruby: {
    name: 'rb',
    path: 'api/hello.rb',
    source: `Handler = Proc.new do |request, response|
  name = request.query['name'] || 'World'
  response.status = 200
  response['Content-Type'] = 'text/text; charset=utf-8'
  response.body = "Hello #{name}, from Ruby #{RUBY_VERSION}!"
end
`,
  },
  go: {
    name: 'go',
    path: 'api/index.go',
    source: `package handler

import (
	"fmt"
	"net/http"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "<h1>Hello from Go!</h1>")
}
`,
  },
};

/** The edge runtime's equivalent: the baseline of a warm run. */
const EDGE = {
  path: 'app/api/edge/route.ts',
  source: `export const runtime = 'edge';
export function GET() {
  return new Response('Hello, world!', { headers: { 'content-type': 'text/plain' } });
}
`,
};

const loadAndRun = (page, files, path) =>
  page.evaluate(
    async ([files, path]) => {
      const loaded = await window.__call({ type: 'playground:load', files }, 'playground:loaded');
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
      return window.__call({ type: 'playground:run', path, request: { method: 'GET', url: '/' + path.replace(/\.\w+$/, '') } }, 'playground:result');
    },
    [files, path],
  );

const runOnce = (page, path) =>
  page.evaluate((path) => window.__call({ type: 'playground:run', path, request: { method: 'GET', url: '/' + path.replace(/\.\w+$/, '') } }, 'playground:result'), path);

function check(reply, what) {
  const result = reply.results[0];
  if (result.status !== 200) throw new Error(`${what}: ${result.status} ${JSON.stringify(result.error)}`);
  return reply.ms;
}

/**
 * Where a warm run's time went (timings.languagePath, workers/protocol.ts LanguagePathProfile), and the page's run
 * machinery around the runtime (the embed API, runEntry, the run's record and the reply: the reply's time less the
 * runtime's round trip), which the edge hello pays too.
 */
const PARTS = [
  ['page, around the runtime', (reply, t) => reply.ms - t.roundTripMs],
  ['page runtime', (_, t) => t.languagePath.pageMs],
  ['page⇄sandbox', (_, t) => t.languagePath.pageSandboxMs],
  ['sandbox', (_, t) => t.languagePath.sandboxMs],
  ['sandbox⇄worker', (_, t) => t.languagePath.sandboxWorkerMs],
  ['worker', (_, t) => t.languagePath.workerMs],
];

/** Each part's median and mean: the means add up to the mean round trip, the medians need not on a busy machine. */
function profileOf(replies) {
  const round = (x) => Math.round(x * 100) / 100;
  const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const profile = { p50: {}, mean: {} };
  for (const [name, part] of PARTS) {
    const samples = replies.map((r) => part(r, r.results[0].timings));
    profile.p50[name] = round(p50(samples));
    profile.mean[name] = round(mean(samples));
  }
  profile.mean.total = round(mean(replies.map((r) => r.ms)));
  return profile;
}

/** One fresh page's first run of the language's hello (ms, page clock); `refuseSnapshot` answers the snapshot 404. */
async function coldStart(openEmbed, language, refuseSnapshot = false) {
  const { page } = await openEmbed();
  if (refuseSnapshot) {
    await page.context().route('**/languages/python/python-snapshot.bin.gzip', (route) =>
      route.fulfill({ status: 404, body: '', headers: { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' } }),
    );
  }
  const hello = HELLO[language];
  const ms = check(await loadAndRun(page, { [hello.path]: hello.source }, hello.path), `${language} cold`);
  const version = await page.evaluate((l) => document.querySelector(`.language[data-language="${l}"]`)?.textContent ?? '', language);
  if (language === 'python' && /memory snapshot/.test(version) === refuseSnapshot) throw new Error(`python cold start: unexpected start (${version})`);
  return { page, ms };
}

/**
 * The language's own cold start on a page that has settled (an edge run done and the page idle for a while), as when a
 * person reads the page before running a Python example: on a fresh page the first run also shares the two cores with
 * the browser optimising esbuild.wasm, which the fresh-page number includes.
 */
async function coldStartSettled(openEmbed, language) {
  const { page } = await openEmbed();
  check(await loadAndRun(page, { [EDGE.path]: EDGE.source }, EDGE.path), 'edge');
  await page.waitForTimeout(SETTLE_MS);
  const hello = HELLO[language];
  const ms = check(await loadAndRun(page, { [hello.path]: hello.source }, hello.path), `${language} cold, settled page`);
  await page.close();
  return ms;
}

/**
 * Warm runs of the language's hello and of the edge hello in the same page, interleaved, once the page has settled:
 * the project's first edge build starts esbuild on this page, and for some seconds after it (and after the language's
 * own start) runs took 3–5× as long, edge and language alike (Python's p50 10.7 ms against 2.2 ms later in one probe):
 * the page's start, not a warm instance's round trip (probably V8 tiering up esbuild's and the interpreter's wasm in
 * the background on the same two cores; not profiled). Their p50 is printed as `.settling`.
 */
async function warm(page, language) {
  const hello = HELLO[language];
  await loadAndRun(page, { [hello.path]: hello.source, [EDGE.path]: EDGE.source }, EDGE.path);
  const settling = [];
  for (let i = 0; i < WARMUP_N; i++) {
    settling.push(check(await runOnce(page, hello.path), language));
    check(await runOnce(page, EDGE.path), 'edge');
  }
  await page.waitForTimeout(SETTLE_MS);
  const ours = [];
  const edge = [];
  const replies = [];
  for (let i = 0; i < WARM_N; i++) {
    const reply = await runOnce(page, hello.path);
    ours.push(check(reply, language));
    replies.push(reply);
    edge.push(check(await runOnce(page, EDGE.path), 'edge'));
  }
  return { ours, edge, settling, profile: profileOf(replies) };
}

/**
 * The language's round trips in the seconds after a fresh page's first run of its hello (the project a person opening
 * the docs example has), spaced as a person spaces them (one every SPACED_GAP_MS, not back to back as in warm).
 */
async function spaced(openEmbed, language) {
  const { page } = await openEmbed();
  const hello = HELLO[language];
  check(await loadAndRun(page, { [hello.path]: hello.source }, hello.path), `${language} first run`);
  const ours = [];
  const replies = [];
  const startedAt = [];
  for (let i = 0; i < SPACED_N; i++) {
    await page.waitForTimeout(SPACED_GAP_MS);
    startedAt.push(await page.evaluate(() => performance.now()));
    const reply = await runOnce(page, hello.path);
    ours.push(check(reply, language));
    replies.push(reply);
  }
  const [load, ready] = await page.evaluate(() => ['editor:load', 'editor:ready'].map((n) => performance.getEntriesByName(n)[0]?.startTime ?? null));
  await page.close();
  const before = (t) => (t === null ? SPACED_N : startedAt.filter((s) => s < t).length);
  return { ours, profile: profileOf(replies), editor: { runsBeforeLoad: before(load), runsBeforeReady: before(ready) } };
}

export async function benchLanguages({ openEmbed, metric }) {
  const metrics = [];
  // Each printed as soon as it is measured: a later section failing on a busy machine does not lose them.
  metrics.push = (...ms) => {
    for (const m of ms) console.log(`${m.name}: p50 ${m.p50} ${m.unit}, p95 ${m.p95}, n ${m.n}${m.baseline ? `; ${m.baseline.name}: ${m.baseline.p50} → ${m.ratio}×` : ''}`);
    return Array.prototype.push.apply(metrics, ms);
  };
  // Ruby only once its worker is part of the tree.
  const languages = ['python', 'go', ...(existsSync(new URL('../../workers/ruby/worker.ts', import.meta.url)) ? ['ruby'] : [])];
  if (!languages.includes('ruby')) console.log('rb.coldStart, rb.roundTrip: skipped (workers/ruby/worker.ts is not in the tree)');
  for (const language of languages) {
    const name = HELLO[language].name;
    const cold = [];
    let last = null;
    for (let i = 0; i < COLD_N; i++) {
      // Closed first: the last page starts esbuild once its run has answered, which is not this page's cold start.
      await last?.close();
      const { page, ms } = await coldStart(openEmbed, language);
      cold.push(ms);
      last = page;
    }
    if (language === 'python') {
      const plain = [];
      for (let i = 0; i < COLD_N; i++) {
        const { page, ms } = await coldStart(openEmbed, language, true);
        plain.push(ms);
        await page.close();
      }
      metrics.push(metric('py.coldStart', 'ms', cold, { name: 'plain start (no snapshot), same run', samples: plain }));
    } else {
      metrics.push(metric(`${name}.coldStart`, 'ms', cold));
    }
    const settled = [];
    for (let i = 0; i < COLD_N; i++) settled.push(await coldStartSettled(openEmbed, language));
    metrics.push(metric(`${name}.coldStart.settledPage`, 'ms', settled, { name: 'fresh page (above)', samples: cold }));
    const { ours, edge, settling, profile } = await warm(last, language);
    console.log(`${name}.roundTrip.settling: p50 ${metric(`${name}.roundTrip.settling`, 'ms', settling).p50} ms over the ${settling.length} runs right after the page's first edge build`);
    await last.close();
    const { ours: apart, profile: apartProfile, editor } = await spaced(openEmbed, language);
    const apartMetric = metric(`${name}.roundTrip.spaced`, 'ms', apart);
    console.log(`${name}.roundTrip.spaced: p50 ${apartMetric.p50} ms, p95 ${apartMetric.p95} over ${apart.length} runs ${SPACED_GAP_MS} ms apart after a fresh page's first run: ${apart.map((ms) => ms.toFixed(1)).join(', ')} (the editor started loading before run ${editor.runsBeforeLoad + 1}, was ready before run ${editor.runsBeforeReady + 1})`);
    console.log(`${name}.roundTrip.spaced, mean of each part (ms): ${Object.entries(apartProfile.mean).map(([k, v]) => `${k} ${v}`).join(' · ')}`);
    const roundTrip = metric(`${name}.roundTrip`, 'ms', ours, { name: 'edge hello (same page, interleaved)', samples: edge });
    metrics.push(Object.assign(roundTrip, { profile }));
    for (const stat of ['p50', 'mean']) console.log(`${name}.roundTrip, ${stat} of each part (ms): ${Object.entries(profile[stat]).map(([k, v]) => `${k} ${v}`).join(' · ')}`);
  }
  return metrics;
}
