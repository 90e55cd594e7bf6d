// npm packages in edge builds: bare imports resolved against installed files as Next's bundlers do, with the real
// esbuild-wasm in Node and the bundles run in Vercel's own EdgeVM. The fixture node_modules is written here.
import { EdgeVM } from '@edge-runtime/vm';
import * as esbuild from 'esbuild-wasm';
import { describe, expect, it, vi } from 'vitest';
import type { BuildOutput } from '../../workers/compiler/builder';
import { bundleSize } from '../../workers/compiler/size';
import { splitSpecifier } from '../../workers/compiler/packages';
import type { Files, NextTraits } from '../../workers/protocol';
import { useProjectBuilder } from './project-builder';

vi.setConfig({ testTimeout: 30_000 });

const WEBPACK_PAGES: NextTraits = { profile: '15.5', paramsPromise: true, requestGeo: false, dynamicCode: 'build-error', bundler: 'webpack' };
const WEBPACK_APP: NextTraits = { ...WEBPACK_PAGES, dynamicCode: 'runtime', reactServer: true };
const TURBOPACK_PAGES: NextTraits = { profile: '16.3+', paramsPromise: true, requestGeo: false, dynamicCode: 'eval-build-error', bundler: 'turbopack' };

const ROUTE = 'pages/api/probe.ts';
const APP_ROUTE = 'app/probe/route.ts';

/** One package per condition: `hit.js` when the bundler matches the condition, `miss.js` otherwise. */
function conditionProbe(condition: string): Files {
  const dir = `node_modules/c-${condition}`;
  return {
    [`${dir}/package.json`]: JSON.stringify({ name: `c-${condition}`, exports: { '.': { [condition]: './hit.js', default: './miss.js' } } }),
    [`${dir}/hit.js`]: `export const v = 'hit';`,
    [`${dir}/miss.js`]: `export const v = 'miss';`,
  };
}

const CONDITIONS = ['edge-light', 'worker', 'browser', 'node', 'import', 'require', 'module', 'webpack', 'production', 'development', 'react-server'];

function mainFieldsProbe(name: string, fields: Record<string, string>): Files {
  const dir = `node_modules/${name}`;
  const files: Files = { [`${dir}/package.json`]: JSON.stringify({ name, ...fields }) };
  for (const file of new Set(Object.values(fields))) files[`${dir}/${file.replace('./', '')}`] = `export const v = '${file.replace(/^\.\/|\.js$/g, '')}';`;
  return files;
}

const PACKAGES: Files = {
  ...Object.assign({}, ...CONDITIONS.map(conditionProbe)),
  ...mainFieldsProbe('mf1', { 'edge-light': './el.js', browser: './b.js', module: './m.js', main: './main.js' }),
  ...mainFieldsProbe('mf2', { browser: './b.js', module: './m.js', main: './main.js' }),
  ...mainFieldsProbe('mf3', { module: './m.js', main: './main.js' }),
  'node_modules/balias/package.json': JSON.stringify({ name: 'balias', main: './a.js', browser: { './a.js': './a-browser.js', fs: false } }),
  'node_modules/balias/a.js': "export const v = 'node';",
  'node_modules/balias/a-browser.js': "import fs from 'fs';\nexport const v = 'browser' + typeof fs;",
  'node_modules/cjs-req/package.json': JSON.stringify({ name: 'cjs-req', exports: { require: './r.js', import: './i.mjs' } }),
  'node_modules/cjs-req/r.js': "exports.v = 'require';",
  'node_modules/cjs-req/i.mjs': "export const v = 'import';",
  // A package with a nested dependency and a CommonJS require of it, and a subpath pattern.
  'node_modules/outer/package.json': JSON.stringify({ name: 'outer', main: 'index.js', dependencies: { inner: '1' } }),
  'node_modules/outer/index.js': "const inner = require('inner');\nmodule.exports = { v: 'outer+' + inner.v };",
  'node_modules/outer/node_modules/inner/package.json': JSON.stringify({ name: 'inner', main: './lib' }),
  'node_modules/outer/node_modules/inner/lib/index.js': "exports.v = 'nested';",
  'node_modules/inner/package.json': JSON.stringify({ name: 'inner', main: './top.js' }),
  'node_modules/inner/top.js': "exports.v = 'hoisted';",
  'node_modules/@scope/pat/package.json': JSON.stringify({ name: '@scope/pat', exports: { './feature/*': { import: './dist/*.mjs' }, './private/*': null } }),
  'node_modules/@scope/pat/dist/a.mjs': "export const v = 'pattern a';",
  'node_modules/@scope/pat/private/x.js': "export const v = 'private';",
  // Packages that need Node: a built-in import (D08/D09), and dynamic code (D03 in webpack's middleware plugin).
  'node_modules/uses-fs/package.json': JSON.stringify({ name: 'uses-fs', main: './index.js' }),
  'node_modules/uses-fs/index.js': "import fs from 'fs';\nexport const read = () => fs.readFileSync('/etc/hostname', 'utf8');\nexport const v = 'loaded';",
  'node_modules/uses-eval/package.json': JSON.stringify({ name: 'uses-eval', main: './index.js' }),
  'node_modules/uses-eval/index.js': 'export function v(s) {\n  return eval(s);\n}\n',
  'node_modules/function-bind/package.json': JSON.stringify({ name: 'function-bind', main: './index.js' }),
  'node_modules/function-bind/index.js': "module.exports = function bind() { return Function('return this')(); };",
  'node_modules/big/package.json': JSON.stringify({ name: 'big', main: './index.js' }),
};

