// A Node handler from a stranger's link, trying to get out of its process and folder on the local host: each attack
// that once worked against the bridge, performed for real (real bridge, real `node` children, real signals), and
// asserted to fail while the playground keeps working.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATIONS, limitsFor, PLANS, type LimitOverrides } from '../../src/lib/limits';
import { LocalNodeHost } from '../../src/lib/runtimes/hosts/local';
import { NodeRuntime } from '../../src/lib/runtimes/node';
import { createNodeBridge, type NodeBridge } from '../../src/server/node-bridge';
import { BridgeChild, MAX_HELD_OUTPUT_CHARS } from '../../src/server/node-bridge-children';
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
    // The most any plan has in any generation: 4096 MB (Fluid Pro and Enterprise; legacy: 3009).
    const mostMemoryMb = Math.max(...PLANS.flatMap((plan) => GENERATIONS.map((g) => limitsFor(plan, {}, g).node.maxMemoryMb)));
    expect(mostMemoryMb).toBe(4096);
    for (const memoryMb of [65_536, 16, 1024.5]) {
      const response = await spawn(memoryMb);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toContain(`from 128 to ${mostMemoryMb}`);
    }
    expect(bridge.children.running).toEqual([]);
    const other = await pageFetch(() => origin)(`${origin}/__node/spawn`, { method: 'POST', headers, body: JSON.stringify({ projectId: 'p' + 'a'.repeat(32), memoryMb: 1024, markerToken: randomMarkerToken() }) });
    expect(other.status).toBe(400); // a project id this token did not make
  });
});

describe('the bridge holds a flooding child to a bounded amount of memory', () => {
  it("output without a newline is passed on in pieces, and a child whose output nobody reads is killed past the cap", async () => {
    const flood = `const c = 'A'.repeat(1 << 20); let n = 0; const go = () => { while (n < ${(MAX_HELD_OUTPUT_CHARS >> 20) * 3}) { n++; if (!process.stderr.write(c)) return process.stderr.once('drain', go); } }; go(); setInterval(() => {}, 1000);`;
    const unread = new BridgeChild('p', spawn(process.execPath, ['-e', flood], { stdio: 'pipe' }), 60_000);
    expect((await unread.closed).signal).toBe('SIGKILL');
    const read = new BridgeChild('p', spawn(process.execPath, ['-e', flood], { stdio: 'pipe' }), 60_000);
    let longest = 0;
    let total = 0;
    const sink = new Writable({ write(chunk, _encoding, done) { longest = Math.max(longest, chunk.length); total += chunk.length; done(); } });
    read.attach(sink as unknown as import('node:http').ServerResponse);
    await expect.poll(() => total, { timeout: 20_000 }).toBeGreaterThanOrEqual(MAX_HELD_OUTPUT_CHARS * 2);
    expect(longest).toBeLessThanOrEqual(MAX_HELD_OUTPUT_CHARS + (1 << 20) * 2);
    await read.kill();
  }, 60_000);
});

