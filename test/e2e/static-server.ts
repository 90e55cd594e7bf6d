// A plain static file server for the production build, as a static host runs it: files from the folder, `/` and
// `/x` answered by index.html and x.html, and no headers of its own besides the content type and length, only the rules
// of the build's `_headers` file (Netlify / Cloudflare Pages format). No Node bridge, no preview server.
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

export interface HeaderRule {
  pattern: RegExp;
  headers: [string, string][];
}

/** `_headers`: a path pattern on a line of its own (`*` matches any run of characters), its header lines indented. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
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

async function fileFor(root: string, pathname: string): Promise<string | null> {
  const path = normalize(decodeURIComponent(pathname));
  if (path.split('/').includes('..')) return null;
  for (const candidate of path.endsWith('/') ? [join(path, 'index.html')] : [path, `${path}.html`]) {
    const file = join(root, candidate);
    if (await stat(file).then((s) => s.isFile(), () => false)) return file;
  }
  return null;
}

/** A request that reached the server (a browser's cache answered the others); `origin`: its Origin header, if any. */
export interface ServedRequest {
  path: string;
  origin: string | null;
}

export async function serveStatic(root: string): Promise<{ url: string; server: Server; requests: ServedRequest[]; close(): Promise<void> }> {
  const rules = parseHeadersFile(await readFile(join(root, '_headers'), 'utf8'));
  const requests: ServedRequest[] = [];
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    requests.push({ path: pathname, origin: req.headers.origin ?? null });
    for (const rule of rules) if (rule.pattern.test(pathname)) for (const [name, value] of rule.headers) res.setHeader(name, value);
    const file = req.method === 'GET' || req.method === 'HEAD' ? await fileFor(root, pathname) : null;
    if (!file) return res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.byteLength });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  return { url, server, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
