// The compiler's build rules with the real esbuild-wasm in Node; edge bundles are run in Vercel's own EdgeVM.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EdgeVM } from '@edge-runtime/vm';
import * as esbuild from 'esbuild-wasm';
import { describe, expect, it, vi } from 'vitest';
import type { BuildOutput } from '../../workers/compiler/builder';
import { bundleSize } from '../../workers/compiler/size';
import { withoutRequireShim } from '../../workers/compiler/require-shim';
import type { Files, NextTraits, RuntimeName } from '../../workers/protocol';
import { useProjectBuilder } from './project-builder';

const ROUTE = 'app/api/hello/route.ts';
const NODE_LINK = 'https://nextjs.org/docs/messages/node-module-in-edge-runtime';
const DYNAMIC =
  "Dynamic Code Evaluation (e. g. 'eval', 'new Function', 'WebAssembly.compile') not allowed in Edge Runtime ";
const DYNAMIC_LINK = '\nLearn More: https://nextjs.org/docs/messages/edge-dynamic-code-evaluation';

const NEXT: NextTraits = { profile: '16.3+', paramsPromise: true, requestGeo: false, dynamicCode: 'build-error' };

// The first build and each EdgeVM take a while on a busy two-core machine.
vi.setConfig({ testTimeout: 30_000 });

const builder = useProjectBuilder();

/** Edge builds as Next's webpack builds middleware and `pages/api` edge routes (dynamic code fails the build). */
const build = (files: Files, entry = Object.keys(files)[0], runtime: RuntimeName = 'edge') =>
  builder.build(files, entry, runtime, runtime === 'edge' ? NEXT : undefined);

/** Runs an edge bundle in EdgeVM (the edge runtime's reference, eval off) and returns its exports. */
async function load(output: BuildOutput): Promise<Record<string, any>> {
  expect(output.errors).toEqual([]);
  const { code } = await esbuild.transform(output.code!, { format: 'iife', globalName: '__bundle' });
  return new EdgeVM().evaluate(`${code}; __bundle`);
}

async function get(output: BuildOutput, url = 'http://localhost/api/hello'): Promise<string> {
  const mod = await load(output);
  const response: Response = await mod.GET(new Request(url));
  return response.text();
}

