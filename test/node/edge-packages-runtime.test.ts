// An edge build that imports npm packages, end to end in Node: NodeRuntime over LocalNodeHost over the real bridge
// installs them (real npm, `ms` from the registry) behind the same consent gate as a Node.js run, hands their files,
// and the real compiler (esbuild-wasm) bundles them; the bundle runs in Vercel's EdgeVM.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EdgeVM } from '@edge-runtime/vm';
import * as esbuild from 'esbuild-wasm';
import polyfills from 'virtual:edge-polyfills';
import builtins from 'virtual:node-builtins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileWithPackages, type Compile } from '../../src/lib/edge-packages';
import { LocalNodeHost } from '../../src/lib/runtimes/hosts/local';
import { NodeRuntime } from '../../src/lib/runtimes/node';
import { createNodeBridge, type NodeBridge } from '../../src/server/node-bridge';
import { ProjectBuilder } from '../../workers/compiler/builder';
import { bundleSize } from '../../workers/compiler/size';
import type { CompileResult, NextTraits } from '../../workers/protocol';
import { browserStorage, pageFetch } from './bridge-client';

const NEXT: NextTraits = { profile: '16.3+', paramsPromise: true, requestGeo: false, dynamicCode: 'eval-build-error', bundler: 'turbopack', reactServer: true };
const ROUTE = 'app/api/ms/route.ts';
const FILES = {
  [ROUTE]: "import ms from 'ms';\nexport const runtime = 'edge';\nexport function GET() { return new Response(String(ms('2 days'))); }\n",
  'package.json': JSON.stringify({ dependencies: { ms: '2.1.3' } }),
};

let root: string;
let server: Server;
let bridge: NodeBridge;
let origin: string;
let builder: ProjectBuilder;
const storage = browserStorage();

/** The compiler worker's compile, with the same builder and size step. */
const compile: Compile = async (files, entry, runtime, next, packages) => {
  const t0 = performance.now();
  const output = await builder.build(files, entry, runtime, next, packages);
  const size = output.code ? await bundleSize(output.code) : { bytes: 0, gzipBytes: 0 };
  return { type: 'compiled', id: 0, ...output, ...size, compileMs: performance.now() - t0 } as CompileResult;
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'pg-edge-packages-'));
  bridge = createNodeBridge({ root });
  server = createServer((req, res) => bridge.handle(req, res, () => res.end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  await esbuild.initialize({});
  builder = new ProjectBuilder(esbuild, { polyfills, builtins });
}, 60_000);

afterAll(async () => {
  await builder?.dispose();
  bridge?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

function newRuntime(projectId: string, blocked: () => string | null = () => null, projectFiles = () => FILES) {
  const host = new LocalNodeHost({ bridgeUrl: `${origin}/__node`, fetch: pageFetch(() => origin), why: 'test', storage });
  return new NodeRuntime({ projectId, host: async () => host, projectFiles, localRunBlocked: blocked });
}

describe('edge builds with npm packages over the local host', () => {
  it('installs ms at the version package.json names, bundles it, and runs it on the edge; the second build fetches nothing', async () => {
    const runtime = newRuntime('edge-ms');
    const t0 = performance.now();
    const first = await compileWithPackages(compile, runtime, FILES, ROUTE, 'edge', NEXT);
    const total = performance.now() - t0;
    expect(first.failure).toBeNull();
    expect(first.compiled.errors).toEqual([]);
    expect(first.events.map((e) => e.type === 'log' && e.text)).toContain('npm install ms@2.1.3');
    const { code } = await esbuild.transform(first.compiled.code!, { format: 'iife', globalName: '__bundle' });
    const mod = new EdgeVM().evaluate(`${code}; __bundle`);
    expect(await (await mod.GET()).text()).toBe('172800000');
    console.log(`edge build with ms@2.1.3: install ${Math.round(first.timings.installMs!)} ms, install + fetch + two builds ${Math.round(total)} ms, gzip ${first.compiled.gzipBytes} B`);

    const fetched = await runtime.packageFiles(['ms'], () => {});
    const again = await runtime.packageFiles(['ms'], () => {});
    expect(again.fetchMs).toBe(0);
    expect(again.files).toBe(fetched.files);
    expect(again.installMs).toBeUndefined();

    // The next build of the project starts with the files it had: one build, nothing asked of the host.
    let builds = 0;
    const counted: Compile = (...args) => (builds++, compile(...args));
    const warm = await compileWithPackages(counted, runtime, FILES, ROUTE, 'edge', NEXT);
    expect([builds, warm.compiled.errors, warm.events]).toEqual([1, [], []]);
    await runtime.dispose();
  }, 180_000);

  it('known files are dropped once package.json asks for another version: it is installed and fetched anew', async () => {
    let files = FILES;
    const runtime = newRuntime('edge-versions', () => null, () => files);
    expect((await compileWithPackages(compile, runtime, files, ROUTE, 'edge', NEXT)).compiled.errors).toEqual([]);
    files = { ...FILES, 'package.json': JSON.stringify({ dependencies: { ms: '2.1.2' } }) };
    expect(runtime.knownPackages()).toBeUndefined();
    const changed = await compileWithPackages(compile, runtime, files, ROUTE, 'edge', NEXT);
    expect(changed.events.map((e) => e.type === 'log' && e.text)).toContain('npm install ms@2.1.2');
    expect(JSON.parse(changed.compiled.errors.length ? '{}' : runtime.knownPackages()!.files['node_modules/ms/package.json']).version).toBe('2.1.2');
    await runtime.dispose();
  }, 180_000);

  it('the consent gate: a project from elsewhere installs nothing until the person allows it', async () => {
    let allowed = false;
    const runtime = newRuntime('edge-consent', () => (allowed ? null : 'This project came from a link: allow it to run on this computer first.'));
    const refused = await compileWithPackages(compile, runtime, FILES, ROUTE, 'edge', NEXT);
    expect(refused.failure).toEqual({ code: 'NODE_HOST_CONSENT_REQUIRED', message: '"ms" must be installed with npm on this computer to build this edge handler. This project came from a link: allow it to run on this computer first.' });
    expect(refused.events).toEqual([]); // npm never ran
    expect(refused.compiled.errors[0].text).toMatch(/^Could not resolve "ms": "ms" must be installed with npm on this computer/);
    allowed = true;
    const built = await compileWithPackages(compile, runtime, FILES, ROUTE, 'edge', NEXT);
    expect(built.failure).toBeNull();
    expect(built.compiled.errors).toEqual([]);
    await runtime.dispose();
  }, 180_000);

  it('no Node host: the run says why, keeping the old message; without a Node runtime at all the compiler\'s errors stand', async () => {
    const runtime = new NodeRuntime({ projectId: 'edge-none', host: async () => { throw new Error('no bridge at /__node'); }, projectFiles: () => FILES });
    const failed = await compileWithPackages(compile, runtime, FILES, ROUTE, 'edge', NEXT);
    expect(failed.failure?.code).toBe('NODE_HOST_UNAVAILABLE');
    expect(failed.failure?.message).toMatch(/^npm packages cannot be installed for edge handlers in the playground without a Node\.js host, and there is none here \(no bridge at \/__node\)\. Next\.js bundles npm packages \("ms"\)/);
    const alone = await compileWithPackages(compile, undefined, FILES, ROUTE, 'edge', NEXT);
    expect(alone.failure).toBeNull();
    expect(alone.compiled.errors[0].text).toMatch(/^Could not resolve "ms": npm packages cannot be installed for edge handlers in the playground\. An edge handler can import/);
  });
});
