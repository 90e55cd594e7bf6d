// The shared path of Python, Ruby and Go runs (page → languages sandbox → worker) in real Chromium against the
// production build: the payload limits of a Vercel Function (L06, L07, the Node.js runtime's texts), and the project
// crossing to the worker only when it changed, which must never run stale code (an edit, a deletion, a rename).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { openEmbed, type EmbedClient } from './embed-client';

const MB5 = 5 * 1000 * 1000;
const RESPONSE_TOO_LARGE = {
  code: 'FUNCTION_PAYLOAD_TOO_LARGE',
  message: "The response body is 5,000,000 bytes; a function's response body may be at most 4,500,000 bytes (4.5 MB) unless it is streamed.",
};

/** Each a whole 5 MB body in one piece (over the limit), and the same 5 MB written in two pieces (streamed). */
const BIG = {
  'api/big.py': `from http.server import BaseHTTPRequestHandler

class handler(BaseHTTPRequestHandler):
    def do_GET(self):
        print('handler ran')
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain')
        self.end_headers()
        self.wfile.write(b'x' * ${MB5})
`,
  'api/streamed.py': `async def app(scope, receive, send):
    await send({'type': 'http.response.start', 'status': 200, 'headers': [(b'content-type', b'text/plain')]})
    await send({'type': 'http.response.body', 'body': b'x' * ${MB5 / 2}, 'more_body': True})
    await send({'type': 'http.response.body', 'body': b'x' * ${MB5 / 2}})
`,
  'api/big.rb': `Handler = Proc.new do |request, response|
  response.status = 200
  response['Content-Type'] = 'text/plain'
  response.body = 'x' * ${MB5}
end
`,
  'api/limit.rb': `Handler = Proc.new do |request, response|
  response.status = 200
  response.body = 'x' * 4_500_000
end
`,
  'api/big.go': `package handler

import (
	"bytes"
	"net/http"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	w.Write(bytes.Repeat([]byte("x"), ${MB5}))
}
`,
  'api/streamed.go': `package handler

import (
	"bytes"
	"net/http"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	w.Write(bytes.Repeat([]byte("x"), ${MB5 / 2}))
	w.Write(bytes.Repeat([]byte("x"), ${MB5 / 2}))
}
`,
};

async function setFile(page: Page, path: string, source: string): Promise<void> {
  const id = `set-${path}-${source.length}-${Math.random()}`;
  await page.evaluate((msg) => window.postMessage(msg, '*'), { type: 'playground:setFile', id, path, source });
  const handle = await page.waitForFunction((id) => window.__replies.find((m) => m && m.type === 'playground:fileSet' && m.id === id), id, { polling: 10 });
  expect(await handle.jsonValue()).toMatchObject({ ok: true });
}

