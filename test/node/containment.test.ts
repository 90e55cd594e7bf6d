// A Node handler from a stranger's link, trying to get out of its process and folder on the local host: each attack
// that once worked against the bridge, performed for real (real bridge, real `node` children, real signals), and
// asserted to fail while the playground keeps working.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitsFor, type LimitOverrides } from '../../src/lib/limits';
import { LocalNodeHost } from '../../src/lib/runtimes/hosts/local';
import { NodeRuntime } from '../../src/lib/runtimes/node';
import { createNodeBridge, type NodeBridge } from '../../src/server/node-bridge';
import { randomMarkerToken } from '../../workers/node-harness/framing';
import type { RunEvent } from '../../workers/protocol';
import { bridgeProject, browserStorage, pageFetch } from './bridge-client';
import { collect, compile } from './harness-host';

let root: string;
let server: Server;
let bridge: NodeBridge;
let origin: string;
let port: number;
const storage = browserStorage();
const runtimes: NodeRuntime[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'pg-contain-'));
  bridge = createNodeBridge({ root });
  server = createServer((req, res) => bridge.handle(req, res, () => res.end('not the bridge')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://localhost:${port}`;
});

afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.dispose()));
  bridge?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

function newRuntime() {
  const host = new LocalNodeHost({ bridgeUrl: `${origin}/__node`, fetch: pageFetch(() => origin), why: 'test', storage });
  const runtime = new NodeRuntime({ host: async () => host, killGraceMs: 300 });
  runtimes.push(runtime);
  return runtime;
}

async function run(runtime: NodeRuntime, source: string, options: { env?: Record<string, string>; overrides?: LimitOverrides; headers?: [string, string][] } = {}) {
  const events: RunEvent[] = [];
  const invocation = {
    code: await compile(source),
    kind: 'vercel-function' as const,
    path: 'api/x.ts',
    env: options.env ?? {},
    request: { method: 'GET', url: 'http://localhost:3000/api/x', headers: options.headers ?? [], body: null },
    limits: limitsFor('hobby', options.overrides),
  };
  for await (const event of runtime.invoke(invocation)) events.push(event);
  return collect(events);
}

/** A handler that tries each thing and answers with what happened to each: 'ok' or the error's code. */
const attempts = (body: string, imports = '') => `${imports}
  const attempt = async (f) => { try { const v = await f(); return v === undefined ? 'ok' : v; } catch (e) { return e.code ?? e.message; } };
  export default async (req, res) => { res.json({ ${body} }); }`;

