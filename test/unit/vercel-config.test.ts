// vercel.json `functions`, engines.node, the lockfile's package manager, the build script and the files a function
// includes, each rule with Vercel's own text (vercel/vercel @17d9eba: fs-detectors detect-builders.ts, build-utils
// fs/node-version.ts and fs/run-user-scripts.ts, node/src/build.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGlobsFor } from '../../src/lib/project/glob';
import { detectPackageManager, functionConfigFor, functionsError, pickNodeVersion, readVercelProject } from '../../src/lib/project/vercel-config';
import { vercelFunctionFor } from '../../src/lib/project/vercel-function';
import { includedFiles, referencedPaths } from '../../src/lib/project/vercel-includes';
import { VERCEL_NODE_MAJORS, vercelNodeMajors } from '../../src/lib/runtimes/vercel-node-versions';

const TODAY = new Date('2026-12-01T12:00:00Z');
const vercelJson = (functions: unknown) => JSON.stringify({ functions });
const pkg = (value: object) => JSON.stringify(value);

// A run loads minimatch for a project with a vercel.json (run-entry.ts); these call the rules directly.
beforeAll(() => loadGlobsFor({ 'vercel.json': '{}' }));

describe('vercel.json functions: validation (validateFunctions)', () => {
  it.each([
    [{ 'api/*.ts': {} }, 'Function must contain at least one property.'],
    [{ 'api/*.ts': 5 }, 'Function must be an object.'],
    [{ ['api/' + 'x'.repeat(260)]: { memory: 1024 } }, 'Function globs must be less than 256 characters long.'],
    [{ 'api/*.ts': { maxDuration: 0 } }, 'Functions must have a maxDuration between 1 and 1800, or "max".'],
    [{ 'api/*.ts': { maxDuration: 1.5 } }, 'Functions must have a maxDuration between 1 and 1800, or "max".'],
    [{ 'api/*.ts': { maxDuration: 1801 } }, 'Functions must have a maxDuration between 1 and 1800, or "max".'],
    [{ 'api/*.ts': { memory: 100 } }, 'Functions must have a memory value between 128 and 10240'],
    [{ '/api/*.ts': { memory: 1024 } }, 'The function path "/api/*.ts" is invalid. The path must be relative to your project root and therefore cannot start with a slash.'],
    [{ 'api/*.php': { runtime: 'vercel-php' } }, 'Function Runtimes must have a valid version, for example `now-php@1.0.0`.'],
    [{ 'api/*.ts': { includeFiles: ['a'] } }, 'The property `includeFiles` must be a string.'],
    [{ 'api/*.ts': { excludeFiles: 3 } }, 'The property `excludeFiles` must be a string.'],
  ])('%j → %s', (functions, message) => {
    expect(functionsError(functions)?.message).toBe(message);
  });

  it('"max", whole seconds and a versioned runtime are valid', () => {
    expect(functionsError({ 'api/a.ts': { maxDuration: 'max' }, 'api/b.ts': { maxDuration: 60, memory: 1024 }, 'api/*.php': { runtime: 'vercel-php@0.1.0' } })).toBeNull();
  });

  it("a vercel.json that is not JSON: the CLI's text", () => {
    const read = readVercelProject({ 'vercel.json': '{ functions: ' });
    expect(read.ok || read.error.message).toBe("Couldn't parse JSON file vercel.json.");
  });

  it('a pattern that matches no function (checkUnusedFunctions); Next.js router patterns are let be', () => {
    const read = (functions: object, extra: Record<string, string> = {}) => {
      const r = readVercelProject({ 'vercel.json': vercelJson(functions), 'api/a.ts': 'x', ...extra }, TODAY);
      return r.ok ? null : r.error.message;
    };
    expect(read({ 'api/*.ts': { memory: 1024 } })).toBeNull();
    expect(read({ 'api/*.js': { memory: 1024 } })).toBe('The pattern "api/*.js" defined in `functions` doesn\'t match any Serverless Functions inside the `api` directory.');
    expect(read({ 'app/api/**/route.ts': { memory: 1024 } }, { 'app/api/x/route.ts': 'x' })).toBeNull();
    expect(read({ 'lib/*.ts': { memory: 1024 } }, { 'app/api/x/route.ts': 'x' })).toBe('The pattern "lib/*.ts" defined in `functions` doesn\'t match any Serverless Functions.');
  });

  it('the first key equal to the entry or matching it as a minimatch glob wins (getFunction)', () => {
    const functions = { 'api/special.ts': { memory: 512 }, 'api/**/*.ts': { memory: 1024 }, 'api/*.ts': { memory: 2048 } };
    expect(functionConfigFor(functions, 'api/special.ts')?.pattern).toBe('api/special.ts');
    expect(functionConfigFor(functions, 'api/deep/x.ts')?.config.memory).toBe(1024);
    expect(functionConfigFor(functions, 'api/x.ts')?.pattern).toBe('api/**/*.ts');
    expect(functionConfigFor(functions, 'app/api/x/route.ts')).toBeNull();
  });
});

