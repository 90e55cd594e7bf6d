// The NodeHost contract, checked on LocalNodeHost over the real bridge (src/server/node-bridge.ts) mounted on a plain
// http server: real `node` children, real npm. The fetch used here adds the headers Chromium sends from a page of the
// server's own origin (Origin on POST, Sec-Fetch-Site on every request); the guard tests send what a foreign page would.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeBridge, type NodeBridge } from '../../src/server/node-bridge';
import { LocalNodeHost } from '../../src/lib/runtimes/hosts/local';
import type { HostProcess, HostStatus } from '../../src/lib/runtimes/hosts/node-host';
import { HarnessClient } from '../../workers/node-harness/client';
import { harnessMarker, randomMarkerToken } from '../../workers/node-harness/framing';
import type { RunEvent } from '../../workers/protocol';
import { bridgeProject, browserStorage, handshake, pageFetch as browserFetch, pageSocket } from './bridge-client';
import { collect, compile } from './harness-host';

let root: string;
let server: Server;
let bridge: NodeBridge;
let origin: string;

const pageFetch = (from = () => origin, site = 'same-origin') => browserFetch(from, site);
const storage = browserStorage();

/** Every request the servers got, as `METHOD /path` (a WebSocket handshake is `GET /path` too). */
const served: string[] = [];

/** The bridge on a plain server, as Vite mounts it: its middleware, and (unless `sockets` is false) its upgrades. */
function startServer(b: NodeBridge, { sockets = true } = {}): Promise<Server> {
  const s = createServer((req, res) => {
    served.push(`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`);
    b.handle(req, res, () => {
      res.statusCode = 404;
      res.end('not the bridge');
    });
  });
  if (sockets) s.on('upgrade', (req, socket, head) => b.upgrade(req, socket, head) || socket.destroy());
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'pg-bridge-test-'));
  bridge = createNodeBridge({ root });
  server = await startServer(bridge);
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  bridge?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

const newHost = () => new LocalNodeHost({ bridgeUrl: `${origin}/__node`, fetch: pageFetch(), webSocket: pageSocket(origin), why: 'contract test', storage });

/** A harness session over a host process: hello, load, request. */
async function session(process: HostProcess, token: string) {
  const frames: string[] = [];
  const client = new HarnessClient({ marker: harnessMarker(token), write: (line) => process.write(line) });
  process.onOutput((text) => {
    frames.push(text);
    client.push(text);
  });
  void process.exited.then((code) => client.terminate(500, 'FUNCTION_INVOCATION_FAILED', `exited ${code}`));
  let runId = 1;
  return {
    client,
    frames,
    async request(path = '/api/x', options: { deadlineMs?: number } = {}) {
      const events: RunEvent[] = [];
      for await (const e of client.invoke(runId++, { method: 'GET', url: `http://localhost:3000${path}`, headers: [], body: null }, options)) events.push(e);
      return collect(events);
    },
  };
}

