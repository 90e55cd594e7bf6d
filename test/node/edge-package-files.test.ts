// The bridge's installed-package files for edge builds (POST /__node/package-files), over the real bridge with real
// npm and `ms` from the registry, and attacked: names that climb out, absolute paths, a dependency name that climbs
// out, links planted in node_modules, another page's project, no token.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeBridge, type NodeBridge } from '../../src/server/node-bridge';
import { LocalNodeHost } from '../../src/lib/runtimes/hosts/local';
import { bridgeProject, browserStorage, pageFetch } from './bridge-client';

const MS = { ms: '2.1.3' };
const SECRET = 'secret-outside-node-modules';

let root: string;
let server: Server;
let bridge: NodeBridge;
let origin: string;
/** A file and a package-shaped folder outside every project. */
let outside: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'pg-package-files-'));
  outside = mkdtempSync(join(tmpdir(), 'pg-package-files-outside-'));
  writeFileSync(join(outside, 'secret.js'), `module.exports = '${SECRET}';`);
  writeFileSync(join(outside, 'package.json'), JSON.stringify({ name: 'ms', main: 'secret.js' }));
  bridge = createNodeBridge({ root });
  server = createServer((req, res) => bridge.handle(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
}, 30_000);

afterAll(async () => {
  bridge?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

/** A project of its own token, with `ms` installed through the bridge's npm. */
async function installedProject() {
  const project = await bridgeProject(origin);
  const f = pageFetch(() => origin);
  const install = await f(`${origin}/__node/install`, {
    method: 'POST',
    headers: { ...project.headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ projectId: project.projectId, dependencies: MS }),
  });
  const text = await install.text();
  expect(text).toContain('"ok":true');
  return { ...project, dir: join(root, 'projects', project.projectId) };
}

function packageFiles(headers: Record<string, string>, body: unknown) {
  return pageFetch(() => origin)(`${origin}/__node/package-files`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('LocalNodeHost.packageFiles over the real bridge', () => {
  it('hands the files of an installed package: manifest and scripts, nothing else', async () => {
    const host = new LocalNodeHost({ bridgeUrl: `${origin}/__node`, fetch: pageFetch(() => origin), storage: browserStorage() });
    const t0 = performance.now();
    await host.install('page-project', MS, () => {});
    const t1 = performance.now();
    const files = await host.packageFiles('page-project', ['ms']);
    const t2 = performance.now();
    console.log(`ms@2.1.3: npm install ${Math.round(t1 - t0)} ms, package files ${Math.round(t2 - t1)} ms`);
    expect(Object.keys(files).sort()).toEqual(['node_modules/ms/index.js', 'node_modules/ms/package.json']);
    expect(JSON.parse(files['node_modules/ms/package.json']).version).toBe('2.1.3');
    expect(files['node_modules/ms/index.js']).toContain('module.exports = function');
    await expect(host.packageFiles('page-project', ['not-installed-here'])).rejects.toThrow('not-installed-here is not installed for this project.');
  }, 180_000);
});

describe('attacks on POST /__node/package-files', () => {
  let project: Awaited<ReturnType<typeof installedProject>>;
  beforeAll(async () => {
    project = await installedProject();
  }, 180_000);

  it('refuses names that are not package names: ../, absolute paths, a scope that climbs', async () => {
    for (const name of ['../../..', '..', '/etc', `${outside}`, '@x/../../..', 'ms/../..', 'ms\\..']) {
      const response = await packageFiles(project.headers, { projectId: project.projectId, names: [name] });
      expect(response.status, name).toBe(400);
      expect(await response.text()).not.toContain(SECRET);
    }
  });

  it('does not follow a dependency name that climbs out of node_modules', async () => {
    const manifest = join(project.dir, 'node_modules', 'ms', 'package.json');
    const original = readFileSync(manifest, 'utf8');
    const climbing = join(project.dir, 'node_modules', 'ms', 'node_modules');
    mkdirSync(climbing, { recursive: true });
    writeFileSync(join(project.dir, 'node_modules', 'ms', 'evil.json'), '{}');
    writeFileSync(manifest, JSON.stringify({ ...JSON.parse(original), dependencies: { [`../../../../${outside.split('/').pop()}`]: '1' } }));
    try {
      const response = await packageFiles(project.headers, { projectId: project.projectId, names: ['ms'] });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toContain(SECRET);
      expect(Object.keys((JSON.parse(text) as { files: object }).files).every((p) => p.startsWith('node_modules/ms/'))).toBe(true);
    } finally {
      writeFileSync(manifest, original);
    }
  });

  it('a link planted in node_modules: nothing outside is read, and the tampered tree is removed', async () => {
    const own = await installedProject();
    symlinkSync(join(outside, 'secret.js'), join(own.dir, 'node_modules', 'ms', 'secret.js'));
    symlinkSync(outside, join(own.dir, 'node_modules', 'linked'));
    const response = await packageFiles(own.headers, { projectId: own.projectId, names: ['ms', 'linked'] });
    const text = await response.text();
    expect(text).not.toContain(SECRET);
    expect(response.status).toBe(400);
    expect(existsSync(join(own.dir, 'node_modules'))).toBe(false);
  }, 180_000);

  it('a node_modules that is itself a link is not read', async () => {
    const own = await bridgeProject(origin);
    const dir = join(root, 'projects', own.projectId);
    mkdirSync(join(outside, 'node_modules', 'ms'), { recursive: true });
    writeFileSync(join(outside, 'node_modules', 'ms', 'package.json'), JSON.stringify({ name: 'ms', main: 'index.js' }));
    writeFileSync(join(outside, 'node_modules', 'ms', 'index.js'), `module.exports = '${SECRET}';`);
    symlinkSync(join(outside, 'node_modules'), join(dir, 'node_modules'));
    const response = await packageFiles(own.headers, { projectId: own.projectId, names: ['ms'] });
    expect(await response.text()).not.toContain(SECRET);
    expect(response.status).toBe(400);
  });

  it("refuses another page's project and a request without the token", async () => {
    const other = await bridgeProject(origin);
    const foreign = await packageFiles(other.headers, { projectId: project.projectId, names: ['ms'] });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).not.toContain('module.exports');
    const anonymous = await packageFiles({}, { projectId: project.projectId, names: ['ms'] });
    expect(anonymous.status).toBe(401);
    const forged = await packageFiles({ 'X-Node-Bridge-Token': 'f'.repeat(64) }, { projectId: project.projectId, names: ['ms'] });
    expect(forged.status).toBe(401);
    const own = await packageFiles(project.headers, { projectId: project.projectId, names: ['ms'] });
    expect(own.status).toBe(200);
  });
});
