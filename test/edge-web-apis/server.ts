// The local server the Web API cases fetch from (no internet here): what the peer tests' own servers and
// example.vercel.sh answer, with CORS headers so the browser worker (opaque origin) may read the answers.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const EXAMPLE_HTML = '<!doctype html>\n<html><head><title>Example Domain</title></head><body><h1>Example Domain</h1></body></html>';

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const send = (status: number, body: string, type = 'text/plain') => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  const body = await bodyOf(req);
  switch (path) {
    case '/headers':
      return send(200, JSON.stringify(req.headers), 'application/json');
    case '/text':
      return req.method === 'GET' ? send(200, 'Example Domain') : send(400, '');
    case '/html':
      return send(200, EXAMPLE_HTML, 'text/html; charset=utf-8');
    case '/json':
      return req.method === 'POST' && req.headers['content-type'] === 'application/json' ? send(200, body.toString(), 'application/json') : send(400, '');
    case '/urlencoded':
      return req.headers['content-type'] === 'application/x-www-form-urlencoded'
        ? send(200, JSON.stringify(Object.fromEntries(new URLSearchParams(body.toString()))))
        : send(400, '');
    case '/multipart': {
      const type = req.headers['content-type'] ?? '';
      if (!type.startsWith('multipart/form-data')) return send(400, '');
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
      return send(200, JSON.stringify(Object.fromEntries(form)), 'application/json');
    }
    case '/echo':
      return send(200, JSON.stringify({ method: req.method, body: body.toString(), type: req.headers['content-type'] ?? null }), 'application/json');
    default:
      return send(200, `Hello from ${req.url}${req.method === 'POST' ? ` with body ${body.toString()}` : ''}`);
  }
}

export async function startWebApiServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-expose-headers', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-headers': '*', 'access-control-allow-methods': '*' });
      res.end();
      return;
    }
    answer(req, res).catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
