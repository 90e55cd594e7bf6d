// Vercel project configuration through the embed API in real Chromium, on the local Node host: vercel.json
// `functions` (maxDuration enforced, the plan's cap, a community runtime refused), engines.node (the version Vercel
// picks, its warning, the discontinued error), the package manager from the lockfile, and a vercel-build script whose
// output the function reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { openEmbed, type EmbedClient } from './embed-client';

describe('Vercel project configuration through the embed API', () => {
  let embed: EmbedClient;

  beforeAll(async () => {
    embed = await openEmbed('/?embed&nodeHost=local');
  });

  afterAll(async () => {
    await embed?.page.context().close();
  });

  async function runProject(files: Record<string, string>, path: string, options: Parameters<EmbedClient['load']>[1] = {}): Promise<RunResult> {
    const loaded = await embed.load(files, options);
    expect(loaded.ok, JSON.stringify(loaded.error)).toBe(true);
    const [result] = await embed.run(path, { method: 'GET', url: `/${path.replace(/\.\w+$/, '')}` });
    return result;
  }

  it('a community runtime in functions[glob].runtime: not available here, named, never run as Node.js', async () => {
    const r = await runProject(
      { 'vercel.json': JSON.stringify({ functions: { 'api/*.php': { runtime: 'vercel-php@0.1.0' } } }), 'api/index.php': '<?php echo "hi";' },
      'api/index.php',
    );
    expect(r.runtime).toBeNull();
    expect(r.status).toBeNull();
    expect(r.error?.code).toBe('RUNTIME_NOT_AVAILABLE');
    expect(r.error?.message).toContain('the runtime "vercel-php@0.1.0" (functions["api/*.php"].runtime)');
    expect(r.build.errors[0]).toMatchObject({ file: 'vercel.json' });
  });

  it("maxDuration from vercel.json is the function's deadline, and the reason says so", async () => {
    const r = await runProject(
      {
        'vercel.json': JSON.stringify({ functions: { 'api/slow.js': { maxDuration: 1 } } }),
        'api/slow.js': "module.exports = (req, res) => setTimeout(() => res.end('late'), 5000)",
      },
      'api/slow.js',
    );
    expect(r.status).toBe(504);
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_TIMEOUT');
    expect(r.timings.totalMs).toBeLessThan(4000);
    expect(r.reason).toMatch(/ · Vercel: Node\.js 24\.x, npm; maxDuration 1 from vercel\.json "api\/slow\.js"$/);
  });

  it("a maxDuration over the plan's cap fails with the deployment's message; Pro allows it", async () => {
    const files = { 'vercel.json': JSON.stringify({ functions: { 'api/*.js': { maxDuration: 600 } } }), 'api/long.js': "module.exports = (req, res) => res.end('ok')" };
    const hobby = await runProject(files, 'api/long.js');
    expect(hobby.error?.message).toBe(
      'Builder returned invalid maxDuration value for Serverless Function "api/long". Serverless Functions must have a maxDuration between 1 and 300 for plan hobby. : https://vercel.com/docs/concepts/limits/overview#serverless-function-execution-timeout',
    );
    const pro = await runProject(files, 'api/long.js', { plan: 'pro' });
    expect(pro.body).toBe('ok');
  });

  it('§2.4 engines.node: ">=20" picks 24.x with the auto-upgrade warning and pnpm from the lockfile; "20.x" is discontinued', async () => {
    const handler = "module.exports = (req, res) => res.end('ok')";
    const open = await runProject(
      { 'package.json': JSON.stringify({ engines: { node: '>=20' } }), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'api/v.js': handler },
      'api/v.js',
    );
    expect(open.body).toBe('ok');
    expect(open.reason).toMatch(/ · Vercel: Node\.js 24\.x, pnpm@10\.x \(pnpm-lock\.yaml 9\)$/);
    expect(open.build.warnings.map((w) => w.text)).toContain(
      'Warning: Detected "engines": { "node": ">=20" } in your `package.json` that will automatically upgrade when a new major Node.js Version is released. Learn More: https://vercel.link/node-version',
    );
    const old = await runProject({ 'package.json': JSON.stringify({ engines: { node: '20.x' } }), 'api/v.js': handler }, 'api/v.js');
    expect(old.error).toEqual({
      code: 'BUILD_UTILS_NODE_VERSION_DISCONTINUED',
      message: 'Node.js Version "20.x" is discontinued and must be upgraded. Please set "engines": { "node": "24.x" } in your `package.json` file to use Node.js 24.',
    });
  });

  it('vercel-build runs before the function, its output in the console, its file read by the function', async () => {
    const r = await runProject(
      {
        'package.json': JSON.stringify({ scripts: { 'vercel-build': 'node scripts/gen.mjs' } }),
        'scripts/gen.mjs': "import fs from 'node:fs'; fs.writeFileSync('api/built.txt', 'made at build'); console.log('gen done');",
        'api/read.js': "const fs = require('fs'); const path = require('path'); module.exports = (req, res) => res.end(fs.readFileSync(path.join(__dirname, 'built.txt'), 'utf8'))",
      },
      'api/read.js',
    );
    expect(r.error).toBeUndefined();
    expect(r.body).toBe('made at build');
    expect(r.logs.map((l) => l.text)).toEqual(expect.arrayContaining(['Running "npm run vercel-build"', 'gen done']));
  });
});
