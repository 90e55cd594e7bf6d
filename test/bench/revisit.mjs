// `npm run bench`, page.navigationToFirstResponse.repeat: a returning reader's navigation → first response, over a
// link that adds ROUND_TRIP_MS to every response, in a browser profile of its own (a disk cache, as a person's), on the
// second visit of the embed (the first ran a request and loaded the editor). Served by a static server that applies
// the build's `_headers` as a static host does; the baseline, in the same run, is the same server with the hashed
// assets' Cache-Control left out and ETags answered with 304, as a host serves files by default
// (`public, max-age=0, must-revalidate`): every file costs a round trip to revalidate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { HOST_DEFAULT_CACHE, serveStatic } from '../static-host.mjs';

const ROUND_TRIP_MS = 40;
const ROUNDS = Number(process.env.BENCH_REVISIT_N ?? 3);

/** One visit of the embed: its host sends load and run from its ready listener; ms since navigation, requests made. */
async function visit(context, site, route, source) {
  const page = await context.newPage();
  await page.addInitScript(([path, code]) => {
    window.addEventListener('message', (e) => {
      if (e.data?.type === 'playground:ready' && !window.__sent) {
        window.__sent = true;
        window.postMessage({ type: 'playground:load', id: 'load', files: { [path]: code } }, '*');
        window.postMessage({ type: 'playground:run', id: 'run', path, request: { method: 'GET', url: '/api/bench' } }, '*');
      } else if (e.data?.type === 'playground:result' && e.data.id === 'run') {
        window.__firstResponse = { at: performance.now(), status: e.data.results[0].status };
      }
    });
  }, [route, source]);
  const before = site.requests.length;
  await page.goto(`${site.url}/?embed`);
  const { at, status } = await (await page.waitForFunction(() => window.__firstResponse, null, { timeout: 60_000 })).jsonValue();
  const requests = site.requests.length - before;
  if (status !== 200) throw new Error(`repeat visit: status ${status}`);
  // The editor loads in quiet time: in the cache before the next visit, as after a reader's first visit.
  await page.waitForFunction(() => performance.getEntriesByName('editor:ready').length > 0, null, { timeout: 60_000 });
  await page.close();
  return { at, requests };
}

export async function benchRevisit({ outDir, executablePath, args, metric, route, source }) {
  const sites = { ours: await serveStatic(outDir, { delayMs: ROUND_TRIP_MS }), hostDefault: await serveStatic(outDir, { delayMs: ROUND_TRIP_MS, hostDefault: true }) };
  const samples = { ours: [], hostDefault: [] };
  const requests = { ours: [], hostDefault: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of ['ours', 'hostDefault']) {
      const profile = mkdtempSync(join(tmpdir(), 'pg-bench-profile-'));
      const context = await chromium.launchPersistentContext(profile, { executablePath, args, headless: true });
      try {
        await visit(context, sites[which], route, source);
        const again = await visit(context, sites[which], route, source);
        samples[which].push(again.at);
        requests[which].push(again.requests);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  }
  for (const site of Object.values(sites)) await site.close();
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `page.navigationToFirstResponse.repeat: ${ROUND_TRIP_MS} ms a response; requests before the first response (p50): ` +
      `ours ${median(requests.ours)}, host default ${median(requests.hostDefault)}`,
  );
  return metric('page.navigationToFirstResponse.repeat', 'ms', samples.ours, { name: `host default (${HOST_DEFAULT_CACHE}, 304s)`, samples: samples.hostDefault });
}