async function start(host: LocalNodeHost, projectId = 'contract') {
  const token = randomMarkerToken();
  const process = await host.spawn(projectId, { memoryMb: 256, markerToken: token });
  return { process, ...(await session(process, token)) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, ms = 3000): Promise<boolean> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe('LocalNodeHost over the bridge', () => {
  it('boot: answers with the node version, once', async () => {
    const host = newHost();
    const statuses: HostStatus[] = [];
    host.onStatus((s) => statuses.push(s));
    const first = host.boot();
    expect(host.boot()).toBe(first);
    const booted = await first;
    expect(booted.nodeVersion).toBe(process.version);
    expect(booted.bootMs).toBeGreaterThan(0);
    expect(host.reason).toBe(`local node ${process.version} (contract test)`);
    expect(statuses.map((s) => s.phase)).toEqual(['idle', 'booting', 'ready']);
  });

  it('boot fails with a message a person can act on when there is no bridge', async () => {
    const host = new LocalNodeHost({ bridgeUrl: `${origin}/not-the-bridge`, fetch: pageFetch() });
    await expect(host.boot()).rejects.toThrow(/no local Node bridge/);
  });

  it('spawn: hello is the first thing the process says, then lines go both ways', async () => {
    const host = newHost();
    const { process: child, client, frames, request } = await start(host);
    const hello = await client.hello;
    expect(hello.node).toBe(process.version);
    expect(frames.join('').split('\n')[0]).toContain('"type":"hello"');
    const loaded = await client.load({ code: await compile(`export default (req, res) => res.send('hi ' + req.query.n)`), kind: 'vercel-function', path: 'api/x.ts', env: {} });
    expect(loaded.error).toBeUndefined();
    const r = await request('/api/x?n=1');
    expect(r.status).toBe(200);
    expect(r.text).toBe('hi 1');
    await child.kill();
  });

  it('kill ends the process, also in a synchronous loop', async () => {
    const { process: child, client, request } = await start(newHost());
    const { pid } = await client.hello;
    await client.load({ code: await compile(`export default () => { for (;;) {} }`), kind: 'vercel-function', path: 'api/x.ts', env: {} });
    const pending = request();
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(pid)).toBe(true);
    const t0 = performance.now();
    await child.kill();
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(await child.exited).toBeNull(); // killed by a signal
    expect(alive(pid)).toBe(false);
    expect((await pending).status).toBe(500);
  }, 15_000);

  it('a project has at most two processes (the one serving its runs and a spare): a third spawn replaces the oldest', async () => {
    const host = newHost();
    const a = await start(host, 'replace');
    const pidA = (await a.client.hello).pid;
    const b = await start(host, 'replace');
    const pidB = (await b.client.hello).pid;
    expect(alive(pidA)).toBe(true);
    const c = await start(host, 'replace');
    const pidC = (await c.client.hello).pid;
    expect(new Set([pidA, pidB, pidC]).size).toBe(3);
    await a.process.exited;
    expect(alive(pidA)).toBe(false);
    expect([alive(pidB), alive(pidC)]).toEqual([true, true]);
    // Another page's project's process is left alone.
    const d = await start(newHost(), 'other-project');
    await d.client.hello;
    expect([alive(pidB), alive(pidC)]).toEqual([true, true]);
    await Promise.all([b.process.kill(), c.process.kill(), d.process.kill()]);
  });

  it('a process whose page went away (its output stream closed) is killed', async () => {
    const { projectId, headers } = await bridgeProject(origin);
    const spawn = await pageFetch()(`${origin}/__node/spawn`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ projectId, memoryMb: 128, markerToken: randomMarkerToken() }),
    });
    const { processId, pid } = (await spawn.json()) as { processId: string; pid: number };
    const abort = new AbortController();
    const output = await pageFetch()(`${origin}/__node/output?process=${processId}`, { headers, signal: abort.signal });
    const reader = output.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"type":"hello"');
    expect(alive(pid)).toBe(true);
    abort.abort();
    expect(await until(() => !alive(pid))).toBe(true);
  });

  it('the child gets a clean environment and may touch only its project directory', async () => {
    process.env.PLAYGROUND_TEST_SECRET = 'do-not-leak';
    const { process: child, client, request } = await start(newHost(), 'sandboxed');
    try {
      const code = await compile(`import fs from 'node:fs'; import os from 'node:os';
        export default (req, res) => {
          const attempt = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
          res.json({
            env: Object.keys(process.env).sort(),
            readOutside: attempt(() => fs.readFileSync('/etc/hostname')),
            writeOutside: attempt(() => fs.writeFileSync(${JSON.stringify(join(root, 'escape.txt'))}, 'x')),
            writeTmp: attempt(() => fs.writeFileSync(os.tmpdir() + '/own.txt', 'x')),
          });
        }`);
      await client.load({ code, kind: 'vercel-function', path: 'api/x.ts', env: { MY_VAR: '1' } });
      const body = JSON.parse((await request()).text);
      const inherited = ['HOME', 'LANG', 'PATH'].filter((key) => key in process.env);
      expect(body.env).toEqual([...inherited, 'MY_VAR', 'NODE_ENV', 'TMPDIR'].sort());
      expect(body.readOutside).toBe('ERR_ACCESS_DENIED');
      expect(body.writeOutside).toBe('ERR_ACCESS_DENIED');
      expect(body.writeTmp).toBe('ok');
    } finally {
      delete process.env.PLAYGROUND_TEST_SECRET;
      await child.kill();
    }
  });

  it('install: a tiny npm package, with progress lines, then the handler imports it; a second install is cached', async () => {
    const host = newHost();
    const lines: string[] = [];
    const t0 = performance.now();
    await host.install('with-npm', { 'is-number': '7.0.0' }, (line) => lines.push(line));
    const firstMs = performance.now() - t0;
    expect(lines[0]).toMatch(/^npm install .*is-number@7\.0\.0/);
    expect(lines.length).toBeGreaterThan(1);
    const t1 = performance.now();
    const again: string[] = [];
    await host.install('with-npm', { 'is-number': '7.0.0' }, (line) => again.push(line));
    expect(again).toEqual([]);
    expect(host.status.message).toMatch(/already installed/);
    console.log(`npm install is-number: ${firstMs.toFixed(0)} ms; cached: ${(performance.now() - t1).toFixed(1)} ms`);
    const { process: child, client, request } = await start(host, 'with-npm');
    await client.load({ code: await compile(`import isNumber from 'is-number'; export default (req, res) => res.json([isNumber(5), isNumber('x')])`), kind: 'vercel-function', path: 'api/x.ts', env: {} });
    expect((await request()).text).toBe('[true,false]');
    await child.kill();
  }, 120_000);

  it('install refuses specs that are not registry versions', async () => {
    const host = newHost();
    await expect(host.install('with-npm', { 'is-number': 'file:../../etc' }, () => {})).rejects.toThrow(/version range or a tag/);
    await expect(host.install('with-npm', { '../x': '1' }, () => {})).rejects.toThrow(/not an npm package name/);
  });
});

