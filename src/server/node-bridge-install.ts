// npm packages for a project: its package.json and node_modules in the project's directory, installed with npm
// (no install scripts) and skipped when exactly these dependencies are installed already.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cleanEnv } from './node-bridge-children.ts';

/** npm's rules for a package name (lower case, optional scope, URL-safe). */
const PACKAGE_NAME = /^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;
/** A version range or a dist-tag. No `:` or `/`: no git, file, link, alias or URL specs from a shared link. */
const VERSION_SPEC = /^[\w.^~<>=|*+ -]{1,64}$/;
const INSTALL_TIMEOUT_MS = 180_000;
/** Variables npm may need to reach a registry; npm runs no package scripts, so they reach no user code. */
const NPM_ENV_KEYS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'npm_config_registry', 'NPM_CONFIG_REGISTRY'];

export interface InstallResult {
  /** Nothing to do: these dependencies were installed already. */
  cached: boolean;
  ms: number;
}

/** The dependencies, or why they are refused. */
export function checkDependencies(value: unknown): { ok: true; dependencies: Record<string, string> } | { ok: false; error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: '`dependencies` must be an object of name → version' };
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 100) return { ok: false, error: 'At most 100 dependencies can be installed.' };
  for (const [name, version] of entries) {
    if (name.length > 214 || !PACKAGE_NAME.test(name)) return { ok: false, error: `"${name}" is not an npm package name.` };
    if (typeof version !== 'string' || !VERSION_SPEC.test(version)) {
      return { ok: false, error: `The version of ${name} must be a version range or a tag such as "latest" (got ${JSON.stringify(version)}).` };
    }
  }
  return { ok: true, dependencies: Object.fromEntries(entries) as Record<string, string> };
}

function sameDependencies(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function installed(dir: string, dependencies: Record<string, string>): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    if (!sameDependencies(manifest.dependencies ?? {}, dependencies)) return false;
  } catch {
    return false;
  }
  return Object.keys(dependencies).every((name) => existsSync(join(dir, 'node_modules', name, 'package.json')));
}

function npmCommand(): string {
  const beside = join(dirname(process.execPath), 'npm');
  return existsSync(beside) ? beside : 'npm';
}

function npmEnv(): Record<string, string> {
  const extra = Object.fromEntries(NPM_ENV_KEYS.flatMap((key) => (process.env[key] ? [[key, process.env[key]!]] : [])));
  return { ...cleanEnv(), ...extra };
}

const queues = new Map<string, Promise<unknown>>();

/** Installs `dependencies` into `dir` (one install at a time per directory); `onLine` gets npm's output lines. */
export function installPackages(dir: string, dependencies: Record<string, string>, onLine: (line: string) => void): Promise<InstallResult> {
  const previous = queues.get(dir) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => install(dir, dependencies, onLine));
  queues.set(dir, next);
  void next.finally(() => queues.get(dir) === next && queues.delete(dir)).catch(() => {});
  return next;
}

async function install(dir: string, dependencies: Record<string, string>, onLine: (line: string) => void): Promise<InstallResult> {
  const t0 = performance.now();
  if (installed(dir, dependencies)) return { cached: true, ms: performance.now() - t0 };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'playground-project', private: true, dependencies }, null, 2) + '\n');
  const args = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-update-notifier', '--no-progress', '--loglevel=http'];
  onLine(`npm ${args.join(' ')}  (${Object.entries(dependencies).map(([n, v]) => `${n}@${v}`).join(', ')})`);
  const child = spawn(npmCommand(), args, { cwd: dir, env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const last: string[] = [];
  const lines = (text: string) => {
    for (const line of text.split(/\r?\n/)) {
      if (!line.trim()) continue;
      last.push(line);
      if (last.length > 8) last.shift();
      onLine(line);
    }
  };
  child.stdout.setEncoding('utf8').on('data', lines);
  child.stderr.setEncoding('utf8').on('data', lines);
  const timer = setTimeout(() => child.kill('SIGKILL'), INSTALL_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      lines(`npm could not start: ${error.message}`);
      resolve(null);
    });
    child.once('close', (exitCode) => resolve(exitCode));
  });
  clearTimeout(timer);
  if (code !== 0) {
    throw new Error(`npm install failed (exit ${code ?? 'killed'}):\n${last.join('\n')}`);
  }
  return { cached: false, ms: performance.now() - t0 };
}
