// npm packages for a project: registry packages only, from a package.json the bridge writes into an install directory
// the project's code may read but not write, with no lockfile, config, scripts or links, checked before use and cached.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cleanEnv, workDir } from './node-bridge-children.ts';
import { treeProblem } from './npm-tree-check.ts';
import { sameRecord } from '../../workers/shared/same-record.ts';

/** npm's rules for a package name (lower case, optional scope, URL-safe). */
const PACKAGE_NAME = /^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;
/** A version range or a dist-tag. No `:`, `/` or `\`: no git, alias, URL or path specs from a shared link. */
const VERSION_SPEC = /^[\w.^~<>=|*+ -]{1,64}$/;
/** What npm reads as a path even without a slash (npm-package-arg): a leading `.`, a tarball file name. */
const PATH_SPEC = /^\s*\.|[.](?:tgz|tar\.gz|tar)\s*$/i;
const INSTALL_TIMEOUT_MS = 180_000;
/** npm's output on the page: at most this many lines, each cut to this length; the rest is counted. */
const MAX_OUTPUT_LINES = 200;
const MAX_LINE_CHARS = 300;
/** Variables npm may need to reach the developer's registry; npm runs no package scripts, so they reach no user code. */
const NPM_ENV_KEYS = [
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy',
  'npm_config_registry', 'NPM_CONFIG_REGISTRY', 'npm_config_userconfig', 'NPM_CONFIG_USERCONFIG', 'npm_config_cache', 'NPM_CONFIG_CACHE',
];
/** Written after an install passed the tree check: the dependencies it installed. */
const INSTALLED_MARKER = '.installed.json';
/** The child's work folder inside the install directory (its own files), never looked into here. */
const WORK_DIR = basename(workDir('/'));
/** All an install directory may hold; anything else is removed before npm runs and before a child starts. */
export const INSTALL_DIR_ENTRIES: readonly string[] = ['package.json', 'node_modules', INSTALLED_MARKER, WORK_DIR];
/**
 * Install directories whose node_modules passed the tree check in this server process since their last install.
 * A child cannot write its install directory, so only the bridge's own npm changes it, and every install is checked.
 */
const verified = new Set<string>();

/**
 * npm's flags, which win over the developer's npmrc (`location=global` there would otherwise install globally). Its
 * configuration comes from the developer (user and global npmrc, the env above) and these flags only: no project
 * `.npmrc` is left, and `--no-workspaces` stops npm looking for a workspace root (with its own `.npmrc`) above. No
 * `--prefix`: npm would then read `<prefix>/etc/npmrc` as its global config instead of the developer's. `--allow-*=none` keep git, tarball URL, file and folder dependencies out of the
 * whole tree (npm 11; older npm warns and ignores them, then `--git` and the tree check still hold).
 */
const NPM_FLAGS = [
  '--ignore-scripts', '--no-package-lock', '--no-bin-links', '--install-links=false', '--install-strategy=hoisted',
  '--no-workspaces', '--no-global', '--location=project', '--allow-git=none', '--allow-remote=none', '--allow-file=none', '--allow-directory=none',
  '--git=/nonexistent/git-is-not-used-by-the-playground', '--no-audit', '--no-fund', '--no-update-notifier', '--no-progress', '--loglevel=http',
];

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
    if (typeof version !== 'string' || !VERSION_SPEC.test(version) || PATH_SPEC.test(version)) {
      return { ok: false, error: `The version of ${name} must be a version range or a tag such as "latest" (got ${JSON.stringify(version)}).` };
    }
  }
  return { ok: true, dependencies: Object.fromEntries(entries) as Record<string, string> };
}

/** A regular file with one name, or nothing (a link or anything else is not read). */
function readOwnFile(path: string): string | null {
  try {
    const stats = lstatSync(path);
    return stats.isFile() && stats.nlink === 1 ? readFileSync(path, 'utf8') : null;
  } catch {
    return null;
  }
}

function installedDependencies(dir: string): Record<string, string> | null {
  try {
    const value = JSON.parse(readOwnFile(join(dir, INSTALLED_MARKER)) ?? 'null') as { dependencies?: Record<string, string> } | null;
    return value?.dependencies ?? null;
  } catch {
    return null;
  }
}

function installed(dir: string, dependencies: Record<string, string>): boolean {
  const done = installedDependencies(dir);
  if (!done || !sameRecord(done, dependencies)) return false;
  if (!Object.keys(dependencies).every((name) => existsSync(join(dir, 'node_modules', name, 'package.json')))) return false;
  // Always the whole walk here (tens of ms for a large tree): the page asks again only after a reload.
  if (treeProblem(dir) !== null) return false;
  verified.add(dir);
  return true;
}

/**
 * Makes `installDir` hold only what the bridge put there (INSTALL_DIR_ENTRIES) and a node_modules that passes the tree
 * check; removes everything else (a lockfile, an `.npmrc`, links, files of an older layout). Returns what it removed.
 * The bridge calls it before starting a child too: the child may read the install directory, and the permission
 * model follows links. Never touches the inside of the work folder; removes it only when it is not a real directory.
 * The tree is walked once per server process and install (`recheck` walks it again).
 */
export function secureInstallDir(installDir: string, { recheck = false } = {}): string[] {
  mkdirSync(installDir, { recursive: true });
  const removed: string[] = [];
  const remove = (name: string) => {
    rmSync(join(installDir, name), { recursive: true, force: true }); // unlinks a link, never follows it
    removed.push(name);
  };
  for (const name of readdirSync(installDir)) {
    const stats = lstatSync(join(installDir, name));
    const expected = name === WORK_DIR || name === 'node_modules' ? stats.isDirectory() : stats.isFile() && stats.nlink === 1;
    if (!INSTALL_DIR_ENTRIES.includes(name) || !expected) remove(name);
  }
  if (recheck || !verified.has(installDir)) {
    if (treeProblem(installDir)) {
      remove('node_modules');
      if (existsSync(join(installDir, INSTALLED_MARKER))) remove(INSTALLED_MARKER);
    }
    verified.add(installDir);
  }
  return removed;
}