describe('project files', () => {
  it('bundles relative imports between project files (./, ../, index files, .js → .ts) and a TSX file', async () => {
    const out = await build({
      [ROUTE]: [
        "import { greet } from '../../../lib/greet.js';",
        "import { render } from '@/lib/view';",
        "import { twice } from '../../../lib/util';",
        'export function GET(request: Request): Response {',
        "  return new Response(render(greet(twice('a'))));",
        '}',
      ].join('\n'),
      'lib/greet.ts': 'export const greet = (name: string): string => `hello ${name}`;',
      'lib/view.tsx': [
        '/** @jsx h */',
        'const h = (tag: string, _props: unknown, ...children: string[]) => `<${tag}>${children.join("")}</${tag}>`;',
        'export const render = (text: string) => <p>{text}</p>;',
      ].join('\n'),
      'lib/util/index.js': 'export const twice = (s) => s + s;',
    });
    expect(out.warnings).toEqual([]);
    expect(await get(out)).toBe('<p>hello aa</p>');
  });

  it('loads .mjs, .cjs (CommonJS interop), .jsx and .json project files', async () => {
    const out = await build({
      [ROUTE]: [
        "import shout from '../../../lib/shout.cjs';",
        "import { twice } from '../../../lib/twice.mjs';",
        "import { tag } from '../../../lib/tag.jsx';",
        "import data from '../../../lib/data.json';",
        'export const GET = () => new Response(shout(twice(data.word)) + tag);',
      ].join('\n'),
      'lib/shout.cjs': 'module.exports = (s) => s.toUpperCase();',
      'lib/twice.mjs': 'export const twice = (s) => s + s;',
      'lib/tag.jsx': 'const h = (t) => "<" + t + ">";\n/** @jsx h */\nexport const tag = <b />;',
      'lib/data.json': '{ "word": "hey" }',
    });
    expect(await get(out)).toBe('HEYHEY<b>');
  });

  it('reports a syntax error at its file, line and column', async () => {
    const out = await build({
      [ROUTE]: "import { x } from './x';\nexport const GET = () => new Response(x);\n",
      'app/api/hello/x.ts': 'export const x: string = "a";\nexport const y = (;\n',
    });
    expect(out.code).toBeNull();
    expect(out.errors).toEqual([{ file: 'app/api/hello/x.ts', line: 2, column: 18, text: 'Unexpected ";"' }]);
  });

  it('reports an import of a missing project file where it is imported', async () => {
    const out = await build({ [ROUTE]: "export const GET = () => new Response('');\nimport './nope';\n" });
    expect(out.errors).toEqual([
      { file: ROUTE, line: 2, column: 7, text: 'Could not resolve "./nope": there is no such file in the project.' },
    ]);
  });

  it('reports a missing entry without calling esbuild', async () => {
    const out = await build({ 'a.ts': '' }, 'b.ts');
    expect(out.errors[0].text).toBe('There is no file b.ts in the project.');
  });

  it('sees edits between incremental rebuilds of one entry', async () => {
    const files = (n: number): Files => ({
      [ROUTE]: "import { n } from './n';\nexport const GET = () => new Response(String(n));",
      'app/api/hello/n.ts': `export const n = ${n};`,
    });
    expect(await get(await build(files(1)))).toBe('1');
    expect(await get(await build(files(2)))).toBe('2');
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      await build(files(i));
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(`warm rebuild in Node (esbuild-wasm): median ${times[10].toFixed(1)} ms`);
  });

  it('writes user paths into the inline source map', async () => {
    const out = await build({ [ROUTE]: "import { a } from './a';\nexport const GET = () => new Response(a);", 'app/api/hello/a.ts': 'export const a = "x";' });
    const map = JSON.parse(Buffer.from(out.code!.split('base64,').pop()!, 'base64').toString());
    // The injected ProvidePlugin `Buffer` module is named in the map (esbuild lists inject files) but bundles no code.
    const user = map.sources.flatMap((s: string, i: number) => (s.includes(':') ? [] : [[s, map.sourcesContent[i]]]));
    expect(Object.fromEntries(user)).toEqual({ 'app/api/hello/a.ts': 'export const a = "x";', [ROUTE]: expect.stringContaining('new Response(a)') });
    expect(out.code!.split('//# sourceMappingURL')[0]).not.toMatch(/edge-polyfill|Buffer/);
  });

  it('G14: defines process.env.NEXT_RUNTIME as "edge" in Next.js edge builds; a plain Vercel edge function reads its runtime\'s', async () => {
    const source = 'export const GET = () => new Response(process.env.NEXT_RUNTIME);';
    const out = await builder.build({ [ROUTE]: source }, ROUTE, 'edge', NEXT);
    expect(await get(out)).toBe('edge');
    const plain = await builder.build({ 'api/hello.ts': source }, 'api/hello.ts', 'edge');
    expect(plain.code).toContain('process.env.NEXT_RUNTIME');
  });
});

