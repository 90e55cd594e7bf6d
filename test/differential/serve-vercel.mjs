// Serves a folder of plain Vercel functions (api/**) the way `vercel dev` does: @vercel/node's own startDevServer
// per entrypoint, behind one loopback port that routes /api/x to api/x.(js|ts) and passes the answer through untouched.
// Usage: node serve-vercel.mjs <project dir with node_modules/@vercel/node> <entrypoint>…; prints "READY <port>".
import { request, createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [workPath, ...entrypoints] = process.argv.slice(2);
const { startDevServer } = createRequire(join(workPath, 'package.json'))('@vercel/node');

// The options `vercel dev` passes (packages/cli dev-server → runtime.startDevServer), less its build cache.
const servers = await Promise.all(
  entrypoints.map((entrypoint) => startDevServer({ entrypoint, workPath, config: {}, meta: { isDev: true, env: {}, buildEnv: {} }, files: {} })),
);
const routes = new Map(entrypoints.map((entrypoint, i) => ['/' + entrypoint.replace(/\.(js|mjs|cjs|ts|mts)$/, ''), servers[i].port]));

const front = createServer((req, res) => {
  const port = routes.get(new URL(req.url, 'http://x').pathname);
  if (!port) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('NOT_FOUND');
    return;
  }
  const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode, answer.rawHeaders);
    answer.pipe(res);
  });
  upstream.on('error', (e) => res.writeHead(502).end(String(e)));
  req.pipe(upstream);
});
front.listen(0, '127.0.0.1', () => console.log(`READY ${front.address().port}`));

const stop = async () => {
  await Promise.allSettled(servers.map((s) => s.shutdown()));
  process.exit(0);
};
process.on('SIGTERM', stop);
