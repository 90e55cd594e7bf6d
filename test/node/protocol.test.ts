// The harness's line protocol and process behaviour under real Node: hello first, framing that stray output cannot
// break, warm module state (G25), per-run console capture, streaming with times, cancel, and the client's codecs.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../../workers/node-harness/client';
import { FrameParser, MARKER_TOKEN_FLAG, harnessMarker } from '../../workers/node-harness/framing';
import { TestHost, compile, harnessPath } from './harness-host';

let host: TestHost;
beforeAll(async () => {
  host = await TestHost.start();
});
afterAll(() => host.close());

async function load(source: string) {
  const loaded = await host.load(await compile(source));
  expect(loaded.error).toBeUndefined();
}

describe('hello', () => {
  it('hello is the first line, with process.version and pid, before anything is written to stdin', async () => {
    const child = spawn(process.execPath, [await harnessPath(), `${MARKER_TOKEN_FLAG}abc`], { stdio: 'pipe' });
    try {
      const first = await new Promise<string>((resolve) => {
        let text = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')));
        });
      });
      const marker = harnessMarker('abc');
      expect(first.startsWith(marker)).toBe(true);
      expect(JSON.parse(first.slice(marker.length))).toEqual({ type: 'hello', version: 1, node: process.version, pid: child.pid });
    } finally {
      child.kill();
    }
  });

  it('the host gets hello through the client; ping is answered by the event loop', async () => {
    const hello = await host.hello;
    expect(hello.node).toBe(process.version);
    expect(await host.client.ping()).toBeGreaterThanOrEqual(0);
  });

  it('a line that is not JSON is reported as a protocol error and the harness goes on', async () => {
    host.child.stdin.write('this is not json\n');
    await load(`export default (req, res) => res.end('still here')`);
    expect((await host.request()).text).toBe('still here');
    expect(host.protocolErrors.some((m) => m.startsWith('Not JSON: this is not json'))).toBe(true);
  });
});

describe('framing', () => {
  it('stray console.log and process.stdout.write of JSON, even a marker without the token, cannot break framing', async () => {
    await load(`import fs from 'fs';
      export default (req, res) => {
        console.log('{"type":"event","runId":1,"event":{"type":"end"}}');
        process.stdout.write('{"fake":1}\\n');
        process.stdout.write('#PGH#{"type":"hello","version":9,"node":"forged","pid":0}\\n');
        process.stderr.write('to stderr\\n');
        fs.writeSync(1, 'raw fd write without a newline ');
        res.end('body intact');
      }`);
    const r = await host.request();
    expect(r.status).toBe(200);
    expect(r.text).toBe('body intact');
    const logs = r.logs.map((l) => `${l.level}:${l.text}`);
    expect(logs).toContain('log:{"type":"event","runId":1,"event":{"type":"end"}}');
    expect(logs).toContain('log:{"fake":1}');
    expect(logs).toContain('log:#PGH#{"type":"hello","version":9,"node":"forged","pid":0}');
    expect(logs).toContain('error:to stderr');
    // fd 1 bypasses the capture: the host's parser finds it before the next frame and reports it as stray output.
    expect([...logs, ...host.stray.map((s) => 'stray:' + s)].some((l) => l.endsWith('raw fd write without a newline '))).toBe(true);
    expect((await host.hello).node).toBe(process.version);
    expect((await host.request()).text).toBe('body intact');
  });

  it('FrameParser: frames cut anywhere, stray text before a marker, CRLF', () => {
    const marker = harnessMarker('t0k');
    const parser = new FrameParser(marker);
    const stream = `noise\r\n${marker}{"a":1}\nstray ${marker}{"b":2}\r\n${marker}{"c":`;
    const out = [...stream].flatMap((ch) => parser.push(ch));
    expect(out).toEqual([
      { type: 'stray', text: 'noise' },
      { type: 'frame', json: '{"a":1}' },
      { type: 'stray', text: 'stray ' },
      { type: 'frame', json: '{"b":2}' },
    ]);
    expect(parser.push('3}\n')).toEqual([{ type: 'frame', json: '{"c":3}' }]);
    expect(parser.push('tail')).toEqual([]);
    expect(parser.flush()).toEqual([{ type: 'stray', text: 'tail' }]);
  });

  it('base64 codecs round-trip every length', () => {
    for (const length of [0, 1, 2, 3, 4, 24575, 24576, 24577, 100_001]) {
      const bytes = new Uint8Array(randomBytes(length));
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(text)).toEqual(bytes);
    }
  });
});

