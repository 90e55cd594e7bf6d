// Installs a fixture (`npm ci`, cached by the lockfile's hash) and builds a project of cases on it (`next build`,
// cached by lockfile + files), all outside the repository: ~/.cache/runtime-playground/differential/ by default.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { FIXTURES } from './references';

export const CACHE_DIR = resolve(process.env.DIFFERENTIAL_CACHE_DIR || join(homedir(), '.cache/runtime-playground/differential'));
const REPO = resolve(FIXTURES, '../..');
if (!relative(REPO, CACHE_DIR).startsWith('..')) throw new Error(`DIFFERENTIAL_CACHE_DIR must be outside the repository (${CACHE_DIR})`);

/** The environment every reference process gets: no telemetry, no colour (next build and next start set NODE_ENV themselves; the test runner's `test` is not passed on). */
export const REFERENCE_ENV: NodeJS.ProcessEnv = (({ NODE_ENV: _testRunners, ...env }) => ({
  ...env,
  NEXT_TELEMETRY_DISABLED: '1',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  CI: '1',
}))(process.env);

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
const lockfile = (name: string) => readFileSync(join(FIXTURES, name, 'package-lock.json'), 'utf8');

export interface Step {
  dir: string;
  cached: boolean;
  ms: number;
}

/** Runs a command to its end; its output goes to `logFile`. Resolves with the exit code. */
export function run(command: string, args: string[], cwd: string, logFile: string, env = REFERENCE_ENV): Promise<number> {
  return new Promise((done, fail) => {
    const out: Buffer[] = [];
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('error', fail);
    child.on('close', (code) => {
      writeFileSync(logFile, Buffer.concat(out));
      done(code ?? 1);
    });
  });
}

/** Removes the other cached copies of one thing (older lockfiles or cases) so the cache does not grow run by run. */
function pruneSiblings(dir: string, prefix: string) {
  for (const entry of existsSync(dirname(dir)) ? readdirSync(dirname(dir)) : [])
    if (entry.startsWith(prefix) && join(dirname(dir), entry) !== dir) rmSync(join(dirname(dir), entry), { recursive: true, force: true });
}

/** `npm ci` of a fixture into the cache, once per lockfile. */
export async function ensureInstalled(name: string): Promise<Step> {
  const dir = join(CACHE_DIR, 'installs', `${name}-${hash(lockfile(name))}`);
  if (existsSync(join(dir, '.installed'))) return { dir, cached: true, ms: 0 };
  const started = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) writeFileSync(join(dir, file), readFileSync(join(FIXTURES, name, file)));
  // --ignore-scripts: nothing in these trees needs an install script, and none then reaches past the registry.
  const code = await run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], dir, join(dir, 'install.log'));
  if (code !== 0) throw new Error(`npm ci of ${name} failed (${code}): ${readFileSync(join(dir, 'install.log'), 'utf8').slice(-2000)}`);
  writeFileSync(join(dir, '.installed'), new Date().toISOString());
  pruneSiblings(dir, `${name}-`);
  return { dir, cached: false, ms: performance.now() - started };
}

export interface Build extends Step {
  ok: boolean;
  log: string;
}

/**
 * A project of `files` on an installed fixture, built with `next build` once per lockfile + files. `node_modules`
 * is a hard-linked copy of the install (no symlink out of the project: Turbopack refuses those), so builds of
 * different file sets do not clobber each other. A failed build is a result too (the probe projects expect one).
 * `build = false` only lays the project out (Vercel functions: the dev server compiles each on its first start).
 */
export async function ensureBuilt(name: string, label: string, files: Record<string, string>, build = true): Promise<Build> {
  const install = await ensureInstalled(name);
  const key = hash(lockfile(name), JSON.stringify(Object.entries(files).sort()));
  const dir = join(CACHE_DIR, 'builds', `${name}-${label}-${key}`);
  const marker = join(dir, '.built');
  if (existsSync(marker)) {
    const { ok } = JSON.parse(readFileSync(marker, 'utf8'));
    return { dir, cached: true, ms: 0, ok, log: readFileSync(join(dir, 'build.log'), 'utf8') };
  }
  const started = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const linked = await run('cp', ['-al', join(install.dir, 'node_modules'), join(dir, 'node_modules')], dir, join(dir, 'link.log'));
  if (linked !== 0) throw new Error(`could not link node_modules for ${name}: ${readFileSync(join(dir, 'link.log'), 'utf8')}`);
  const code = build ? await run(process.execPath, ['node_modules/next/dist/bin/next', 'build'], dir, join(dir, 'build.log')) : 0;
  if (!build) writeFileSync(join(dir, 'build.log'), '');
  writeFileSync(marker, JSON.stringify({ ok: code === 0 }));
  pruneSiblings(dir, `${name}-${label}-`);
  return { dir, cached: false, ms: performance.now() - started, ok: code === 0, log: readFileSync(join(dir, 'build.log'), 'utf8') };
}