describe('the capability token', () => {
  it('is handed out only while no child runs; without it every control route is 401; a page keeps its token across a bridge restart by asking again', async () => {
    const ownRoot = mkdtempSync(join(tmpdir(), 'pg-bridge-token-'));
    let ownBridge = createNodeBridge({ root: ownRoot });
    const ownServer = createServer((req, res) => ownBridge.handle(req, res, () => res.end()));
    await new Promise<void>((resolve) => ownServer.listen(0, '127.0.0.1', resolve));
    const ownOrigin = `http://localhost:${(ownServer.address() as AddressInfo).port}`;
    const f = pageFetch(() => ownOrigin);
    try {
      for (const route of ['/project', '/spawn', '/install', '/stdin?process=x', '/kill?process=x']) {
        expect((await f(`${ownOrigin}/__node${route}`, { method: 'POST', body: '{}' })).status).toBe(401);
      }
      expect((await f(`${ownOrigin}/__node/output?process=x`)).status).toBe(401);
      const browserA = browserStorage();
      const host = new LocalNodeHost({ bridgeUrl: `${ownOrigin}/__node`, fetch: f, storage: browserA });
      const token = randomMarkerToken();
      const child = await host.spawn('page-project', { memoryMb: 128, markerToken: token });
      await (await session(child, token)).client.hello;
      // Another browser (its own storage) while A's process runs: refused, with what to do.
      const browserB = new LocalNodeHost({ bridgeUrl: `${ownOrigin}/__node`, fetch: f, storage: browserStorage() });
      await expect(browserB.boot()).rejects.toThrow(/Node\.js processes of another browser are running/);
      // Another tab of browser A shares its token.
      await new LocalNodeHost({ bridgeUrl: `${ownOrigin}/__node`, fetch: f, storage: browserA }).boot();
      await child.kill();
      // The server restarts: A's kept token is unknown now, and the page asks for a new one by itself.
      ownBridge.close();
      ownBridge = createNodeBridge({ root: ownRoot });
      const kept = browserA.getItem('playground:node-bridge-token');
      const again = await host.spawn('page-project', { memoryMb: 128, markerToken: token }); // the same page, its project made anew
      await (await session(again, token)).client.hello;
      expect(browserA.getItem('playground:node-bridge-token')).not.toBe(kept);
      await again.kill();
    } finally {
      ownBridge.close();
      await new Promise((resolve) => ownServer.close(resolve));
      rmSync(ownRoot, { recursive: true, force: true });
    }
  });
});