describe('Node.js built-ins on the edge (runtime-spec.md §2, §7.2)', () => {
  it('D08: an unused `fs` import gives Next\'s warning with the line, and the handler still runs', async () => {
    const out = await build({
      'pages/api/hello.js': "// a handler\n\nimport fs from 'fs';\nexport function GET() { return new Response('ok'); }\n",
    });
    expect(out.warnings).toEqual([
      {
        file: 'pages/api/hello.js',
        line: 3,
        column: 15,
        text: `A Node.js module is loaded ('fs' at line 3) which is not supported in the Edge Runtime.\nLearn More: ${NODE_LINK}`,
      },
    ]);
    expect(await get(out)).toBe('ok');
  });

  it('D08: the line in the text is where the import statement starts, as in Next; the marker is at the specifier', async () => {
    const out = await build({ 'pages/api/a.js': "import {\n  readFileSync,\n} from 'fs';\nexport const GET = () => new Response(String(!!readFileSync));\n" });
    expect(out.warnings.map((w) => [w.line, w.column, w.text.split('\n')[0]])).toEqual([
      [3, 7, "A Node.js module is loaded ('fs' at line 1) which is not supported in the Edge Runtime."],
    ]);
  });

  it('D08: `child_process` and `fs/promises` warn the same way', async () => {
    const out = await build({
      [ROUTE]: [
        "import { exec } from 'child_process';",
        "import { readFile } from 'fs/promises';",
        'export async function GET() { if (false as boolean) { exec("x"); await readFile("y"); } return new Response("ok"); }',
      ].join('\n'),
    });
    expect(out.warnings.map((w) => [w.line, w.text.split('\n')[0]])).toEqual([
      [1, "A Node.js module is loaded ('child_process' at line 1) which is not supported in the Edge Runtime."],
      [2, "A Node.js module is loaded ('fs/promises' at line 2) which is not supported in the Edge Runtime."],
    ]);
    expect(await get(out)).toBe('ok');
  });

  it('D09: using fs on edge throws the Next.js message (property access, named call, construct)', async () => {
    const out = await build({
      [ROUTE]: [
        "import fs, { readFileSync } from 'fs';",
        "import path from 'path';",
        'export const access = () => fs.readFileSync;',
        "export const call = () => readFileSync('/etc/passwd');",
        'export const construct = () => new (fs as any)();',
        'export const usePath = () => path.join("a", "b");',
        'export const awaitIt = async () => (await (fs as any)) === fs;',
      ].join('\n'),
    });
    const mod = await load(out);
    const message = `The edge runtime does not support Node.js 'fs' module.\nLearn More: ${NODE_LINK}`;
    expect(mod.access).toThrowError(message);
    expect(mod.call).toThrowError(message);
    expect(mod.construct).toThrowError(message);
    expect(mod.usePath).toThrowError(`The edge runtime does not support Node.js 'path' module.\nLearn More: ${NODE_LINK}`);
    expect(await mod.awaitIt()).toBe(true); // `then` is not a function: awaiting the proxy gives the proxy
  });

  it("D11: `await import('fs')` warns, loads, and throws on use", async () => {
    const out = await build({
      [ROUTE]: [
        'export async function GET() {',
        "  const fs = await import('fs');",
        '  try { fs.default.existsSync("/"); } catch (e) { return new Response((e as Error).message); }',
        '  return new Response("no throw");',
        '}',
      ].join('\n'),
    });
    expect(out.warnings.map((w) => [w.line, w.column])).toEqual([[2, 26]]);
    expect(await get(out)).toBe(`The edge runtime does not support Node.js 'fs' module.\nLearn More: ${NODE_LINK}`);
  });

  it("D10: `import fs from 'node:fs'` fails the build with webpack's UnhandledSchemeError", async () => {
    const out = await build({ [ROUTE]: "export const runtime = 'edge';\nimport fs from 'node:fs';\nexport const GET = () => new Response(fs.x);" });
    expect(out.code).toBeNull();
    expect(out.errors).toEqual([
      {
        file: ROUTE,
        line: 2,
        column: 15,
        text:
          'Module build failed: UnhandledSchemeError: Reading from "node:fs" is not handled by plugins (Unhandled scheme).\n' +
          'Webpack supports "data:" and "file:" URIs by default.\nYou may need an additional plugin to handle "node:" URIs.',
      },
    ]);
  });

  it('G22: buffer, events, util and assert (with and without node:) are polyfilled and work without a process global', async () => {
    const out = await build({
      [ROUTE]: [
        "import { Buffer } from 'node:buffer';",
        "import { EventEmitter } from 'events';",
        "import util from 'node:util';",
        "import { format } from 'util';",
        "import assert from 'assert';",
        "import { strictEqual } from 'node:assert';",
        'export function GET() {',
        '  const seen: string[] = [];',
        '  const bus = new EventEmitter();',
        "  bus.on('x', (v: string) => seen.push(v));",
        "  bus.emit('x', Buffer.from('hi').toString('base64'));",
        "  seen.push(util.format('%s=%d', 'a', 1), format('%j', { b: 2 }));",
        "  assert.throws(() => strictEqual(1, 2));",
        '  assert.ok(typeof (globalThis as any).process === "undefined");',
        "  return new Response(seen.join(' '));",
        '}',
      ].join('\n'),
    });
    expect(out.warnings).toEqual([]);
    expect(await get(out)).toBe('aGk= a=1 {"b":2}');
  });

  it('G22: async_hooks gives the runtime\'s AsyncLocalStorage', async () => {
    const out = await build({ [ROUTE]: "import { AsyncLocalStorage } from 'node:async_hooks';\nexport const GET = () => new Response(typeof AsyncLocalStorage);" });
    expect(out.errors).toEqual([]);
    expect(await get(out)).toBe('function');
  });

  it('an npm package import is a build error that says why, at the import', async () => {
    const out = await build({ [ROUTE]: "import _ from 'lodash';\nexport const GET = () => new Response(_.x);" });
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({ file: ROUTE, line: 1, column: 14 });
    expect(out.errors[0].text).toMatch(/^Could not resolve "lodash": npm packages cannot be installed for edge handlers in the playground\./);
    expect(out.errors[0].text).toContain('buffer, events, util, assert, async_hooks');
  });
});