function inspectorOpen(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(9229, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('a handler cannot reach the server or other processes', () => {
  it('inspector takeover: SIGUSR1 to the server (every way of sending it) is refused, and the server opens no inspector on it', async () => {
    const r = await run(
      newRuntime(),
      attempts(`
        kill: await attempt(() => process.kill(process.ppid, 'SIGUSR1')),
        rawKill: await attempt(() => process._kill(process.ppid, 10)),
        debugProcess: await attempt(() => process._debugProcess(process.ppid)),
        ownInspector: await attempt(() => process.kill(process.pid, 'SIGUSR1')),
        inspectorModule: await attempt(() => require('node:inspector').open(0)),`),
    );
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text);
    expect(body).toEqual({ kill: 'EPERM', rawKill: 'EPERM', debugProcess: 'EPERM', ownInspector: 'EPERM', inspectorModule: 'ERR_ACCESS_DENIED' });
    // The server's own process (this test's), sent the signal from outside the sandbox: no debugger opens.
    process.kill(process.pid, 'SIGUSR1');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await inspectorOpen()).toBe(false);
  });

  it('signals: SIGTERM/SIGKILL to the server, its group, every process (-1) and a neighbour are refused; the server lives', async () => {
    const neighbour = newRuntime();
    const pidOf = await run(neighbour, `export default (req, res) => res.send(String(process.pid))`);
    const r = await run(
      newRuntime(),
      attempts(`
        parent: await attempt(() => process.kill(process.ppid, 'SIGTERM')),
        group: await attempt(() => process.kill(0, 'SIGKILL')),
        everyone: await attempt(() => process.kill(-1, 'SIGKILL')),
        neighbour: await attempt(() => process.kill(${pidOf.text}, 'SIGKILL')),
        asString: await attempt(() => process.kill(String(process.ppid), 'SIGTERM')),
        esmImport: await attempt(() => kill(process.ppid, 'SIGTERM')),
        priority: await attempt(() => setPriority(process.ppid, 19)),
        uid: process.getuid(),`, `import { kill } from 'node:process'; import { setPriority } from 'node:os';`),
    );
    const body = JSON.parse(r.text);
    expect(body).toMatchObject({ parent: 'EPERM', group: 'EPERM', everyone: 'EPERM', neighbour: 'EPERM', asString: 'EPERM', esmImport: 'EPERM', priority: 'EPERM' });
    // Where the server is root, the kernel stands behind the harness: children are nobody.
    if (process.getuid?.() === 0) expect(body.uid).toBe(65534);
    expect((await run(neighbour, `export default (req, res) => res.send(String(process.pid))`)).text).toBe(pidOf.text);
  });

  it("with children of the server's own user (no uid to drop to), the harness alone refuses: a process of that user survives", async () => {
    const ownRoot = mkdtempSync(join(tmpdir(), 'pg-contain-same-user-'));
    const sameUser = createNodeBridge({ root: ownRoot, childUser: null });
    const ownServer = createServer((req, res) => sameUser.handle(req, res, () => res.end()));
    await new Promise<void>((resolve) => ownServer.listen(0, '127.0.0.1', resolve));
    const ownOrigin = `http://localhost:${(ownServer.address() as AddressInfo).port}`;
    // A bystander of the server's user: what the attack would kill if the harness let it.
    const bystander = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      const host = new LocalNodeHost({ bridgeUrl: `${ownOrigin}/__node`, fetch: pageFetch(() => ownOrigin), storage: browserStorage() });
      const runtime = new NodeRuntime({ host: async () => host });
      runtimes.push(runtime);
      const r = await run(runtime, attempts(`kill: await attempt(() => process.kill(${bystander.pid}, 'SIGKILL')), uid: process.getuid(),`));
      expect(JSON.parse(r.text)).toEqual({ kill: 'EPERM', uid: process.getuid!() });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(bystander.exitCode).toBeNull();
      expect(bystander.signalCode).toBeNull();
    } finally {
      bystander.kill('SIGKILL');
      sameUser.close();
      await new Promise((resolve) => ownServer.close(resolve));
      rmSync(ownRoot, { recursive: true, force: true });
    }
  });

  it("a child drives the bridge: it cannot even connect to the bridge's port, or to anything else on this machine", async () => {
    const r = await run(
      newRuntime(),
      attempts(
        `
        ...(await (async () => {
          const tcp = (options) => new Promise((resolve) => {
            const socket = net.connect(options);
            socket.once('connect', () => (socket.destroy(), resolve('connected')));
            socket.once('error', (e) => resolve(e.code));
          });
          const fetched = async (url) => { try { return (await fetch(url, { method: 'POST', body: '{}' })).status; } catch (e) { return e.cause?.code ?? e.message; } };
          return {
            fetch: await fetched('http://localhost:${port}/__node/session'),
            ip: await tcp({ host: '127.0.0.1', port: ${port} }),
            otherLoopback: await tcp({ host: '127.4.5.6', port: ${port} }),
            ipv6: await tcp({ host: '::1', port: ${port} }),
            mapped: await tcp({ host: '::ffff:127.0.0.1', port: ${port} }),
            unspecified: await tcp({ host: '0.0.0.0', port: ${port} }),
            decimal: await tcp({ host: '2130706433', port: ${port} }),
            noHost: await tcp({ port: ${port} }),
            portAndHost: await new Promise((resolve) => new net.Socket().connect(${port}, 'localhost').once('error', (e) => resolve(e.code)).once('connect', () => resolve('connected'))),
            unixSocket: await tcp({ path: '/var/run/docker.sock' }),
            http: await new Promise((resolve) => http.get({ host: 'localhost', port: ${port}, path: '/__node/health' }, () => resolve('answered')).once('error', (e) => resolve(e.code))),
            udp: await attempt(() => dgram.createSocket('udp4').send('x', ${port}, '127.0.0.1')),
            listen: await new Promise((resolve) => { const s = http.createServer().listen(0, '0.0.0.0', () => { resolve(s.address().address); s.close(); }); }),
          };
        })()),`,
        `import net from 'node:net'; import http from 'node:http'; import dgram from 'node:dgram';`,
      ),
    );
    const body = JSON.parse(r.text);
    const { listen, ...refused } = body;
    expect(Object.entries(refused).filter(([, v]) => v !== 'EACCES')).toEqual([]);
    expect(Object.keys(refused)).toHaveLength(12);
    expect(listen).toBe('127.0.0.1'); // asked for 0.0.0.0: reachable from this machine's network

  });

  it('a process that is not a page (a child past the harness, faking Origin and Sec-Fetch-Site) gets no token, project, process or install', async () => {
    const child = await run(newRuntime(), `setInterval(() => {}, 1000); export default (req, res) => res.send('running')`);
    expect(child.text).toBe('running'); // a child is alive: the time when an attacker could be asking
    const headers = { Origin: origin, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' };
    const call = async (path: string, body: unknown, extra: Record<string, string> = {}) =>
      (await fetch(`${origin}/__node${path}`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) })).status;
    const projectId = 'p' + '0'.repeat(32);
    expect({
      session: await call('/session', {}),
      project: await call('/project', {}),
      spawn: await call('/spawn', { projectId, memoryMb: 1024, markerToken: 'aaaaaaaa' }),
      install: await call('/install', { projectId, dependencies: { ms: 'latest' } }),
      guessedToken: await call('/spawn', {}, { 'X-Node-Bridge-Token': 'f'.repeat(64) }),
    }).toEqual({ session: 409, project: 401, spawn: 401, install: 401, guessedToken: 401 });
  });

  it('bridge inputs are checked against the limits table: memoryMb 65536 is refused even with the token', async () => {
    await Promise.all(runtimes.splice(0).map((r) => r.dispose())); // no child runs: a token can be had
    const { projectId, headers } = await bridgeProject(origin);
    const spawn = (memoryMb: number) =>
      pageFetch(() => origin)(`${origin}/__node/spawn`, { method: 'POST', headers, body: JSON.stringify({ projectId, memoryMb, markerToken: randomMarkerToken() }) });
    for (const memoryMb of [65_536, 16, 1024.5]) {
      const response = await spawn(memoryMb);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/from 128 to 3009/);
    }
    expect(bridge.children.running).toEqual([]);
    const other = await pageFetch(() => origin)(`${origin}/__node/spawn`, { method: 'POST', headers, body: JSON.stringify({ projectId: 'p' + 'a'.repeat(32), memoryMb: 1024, markerToken: randomMarkerToken() }) });
    expect(other.status).toBe(400); // a project id this token did not make
  });
});