describe('Python, Ruby and Go: the shared path', () => {
  let embed: EmbedClient;
  const get = async (path: string): Promise<RunResult> => (await embed.run(path, { method: 'GET', url: '/' + path.replace(/\.\w+$/, '') }))[0];

  beforeAll(async () => {
    embed = await openEmbed('/?embed');
  });

  afterAll(async () => {
    await embed?.page.context().close();
  });

  it('L06 (legacy 2024): a 5 MB request body to a Python function → 413 FUNCTION_PAYLOAD_TOO_LARGE, the Node.js runtime\'s text, before the handler runs', async () => {
    const loaded = await embed.load(BIG, { platform: 'legacy' });
    expect(loaded.ok).toBe(true);
    const [r] = await embed.run('api/big.py', { method: 'POST', url: '/api/big', headers: [['content-type', 'text/plain']], body: 'x'.repeat(MB5) });
    expect(r.runtime).toBe('python');
    expect(r.status).toBe(413);
    expect(r.error).toEqual({ code: 'FUNCTION_PAYLOAD_TOO_LARGE', message: 'The request body is 5,000,000 bytes; the Python runtime accepts 4,500,000 bytes (4.5 MB) at most.' });
    expect(r.body).toBe('413: PAYLOAD_TOO_LARGE\nCode: FUNCTION_PAYLOAD_TOO_LARGE\n');
    // Refused at the gateway: the handler (which prints first) never ran.
    expect(r.logs.map((l) => l.text)).not.toContain('handler ran');
  }, 120_000);

  it.each([
    ['Python', 'api/big.py'],
    ['Ruby', 'api/big.rb'],
    ['Go', 'api/big.go'],
  ])('L07: %s, a whole 5 MB response body → 413 FUNCTION_PAYLOAD_TOO_LARGE with the Node.js runtime\'s platform error', async (_, path) => {
    const r = await get(path);
    expect(r.status).toBe(413);
    expect(r.error).toEqual(RESPONSE_TOO_LARGE);
    expect(r.body).toBe('413: PAYLOAD_TOO_LARGE\nCode: FUNCTION_PAYLOAD_TOO_LARGE\n');
    expect(r.headers).toContainEqual(['x-vercel-error', 'FUNCTION_PAYLOAD_TOO_LARGE']);
  }, 120_000);

  it.each([
    ['Python (ASGI, more_body)', 'api/streamed.py'],
    ['Go (two Writes)', 'api/streamed.go'],
  ])('L07: %s, the same 5 MB streamed in two pieces has no limit: 200 with all of it', async (_, path) => {
    const r = await get(path);
    expect(r.error ?? null).toBeNull();
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(MB5);
  }, 120_000);

  it('L07: a whole body of exactly the limit (4,500,000 bytes) is sent', async () => {
    const r = await get('api/limit.rb');
    expect([r.status, r.body.length, r.error ?? null]).toEqual([200, 4_500_000, null]);
  });

  it('the project crosses only when it changed, and a run after an edit, a deletion or a rename runs what is there now (Python)', async () => {
    const reader = `import os
from http.server import BaseHTTPRequestHandler

class handler(BaseHTTPRequestHandler):
    def do_GET(self):
        names = sorted(os.listdir('data'))
        text = open(os.path.join('data', names[0])).read() if names else '-'
        self.send_response(200)
        self.end_headers()
        self.wfile.write(('VERSION ' + ','.join(names) + ' ' + text).encode())
`;
    expect((await embed.load({ 'api/read.py': reader.replace('VERSION', 'v1'), 'data/a.txt': 'one' })).ok).toBe(true);
    expect((await get('api/read.py')).body).toBe('v1 a.txt one');
    // Unchanged: the same answer from the project the worker kept.
    expect((await get('api/read.py')).body).toBe('v1 a.txt one');
    await setFile(embed.page, 'data/a.txt', 'two');
    expect((await get('api/read.py')).body).toBe('v1 a.txt two');
    await setFile(embed.page, 'api/read.py', reader.replace('VERSION', 'v2'));
    expect((await get('api/read.py')).body).toBe('v2 a.txt two');
    // A rename keeps the number of files: the new name, not the old, is in the folder.
    expect((await embed.load({ 'api/read.py': reader.replace('VERSION', 'v2'), 'data/b.txt': 'two' })).ok).toBe(true);
    expect((await get('api/read.py')).body).toBe('v2 b.txt two');
    // A deletion: the file is gone from the folder too.
    expect((await embed.load({ 'api/read.py': reader.replace('VERSION', 'v2'), 'data/keep': '' })).ok).toBe(true);
    await setFile(embed.page, 'data/keep', 'kept');
    expect((await get('api/read.py')).body).toBe('v2 keep kept');
  }, 120_000);

  it.each([
    ['Ruby', 'api/edit.rb', (v: string) => `Handler = Proc.new do |request, response|\n  response.status = 200\n  response.body = "${v} " + Dir.children('data').sort.join(',')\nend\n`],
    ['Go', 'api/edit.go', (v: string) => `package handler\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tfmt.Fprint(w, "${v}")\n}\n`],
  ])('%s: a run after an edit of the handler runs the new code, and after a rename the new project', async (language, path, source) => {
    expect((await embed.load({ [path]: source('v1'), 'data/a.txt': 'one' })).ok).toBe(true);
    const first = await get(path);
    expect(first.error ?? null).toBeNull();
    const listing = language === 'Ruby' ? ' a.txt' : '';
    expect(first.body).toBe(`v1${listing}`);
    expect((await get(path)).body).toBe(`v1${listing}`);
    await setFile(embed.page, path, source('v2'));
    expect((await get(path)).body).toBe(`v2${listing}`);
    expect((await embed.load({ [path]: source('v3'), 'data/b.txt': 'one' })).ok).toBe(true);
    expect((await get(path)).body).toBe(`v3${language === 'Ruby' ? ' b.txt' : ''}`);
  }, 120_000);
});
