// A plain static file server for the production build, as a static host runs it: files from the folder, `/` and
// `/x` answered by index.html and x.html, and no headers of its own besides the content type and length, only the rules
// of the build's `_headers` file (Netlify / Cloudflare Pages format). No Node bridge, no preview server. Plain
// JavaScript (typed by static-host.d.mts) so that the e2e tests and the bench (plain Node) share it.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** What a static host sends for a file when the site sets no Cache-Control of its own. */
export const HOST_DEFAULT_CACHE = 'public, max-age=0, must-revalidate';

/** `_headers`: a path pattern on a line of its own (`*` matches any run of characters), its header lines indented. */
export function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const source = line.trim().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      rules.push({ pattern: new RegExp(`^${source}$`), headers: [] });
      continue;
    }
    const colon = line.indexOf(':');
    if (!rules.length || colon < 0) throw new Error(`_headers: a header line outside a rule: ${line}`);
    rules[rules.length - 1].headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

async function fileFor(root, pathname) {
  const path = normalize(decodeURIComponent(pathname));
  if (path.split('/').includes('..')) return null;
  for (const candidate of path.endsWith('/') ? [join(path, 'index.html')] : [path, `${path}.html`]) {
    const file = join(root, candidate);
    if (await stat(file).then((s) => s.isFile(), () => false)) return file;
  }
  return null;
}

export async function serveStatic(root, { delayMs = 0, hostDefault = false } = {}) {
  const rules = parseHeadersFile(await readFile(join(root, '_headers'), 'utf8'));
  const requests = [];
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    requests.push({ path: pathname, origin: req.headers.origin ?? null });
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    for (const rule of rules) {
      if (!rule.pattern.test(pathname)) continue;
      for (const [name, value] of rule.headers) if (!(hostDefault && name === 'Cache-Control')) res.setHeader(name, value);
    }
    const file = req.method === 'GET' || req.method === 'HEAD' ? await fileFor(root, pathname) : null;
    if (!file) return res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    const body = await readFile(file);
    if (hostDefault) {
      const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
      res.setHeader('Cache-Control', HOST_DEFAULT_CACHE);
      res.setHeader('ETag', etag);
      if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.byteLength });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, 'localhost', resolve));
  const url = `http://localhost:${server.address().port}`;
  return { url, server, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
