// Warm Python, Ruby and Go runs go from the page straight to their worker over a port the languages sandbox hands over
// once the worker is ready, while the sandbox keeps their deadlines. In real Chromium against the production build:
// the first run is relayed and the next ones direct, and on a direct run the limits hold as on a relayed one (L03
// maxDuration, L07, Stop), and a handler that gets hold of the port cannot make the page take garbage for its answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { openEmbed, type EmbedClient } from './embed-client';

const HELLO: Record<string, [string, string]> = {
  Python: [
    'api/hello.py',
    `from http.server import BaseHTTPRequestHandler

class handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'hello from python')
`,
  ],
  Ruby: [
    'api/hello.rb',
    `Handler = Proc.new do |request, response|
  response.status = 200
  response.body = 'hello from ruby'
end
`,
  ],
  Go: [
    'api/hello.go',
    `package handler

import (
	"fmt"
	"net/http"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "hello from go")
}
`,
  ],
};

const LOOP = `def app(environ, start_response):
    print('looping')
    while True:
        pass
`;

/** Streams a head and a first piece, then never returns: both must have reached the page before the loop. */
const STREAM_LOOP = `async def app(scope, receive, send):
    await send({'type': 'http.response.start', 'status': 200, 'headers': [(b'content-type', b'text/plain')]})
    await send({'type': 'http.response.body', 'body': b'first piece', 'more_body': True})
    while True:
        pass
`;

/** Go's net/http way of streaming: a Write, then Flush, then a loop that never returns (Flush sends what is held). */
const GO_STREAM_LOOP = `package handler

import "net/http"

func Handler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	w.Write([]byte("first piece"))
	w.(http.Flusher).Flush()
	for {
	}
}
`;

const BIG = `def app(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'x' * 5000000]
`;

/**
 * The attack: on its first run the handler hooks MessageEvent.prototype.data, so the worker's own read of the next
 * invoke hands it the event, whose target is the page's port. On the next run it posts through that port: events of
 * the wrong shape, an event for another run, a batch of junk, then answers as usual.
 */
const FORGE = `import js
from pyodide.ffi import create_proxy, to_js

def hook():
    if getattr(js.globalThis, '_forge_hooked', False):
        return
    js.globalThis._forge_hooked = True
    original = js.Object.getOwnPropertyDescriptor(js.MessageEvent.prototype, 'data').get
    def getter(this):
        data = original.call(this)
        try:
            if js.Object.prototype.toString.call(this.currentTarget) == '[object MessagePort]' and data.type == 'invoke':
                js.globalThis._forge_port = this.currentTarget
                js.globalThis._forge_run = data.runId
        except Exception:
            pass
        return data
    descriptor = to_js({'configurable': True, 'get': create_proxy(getter, capture_this=True)}, dict_converter=js.Object.fromEntries)
    js.Object.defineProperty(js.MessageEvent.prototype, 'data', descriptor)

def forge():
    port = getattr(js.globalThis, '_forge_port', None)
    if not port:
        return 'no port'
    run = js.globalThis._forge_run
    junk = [
        '{"type":"event","runId":"%s","event":{"type":"head","status":"x","statusText":7,"headers":"nope","t":0}}' % run,
        '{"type":"event","runId":"%s","event":{"type":"chunk","bytes":"not bytes","t":0}}' % run,
        '{"type":"event","runId":"%s","event":{"type":"end","timings":"never"}}' % run,
        '{"type":"event","runId":"%s","event":{"type":"head","status":500,"statusText":"","headers":[],"t":0}}' % (int(run) + 1000),
        '{"type":"batch","messages":[null,7,"junk",{"type":"event"},{"type":"event","runId":{},"event":{}}]}',
        '{"type":"batch","messages":"not a list"}',
    ]
    for text in junk:
        port.postMessage(js.JSON.parse(text))
    return 'forged'

def app(environ, start_response):
    hook()
    said = forge()
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [said.encode()]
`;