describe('the bridge refuses what a foreign page could send', () => {
  it('a POST from a foreign Origin gets 403', async () => {
    const response = await pageFetch(() => 'http://evil.example')(`${origin}/__node/spawn`, {
      method: 'POST',
      body: JSON.stringify({ projectId: 'evil', memoryMb: 128, markerToken: randomMarkerToken() }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toMatch(/refuses requests from other origins: Origin http:\/\/evil\.example/);
    expect(bridge.children.running.filter((c) => c.projectId === 'evil')).toEqual([]);
  });

  it('a POST without an Origin gets 403', async () => {
    const response = await fetch(`${origin}/__node/kill?process=x`, { method: 'POST', body: '' });
    expect(response.status).toBe(403);
  });

  it('a GET that is not Sec-Fetch-Site: same-origin gets 403', async () => {
    for (const site of ['cross-site', 'same-site', 'none']) {
      const response = await pageFetch(undefined, site)(`${origin}/__node/health`);
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: string }).error).toMatch(/Sec-Fetch-Site: same-origin/);
    }
    expect((await fetch(`${origin}/__node/health`)).status).toBe(403);
  });

  it('a rebound DNS name (a Host that is not localhost) gets 403', async () => {
    const port = (server.address() as AddressInfo).port;
    const response = await new Promise<number>((resolve) => {
      // fetch may not set Host; a raw request can.
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port, path: '/__node/health', headers: { Host: `attacker.example:${port}`, 'Sec-Fetch-Site': 'same-origin' } }, (res) => resolve(res.statusCode ?? 0));
        req.end();
      });
    });
    expect(response).toBe(403);
  });
});