describe('a handler cannot reach outside its own folder', () => {
  it('npm follows links out: the handler cannot write the install folder, plant a lockfile or .npmrc there, or link out of its work folder', async () => {
    const r = await run(
      newRuntime(),
      attempts(`
        lockfile: await attempt(() => require('node:fs').writeFileSync('../package-lock.json', '{}')),
        npmrc: await attempt(() => require('node:fs').writeFileSync('../.npmrc', 'registry=http://127.0.0.1:1/')),
        nodeModules: await attempt(() => require('node:fs').mkdirSync('../node_modules/x', { recursive: true })),
        symlink: await attempt(() => require('node:fs').symlinkSync('/etc', 'etc')),
        hardlink: await attempt(() => require('node:fs').linkSync('/etc/passwd', 'passwd')),
        readEtc: await attempt(() => require('node:fs').readFileSync('/etc/passwd', 'utf8').slice(0, 4)),
        ownFile: await attempt(() => require('node:fs').writeFileSync('mine.txt', 'x')),`),
    );
    expect(JSON.parse(r.text)).toEqual({
      lockfile: 'ERR_ACCESS_DENIED',
      npmrc: 'ERR_ACCESS_DENIED',
      nodeModules: 'ERR_ACCESS_DENIED',
      symlink: 'ERR_ACCESS_DENIED',
      hardlink: 'ERR_ACCESS_DENIED',
      readEtc: 'ERR_ACCESS_DENIED',
      ownFile: 'ok',
    });
  });
});

describe('projects and runs are isolated from one another', () => {
  it("project A's timer, patched globals, logs and files are invisible to project B", async () => {
    const runtime = newRuntime();
    const a = await run(
      runtime,
      `import fs from 'node:fs';
      globalThis.__leak = [];
      setInterval(() => { console.log('A still here, sees', process.env.SECRET); }, 20);
      const json = JSON.stringify; JSON.stringify = (v, ...rest) => json(v, ...rest).replace('b-secret', 'stolen');
      export default (req, res) => { fs.writeFileSync('a-file.txt', 'a'); res.send(process.cwd()); }`,
      { env: { SECRET: 'a-secret' } },
    );
    expect(a.status).toBe(200);
    const aDir = a.text;
    expect(existsSync(join(aDir, 'a-file.txt'))).toBe(true);

    runtime.switchProject(); // a new project: what Playground.load does
    const b = await run(
      runtime,
      `import fs from 'node:fs';
      export default async (req, res) => {
        await new Promise((r) => setTimeout(r, 100));
        res.json({ secret: process.env.SECRET, leak: typeof globalThis.__leak, files: fs.readdirSync('.'), readA: (() => { try { fs.readFileSync(${JSON.stringify(join(aDir, 'a-file.txt'))}); return 'read'; } catch (e) { return e.code; } })() });
      }`,
      { env: { SECRET: 'b-secret' } },
    );
    const body = JSON.parse(b.text);
    expect(body.secret).toBe('b-secret');
    expect(body.leak).toBe('undefined');
    expect(body.files).not.toContain('a-file.txt');
    expect(['ENOENT', 'ERR_ACCESS_DENIED']).toContain(body.readA);
    expect(b.logs.map((l) => l.text).join('\n')).not.toMatch(/A still here/);
    expect(b.timings?.cold).toBe(true);
    // A's folder is gone from the disk, not just out of reach.
    expect(existsSync(aDir)).toBe(false);
  });

  it('a run that timed out cannot write into the next run: its timers die with its process', async () => {
    const runtime = newRuntime();
    const code = `export default (req, res) => {
      if (req.headers['x-hang']) { setInterval(() => console.log('leftover of the first run'), 10); return; } // 504
      setTimeout(() => res.send('second'), 100);
    }`;
    const first = await run(runtime, code, { overrides: { nodeMaxDurationMs: 200 }, headers: [['x-hang', '1']] });
    expect(first.status).toBe(504);
    const second = await run(runtime, code, { overrides: { nodeMaxDurationMs: 200 } });
    expect(second.text).toBe('second');
    expect(second.timings?.cold).toBe(true);
    expect(second.logs.map((l) => l.text)).not.toContain('leftover of the first run');
  });
});