describe('§2.4 engines.node: the version Vercel picks (getSupportedNodeVersion, getNodeVersion)', () => {
  it('no engines: the newest, 24.x; the active majors today are 22 and 24', () => {
    const pick = pickNodeVersion(undefined, TODAY);
    expect(pick.ok && [pick.value.version.range, pick.value.warnings]).toEqual(['24.x', []]);
    expect(vercelNodeMajors(TODAY)).toEqual([22, 24]);
    expect(VERCEL_NODE_MAJORS).toEqual([22, 24]);
  });

  it('"22.x" picks 22 with no warning; ">=18" picks 24 and warns that it will upgrade by itself', () => {
    const exact = pickNodeVersion('22.x', TODAY);
    expect(exact.ok && [exact.value.version.runtime, exact.value.warnings]).toEqual(['nodejs22.x', []]);
    const open = pickNodeVersion('>=18', TODAY);
    expect(open.ok && open.value.version.range).toBe('24.x');
    expect(open.ok && open.value.warnings).toEqual([
      'Warning: Detected "engines": { "node": ">=18" } in your `package.json` that will automatically upgrade when a new major Node.js Version is released. Learn More: https://vercel.link/node-version',
    ]);
  });

  it('"22.11.0": only the major can be chosen', () => {
    const pick = pickNodeVersion('22.11.0', TODAY);
    expect(pick.ok && pick.value.warnings).toEqual([
      'Warning: Detected "engines": { "node": "22.11.0" } in your `package.json` with major.minor.patch, but only major Node.js Version can be selected. Learn More: https://vercel.link/node-version',
    ]);
  });

  it('"20.x" on 2026-12-01: discontinued, the build fails', () => {
    const pick = pickNodeVersion('20.x', TODAY);
    expect(pick.ok || pick.error).toEqual({
      code: 'BUILD_UTILS_NODE_VERSION_DISCONTINUED',
      file: 'package.json',
      message: 'Node.js Version "20.x" is discontinued and must be upgraded. Please set "engines": { "node": "24.x" } in your `package.json` file to use Node.js 24.',
    });
  });

  it('"20.x" before 2026-10-01: deprecated, a warning with the date', () => {
    const pick = pickNodeVersion('20.x', new Date('2026-09-01'));
    expect(pick.ok && pick.value.warnings[0]).toBe(
      'Error: Node.js version 20.x is deprecated. Deployments created on or after 2026-10-01 will fail to build. Please set "engines": { "node": "24.x" } in your `package.json` file to use Node.js 24.',
    );
  });

  it('a range no version matches, or no range at all', () => {
    for (const range of ['7.x', 'banana']) {
      const pick = pickNodeVersion(range, TODAY);
      expect(pick.ok || pick.error.message).toBe(
        `Found invalid or discontinued Node.js Version: "${range}". Please set "engines": { "node": "24.x" } in your \`package.json\` file to use Node.js 24.`,
      );
    }
  });
});