describe("a process's stdin socket", () => {
  const handler = `export default (req, res) => res.send('hi ' + req.query.n)`;

  it('carries every line: a load and ten requests make no POST to /stdin', async () => {
    const { process: child, client, request } = await start(newHost(), 'socket-lines');
    await client.hello;
    const before = served.length;
    expect((await client.load({ code: await compile(handler), kind: 'vercel-function', path: 'api/x.ts', env: {} })).error).toBeUndefined();
    for (let n = 0; n < 10; n++) expect((await request(`/api/x?n=${n}`)).text).toBe(`hi ${n}`);
    expect(served.slice(before).filter((r) => r === 'POST /__node/stdin')).toEqual([]);
    await child.kill();
  });

  it('where the server takes no upgrades, the lines go as POSTs and arrive all the same', async () => {
    const ownRoot = mkdtempSync(join(tmpdir(), 'pg-bridge-nosocket-'));
    const ownBridge = createNodeBridge({ root: ownRoot });
    const ownServer = await startServer(ownBridge, { sockets: false });
    const ownOrigin = `http://localhost:${(ownServer.address() as AddressInfo).port}`;
    try {
      const host = new LocalNodeHost({ bridgeUrl: `${ownOrigin}/__node`, fetch: pageFetch(() => ownOrigin), webSocket: pageSocket(ownOrigin), storage: browserStorage() });
      const { process: child, client, request } = await start(host, 'no-socket');
      await client.hello;
      const before = served.length;
      await client.load({ code: await compile(handler), kind: 'vercel-function', path: 'api/x.ts', env: {} });
      expect((await request('/api/x?n=7')).text).toBe('hi 7');
      expect(served.slice(before).filter((r) => r === 'POST /__node/stdin').length).toBeGreaterThanOrEqual(2);
      await child.kill();
    } finally {
      ownBridge.close();
      await new Promise((resolve) => ownServer.close(resolve));
      rmSync(ownRoot, { recursive: true, force: true });
    }
  });

  it("opens only for a page of this server's origin with its own token and its own process: a foreign page, a child faking headers, a guessed token or another page's token get nothing", async () => {
    const ownRoot = mkdtempSync(join(tmpdir(), 'pg-bridge-socket-'));
    const ownBridge = createNodeBridge({ root: ownRoot });
    const ownServer = await startServer(ownBridge);
    const port = (ownServer.address() as AddressInfo).port;
    const ownOrigin = `http://localhost:${port}`;
    try {
      // Two pages (browsers) take their tokens while no child runs; the victim then starts a process.
      const other = await bridgeProject(ownOrigin);
      const victim = await bridgeProject(ownOrigin);
      const spawned = await pageFetch(() => ownOrigin)(`${ownOrigin}/__node/spawn`, {
        method: 'POST',
        headers: victim.headers,
        body: JSON.stringify({ projectId: victim.projectId, memoryMb: 128, markerToken: randomMarkerToken() }),
      });
      const { processId } = (await spawned.json()) as { processId: string };
      const url = (token: string, host = `localhost:${port}`) => `ws://${host}/__node/stdin?process=${processId}&token=${token}`;
      const statuses = {
        foreignOrigin: await handshake(url(victim.token), { Origin: 'http://evil.example' }),
        noOrigin: await handshake(url(victim.token), {}),
        noToken: await handshake(`ws://localhost:${port}/__node/stdin?process=${processId}`, { Origin: ownOrigin }),
        guessedToken: await handshake(url('f'.repeat(64)), { Origin: ownOrigin }),
        otherPagesToken: await handshake(url(other.token), { Origin: ownOrigin }),
        reboundHost: await handshake(url(victim.token, `127.0.0.1:${port}`), { Origin: `http://attacker.example:${port}`, Host: `attacker.example:${port}` }),
      };
      expect(statuses).toEqual({ foreignOrigin: 403, noOrigin: 403, noToken: 401, guessedToken: 401, otherPagesToken: 400, reboundHost: 403 });
      // The check that it can fail: the victim's own page, with the same URL, gets its socket.
      expect(await handshake(url(victim.token), { Origin: ownOrigin })).toBe(101);
    } finally {
      ownBridge.close();
      await new Promise((resolve) => ownServer.close(resolve));
      rmSync(ownRoot, { recursive: true, force: true });
    }
  });
});

describe('server close', () => {
  it('leaves no child processes behind', async () => {
    const ownRoot = mkdtempSync(join(tmpdir(), 'pg-bridge-close-'));
    const ownBridge = createNodeBridge({ root: ownRoot });
    const ownServer = await startServer(ownBridge);
    const ownOrigin = `http://localhost:${(ownServer.address() as AddressInfo).port}`;
    const ownStorage = browserStorage();
    const pids: number[] = [];
    const processes: HostProcess[] = [];
    for (const projectId of ['one', 'two', 'three']) {
      const host = new LocalNodeHost({ bridgeUrl: `${ownOrigin}/__node`, fetch: pageFetch(() => ownOrigin), storage: ownStorage });
      const token = randomMarkerToken();
      const child = await host.spawn(projectId, { memoryMb: 128, markerToken: token });
      const { client } = await session(child, token);
      pids.push((await client.hello).pid);
      processes.push(child);
    }
    expect(pids.every(alive)).toBe(true);
    ownBridge.close();
    ownServer.closeAllConnections(); // as Vite's close does
    await new Promise((resolve) => ownServer.close(resolve));
    await Promise.all(processes.map((p) => p.exited));
    expect(await until(() => pids.every((pid) => !alive(pid)))).toBe(true);
    rmSync(ownRoot, { recursive: true, force: true });
  });
});
