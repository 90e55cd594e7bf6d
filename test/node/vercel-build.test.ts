// A project's vercel-build script on the local host (real bridge, real npm install, real node children): it runs once
// per change of the project before the function is served, its output in the run's console, its files readable by the
// function; a failing one fails the run with Vercel's message; it is confined like a handler (no writes outside its
// folder, no signals to other processes, no child processes); and a function finds only the files Vercel includes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitsFor } from '../../src/lib/limits';
import { LocalNodeHost } from '../../src/lib/runtimes/hosts/local';
import { NodeRuntime } from '../../src/lib/runtimes/node';
import { createNodeBridge, type NodeBridge } from '../../src/server/node-bridge';
import { parseBuildScript } from '../../src/server/node-bridge-build';
import type { Files, RunEvent } from '../../workers/protocol';
import { browserStorage, pageFetch } from './bridge-client';
import { collect, compile } from './harness-host';

let root: string;
let server: Server;
let bridge: NodeBridge;
let origin: string;
let victim: ChildProcess;
const storage = browserStorage();
const runtimes: NodeRuntime[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'pg-vbuild-'));
  bridge = createNodeBridge({ root });
  server = createServer((req, res) => bridge.handle(req, res, () => res.end('not the bridge')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  // Another process of the machine, running as the build's user would if it could: the build must not signal it.
  victim = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', ...(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}) });
});

afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.dispose()));
  victim?.kill('SIGKILL');
  bridge?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

function newRuntime(files: () => Files) {
  const host = new LocalNodeHost({ bridgeUrl: `${origin}/__node`, fetch: pageFetch(() => origin), why: 'test', storage });
  const runtime = new NodeRuntime({ host: async () => host, killGraceMs: 300, projectFiles: files });
  runtimes.push(runtime);
  return runtime;
}

async function run(runtime: NodeRuntime, source: string, path = 'api/x.ts') {
  const events: RunEvent[] = [];
  const invocation = {
    code: await compile(source, path),
    kind: 'vercel-function' as const,
    path,
    env: {},
    request: { method: 'GET', url: 'http://localhost:3000/api/x', headers: [], body: null },
    limits: limitsFor('hobby'),
  };
  for await (const event of runtime.invoke(invocation)) events.push(event);
  const result = collect(events);
  const logs = events.flatMap((e) => (e.type === 'log' ? [e.text] : []));
  const error = events.find((e) => e.type === 'error');
  return { ...result, text: result.body.toString('utf8'), logs, error: error?.type === 'error' ? error : null };
}

const pkg = (script: string) => JSON.stringify({ name: 'p', scripts: { 'vercel-build': script } });
const readGenerated = `import fs from 'fs'; import path from 'path';
  export default (req, res) => res.end(fs.readFileSync(path.join(process.cwd(), 'data', 'generated.json'), 'utf8'))`;

describe('vercel-build before the function is served', () => {
  it('runs once per change of the project, its output in the console, its files readable by the function', async () => {
    let files: Files = {
      'package.json': pkg('node scripts/gen.mjs'),
      'scripts/gen.mjs': `import fs from 'node:fs'; fs.mkdirSync('data', { recursive: true });
        fs.writeFileSync('data/generated.json', JSON.stringify({ built: process.env.VERCEL, n: 1 })); console.log('generated data');`,
    };
    const runtime = newRuntime(() => files);
    const first = await run(runtime, readGenerated);
    expect(first.error).toBeNull();
    expect(first.text).toBe('{"built":"1","n":1}');
    expect(first.logs).toContain('Running "npm run vercel-build"');
    expect(first.logs).toContain('generated data');

    const second = await run(runtime, readGenerated);
    expect(second.text).toBe('{"built":"1","n":1}');
    expect(second.logs).not.toContain('Running "npm run vercel-build"');

    files = { ...files, 'scripts/gen.mjs': files['scripts/gen.mjs'].replace('n: 1', 'n: 2') };
    const changed = await run(runtime, readGenerated);
    expect(changed.logs).toContain('Running "npm run vercel-build"');
    expect(changed.text).toBe('{"built":"1","n":2}');
  });

  it('a build script imports a package that npm installed for the project (real npm install)', async () => {
    const runtime = newRuntime(() => ({
      'package.json': JSON.stringify({ name: 'p', dependencies: { ms: '2.1.3' }, scripts: { 'vercel-build': 'node gen.mjs' } }),
      'gen.mjs': `import fs from 'node:fs'; import ms from 'ms'; fs.mkdirSync('data'); fs.writeFileSync('data/generated.json', JSON.stringify({ ms: ms('1m') }));`,
    }));
    const result = await run(runtime, `import ms from 'ms'; ${readGenerated.replace("export default (req, res) => res.end(", "export default (req, res) => res.end(String(ms('1s')) + ")}`);
    expect(result.error).toBeNull();
    expect(result.text).toBe('1000{"ms":60000}');
  });

  it('a build script imports a declared package the handler does not (Vercel installs every dependency first)', async () => {
    const runtime = newRuntime(() => ({
      'package.json': JSON.stringify({ name: 'p', devDependencies: { ms: '2.1.3' }, scripts: { 'vercel-build': 'node gen.mjs' } }),
      'gen.mjs': `import fs from 'node:fs'; import ms from 'ms'; fs.mkdirSync('data'); fs.writeFileSync('data/generated.json', JSON.stringify({ ms: ms('1h') }));`,
    }));
    const result = await run(runtime, readGenerated);
    expect(result.error).toBeNull();
    expect(result.text).toBe('{"ms":3600000}');
  });

  it("a script that exits with 1 fails the run with Vercel's message, and the function is not served", async () => {
    const runtime = newRuntime(() => ({ 'package.json': pkg('node fail.mjs'), 'fail.mjs': `console.error('no data source'); process.exit(1);` }));
    const result = await run(runtime, readGenerated);
    expect(result.error).toMatchObject({ code: 'BUILD_UTILS_SPAWN_1', message: 'Command "npm run vercel-build" exited with 1' });
    expect(result.logs).toContain('no data source');
    expect(result.status).toBe(0);
  });

  it('a script that needs a shell is refused, not run', async () => {
    expect(parseBuildScript('node a.mjs && node b.mjs --out x').ok).toBe(true);
    for (const script of ['tsc', 'node a.mjs; rm -rf /', 'node a.mjs | tee x', 'node --inspect a.mjs', 'node $(echo a).mjs', 'echo hi && node a.mjs']) {
      expect(parseBuildScript(script).ok, script).toBe(false);
    }
    const runtime = newRuntime(() => ({ 'package.json': pkg('node gen.mjs > out.txt'), 'gen.mjs': '' }));
    const result = await run(runtime, readGenerated);
    expect(result.error?.code).toBe('BUILD_FAILED');
    expect(result.error?.message).toMatch(/^The playground runs a build script made of `node <file>` commands joined by `&&`.*"node gen.mjs > out.txt" needs a shell/);
  });
});