describe('a handler cannot reach outside its own folder', () => {
  it('npm follows links out: the handler cannot write the install folder, plant a lockfile or .npmrc there, or link out of its work folder', async () => {
    const r = await run(
      newRuntime(),
      attempts(`
        lockfile: await attempt(() => require('node:fs').writeFileSync('../../package-lock.json', '{}')),
        npmrc: await attempt(() => require('node:fs').writeFileSync('../../.npmrc', 'registry=http://127.0.0.1:1/')),
        nodeModules: await attempt(() => require('node:fs').mkdirSync('../../node_modules/x', { recursive: true })),
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

describe('what a review found, closed', () => {
  /** A service of this machine a handler must not reach: it answers every connection with a secret. */
  let decoy: Server;
  let decoyPort: number;
  let udp: import('node:dgram').Socket;
  let udpPort: number;
  const datagrams: string[] = [];

  beforeAll(async () => {
    decoy = (await import('node:net')).createServer((socket) => socket.end('SECRET-OF-THIS-MACHINE\n')) as unknown as Server;
    await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve));
    decoyPort = (decoy.address() as AddressInfo).port;
    udp = (await import('node:dgram')).createSocket('udp4');
    udp.on('message', (message) => datagrams.push(String(message)));
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    udpPort = udp.address().port;
  });

  afterAll(() => {
    decoy?.close();
    udp?.close();
  });

  it('a server whose address() names another port: the harness does not carry requests there', async () => {
    const r = await run(newRuntime(), `import http from 'node:http';
      const server = http.createServer((req, res) => res.end('the handler itself'));
      server.address = () => ({ address: '127.0.0.1', family: 'IPv4', port: ${decoyPort} });
      export default server;`);
    expect(r.text).toBe('the handler itself');
  });

  it("a connection built from Node's native handles finds no request object to start from", async () => {
    const r = await run(newRuntime(), attempts(`
      requests: process._getActiveRequests().length,
      handles: process._getActiveHandles().length,
      // A read in flight is a native request object (FSReqCallback); a pending connect's would be one too.
      whileReading: await new Promise((resolve) => { fs.readFile('.', () => {}); resolve(process._getActiveRequests().length); }),`, `import fs from 'node:fs';`));
    expect(JSON.parse(r.text)).toEqual({ requests: 0, handles: 0, whileReading: 0 });
  });

  it('DNS servers and UDP on this machine: refused; a UDP socket binds to loopback only', async () => {
    const r = await run(newRuntime(), attempts(`
      setServers: await attempt(() => dns.setServers(['127.0.0.1:${udpPort}'])),
      resolver: await attempt(() => new dns.Resolver().setServers(['[::1]:${udpPort}'])),
      promises: await attempt(() => new dns.promises.Resolver().setServers(['127.0.0.1'])),
      sendLong: await attempt(() => new Promise((resolve, reject) => {
        const s = dgram.createSocket('udp4');
        s.bind(0, '0.0.0.0', () => {
          const bound = s.address().address;
          try { s.send(Buffer.from('x'), 0, '8.8.8.8', ${udpPort}, '127.0.0.1'); resolve('sent from ' + bound); } catch (e) { s.close(); reject(Object.assign(e, { message: e.message + ' (bound ' + bound + ')' })); }
        });
      })),
      bound: await new Promise((resolve) => { const s = dgram.createSocket('udp4'); s.bind(0, '0.0.0.0', () => { resolve(s.address().address); s.close(); }); }),`,
      `import dns from 'node:dns'; import dgram from 'node:dgram';`));
    expect(JSON.parse(r.text)).toEqual({ setServers: 'EACCES', resolver: 'EACCES', promises: 'EACCES', sendLong: 'EACCES', bound: '127.0.0.1' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(datagrams).toEqual([]);
  });

  it('the marker token is in neither the command line nor the environment a report shows', async () => {
    const r = await run(newRuntime(), attempts(`
      report: JSON.stringify(process.report.getReport()).includes('marker-token') || JSON.stringify(process.report.getReport()).includes('PLAYGROUND_HARNESS_TOKEN'),
      argv: process.argv.concat(process.execArgv).some((a) => a.includes('marker')),`));
    expect(JSON.parse(r.text)).toEqual({ report: false, argv: false });
  });

  it('no V8 flags at run time, no realpath answers about outside paths, and signalling itself still works', async () => {
    const r = await run(newRuntime(), attempts(`
      flags: await attempt(() => v8.setFlagsFromString('--allow-natives-syntax')),
      realpath: await attempt(() => fs.realpathSync('/etc/shadow')),
      realpathAsync: await attempt(() => fs.promises.realpath('/etc/shadow')),
      realpathCallback: await attempt(() => new Promise((resolve, reject) => fs.realpath('/etc/shadow', (e, p) => (e ? reject(e) : resolve(p))))),
      own: await attempt(() => fs.realpathSync('.') === process.cwd()),
      self: await attempt(() => process.kill(process.pid, 0)),`, `import v8 from 'node:v8'; import fs from 'node:fs';`));
    expect(JSON.parse(r.text)).toEqual({ flags: 'ERR_ACCESS_DENIED', realpath: 'ERR_ACCESS_DENIED', realpathAsync: 'ERR_ACCESS_DENIED', realpathCallback: 'ERR_ACCESS_DENIED', own: true, self: true });
  });

  it("a process cannot write into the spare beside it, which runs the project's next bundle", async () => {
    const runtime = newRuntime();
    // First request: where it runs. Second, once the spare is up beside it: every write into the spare's folder (named
    // in a header: where children run as nobody, they cannot even list the work folder).
    const attacker = `import fs from 'node:fs';
      let n = 0;
      const attempt = (f) => { try { f(); return 'ok'; } catch (e) { return e.code ?? e.message; } };
      export default (req, res) => {
        if (n++ === 0) return res.end(process.cwd());
        const spare = '../' + req.headers['x-spare'];
        res.json({
          file: attempt(() => fs.writeFileSync(spare + '/planted.js', 'x')),
          dir: attempt(() => fs.mkdirSync(spare + '/node_modules/ms', { recursive: true })),
          tmp: attempt(() => fs.writeFileSync(spare + '/.tmp/planted', 'x')),
        });
      }`;
    const own = (await run(runtime, attacker)).text;
    const work = dirname(own);
    await expect.poll(() => readdirSync(work).length, { timeout: 10_000 }).toBe(2); // the spare's folder beside its own
    const spare = readdirSync(work).find((name) => join(work, name) !== own)!;
    const tried = JSON.parse((await run(runtime, attacker, { headers: [['x-spare', spare]] })).text);
    expect(tried).toEqual({ file: 'ERR_ACCESS_DENIED', dir: 'ERR_ACCESS_DENIED', tmp: 'ERR_ACCESS_DENIED' });
    // The spare takes the next bundle, in a folder nothing was planted in.
    const next = await run(runtime, `import fs from 'node:fs'; export default (req, res) => res.json({ cwd: process.cwd(), files: fs.readdirSync('.', { recursive: true }) })`);
    expect(next.timings?.cold).toBe(true);
    const { cwd, files } = JSON.parse(next.text);
    expect(cwd).toBe(join(work, spare));
    expect(JSON.stringify(files)).not.toMatch(/planted|node_modules/);
  });

  it("a package planted in the work folder does not shadow the installed one for the project's next bundle", async () => {
    const runtime = newRuntime();
    const plant = await run(runtime, `import fs from 'node:fs'; export default (req, res) => {
      fs.mkdirSync('node_modules/ms', { recursive: true });
      fs.writeFileSync('node_modules/ms/package.json', '{"main":"index.js"}');
      fs.writeFileSync('node_modules/ms/index.js', 'module.exports = () => "PLANTED"');
      res.end('planted'); }`);
    expect(plant.text).toBe('planted');
    const next = await run(runtime, `import ms from 'ms'; export default (req, res) => res.end(String(ms('1s')))`);
    expect(next.text).toBe('1000');
  }, 120_000);
});