describe('Python, Ruby and Go: warm runs over a direct port to the worker', () => {
  let embed: EmbedClient;
  const get = async (path: string): Promise<RunResult> => (await embed.run(path, { method: 'GET', url: '/' + path.replace(/\.\w+$/, '') }))[0];

  beforeAll(async () => {
    embed = await openEmbed('/?embed');
    const files = Object.fromEntries(Object.values(HELLO));
    const vercel = JSON.stringify({ functions: { 'api/loop.py': { maxDuration: 2 }, 'api/stream-loop.py': { maxDuration: 2 }, 'api/stream-loop.go': { maxDuration: 2 } } });
    expect((await embed.load({ ...files, 'api/loop.py': LOOP, 'api/stream-loop.py': STREAM_LOOP, 'api/stream-loop.go': GO_STREAM_LOOP, 'api/big.py': BIG, 'api/forge.py': FORGE, 'vercel.json': vercel })).ok).toBe(true);
  });

  afterAll(async () => {
    await embed?.page.context().close();
  });

  it.each(Object.entries(HELLO))('%s: the first run goes through the sandbox, the next ones straight to the worker, with the same answer', async (_, [path]) => {
    const first = await get(path);
    expect(first.status).toBe(200);
    expect(first.timings.languagePath?.direct ?? false).toBe(false);
    for (let i = 0; i < 3; i++) {
      const warm = await get(path);
      expect([warm.status, warm.body, warm.error ?? null]).toEqual([first.status, first.body, null]);
      expect(warm.timings.languagePath?.direct).toBe(true);
      expect(warm.timings.languagePath?.sandboxMs).toBe(0);
    }
  }, 120_000);

  it('L07 on a direct run: a whole 5 MB body → 413 FUNCTION_PAYLOAD_TOO_LARGE, as on a relayed run', async () => {
    const r = await get('api/big.py');
    expect(r.timings.languagePath?.direct).toBe(true);
    expect(r.status).toBe(413);
    expect(r.error?.code).toBe('FUNCTION_PAYLOAD_TOO_LARGE');
    expect(r.body).toBe('413: PAYLOAD_TOO_LARGE\nCode: FUNCTION_PAYLOAD_TOO_LARGE\n');
  }, 60_000);

  it('L03 on a direct run: a handler that never returns → 504 at its maxDuration (the sandbox terminates the worker); its log came first; the next run answers', async () => {
    const t0 = Date.now();
    const r = await get('api/loop.py');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
    expect(r.status).toBe(504);
    expect(r.error).toEqual({ code: 'FUNCTION_INVOCATION_TIMEOUT', message: 'The function did not respond within 2 s, its maxDuration.' });
    expect(r.logs.map((l) => l.text)).toContain('looping');
    const again = await get('api/hello.py');
    expect([again.status, again.body]).toEqual([200, 'hello from python']);
  }, 120_000);

  it('L03 on a direct run that streams: the head and the first piece arrive before the loop, so the cut is the streaming one (200, then the error)', async () => {
    await get('api/hello.py'); // the new worker's port is the page's again
    expect((await get('api/hello.py')).timings.languagePath?.direct).toBe(true);
    const r = await get('api/stream-loop.py');
    expect(r.status).toBe(200);
    expect(r.body).toBe('first piece');
    expect(r.error).toEqual({ code: 'FUNCTION_INVOCATION_TIMEOUT', message: "The response was still streaming after 2 s, the function's maxDuration, so it was cut." });
  }, 120_000);

  it("L03 on a direct Go run: a Write and Flush before a loop arrive (Go's events of one turn go together, a Flush at once), so the cut is the streaming one", async () => {
    await get('api/hello.go');
    expect((await get('api/hello.go')).timings.languagePath?.direct).toBe(true);
    const r = await get('api/stream-loop.go');
    expect(r.status).toBe(200);
    expect(r.body).toBe('first piece');
    expect(r.error).toEqual({ code: 'FUNCTION_INVOCATION_TIMEOUT', message: "The response was still streaming after 2 s, the function's maxDuration, so it was cut." });
    const again = await get('api/hello.go');
    expect([again.status, again.body]).toEqual([200, 'hello from go']);
  }, 120_000);

  it('Stop on a direct run: CANCELLED at once, the worker is terminated, and the next run answers', async () => {
    await get('api/hello.py'); // the new worker's port is the page's again
    expect((await get('api/hello.py')).timings.languagePath?.direct).toBe(true);
    await embed.page.evaluate(() => window.postMessage({ type: 'playground:run', id: 'loop', path: 'api/loop.py', request: { method: 'GET', url: '/api/loop' } }, '*'));
    await embed.page.waitForTimeout(300);
    await embed.page.evaluate(() => window.postMessage({ type: 'playground:stop', id: 'loop' }, '*'));
    const handle = await embed.page.waitForFunction(() => window.__replies.find((m) => m?.type === 'playground:result' && m.id === 'loop'), null, { timeout: 10_000 });
    const [stopped] = ((await handle.jsonValue()) as { results: RunResult[] }).results;
    expect(stopped.error?.code).toBe('CANCELLED');
    // Terminated, not left looping: the next run is a fresh worker's (relayed, cold) and answers well before 300 s.
    const t0 = Date.now();
    const again = await get('api/hello.py');
    expect([again.status, again.body]).toEqual([200, 'hello from python']);
    expect(again.timings.languagePath?.direct ?? false).toBe(false);
    expect(Date.now() - t0).toBeLessThan(60_000);
  }, 120_000);

  it('Stop on a direct run and a run of the same language in the same turn (the embed API): that run goes to a fresh worker, not the stopped one', async () => {
    await get('api/hello.py');
    expect((await get('api/hello.py')).timings.languagePath?.direct).toBe(true);
    await embed.page.evaluate(() => window.postMessage({ type: 'playground:run', id: 'loop2', path: 'api/loop.py', request: { method: 'GET', url: '/api/loop' } }, '*'));
    await embed.page.waitForTimeout(300);
    await embed.page.evaluate(() => {
      window.postMessage({ type: 'playground:stop', id: 'loop2' }, '*');
      window.postMessage({ type: 'playground:run', id: 'right-after', path: 'api/hello.py', request: { method: 'GET', url: '/api/hello' } }, '*');
    });
    const handle = await embed.page.waitForFunction(() => window.__replies.find((m) => m?.type === 'playground:result' && m.id === 'right-after'), null, { timeout: 60_000 });
    const [after] = ((await handle.jsonValue()) as { results: RunResult[] }).results;
    expect([after.status, after.body], JSON.stringify(after.error)).toEqual([200, 'hello from python']);
  }, 120_000);

  it('attack: a Python handler that takes the page\'s port from the worker posts malformed events, another run\'s event and junk batches: the page ignores them and shows the handler\'s own answer', async () => {
    await get('api/forge.py'); // relayed (a fresh worker after the Stop) or direct: it installs the hook
    await get('api/forge.py'); // the hook has the port now
    const r = await get('api/forge.py');
    expect(r.timings.languagePath?.direct).toBe(true);
    expect([r.status, r.body, r.error ?? null]).toEqual([200, 'forged', null]);
    expect(r.headers).toContainEqual(['content-type', 'text/plain']);
    // The page is fine and the next run answers.
    expect(embed.page.errors).toEqual([]);
    const next = await get('api/forge.py');
    expect([next.status, next.body]).toEqual([200, 'forged']);
  }, 120_000);
});