describe('Node.js APIs on the edge (runtime-spec.md §2)', () => {
  it('G16: process.cwd(), process.version and setImmediate warn with Next\'s text and line; process.env does not', async () => {
    const out = await build({
      [ROUTE]: [
        'export function GET(): Response {',
        '  const env: string | undefined = process.env.NEXT_RUNTIME;',
        '  const dir: string = process.cwd();',
        "  const v = process['version'];",
        '  setImmediate(() => {});',
        '  return new Response(env + dir + v);',
        '}',
      ].join('\n'),
    });
    const learn = '\nLearn more: https://nextjs.org/docs/api-reference/edge-runtime';
    expect(out.errors).toEqual([]);
    expect(out.warnings).toEqual([
      { file: ROUTE, line: 3, column: 22, text: `A Node.js API is used (process.cwd at line: 3) which is not supported in the Edge Runtime.${learn}` },
      { file: ROUTE, line: 4, column: 12, text: `A Node.js API is used (process.version at line: 4) which is not supported in the Edge Runtime.${learn}` },
      { file: ROUTE, line: 5, column: 2, text: `A Node.js API is used (setImmediate at line: 5) which is not supported in the Edge Runtime.${learn}` },
    ]);
  });

  it('a local binding with such a name is not the global', async () => {
    const out = await build({ [ROUTE]: 'const process = { cwd: () => "/" };\nexport const GET = () => new Response(process.cwd());' });
    expect(out.warnings).toEqual([]);
  });
});