const builder = useProjectBuilder();

async function exportsOf(output: BuildOutput): Promise<Record<string, any>> {
  expect(output.errors).toEqual([]);
  const { code } = await esbuild.transform(output.code!, { format: 'iife', globalName: '__bundle' });
  return new EdgeVM().evaluate(`${code}; __bundle`);
}

function route(imports: string[], entry = ROUTE): Files {
  const lines = imports.map((name, i) => `import { v as v${i} } from '${name}';`);
  const values = imports.map((_, i) => `v${i}`).join(', ');
  return { [entry]: `${lines.join('\n')}\nexport const values = [${values}];\nexport default function handler() { return new Response('ok'); }\n` };
}

async function resolved(imports: string[], next: NextTraits, entry = ROUTE): Promise<Record<string, unknown>> {
  const out = await builder.build(route(imports, entry), entry, 'edge', next, PACKAGES);
  const { values } = await exportsOf(out);
  return Object.fromEntries(imports.map((name, i) => [name, values[i]]));
}

describe('conditions and main fields, as measured on real next builds', () => {
  const conditionNames = CONDITIONS.map((c) => `c-${c}`);
  const hits = (values: Record<string, unknown>) => CONDITIONS.filter((c) => values[`c-${c}`] === 'hit');

  it('webpack (13.5–15.5), pages/api: edge-light, webpack, production, browser, module and import; never worker or node', async () => {
    expect(hits(await resolved(conditionNames, WEBPACK_PAGES))).toEqual(['edge-light', 'browser', 'import', 'module', 'webpack', 'production']);
  });

  it('webpack, App Router route: react-server as well', async () => {
    expect(hits(await resolved(conditionNames, WEBPACK_APP, APP_ROUTE))).toContain('react-server');
  });

  it('Turbopack (16+): the same less webpack', async () => {
    expect(hits(await resolved(conditionNames, TURBOPACK_PAGES))).toEqual(['edge-light', 'browser', 'import', 'module', 'production']);
  });

  it('main fields: edge-light first with webpack, browser first with Turbopack; browser map replaces files and false empties a module', async () => {
    expect(await resolved(['mf1', 'mf2', 'mf3', 'balias'], WEBPACK_PAGES)).toEqual({ mf1: 'el', mf2: 'b', mf3: 'm', balias: 'browserobject' });
    expect(await resolved(['mf1', 'mf2', 'mf3'], TURBOPACK_PAGES)).toEqual({ mf1: 'b', mf2: 'b', mf3: 'm' });
  });

  it('D08: a built-in the browser field maps to false is the empty module, and webpack still warns about its import', async () => {
    const out = await builder.build(route(['balias']), ROUTE, 'edge', WEBPACK_PAGES, PACKAGES);
    expect(out.warnings).toEqual([expect.objectContaining({ file: 'node_modules/balias/a-browser.js', text: expect.stringContaining("('fs' at line 1)") })]);
  });

  it('import and require pick their own exports condition', async () => {
    const files = { [ROUTE]: "import { v } from 'cjs-req';\nconst r = require('cjs-req');\nexport const values = [v, r.v];\nexport default () => new Response('');\n" };
    const { values } = await exportsOf(await builder.build(files, ROUTE, 'edge', WEBPACK_PAGES, PACKAGES));
    expect(values).toEqual(['import', 'require']);
  });

  it('a nested node_modules wins over the hoisted one for its own package; subpath patterns and null targets', async () => {
    expect(await resolved(['outer', 'inner', '@scope/pat/feature/a'], WEBPACK_PAGES)).toEqual({ outer: 'outer+nested', inner: 'hoisted', '@scope/pat/feature/a': 'pattern a' });
    const out = await builder.build(route(['@scope/pat/private/x']), ROUTE, 'edge', WEBPACK_PAGES, PACKAGES);
    expect(out.errors[0].text).toContain('does not export the subpath "./private/x"');
    expect(out.missingPackages).toBeUndefined();
  });
});