describe('Python over its direct port: one message a run, and no print lost with a worker that is ended', () => {
  const HELLO_PY = HELLO.Python[1];
  /** Prints, then sleeps past its maxDuration: the print reaches the page while the handler still runs. */
  const SLEEP = `import time

def app(environ, start_response):
    print('sleeping')
    time.sleep(10)
`;
  /** The same in an ASGI app that awaits: Python hands the thread back, nothing of it runs while it waits. */
  const ASYNC_SLEEP = `import asyncio

async def app(scope, receive, send):
    print('awaiting')
    await asyncio.sleep(10)
`;
  let embed: EmbedClient;
  const get = async (path: string): Promise<RunResult> => (await embed.run(path, { method: 'GET', url: '/' + path.replace(/\.\w+$/, '') }))[0];
  const warm = async () => {
    await get('api/hello.py');
    expect((await get('api/hello.py')).timings.languagePath?.direct).toBe(true);
  };

  beforeAll(async () => {
    // Counts the messages the page's ports get that carry a run's events (one event, or a batch with some).
    embed = await openEmbed('/?embed', () => {
      const counted = window as unknown as { __eventMessages: number };
      counted.__eventMessages = 0;
      const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage')!;
      Object.defineProperty(MessagePort.prototype, 'onmessage', {
        configurable: true,
        get: onmessage.get,
        set(handler: ((e: MessageEvent) => void) | null) {
          const carriesEvents = (d: any) => d?.type === 'event' || (d?.type === 'batch' && Array.isArray(d.messages) && d.messages.some((m: any) => m?.type === 'event'));
          onmessage.set!.call(this, handler && ((e: MessageEvent) => (carriesEvents(e.data) && counted.__eventMessages++, handler.call(this, e))));
        },
      });
    });
    const vercel = JSON.stringify({ functions: { 'api/sleep.py': { maxDuration: 2 }, 'api/async-sleep.py': { maxDuration: 2 } } });
    expect((await embed.load({ 'api/hello.py': HELLO_PY, 'api/sleep.py': SLEEP, 'api/async-sleep.py': ASYNC_SLEEP, 'vercel.json': vercel })).ok).toBe(true);
  });

  afterAll(async () => {
    await embed?.page.context().close();
  });

  it("a warm BaseHTTPRequestHandler hello answers in one message: its access-log line goes with the head, body and end", async () => {
    await warm();
    await embed.page.evaluate(() => ((window as unknown as { __eventMessages: number }).__eventMessages = 0));
    for (let i = 0; i < 5; i++) {
      const r = await get('api/hello.py');
      expect(r.timings.languagePath?.direct).toBe(true);
      expect([r.status, r.body]).toEqual([200, 'hello from python']);
      expect(r.logs.map((l) => l.text).join('\n')).toMatch(/"GET \/api\/hello HTTP\/1\.1" 200 -/);
    }
    // One each; a run held past HOLD_MS (a pause of the machine) may send its log first: one such is allowed. With its
    // log sent apart, each run takes two.
    expect(await embed.page.evaluate(() => (window as unknown as { __eventMessages: number }).__eventMessages)).toBeLessThanOrEqual(6);
  }, 120_000);

  it.each([
    ['time.sleep', 'api/sleep.py', 'sleeping'],
    ['an awaited asyncio.sleep', 'api/async-sleep.py', 'awaiting'],
  ])('L03: a print before %s past maxDuration is in the console of the 504, though the sandbox ended the worker', async (_, path, line) => {
    await warm(); // so this run goes over the port (a 504's timings do not say which way it went)
    const r = await get(path);
    expect(r.status).toBe(504);
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_TIMEOUT');
    expect(r.logs.map((l) => l.text)).toContain(line);
  }, 120_000);
});
