// The Vercel project configuration a function gets, read from the project's files as Vercel's build reads them:
// vercel.json `functions` by glob (vercel/vercel packages/fs-detectors/src/detect-builders.ts `getFunction`,
// `validateFunctions`), `engines.node` (build-utils fs/node-version.ts, fs/run-user-scripts.ts `getNodeVersion`), the
// package manager from the lockfile (run-user-scripts.ts `scanParentDirs`, `detectPackageManager`) and the build script
// (`runPackageJsonScript`, packages/node/src/build.ts). Pure: no I/O, `now` passed in for the dates.
// semver's own modules, not its index (profiles.ts says why).
import coerce from 'semver/functions/coerce.js';
import valid from 'semver/functions/valid.js';
import intersects from 'semver/ranges/intersects.js';
import validRange from 'semver/ranges/valid.js';
import type { Files } from '../../../workers/protocol';
import { VERCEL_NODE_VERSIONS, nodeVersionState, type VercelNodeVersion } from '../runtimes/vercel-node-versions';
import { matchesGlob } from './glob';

export interface FunctionConfig {
  maxDuration?: number | 'max';
  memory?: number;
  includeFiles?: string;
  excludeFiles?: string;
  runtime?: string;
}

/** A rule broken: Vercel's code and text, and the file that breaks it. */
export interface ConfigError {
  code: string;
  message: string;
  file: 'vercel.json' | 'package.json';
}

type Read<T> = { ok: true; value: T } | { ok: false; error: ConfigError };

/** `Couldn't parse JSON file vercel.json.` (packages/cli/src/index.ts). */
function readJson(files: Files, file: ConfigError['file']): Read<Record<string, unknown> | null> {
  const text = files[file];
  if (text === undefined) return { ok: true, value: null };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ok: true, value: value as Record<string, unknown> };
  } catch {
    // reported below
  }
  return { ok: false, error: { code: 'INVALID_JSON', message: `Couldn't parse JSON file ${file}.`, file } };
}

/** The error for one of vercel.json's functions, with Vercel's own text (validateFunctions), or null. */
export function functionsError(functions: unknown): ConfigError | null {
  const error = (code: string, message: string): ConfigError => ({ code, message, file: 'vercel.json' });
  if (functions === undefined) return null;
  if (typeof functions !== 'object' || functions === null || Array.isArray(functions)) {
    return error('invalid_function', 'Function must be an object.');
  }
  for (const [path, func] of Object.entries(functions as Record<string, unknown>)) {
    if (path.length > 256) return error('invalid_function_glob', 'Function globs must be less than 256 characters long.');
    if (!func || typeof func !== 'object') return error('invalid_function', 'Function must be an object.');
    const f = func as Record<string, unknown>;
    if (Object.keys(f).length === 0) return error('invalid_function', 'Function must contain at least one property.');
    const d = f.maxDuration;
    if (d !== undefined && d !== 'max' && (typeof d !== 'number' || d < 1 || d > MAX_DURATION_SCHEMA_S || !Number.isInteger(d))) {
      return error('invalid_function_duration', `Functions must have a maxDuration between 1 and ${MAX_DURATION_SCHEMA_S}, or "max".`);
    }
    const m = f.memory;
    if (m !== undefined && (typeof m !== 'number' || m < 128 || m > 10240)) {
      return error('invalid_function_memory', 'Functions must have a memory value between 128 and 10240');
    }
    if (path.startsWith('/')) {
      return error(
        'invalid_function_source',
        `The function path "${path}" is invalid. The path must be relative to your project root and therefore cannot start with a slash.`,
      );
    }
    if (f.runtime !== undefined) {
      const tag = `${String(f.runtime)}`.split('@').pop();
      if (!tag || !valid(tag)) return error('invalid_function_runtime', 'Function Runtimes must have a valid version, for example `now-php@1.0.0`.');
    }
    for (const name of ['includeFiles', 'excludeFiles'] as const) {
      if (f[name] !== undefined && typeof f[name] !== 'string') return error('invalid_function_property', `The property \`${name}\` must be a string.`);
    }
  }
  return null;
}

/** The client-side bound of `maxDuration` (build-utils max-duration.ts DEFAULT_MAX_DURATION_LIMIT, 2026-06-11). */
export const MAX_DURATION_SCHEMA_S = 1800;

/** The functions entry for a file: the first key equal to it or matching it as a minimatch glob (getFunction). */
export function functionConfigFor(functions: Record<string, FunctionConfig>, entry: string): { pattern: string; config: FunctionConfig } | null {
  const pattern = Object.keys(functions).find((key) => key === entry || matchesGlob(entry, key));
  return pattern === undefined ? null : { pattern, config: functions[pattern] };
}

