// The Python runtime (runtime-spec-2026 §2.5) in real Chromium against the production build: pyodide from our own
// origin in the languages sandbox (languages.html, an opaque origin), driven through the embed API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { openEmbed, type EmbedClient } from './embed-client';
import { baseUrl } from './harness';

const header = (r: RunResult, name: string) => r.headers.find(([k]) => k.toLowerCase() === name)?.[1] ?? null;
const logs = (r: RunResult, level?: string) => r.logs.filter((l) => !level || l.level === level).map((l) => l.text);

/** Vercel's docs example (Python runtime page). */
const HELLO = `from http.server import BaseHTTPRequestHandler

class handler(BaseHTTPRequestHandler):

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-type','text/plain')
        self.end_headers()
        self.wfile.write('Hello, world!'.encode('utf-8'))
        return
`;

describe('Python functions (api/*.py) through the embed API', () => {
  let embed: EmbedClient;
  const run = (path: string, source: string, request: Parameters<EmbedClient['runFile']>[2] = {}, options: Parameters<EmbedClient['runFile']>[3] = {}) =>
    embed.runFile(path, source, { url: '/' + path.replace(/\.py$/, ''), ...request }, options);

  beforeAll(async () => {
    embed = await openEmbed('/?embed');
  });

  afterAll(async () => {
    await embed?.page.context().close();
  });

  it('§2.5 BaseHTTPRequestHandler: the docs hello answers, on the python runtime, with the cold start measured', async () => {
    const t0 = Date.now();
    const r = await run('api/hello.py', HELLO);
    const coldMs = Date.now() - t0;
    expect(r.error ?? null).toBeNull();
    expect(r.runtime).toBe('python');
    expect(r.status).toBe(200);
    expect(r.body).toBe('Hello, world!');
    expect(header(r, 'content-type')).toBe('text/plain');
    expect(r.reason).toBe("python: api/hello.py is a Python function (Vercel's @vercel/python, by its extension)");
    // The request line Python's http.server logs goes to stderr, as on Vercel.
    expect(logs(r, 'error').join('\n')).toMatch(/"GET \/api\/hello HTTP\/1\.1" 200 -/);
    const t1 = Date.now();
    const warm = await embed.run('api/hello.py', { method: 'GET', url: '/api/hello' });
    console.log(`python cold start (load + first run, page clock) ${coldMs} ms; warm run ${Date.now() - t1} ms; timings ${JSON.stringify(warm[0].timings)}`);
    expect(warm[0].body).toBe('Hello, world!');
  }, 120_000);
});

export { baseUrl };
