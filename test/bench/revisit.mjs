// `npm run bench`, page.navigationToFirstResponse.repeat: a returning reader's navigation → first response, over a
// link that adds ROUND_TRIP_MS to every response, in a browser profile of its own (a disk cache, as a person's), on the
// second visit of the embed (the first ran a request and loaded the editor). Served by a static server that applies
// the build's `_headers` as a static host does; the baseline, in the same run, is the same server with the hashed
// assets' Cache-Control left out and ETags answered with 304, as a host serves files by default
// (`public, max-age=0, must-revalidate`): every file costs a round trip to revalidate.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { chromium } from 'playwright-core';

const ROUND_TRIP_MS = 40;
const ROUNDS = Number(process.env.BENCH_REVISIT_N ?? 3);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.ttf': 'font/ttf', '.svg': 'image/svg+xml' };
const REVALIDATE = 'public, max-age=0, must-revalidate';

/** `_headers` (Netlify / Cloudflare Pages format): a path pattern, then its indented header lines. */
function parseHeaders(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (!/^\s/.test(line)) {
      const source = line.trim().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      rules.push({ pattern: new RegExp(`^${source}$`), headers: [] });
    } else {
      const colon = line.indexOf(':');
      rules.at(-1).headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
  }
  return rules;
}

/** The build as a static host serves it, ROUND_TRIP_MS late; `hostDefault`: no Cache-Control of ours, ETags and 304s. */
async function serve(root, hostDefault) {
  const rules = parseHeaders(await readFile(join(root, '_headers'), 'utf8'));
  let requests = 0;
  const server = createServer(async (req, res) => {
    requests++;
    await new Promise((resolve) => setTimeout(resolve, ROUND_TRIP_MS));
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    for (const rule of rules) {
      if (!rule.pattern.test(pathname)) continue;
      for (const [name, value] of rule.headers) if (!(hostDefault && name === 'Cache-Control')) res.setHeader(name, value);
    }
    let file = null;
    for (const candidate of pathname.endsWith('/') ? [join(pathname, 'index.html')] : [pathname, `${pathname}.html`]) {
      if (await stat(join(root, candidate)).then((s) => s.isFile(), () => false)) {
        file = join(root, candidate);
        break;
      }
    }
    if (!file || pathname.split('/').includes('..')) return res.writeHead(404).end();
    const body = await readFile(file);
    if (hostDefault) {
      const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
      res.setHeader('Cache-Control', REVALIDATE);
      res.setHeader('ETag', etag);
      if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.byteLength }).end(body);
  });
  await new Promise((resolve) => server.listen(0, 'localhost', resolve));
  return { url: `http://localhost:${server.address().port}`, requests: () => requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

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
  const before = site.requests();
  await page.goto(`${site.url}/?embed`);
  const { at, status } = await (await page.waitForFunction(() => window.__firstResponse, null, { timeout: 60_000 })).jsonValue();
  const requests = site.requests() - before;
  if (status !== 200) throw new Error(`repeat visit: status ${status}`);
  // The editor loads in quiet time: in the cache before the next visit, as after a reader's first visit.
  await page.waitForFunction(() => performance.getEntriesByName('editor:ready').length > 0, null, { timeout: 60_000 });
  await page.close();
  return { at, requests };
}

export async function benchRevisit({ outDir, executablePath, args, metric, route, source }) {
  const sites = { ours: await serve(outDir, false), hostDefault: await serve(outDir, true) };
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
  return metric('page.navigationToFirstResponse.repeat', 'ms', samples.ours, { name: `host default (${REVALIDATE}, 304s)`, samples: samples.hostDefault });
}