/** Whether a `runtime` names Vercel's own Node.js runtime (`@vercel/node@5.3.0`): anything else is not here. */
function isNodeRuntime(runtime: string): boolean {
  return runtime.slice(0, runtime.lastIndexOf('@')) === '@vercel/node';
}

export interface NodePick {
  version: VercelNodeVersion;
  /** Where it came from: `engines.node ">=20"`, or `the newest` when package.json sets none. */
  source: string;
  warnings: string[];
}

const NODE_VERSION_LINK = 'https://vercel.link/node-version';

/** getSupportedNodeVersion + getNodeVersion's warnings for `engines.node` (no Project Settings version here). */
export function pickNodeVersion(engines: string | undefined, now: Date = new Date()): Read<NodePick> {
  const usable = VERCEL_NODE_VERSIONS;
  const latest = usable.find((v) => nodeVersionState(v, now) !== 'discontinued') ?? usable[0];
  const hint = `Please set "engines": { "node": "${latest.range}" } in your \`package.json\` file to use Node.js ${latest.major}.`;
  const error = (code: string, message: string): Read<NodePick> => ({ ok: false, error: { code, message, file: 'package.json' } });
  let version = latest;
  const warnings: string[] = [];
  if (engines) {
    const found = validRange(engines) ? usable.find((v) => intersects(v.range, engines)) : undefined;
    if (!found) return error('BUILD_UTILS_NODE_VERSION_INVALID', `Found invalid or discontinued Node.js Version: "${engines}". ${hint}`);
    version = found;
  }
  const state = nodeVersionState(version, now);
  if (state === 'discontinued') {
    return error('BUILD_UTILS_NODE_VERSION_DISCONTINUED', `Node.js Version "${version.range}" is discontinued and must be upgraded. ${hint}`);
  }
  if (state === 'deprecated') {
    warnings.push(`Error: Node.js version ${version.range} is deprecated. Deployments created on or after ${version.discontinueDate} will fail to build. ${hint}`);
  }
  if (engines) {
    if (coerce(engines)?.raw === engines) {
      warnings.push(`Warning: Detected "engines": { "node": "${engines}" } in your \`package.json\` with major.minor.patch, but only major Node.js Version can be selected. Learn More: ${NODE_VERSION_LINK}`);
    } else if (validRange(engines) && intersects(`${latest.major + 1}.x`, engines)) {
      warnings.push(`Warning: Detected "engines": { "node": "${engines}" } in your \`package.json\` that will automatically upgrade when a new major Node.js Version is released. Learn More: ${NODE_VERSION_LINK}`);
    }
  }
  return { ok: true, value: { version, source: engines ? `engines.node "${engines}"` : 'the newest; package.json sets no engines.node', warnings } };
}

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun' | 'vlt';

export interface PackageManager {
  cli: PackageManagerName;
  lockfile: string | null;
  lockfileVersion: number | null;
  /** The version Vercel puts on PATH where it decides by lockfileVersion (`pnpm@10.x`); null: what the Node.js version brings. */
  detected: string | null;
  /** What Vercel's build log says about it, where it says anything. */
  log: string | null;
}

/** Vercel prefers pnpm 10 for a `pnpm-lock.yaml` 9.0 of a project created from this date (PNPM_10_PREFERRED_AT). */
const PNPM_10_PREFERRED_AT = new Date('2025-02-27T20:00:00Z');

function pnpmFor(lockfileVersion: number | null, createdAt: Date): string | null {
  switch (lockfileVersion) {
    case 5.3:
      return 'pnpm@6.x';
    case 5.4:
      return 'pnpm@7.x';
    case 6.0:
    case 6.1:
      return 'pnpm@8.x';
    case 7.0:
      return 'pnpm@9.x';
    case 9.0:
      return createdAt.getTime() >= PNPM_10_PREFERRED_AT.getTime() ? 'pnpm@10.x' : 'pnpm@9.x';
    default:
      return null;
  }
}

function yarnFor(lockfileVersion: number | null): string {
  if (lockfileVersion === 1) return 'yarn@1.x';
  if (lockfileVersion === 4 || lockfileVersion === 5) return 'yarn@2.x';
  if (lockfileVersion === 6 || lockfileVersion === 7) return 'yarn@3.x';
  if (lockfileVersion === 8) return 'yarn@4.x';
  return 'unknown yarn';
}