function npmCommand(): string {
  const beside = join(dirname(process.execPath), 'npm');
  return existsSync(beside) ? beside : 'npm';
}

function npmEnv(): Record<string, string> {
  const extra = Object.fromEntries(NPM_ENV_KEYS.flatMap((key) => (process.env[key] ? [[key, process.env[key]!]] : [])));
  return { ...cleanEnv(), ...extra };
}

/** A file the bridge writes into the install directory: never through a link someone left under its name. */
function writeOwnFile(path: string, text: string): void {
  rmSync(path, { force: true });
  writeFileSync(path, text, { flag: 'wx' });
  chmodSync(path, 0o644); // readable by a child running as another user, whatever the server's umask
}

const queues = new Map<string, Promise<unknown>>();

/** Installs `dependencies` into `installDir` (one install at a time per directory); `onLine` gets npm's output lines. */
export function installPackages(installDir: string, dependencies: Record<string, string>, onLine: (line: string) => void): Promise<InstallResult> {
  const previous = queues.get(installDir) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => install(installDir, dependencies, onLine));
  queues.set(installDir, next);
  void next.finally(() => queues.get(installDir) === next && queues.delete(installDir)).catch(() => {});
  return next;
}

async function install(dir: string, dependencies: Record<string, string>, onLine: (line: string) => void): Promise<InstallResult> {
  const t0 = performance.now();
  const check = checkDependencies(dependencies);
  if (!check.ok) throw new Error(check.error);
  if (installed(dir, dependencies)) return { cached: true, ms: performance.now() - t0 };
  verified.delete(dir);
  secureInstallDir(dir);
  verified.delete(dir); // npm is about to change the tree
  rmSync(join(dir, INSTALLED_MARKER), { force: true });
  rmSync(join(dir, 'node_modules', '.package-lock.json'), { force: true }); // npm's own, but only the tree on disk counts
  writeOwnFile(join(dir, 'package.json'), JSON.stringify({ name: 'playground-project', private: true, dependencies }, null, 2) + '\n');
  const specs = Object.entries(dependencies).map(([n, v]) => `${n}@${v}`);
  onLine(`npm install ${specs.join(' ')}  (registry packages only: no scripts, no lockfile, no links)`);
  const { ended, last } = await runNpmInstall(dir, onLine);
  const problem = treeProblem(dir, { grantRead: true });
  if (problem) rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  verified.add(dir);
  if (problem) {
    throw new Error(`npm install was refused: ${problem} The installed packages were removed.`);
  }
  if (ended !== 'exit 0') throw new Error(`npm install failed (${ended}):\n${last.join('\n')}`);
  writeOwnFile(join(dir, INSTALLED_MARKER), JSON.stringify({ dependencies }) + '\n');
  return { cached: false, ms: performance.now() - t0 };
}

/**
 * `npm install` with NPM_FLAGS in `installDir` (its cwd, nothing on stdin), as it finds the directory: how it ended
 * (`exit 0` when it succeeded) and its last lines. installPackages prepares the directory and checks the tree.
 */
export async function runNpmInstall(installDir: string, onLine: (line: string) => void): Promise<{ ended: string; last: string[] }> {
  const output = new OutputLines(onLine);
  const ended = await runNpm(installDir, ['install', ...NPM_FLAGS], output);
  output.end();
  return { ended, last: output.last };
}

function runNpm(cwd: string, args: string[], output: OutputLines): Promise<string> {
  const child = spawn(npmCommand(), args, { cwd, env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.setEncoding('utf8').on('data', (text: string) => output.push('out', text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => output.push('err', text));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, INSTALL_TIMEOUT_MS);
  return new Promise<string>((resolve) => {
    child.once('error', (error) => {
      output.line(`npm could not start: ${error.message}`);
      resolve('npm could not start');
    });
    child.once('close', (code, signal) => {
      resolve(timedOut ? `stopped after ${INSTALL_TIMEOUT_MS / 1000} s` : code === null ? `killed by ${signal}` : `exit ${code}`);
    });
  }).finally(() => clearTimeout(timer));
}

/** npm's output as whole lines, capped in number and length, with the last few kept for an error message. */
export class OutputLines {
  readonly last: string[] = [];
  #onLine: (line: string) => void;
  #tails = { out: '', err: '' };
  #sent = 0;
  #dropped = 0;

  constructor(onLine: (line: string) => void) {
    this.#onLine = onLine;
  }

  push(stream: 'out' | 'err', text: string): void {
    const parts = (this.#tails[stream] + text).split(/\r?\n/);
    this.#tails[stream] = parts.pop()!.slice(0, MAX_LINE_CHARS + 1);
    for (const part of parts) this.line(part);
  }

  line(text: string): void {
    if (!text.trim()) return;
    const cut = text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text;
    this.last.push(cut);
    if (this.last.length > 8) this.last.shift();
    if (this.#sent < MAX_OUTPUT_LINES) {
      this.#sent++;
      this.#onLine(cut);
    } else this.#dropped++;
  }

  end(): void {
    this.line(this.#tails.out);
    this.line(this.#tails.err);
    this.#tails = { out: '', err: '' };
    if (this.#dropped > 0) this.#onLine(`… ${this.#dropped} more lines of npm output not shown`);
  }
}