describe('packages that need Node.js', () => {
  it('D08: a package importing fs builds with the warning at its own line, and D09: using it throws', async () => {
    const files = { [ROUTE]: "import { v, read } from 'uses-fs';\nexport const values = [v];\nexport { read };\nexport default () => new Response('');\n" };
    const out = await builder.build(files, ROUTE, 'edge', WEBPACK_PAGES, PACKAGES);
    expect(out.warnings).toContainEqual(expect.objectContaining({
      file: 'node_modules/uses-fs/index.js',
      line: 1,
      text: "A Node.js module is loaded ('fs' at line 1) which is not supported in the Edge Runtime.\nLearn More: https://nextjs.org/docs/messages/node-module-in-edge-runtime",
    }));
    const mod = await exportsOf(out);
    expect(mod.values).toEqual(['loaded']);
    expect(() => mod.read()).toThrow("The edge runtime does not support Node.js 'fs' module.");
  });

  it('D08 under Turbopack: no warning for a package (16.4.6 prints none), using it still throws', async () => {
    const files = { [ROUTE]: "import { read } from 'uses-fs';\nexport { read };\nexport default () => new Response('');\n" };
    const out = await builder.build(files, ROUTE, 'edge', TURBOPACK_PAGES, PACKAGES);
    expect(out.warnings).toEqual([]);
    const mod = await exportsOf(out);
    expect(() => mod.read()).toThrow("The edge runtime does not support Node.js 'fs' module.");
  });

  it('D03: eval in a package fails a webpack middleware/pages build with the line Next adds; Turbopack builds it', async () => {
    const out = await builder.build(route(['uses-eval']), ROUTE, 'edge', WEBPACK_PAGES, PACKAGES);
    expect(out.errors).toEqual([expect.objectContaining({
      file: 'node_modules/uses-eval/index.js',
      line: 2,
      text: expect.stringMatching(/^Dynamic Code Evaluation .*\nUsed by v\nLearn More: .*\n\nThe error was caused by importing 'uses-eval\/index.js' in '\.\/pages\/api\/probe.ts'\.$/s),
    })]);
    expect((await builder.build(route(['uses-eval']), ROUTE, 'edge', TURBOPACK_PAGES, PACKAGES)).errors).toEqual([]);
  });

  it('D04: unstable_allowDynamic globs match package paths from the root; function-bind is one of Next\'s known safe packages', async () => {
    const files = route(['uses-eval', 'function-bind']);
    files[ROUTE] += "export const config = { runtime: 'edge', unstable_allowDynamic: ['/node_modules/uses-eval/**'] };\n";
    expect((await builder.build(files, ROUTE, 'edge', WEBPACK_PAGES, PACKAGES)).errors).toEqual([]);
  });
});

describe('what Next defines in edge bundles', () => {
  it('process.env.NODE_ENV is "production" in packages and project files (next build); a plain Vercel function keeps esbuild\'s browser default', async () => {
    const packages = { ...PACKAGES, 'node_modules/uses-env/package.json': '{"main":"index.js"}', 'node_modules/uses-env/index.js': 'module.exports = () => process.env.NODE_ENV;' };
    const files = { [ROUTE]: "import v from 'uses-env';\nexport const values = [v(), process.env.NODE_ENV];\nexport default () => new Response('');\n" };
    expect((await exportsOf(await builder.build(files, ROUTE, 'edge', WEBPACK_PAGES, packages))).values).toEqual(['production', 'production']);
    // "development", as @vercel/node's dev server builds it (esbuild, platform browser, no minify).
    const vercel = await builder.build({ 'api/v.ts': files[ROUTE] }, 'api/v.ts', 'edge', undefined, packages);
    expect((await exportsOf(vercel)).values).toEqual(['development', 'development']);
  });
});

describe('missing packages and size', () => {
  it('reports each package the build imports that is not installed, with the message it had before', async () => {
    const files = route(['not-installed', '@scope/gone/x', 'mf1', 'next/headers']);
    const out = await builder.build(files, ROUTE, 'edge', WEBPACK_PAGES, PACKAGES);
    expect(out.missingPackages).toEqual(['@scope/gone', 'not-installed']);
    expect(out.errors.map((e) => e.text)).toEqual([
      expect.stringContaining('Could not resolve "not-installed": npm packages cannot be installed for edge handlers in the playground'),
      expect.stringContaining('Could not resolve "@scope/gone/x"'),
      expect.stringContaining('Could not resolve "next/headers"'),
    ]);
    expect((await builder.build(files, ROUTE, 'edge', WEBPACK_PAGES)).missingPackages).toEqual(['@scope/gone', 'mf1', 'not-installed']);
  });

  it('the gzip size counts the packages bundled', async () => {
    const payload = Array.from({ length: 4000 }, (_, i) => `${i.toString(36)}:${(i * 7919).toString(16)}`).join(',');
    const packages = { ...PACKAGES, 'node_modules/big/index.js': `export const v = ${JSON.stringify(payload)};` };
    const small = await builder.build(route(['mf3']), ROUTE, 'edge', WEBPACK_PAGES, packages);
    const big = await builder.build(route(['big']), ROUTE, 'edge', WEBPACK_PAGES, packages);
    const [s, b] = [await bundleSize(small.code!), await bundleSize(big.code!)];
    expect(b.gzipBytes - s.gzipBytes).toBeGreaterThan(10_000);
  });

  it('splits package specifiers', () => {
    expect(splitSpecifier('ms')).toEqual({ name: 'ms', subpath: '.' });
    expect(splitSpecifier('@a/b/c/d.js')).toEqual({ name: '@a/b', subpath: './c/d.js' });
    expect(splitSpecifier('./x')).toBeNull();
  });
});