/** `lockfileVersion: '9.0'` in pnpm-lock.yaml; yarn's `__metadata: version: 8` (none: yarn 1). */
function yamlNumber(text: string, key: RegExp): number | null {
  const match = key.exec(text);
  return match ? Number(match[1]) : null;
}

/**
 * The package manager by lockfile, in Vercel's order: bun beside yarn > yarn > pnpm > npm > bun > vlt, else npm
 * (a `packageManager` field counts only with corepack, ENABLE_EXPERIMENTAL_COREPACK=1, which the playground has not).
 * `createdAt` is the project's creation: a playground project is new.
 */
export function detectPackageManager(files: Files, createdAt: Date = new Date()): PackageManager {
  const has = (name: string) => name in files;
  const bunLock = has('bun.lock') ? 'bun.lock' : has('bun.lockb') ? 'bun.lockb' : null;
  const bun = (): PackageManager => ({ cli: 'bun', lockfile: bunLock, lockfileVersion: bunLock === 'bun.lock' ? 1 : 0, detected: 'bun@1.x', log: `Detected \`${bunLock}\` generated by bun@1.x` });
  if (bunLock && has('yarn.lock')) return bun();
  if (has('yarn.lock')) {
    const text = files['yarn.lock'];
    const version = text.includes('__metadata:') ? yamlNumber(text, /__metadata:\s*\n\s+version:\s*["']?(\d+)/) : 1;
    const detected = yarnFor(version);
    return { cli: 'yarn', lockfile: 'yarn.lock', lockfileVersion: version, detected, log: `Detected \`yarn.lock\` generated by ${detected}` };
  }
  if (has('pnpm-lock.yaml')) {
    const version = yamlNumber(files['pnpm-lock.yaml'], /^lockfileVersion:\s*["']?([\d.]+)/m);
    const detected = pnpmFor(version, createdAt);
    const log =
      detected === null
        ? null
        : version === 9
          ? `Detected \`pnpm-lock.yaml\` 9 which may be generated by pnpm@9.x or pnpm@10.x\nUsing ${detected} based on project creation date\nTo use ${detected === 'pnpm@10.x' ? 'pnpm@9.x' : 'pnpm@10.x'}, manually opt in using corepack (https://vercel.com/docs/deployments/configure-a-build#corepack)`
          : `Detected \`pnpm-lock.yaml\` version ${version} generated by ${detected}`;
    return { cli: 'pnpm', lockfile: 'pnpm-lock.yaml', lockfileVersion: version, detected, log };
  }
  if (has('package-lock.json')) {
    let version: number | null = null;
    try {
      version = Number((JSON.parse(files['package-lock.json']) as { lockfileVersion?: unknown }).lockfileVersion) || null;
    } catch {
      // a broken lockfile: npm still, its version unknown
    }
    return { cli: 'npm', lockfile: 'package-lock.json', lockfileVersion: version, detected: null, log: null };
  }
  if (bunLock) return bun();
  if (has('vlt-lock.json')) return { cli: 'vlt', lockfile: 'vlt-lock.json', lockfileVersion: null, detected: null, log: null };
  return { cli: 'npm', lockfile: null, lockfileVersion: null, detected: null, log: null };
}

/** The script Vercel runs before building a function in `api/` (packages/node/src/build.ts: no `build` fallback there). */
export const FUNCTION_BUILD_SCRIPTS = ['vercel-build', 'now-build'] as const;

export interface BuildScript {
  name: (typeof FUNCTION_BUILD_SCRIPTS)[number];
  /** What it runs: package.json's `scripts[name]`. */
  script: string;
  /** As Vercel prints it: `npm run vercel-build` (Running "…", Command "…" exited with 1). */
  command: string;
}

export function buildScriptFor(packageJson: Record<string, unknown> | null, manager: PackageManagerName): BuildScript | null {
  const scripts = packageJson?.scripts;
  if (typeof scripts !== 'object' || scripts === null) return null;
  const record = scripts as Record<string, unknown>;
  const name = FUNCTION_BUILD_SCRIPTS.find((n) => typeof record[n] === 'string');
  if (!name) return null;
  return { name, script: record[name] as string, command: `${manager} run ${name}` };
}

/** One `node <file> …` command of a build script. */
export interface BuildCommand {
  file: string;
  args: string[];
}

/**
 * How the playground runs a build script (both Node hosts): `node gen.mjs && node scripts/x.js --out data` → its commands; anything else (another program, a pipe, a variable,
 * quotes, node flags before the file) → why it is refused.
 */
export function parseBuildScript(script: string): { ok: true; commands: BuildCommand[] } | { ok: false; error: string } {
  const refuse = (why: string) => ({
    ok: false as const,
    error: `The playground runs a build script made of \`node <file>\` commands joined by \`&&\` (each confined like a handler); ${why}. A shell would run outside that confinement.`,
  });
  const commands: BuildCommand[] = [];
  for (const part of script.split('&&')) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return refuse('an empty command is not one');
    if (/[|;<>`$'"\\&(){}*?~]/.test(part)) return refuse(`"${part.trim()}" needs a shell`);
    if (words[0] !== 'node') return refuse(`"${part.trim()}" runs ${words[0]}, not node`);
    const [file, ...args] = words.slice(1);
    if (!file || file.startsWith('-')) return refuse(`"${part.trim()}" must name a script file right after node`);
    commands.push({ file, args });
  }
  return { ok: true, commands };
}

export interface VercelProject {
  functions: Record<string, FunctionConfig>;
  packageJson: Record<string, unknown> | null;
  node: NodePick;
  packageManager: PackageManager;
  build: BuildScript | null;
}

/** Everything Vercel reads from vercel.json and package.json before it builds a function, or the first rule broken. */
export function readVercelProject(files: Files, now: Date = new Date()): Read<VercelProject> {
  const vercelJson = readJson(files, 'vercel.json');
  if (!vercelJson.ok) return vercelJson;
  const functions = vercelJson.value?.functions;
  const invalid = functionsError(functions);
  if (invalid) return { ok: false, error: invalid };
  const packageJson = readJson(files, 'package.json');
  if (!packageJson.ok) return packageJson;
  const engines = packageJson.value?.engines as { node?: unknown } | undefined;
  const node = pickNodeVersion(typeof engines?.node === 'string' ? engines.node : undefined, now);
  if (!node.ok) return node;
  const deps = { ...(packageJson.value?.dependencies as object | undefined), ...(packageJson.value?.devDependencies as object | undefined) };
  const next = 'next' in deps || Object.keys(files).some((path) => /^(src\/)?(app|pages)\//.test(path) || /^(src\/)?(middleware|proxy)\.[jt]s$/.test(path));
  const unused = unusedFunctionError((functions ?? {}) as Record<string, FunctionConfig>, files, next);
  if (unused) return { ok: false, error: unused };
  const packageManager = detectPackageManager(files, now);
  const build = buildScriptFor(packageJson.value, packageManager.cli);
  return { ok: true, value: { functions: (functions ?? {}) as Record<string, FunctionConfig>, packageJson: packageJson.value, node: node.value, packageManager, build } };
}

const NEXT_FUNCTION_PREFIXES = ['pages/', 'src/pages', 'app/', 'src/app/', 'middleware', 'src/middleware'];

/**
 * A `functions` pattern that matches no function (checkUnusedFunctions): in a Next.js project, patterns under its
 * routers are let be; elsewhere every pattern must match a file in `api/`.
 */
export function unusedFunctionError(functions: Record<string, FunctionConfig>, files: Files, next: boolean): ConfigError | null {
  const api = Object.keys(files).filter((path) => path.startsWith('api/') && !path.split('/').some((part) => part.startsWith('_') || part.startsWith('.')));
  const used = (pattern: string) => api.some((path) => path === pattern || matchesGlob(path, pattern));
  const error = (message: string): ConfigError => ({ code: 'unused_function', message, file: 'vercel.json' });
  for (const pattern of Object.keys(functions)) {
    if (used(pattern)) continue;
    if (next && NEXT_FUNCTION_PREFIXES.some((prefix) => pattern.startsWith(prefix))) continue;
    return error(
      next
        ? `The pattern "${pattern}" defined in \`functions\` doesn't match any Serverless Functions.`
        : `The pattern "${pattern}" defined in \`functions\` doesn't match any Serverless Functions inside the \`api\` directory.`,
    );
  }
  return null;
}

/** A community runtime named for an entry: the run must fail with this, never run the file as Node.js. */
export function unavailableRuntime(entry: string, match: { pattern: string; config: FunctionConfig } | null): ConfigError | null {
  const runtime = match?.config.runtime;
  if (!runtime || isNodeRuntime(runtime)) return null;
  return {
    code: 'RUNTIME_NOT_AVAILABLE',
    message: `vercel.json gives ${entry} the runtime "${runtime}" (functions["${match!.pattern}"].runtime). Vercel installs that runtime from npm to build the function; the playground does not have it, so ${entry} does not run here (it is not run as Node.js instead).`,
    file: 'vercel.json',
  };
}