describe('the package manager by lockfile (scanParentDirs, detectPackageManager)', () => {
  const lock = (files: Record<string, string>) => {
    const pm = detectPackageManager(files, TODAY);
    return [pm.cli, pm.detected, pm.lockfileVersion];
  };

  it("Vercel's order: bun beside yarn > yarn > pnpm > npm > bun > vlt, else npm", () => {
    expect(lock({})).toEqual(['npm', null, null]);
    expect(lock({ 'package-lock.json': '{"lockfileVersion":3}' })).toEqual(['npm', null, 3]);
    expect(lock({ 'package-lock.json': '{}', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" })[0]).toBe('pnpm');
    expect(lock({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'yarn.lock': '# yarn lockfile v1\n' })[0]).toBe('yarn');
    expect(lock({ 'yarn.lock': '# v1\n', 'bun.lock': '{}' })).toEqual(['bun', 'bun@1.x', 1]);
    expect(lock({ 'package-lock.json': '{}', 'bun.lockb': 'x' })[0]).toBe('npm');
    expect(lock({ 'bun.lockb': 'x' })).toEqual(['bun', 'bun@1.x', 0]);
    expect(lock({ 'vlt-lock.json': '{}' })[0]).toBe('vlt');
  });

  it('pnpm and yarn versions by lockfileVersion; a pnpm 9.0 lockfile of a new project means pnpm 10', () => {
    expect(lock({ 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n" })).toEqual(['pnpm', 'pnpm@8.x', 6]);
    expect(lock({ 'pnpm-lock.yaml': "lockfileVersion: 5.4\n" })).toEqual(['pnpm', 'pnpm@7.x', 5.4]);
    expect(lock({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" })).toEqual(['pnpm', 'pnpm@10.x', 9]);
    expect(detectPackageManager({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, new Date('2024-06-01')).detected).toBe('pnpm@9.x');
    expect(lock({ 'yarn.lock': '# yarn lockfile v1\n' })).toEqual(['yarn', 'yarn@1.x', 1]);
    expect(lock({ 'yarn.lock': '__metadata:\n  version: 8\n  cacheKey: 10\n' })).toEqual(['yarn', 'yarn@4.x', 8]);
    expect(detectPackageManager({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, TODAY).log).toBe(
      'Detected `pnpm-lock.yaml` 9 which may be generated by pnpm@9.x or pnpm@10.x\nUsing pnpm@10.x based on project creation date\nTo use pnpm@9.x, manually opt in using corepack (https://vercel.com/docs/deployments/configure-a-build#corepack)',
    );
  });
});

describe('the build script of a function project (packages/node/src/build.ts)', () => {
  const build = (scripts: object, files: Record<string, string> = {}) => {
    const read = readVercelProject({ 'package.json': pkg({ scripts }), ...files }, TODAY);
    return read.ok ? read.value.build : read.error;
  };

  it('vercel-build, else now-build; `build` is not run for api/ functions; named with the package manager', () => {
    expect(build({ 'vercel-build': 'node gen.mjs', build: 'x' })).toEqual({ name: 'vercel-build', script: 'node gen.mjs', command: 'npm run vercel-build' });
    expect(build({ 'now-build': 'node a.mjs' })).toMatchObject({ name: 'now-build' });
    expect(build({ build: 'node a.mjs' })).toBeNull();
    expect(build({ 'vercel-build': 'node a.mjs' }, { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" })).toMatchObject({ command: 'pnpm run vercel-build' });
  });
});

describe("an entry's function settings against the plan (vercelFunctionFor)", () => {
  const forEntry = (files: Record<string, string>, plan: 'hobby' | 'pro' = 'hobby', entry = 'api/cron.ts') =>
    vercelFunctionFor({ [entry]: 'the entry', ...files }, entry, { plan, name: 'api/cron', now: TODAY });

  it('maxDuration and memory of the matching glob become the limits the runtime enforces', () => {
    const fn = forEntry({ 'vercel.json': vercelJson({ 'api/*.ts': { maxDuration: 30, memory: 1024 } }) });
    expect(fn.ok && [fn.limits.node.maxDurationMs, fn.limits.node.memoryMb]).toEqual([30_000, 1024]);
    const max = forEntry({ 'vercel.json': vercelJson({ 'api/*.ts': { maxDuration: 'max' } }) }, 'pro');
    expect(max.ok && max.limits.node.maxDurationMs).toBe(800_000);
  });

  it("over the plan's cap: the deployment's message", () => {
    const fn = forEntry({ 'vercel.json': vercelJson({ 'api/*.ts': { maxDuration: 600 } }) });
    expect(fn.ok || fn.message).toBe(
      'Builder returned invalid maxDuration value for Serverless Function "api/cron". Serverless Functions must have a maxDuration between 1 and 300 for plan hobby. : https://vercel.com/docs/concepts/limits/overview#serverless-function-execution-timeout',
    );
    expect(forEntry({ 'vercel.json': vercelJson({ 'api/*.ts': { maxDuration: 600 } }) }, 'pro').ok).toBe(true);
    const memory = forEntry({ 'vercel.json': vercelJson({ 'api/*.ts': { memory: 3008 } }) });
    expect(memory.ok || memory.message).toBe('Serverless Functions are limited to 2048 of memory for personal accounts (Hobby plan). To increase, create a team (Pro plan).');
  });

  it('a community runtime is not available here, named, and never run as Node.js', () => {
    const fn = forEntry({ 'vercel.json': vercelJson({ 'api/*.php': { runtime: 'vercel-php@0.1.0' } }) }, 'hobby', 'api/index.php');
    expect(fn.ok || [fn.code, fn.message]).toEqual([
      'RUNTIME_NOT_AVAILABLE',
      'vercel.json gives api/index.php the runtime "vercel-php@0.1.0" (functions["api/*.php"].runtime). Vercel installs that runtime from npm to build the function; the playground does not have it, so api/index.php does not run here (it is not run as Node.js instead).',
    ]);
    expect(forEntry({ 'vercel.json': vercelJson({ 'api/*.ts': { runtime: '@vercel/node@5.3.0' } }) }).ok).toBe(true);
  });

  it('says what Vercel would pick, and carries the engines warnings as build warnings of package.json', () => {
    const fn = forEntry({ 'package.json': pkg({ engines: { node: '>=22' } }), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    expect(fn.ok && fn.note).toBe('Vercel: Node.js 24.x, pnpm@10.x (pnpm-lock.yaml 9)');
    expect(fn.ok && fn.warnings.map((w) => [w.file, w.text.slice(0, 40)])).toEqual([['package.json', 'Warning: Detected "engines": { "node": "']]);
    const old = forEntry({ 'package.json': pkg({ engines: { node: '20.x' } }) });
    expect(old.ok || old.code).toBe('BUILD_UTILS_NODE_VERSION_DISCONTINUED');
  });
});

describe('the files a function includes (includeFiles, literal paths as nft traces them)', () => {
  const files = {
    'api/hello.ts': 'x',
    'api/data.json': '{}',
    'data/greeting.txt': 'hi',
    'data/more/b.txt': 'b',
    'templates/page.html': '<p>',
    'notes.md': 'n',
    'secret.env': 's',
    'package.json': '{}',
    'vercel.json': '{}',
  };

  it('paths named with __dirname (relative to the entry), process.cwd() and import.meta.url', () => {
    const code = `const a = import_path.default.join(__dirname, "data.json");
      const b = path.join(process.cwd(), 'data', "greeting.txt");
      const c = new URL('../templates/page.html', import.meta.url);
      const d = resolve(__dirname, someVariable);`;
    expect(referencedPaths(code, 'api/hello.ts').sort()).toEqual(['api/data.json', 'data/greeting.txt', 'templates/page.html']);
    expect(referencedPaths(`join(__dirname, '..', '..', 'etc')`, 'api/hello.ts')).toEqual([]);
  });

  it('includeFiles adds by glob, a named folder brings its files, excludeFiles takes traced files out; the rest is left out and listed', () => {
    const code = `path.join(process.cwd(), 'data')`;
    const result = includedFiles(files, 'api/hello.ts', code, { includeFiles: 'templates/**', excludeFiles: 'data/more/**' });
    expect(Object.keys(result.included).sort()).toEqual(['data/greeting.txt', 'templates/page.html']);
    expect(result.omitted.sort()).toEqual(['api/data.json', 'data/more/b.txt', 'notes.md', 'secret.env']);
    expect(includedFiles(files, 'api/hello.ts', '', null).included).toEqual({});
  });
});