describe('a build script is confined like a handler', () => {
  it('cannot write outside its folder, signal other processes or start programs, and the playground keeps working', async () => {
    const outside = join(tmpdir(), `pg-vbuild-escape-${process.pid}.txt`);
    const others = join(root, 'projects');
    const script = `import fs from 'node:fs'; import cp from 'node:child_process';
      const attempt = (f) => { try { f(); return 'ok'; } catch (e) { return e.code ?? e.message; } };
      console.log('attempts ' + JSON.stringify({
        tmp: attempt(() => fs.writeFileSync(${JSON.stringify(outside)}, 'x')),
        project: attempt(() => fs.writeFileSync('../escape.txt', 'x')),
        others: attempt(() => fs.readdirSync(${JSON.stringify(others)})),
        server: attempt(() => process.kill(${process.pid}, 0)),
        parent: attempt(() => process.kill(process.ppid, 'SIGTERM')),
        victim: attempt(() => process.kill(${victim.pid}, 'SIGKILL')),
        rawKill: attempt(() => process._kill(${victim.pid}, 9)),
        spawn: attempt(() => cp.execSync('id')),
        hardlink: attempt(() => fs.linkSync('/etc/passwd', 'passwd-link')),
        symlink: attempt(() => fs.symlinkSync('/etc/passwd', 'passwd-symlink')),
        own: attempt(() => fs.writeFileSync('mine.txt', 'x')),
      }));`;
    const runtime = newRuntime(() => ({ 'package.json': pkg('node attack.mjs'), 'attack.mjs': script }));
    const result = await run(runtime, `export default (req, res) => res.end('served')`);
    const line = result.logs.find((l) => l.startsWith('attempts '));
    expect(line, result.logs.join('\n')).toBeDefined();
    const attempts = JSON.parse(line!.slice('attempts '.length)) as Record<string, string>;
    expect(attempts).toEqual({
      tmp: 'ERR_ACCESS_DENIED',
      project: 'ERR_ACCESS_DENIED',
      others: 'ERR_ACCESS_DENIED',
      server: 'EPERM',
      parent: 'EPERM',
      victim: 'EPERM',
      rawKill: 'EPERM',
      spawn: 'ERR_ACCESS_DENIED',
      hardlink: 'ERR_ACCESS_DENIED',
      symlink: 'ERR_ACCESS_DENIED',
      own: 'ok',
    });
    expect(existsSync(outside)).toBe(false);
    expect(victim.exitCode).toBeNull();
    expect(victim.signalCode).toBeNull();
    expect(result.text).toBe('served');
  });
});

describe('__dirname reads only the files Vercel includes', () => {
  it('a file named by a literal path.join(__dirname, …) or includeFiles is there; the others are left out and listed', async () => {
    const files: Files = {
      'vercel.json': JSON.stringify({ functions: { 'api/*.ts': { includeFiles: 'templates/**' } } }),
      'api/data.json': '{"beside":true}',
      'templates/page.html': '<p>hi</p>',
      'notes.md': 'not named',
    };
    const runtime = newRuntime(() => files);
    const result = await run(
      runtime,
      `import fs from 'fs'; import path from 'path';
      export default (req, res) => res.end(JSON.stringify([
        fs.readFileSync(path.join(__dirname, 'data.json'), 'utf8'),
        fs.readFileSync(path.join(process.cwd(), 'templates/page.html'), 'utf8'),
        fs.existsSync(path.join(process.cwd(), ['notes', 'md'].join('.'))), // named by no literal: not traced
      ]))`,
    );
    expect(result.error).toBeNull();
    expect(JSON.parse(result.text)).toEqual(['{"beside":true}', '<p>hi</p>', false]);
    expect(result.logs.some((l) => l.startsWith('Not beside api/x.ts') && l.endsWith(': notes.md'))).toBe(true);
  });
});