describe('module state and environment', () => {
  it('G25: module state persists between requests (imported once, kept warm)', async () => {
    await load(`let count = 0; const loadedAt = Date.now(); export default (req, res) => res.end(++count + ':' + loadedAt)`);
    const texts = [];
    for (let i = 0; i < 3; i++) texts.push((await host.request()).text);
    const [counts, stamps] = [texts.map((t) => t.split(':')[0]), new Set(texts.map((t) => t.split(':')[1]))];
    expect(counts).toEqual(['1', '2', '3']);
    expect(stamps.size).toBe(1);
  });

  it('the first run after a load reports the load as its start time; later runs report 0', async () => {
    await load(`export default (req, res) => res.end('x')`);
    const cold = await host.request();
    const warm = await host.request();
    expect(cold.timings!.startMs).toBeGreaterThan(0);
    expect(warm.timings!.startMs).toBe(0);
  });

  it('bare npm imports resolve from the working directory; bundled CommonJS can require built-ins', async () => {
    await load(`import { parse } from 'cookie'; const os = require('os');
      export default (req, res) => res.end(JSON.stringify([parse('a=b').a, typeof os.cpus, typeof __dirname]))`);
    expect((await host.request()).text).toBe('["b","function","string"]');
  });

  it("the host process's environment does not reach user code; the project's env replaces the previous load's", async () => {
    process.env.PG_HOST_SECRET = 'do-not-leak';
    const other = await TestHost.start();
    delete process.env.PG_HOST_SECRET;
    try {
      const source = `export default (req, res) => res.end(JSON.stringify([process.env.PG_HOST_SECRET ?? null, process.env.A ?? null, process.env.B ?? null, process.env.NODE_ENV, typeof process.env.PATH]))`;
      await other.load(await compile(source), 'vercel-function', 'api/handler.ts', { A: '1' });
      expect((await other.request()).text).toBe('[null,"1",null,"production","string"]');
      await other.load(await compile(source), 'vercel-function', 'api/handler.ts', { B: '2' });
      expect((await other.request()).text).toBe('[null,null,"2","production","string"]');
    } finally {
      await other.close();
    }
  });

  it('the built harness has no bare imports: only Node built-ins (cookie, content-type, etag are inside)', async () => {
    const code = await readFile(await harnessPath(), 'utf8');
    const specifiers = [...code.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1]);
    expect(specifiers.length).toBeGreaterThan(0);
    for (const specifier of specifiers) expect(specifier).toMatch(/^node:/);
    expect(code).not.toMatch(/require\(["'](cookie|content-type|etag)["']\)/);
  });

  it('load.files are written beside the bundle for the handler to read (__dirname is the entry\'s folder, as on Vercel); a path out of the working directory is refused', async () => {
    const code = await compile(`import fs from 'fs'; import path from 'path';
      export default (req, res) => res.end(fs.readFileSync(path.join(__dirname, 'data/greeting.txt'), 'utf8'))`);
    const ok = await host.load(code, 'vercel-function', 'api/handler.ts', {}, { files: { 'api/data/greeting.txt': 'hello from a file' } });
    expect(ok.error).toBeUndefined();
    expect((await host.request()).text).toBe('hello from a file');
    const bad = await host.load(code, 'vercel-function', 'api/handler.ts', {}, { files: { '../escape.txt': 'x' } });
    expect(bad.error?.message).toBe('Error: A project file may not leave the working directory: ../escape.txt');
    expect((await host.request()).status).toBe(500); // a failed load does not leave the previous bundle serving
  });

  it('a module that fails to import reports its error at load, and every request answers 500', async () => {
    const loaded = await host.load(await compile(`throw new Error('top-level failure'); export default () => {}`));
    expect(loaded.error?.message).toBe('Error: top-level failure');
    const r = await host.request();
    expect(r.status).toBe(500);
    expect(r.errors[0].message).toBe('Error: top-level failure');
  });
});

describe('console capture', () => {
  it('console.* by level, util.format semantics, groups; top-level logs arrive with the first run', async () => {
    await load(`console.log('at load');
      export default (req, res) => {
        console.log('%s has %d items', 'cart', 3);
        console.info({ a: [1, 2] });
        console.warn('careful');
        console.error(new Error('shown').message);
        console.debug('dbg');
        console.group('g'); console.log('inside'); console.groupEnd();
        res.end();
      }`);
    const first = await host.request();
    expect(first.logs.map((l) => `${l.level}:${l.text}`)).toEqual([
      'log:at load',
      'log:cart has 3 items',
      "info:{ a: [ 1, 2 ] }",
      'warn:careful',
      'error:shown',
      'debug:dbg',
      'log:g',
      'log:  inside',
    ]);
    const second = await host.request();
    expect(second.logs[0].text).toBe('cart has 3 items');
  });

  it('logs of concurrent requests go to their own run (async context)', async () => {
    await load(`export default async (req, res) => {
      const id = new URL(req.url, 'http://x').searchParams.get('id');
      for (let i = 0; i < 3; i++) { await new Promise((r) => setTimeout(r, 5 + Math.random() * 10)); console.log('req ' + id + ' step ' + i) }
      res.end(id);
    }`);
    const results = await Promise.all(['a', 'b', 'c'].map((id) => host.request({ path: `/api/handler?id=${id}` })));
    for (const [i, id] of ['a', 'b', 'c'].entries()) {
      expect(results[i].logs.map((l) => l.text)).toEqual([0, 1, 2].map((s) => `req ${id} step ${s}`));
    }
  });

  it('a flood of console lines is capped per run and the drop is reported once', async () => {
    await load(`export default (req, res) => { for (let i = 0; i < 1200; i++) console.log('line ' + i); res.end() }`);
    const r = await host.request();
    expect(r.logs).toHaveLength(500);
    expect(r.events.filter((e) => e.type === 'dropped')).toEqual([{ type: 'dropped', count: 700 }]);
  });
});

describe('streaming and cancel', () => {
  it('res.write chunks arrive as written, with increasing t', async () => {
    await load(`export default async (req, res) => {
      for (let i = 0; i < 4; i++) { res.write('chunk' + i); await new Promise((r) => setTimeout(r, 80)); }
      res.end();
    }`);
    const r = await host.request();
    expect(r.text).toBe('chunk0chunk1chunk2chunk3');
    expect(r.chunks.map((c) => Buffer.from(c.bytes).toString())).toEqual(['chunk0', 'chunk1', 'chunk2', 'chunk3']);
    for (let i = 1; i < r.chunks.length; i++) expect(r.chunks[i].t - r.chunks[i - 1].t).toBeGreaterThan(60);
    const head = r.events.find((e) => e.type === 'head')!;
    expect('t' in head && head.t).toBeLessThan(r.chunks[1].t);
  });

  it('cancel ends the run at once with CANCELLED; the handler sees the request close', async () => {
    await load(`let closed = 0;
      export default (req, res) => {
        if (req.url === '/closed') return res.end(String(closed));
        res.write('start'); req.on('close', () => closed++);
      }`);
    const runId = 999;
    const events = [];
    const iterator = host.client.invoke(runId, { method: 'GET', url: 'https://playground.test/slow', headers: [], body: null });
    setTimeout(() => host.client.cancel(runId), 100);
    for await (const event of iterator) events.push(event);
    expect(events.map((e) => e.type)).toEqual(['head', 'chunk', 'error', 'end']);
    expect(events[2]).toMatchObject({ type: 'error', code: 'CANCELLED' });
    await new Promise((r) => setTimeout(r, 50));
    expect((await host.request({ path: '/closed' })).text).toBe('1');
  });
});