describe('next/server', () => {
  it('is bundled: NextResponse.json, redirect, rewrite, next and cookies behave as in next@13.4', async () => {
    const out = await build({
      [ROUTE]: [
        "import { NextResponse, NextRequest } from 'next/server';",
        'export const json = () => NextResponse.json({ a: 1 }, { status: 201 });',
        "export const redirect = () => NextResponse.redirect('https://example.com/to', 308);",
        "export const relative = () => NextResponse.redirect('/to');",
        "export const badStatus = () => NextResponse.redirect('https://example.com/', 200);",
        "export const rewrite = () => NextResponse.rewrite(new URL('https://example.com/x'));",
        'export const next = () => NextResponse.next();',
        'export function cookies() {',
        "  const res = NextResponse.json(null);",
        "  res.cookies.set('a', '1 2', { httpOnly: true });",
        "  res.cookies.set({ name: 'b', value: 'x', maxAge: 60 });",
        '  return res;',
        '}',
        "export const request = () => new NextRequest('http://localhost/p?q=1', { headers: { cookie: 'a=1; b=hello%20world; a=2' } });",
      ].join('\n'),
    });
    expect(out.errors).toEqual([]);
    const mod = await load(out);
    const json = mod.json();
    expect([json.status, json.headers.get('content-type'), await json.text()]).toEqual([201, 'application/json', '{"a":1}']);
    expect([mod.redirect().status, mod.redirect().headers.get('location')]).toEqual([308, 'https://example.com/to']);
    expect(mod.relative).toThrowError('URL is malformed "/to". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls');
    expect(mod.badStatus).toThrowError('Failed to execute "redirect" on "response": Invalid status code');
    expect(mod.rewrite().headers.get('x-middleware-rewrite')).toBe('https://example.com/x');
    expect(mod.next().headers.get('x-middleware-next')).toBe('1');
    const res = mod.cookies();
    // @edge-runtime/cookies also sets Expires from maxAge (normalizeCookie, every version Next bundles).
    expect(res.headers.get('set-cookie')).toMatch(/^a=1%202; Path=\/; HttpOnly, b=x; Path=\/; Expires=\w{3}, \d\d \w{3} \d{4} [\d:]{8} GMT; Max-Age=60$/);
    expect([res.cookies.get({ name: 'b' }).value, res.cookies.has('a'), res.cookies.has('z'), res.cookies.getAll('a').length]).toEqual(['x', true, false, 1]);
    const request = mod.request();
    expect([request.nextUrl.searchParams.get('q'), request.cookies.get('a').value, request.cookies.get('b').value]).toEqual(['1', '2', 'hello world']); // the last `a` wins
    expect([request.cookies.size, request.cookies.getAll().length, request.cookies.has('b')]).toEqual([2, 2, true]);
  });

  it('is bundled in nodejs builds too (nothing is installed for it)', async () => {
    const out = await build({ 'app/api/n/route.ts': "import { NextResponse } from 'next/server';\nexport const GET = () => NextResponse.json({});" }, undefined, 'nodejs');
    expect(out.errors).toEqual([]);
    expect(out.code).not.toMatch(/from ["']next\/server["']/);
    expect(out.code).toContain('Failed to execute "redirect" on "response": Invalid status code');
  });
});

describe('dynamic code on the edge (D03, D04)', () => {
  it('D03: eval inside an exported handler fails the build at its line and column, used by GET', async () => {
    const out = await build({
      [ROUTE]: [
        'type Body = { n: number };',
        'export async function GET(request: Request): Promise<Response> {',
        '  const body: Body = { n: 1 };',
        "  const value: number = eval('1 + ' + body.n);",
        '  return new Response(String(value));',
        '}',
      ].join('\n'),
    });
    expect(out.code).toBeNull();
    expect(out.errors).toEqual([{ file: ROUTE, line: 4, column: 24, text: `${DYNAMIC}\nUsed by GET${DYNAMIC_LINK}` }]);
  });

  it('D03: new Function, Function(), WebAssembly.compile and global.eval are found; the message lists every export reaching them', async () => {
    const out = await build({
      [ROUTE]: [
        'function helper(): unknown {',
        "  return new Function('return 1')();",
        '}',
        'const run = (bytes: Uint8Array) => WebAssembly.compile(bytes);',
        'export function GET() { return new Response(String(helper())); }',
        'export function POST() { helper(); return new Response(String(run)); }',
        'export const PUT = () => Function("x")',
        "export const PATCH = () => (global as any).eval('1');",
        'export const DELETE = () => WebAssembly.instantiate(new Uint8Array()); // not flagged by Next builds',
      ].join('\n'),
    });
    expect(out.errors.map((e) => [e.line, e.column, e.text.split('\n')[1]])).toEqual([
      [2, 9, 'Used by GET, POST'],
      [4, 35, 'Used by POST'],
      [7, 25, 'Used by PUT'],
      [8, 28, 'Used by PATCH'],
    ]);
  });

  it('D03: eval at module level fails without a "Used by" line; eval nothing reaches is not an error', async () => {
    const out = await build({
      [ROUTE]: "function unused() { return eval('2'); }\nconst x = eval('1');\nexport const GET = () => new Response(String(x));",
    });
    expect(out.errors).toEqual([{ file: ROUTE, line: 2, column: 10, text: DYNAMIC + DYNAMIC_LINK }]);
  });

  it('D03: eval in an imported project file is reported in that file; the polyfills are not scanned', async () => {
    const out = await build({
      [ROUTE]: "import { calc } from '../../../lib/calc';\nimport 'node:assert';\nexport const GET = () => new Response(calc('1'));",
      'lib/calc.js': '// calc\nexport function calc(s) {\n  return String(eval(s));\n}\n',
    });
    expect(out.errors).toEqual([{ file: 'lib/calc.js', line: 3, column: 16, text: `${DYNAMIC}\nUsed by calc${DYNAMIC_LINK}` }]);
  });

  it('D03: names that only look alike are fine (Function.prototype, a property named eval, a string)', async () => {
    const out = await build({
      [ROUTE]: [
        'const o = { eval: 1 };',
        "const s = 'eval(1) new Function WebAssembly.compile';",
        'export const GET = () => new Response(String(o.eval) + s + typeof Function.prototype.call);',
      ].join('\n'),
    });
    expect(out.errors).toEqual([]);
  });

  it('D04: unstable_allowDynamic in the entry config lets a matching file build', async () => {
    const files: Files = {
      [ROUTE]: [
        "import { calc } from '../../../lib/calc';",
        "export const config = { unstable_allowDynamic: ['/lib/**'] };",
        'export const GET = () => new Response(calc("1"));',
      ].join('\n'),
      'lib/calc.ts': 'export const calc = (s: string) => String(eval(s));',
    };
    expect((await build(files)).errors).toEqual([]);
    files[ROUTE] = files[ROUTE].replace('/lib/**', '/other/**');
    expect((await build(files)).errors).toHaveLength(1);
  });
});

describe('nodejs builds', () => {
  it('keep npm packages and every Node built-in external, without edge rules, and run under node', async () => {
    const out = await build(
      {
        'api/hello.ts': [
          "import fs from 'node:fs';",
          "import path from 'path';",
          "const os = require('os');",
          'export default function handler() {',
          '  return [typeof fs.readFileSync, path.join("a", "b"), typeof os.cpus, process.env.NEXT_RUNTIME ?? "unset"].join(" ");',
          '}',
        ].join('\n'),
      },
      'api/hello.ts',
      'nodejs',
    );
    expect(out.errors).toEqual([]);
    expect(out.warnings).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'compiler-node-'));
    try {
      writeFileSync(join(dir, 'bundle.mjs'), out.code!);
      const printed = execFileSync(process.execPath, ['--input-type=module', '-e', `import h from ${JSON.stringify(join(dir, 'bundle.mjs'))}; console.log(h());`], { env: { PATH: process.env.PATH } });
      expect(printed.toString().trim()).toBe('function a/b function unset'); // the harness sets it for Next handlers
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bundle size', () => {
  it('L08: counts the script without the inline source map, raw and gzipped', async () => {
    const out = await build({ [ROUTE]: `export const GET = () => new Response(${JSON.stringify('abc'.repeat(2000))});` });
    const size = await bundleSize(out.code!);
    const script = out.code!.slice(0, out.code!.lastIndexOf('\n//# sourceMappingURL=') + 1);
    expect(size.bytes).toBe(new TextEncoder().encode(script).byteLength);
    expect(size.gzipBytes).toBeGreaterThan(20);
    expect(size.gzipBytes).toBeLessThan(size.bytes / 10);
  });
});

describe('plain Vercel edge functions have no require (runtime-spec-2026 §7)', () => {
  const answer = async (code: string) => {
    const { code: iife } = await esbuild.transform(code, { format: 'iife', globalName: '__bundle' });
    return new EdgeVM().evaluate(`${iife}; __bundle`).default();
  };

  it("`typeof require` reads the global, not esbuild's always-defined __require shim; strings stay", async () => {
    const source = [
      'const __require = 1;', // the user's own: esbuild renames it, and it is no shim
      "export default () => [typeof require, typeof  require === 'function', 'typeof require', typeof __require, (() => { try { return typeof require.resolve; } catch (e) { return e.name; } })()];",
    ].join('\n');
    const plain = await builder.build({ 'api/r.ts': source }, 'api/r.ts', 'edge');
    expect(plain.errors).toEqual([]);
    expect(await answer(plain.code!)).toEqual(['undefined', false, 'typeof require', 'number', 'ReferenceError']);
    // Next's edge bundles keep the shim, as Next's webpack output has a require.
    const next = await builder.build({ 'app/r/route.ts': source.replace('export default', 'export const GET =') }, 'app/r/route.ts', 'edge', NEXT);
    expect(next.code).toContain('typeof __require');
  });

  it('the shim name is padded to its length, so the source map columns still hold', () => {
    const code = 'var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : x)(0);\nf(typeof __require, "typeof __require", typeof __require.resolve);';
    expect(withoutRequireShim(code).split('\n')[1]).toBe('f(typeof require  , "typeof __require", typeof require  .resolve);');
  });
});
