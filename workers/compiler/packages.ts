// Bare imports in edge builds, resolved against installed packages (`node_modules/…` paths in Files) as Next bundles them.
// esbuild-wasm has no file system in the page, so its own resolver cannot read these: this is the small part of
// webpack's (and Turbopack's) resolution that packages use: `exports` with conditions, the `browser` field as an alias
// map, main fields, extensions and folder indexes.
import type { Files, NextTraits } from '../protocol';
import { findFile, joinPath } from './project-fs';

/** How one bundler resolves packages for the edge: `import`/`require` and `default` are added per import. */
export interface PackageRules {
  conditions: readonly string[];
  mainFields: readonly string[];
}

/**
 * Measured on real builds with one probe package per condition (next 15.5.29 webpack and 16.4.6 Turbopack, pages/api
 * and app route edge entries): webpack matches `edge-light`, `webpack`, `production`, `browser`, `module` (Next's
 * `edgeConditionNames` plus webpack's web-target defaults) with main fields `edge-light`, `browser`, `module`, `main`;
 * Turbopack the same conditions less `webpack`, with main fields `browser`, `module`, `main`; App Router routes also
 * match `react-server`. Neither matches `worker` or `node`. A plain Vercel edge function: @vercel/node traces with
 * `edge-light`, `browser`, `module`, `import`, `require`.
 */
export function packageRules(next: NextTraits | undefined): PackageRules {
  if (!next) return { conditions: ['edge-light', 'browser', 'module'], mainFields: ['browser', 'module', 'main'] };
  const server = next.reactServer ? ['react-server'] : [];
  if (next.bundler === 'turbopack') {
    return { conditions: [...server, 'edge-light', 'production', 'browser', 'module'], mainFields: ['browser', 'module', 'main'] };
  }
  return { conditions: [...server, 'edge-light', 'webpack', 'production', 'browser', 'module'], mainFields: ['edge-light', 'browser', 'module', 'main'] };
}

/** `@scope/pkg/sub` → name `@scope/pkg`, subpath `./sub`; null for anything that is not a package specifier. */
export function splitSpecifier(specifier: string): { name: string; subpath: string } | null {
  if (!/^(?:@[a-z0-9~-][\w.~-]*\/)?[a-z0-9~_-][\w.~-]*(?:\/|$)/i.test(specifier)) return null;
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  const rest = parts.slice(length).join('/');
  return { name: parts.slice(0, length).join('/'), subpath: rest ? `./${rest}` : '.' };
}

/** A resolved import: a file, the empty module (`browser: { x: false }`), or why it cannot be resolved. */
export type PackageResolution = { path: string } | { empty: true } | { error: string };

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface Manifest {
  dir: string;
  json: { [key: string]: Json };
}

const manifests = new WeakMap<Files, Map<string, Manifest | null>>();

function manifest(packages: Files, dir: string): Manifest | null {
  let cache = manifests.get(packages);
  if (!cache) manifests.set(packages, (cache = new Map()));
  if (!cache.has(dir)) {
    let json: Manifest['json'] | null = null;
    try {
      const value = JSON.parse(packages[`${dir}/package.json`] ?? 'null') as Json;
      if (value && typeof value === 'object' && !Array.isArray(value)) json = value;
    } catch {
      json = null;
    }
    cache.set(dir, json ? { dir, json } : null);
  }
  return cache.get(dir)!;
}

/** Node's lookup: `node_modules/<name>` in the importer's folder and each folder above it. */
function packageDir(packages: Files, importer: string, name: string): string | null {
  const parts = importer.split('/').slice(0, -1);
  for (let i = parts.length; i >= 0; i--) {
    if (parts[i - 1] === 'node_modules') continue;
    const dir = [...parts.slice(0, i), 'node_modules', name].join('/');
    if (`${dir}/package.json` in packages) return dir;
  }
  return null;
}

/** The package whose folder holds `path` (the innermost `node_modules/<name>`), or null for project files. */
function ownerOf(packages: Files, path: string): Manifest | null {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path);
  return match ? manifest(packages, match[1]) : null;
}

/** `exports` target for `subpath` under `conditions` (undefined: not matched, null: excluded). */
function exportsTarget(field: Json, subpath: string, conditions: Set<string>): string | null | undefined {
  const isSubpathMap = field && typeof field === 'object' && !Array.isArray(field) && Object.keys(field).some((k) => k.startsWith('.'));
  const map = (isSubpathMap ? field : { '.': field }) as Record<string, Json>;
  if (Object.hasOwn(map, subpath) && !subpath.includes('*')) return conditional(map[subpath], '', conditions);
  let best: { key: string; star: string } | null = null;
  for (const key of Object.keys(map)) {
    const at = key.indexOf('*');
    if (at === -1) {
      if (key.endsWith('/') && subpath.startsWith(key) && (!best || key.length > best.key.length)) best = { key, star: subpath.slice(key.length) };
      continue;
    }
    const before = key.slice(0, at);
    const after = key.slice(at + 1);
    if (subpath.length >= key.length - 1 && subpath.startsWith(before) && subpath.endsWith(after) && (!best || before.length > best.key.indexOf('*'))) {
      best = { key, star: subpath.slice(before.length, subpath.length - after.length) };
    }
  }
  if (!best) return undefined;
  const target = conditional(map[best.key], best.star, conditions);
  return typeof target === 'string' && !best.key.includes('*') ? target + best.star : target;
}

function conditional(value: Json, star: string, conditions: Set<string>): string | null | undefined {
  if (typeof value === 'string') return value.replaceAll('*', star);
  if (value === null) return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = conditional(item, star, conditions);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    for (const [key, target] of Object.entries(value)) {
      if (key !== 'default' && !conditions.has(key)) continue;
      const found = conditional(target, star, conditions);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A file or folder in the package: with extensions, a folder's package.json main, or its index. */
function findInPackage(packages: Files, path: string): string | null {
  const nested = manifest(packages, path);
  const main = nested && typeof nested.json.main === 'string' ? joinPath(`${path}/`, nested.json.main) : null;
  return findFile(packages, path) ?? (main !== null ? findFile(packages, main) : null);
}

/** The `browser` field as an alias map (webpack's aliasFields and Turbopack do the same): a file's replacement. */
function browserAlias(packages: Files, owner: Manifest, key: string): PackageResolution | null {
  const map = owner.json.browser;
  if (!map || typeof map !== 'object' || Array.isArray(map)) return null;
  const keys = key.startsWith('./') ? [key, key.replace(/\.(?:[cm]?js|json)$/, ''), `${key}.js`] : [key];
  for (const k of keys) {
    if (!Object.hasOwn(map, k)) continue;
    const target = map[k];
    if (target === false) return { empty: true };
    if (typeof target !== 'string') return null;
    const found = findInPackage(packages, joinPath(`${owner.dir}/`, target) ?? '');
    return found ? { path: found } : { error: `The browser field of ${owner.dir}/package.json maps "${k}" to "${target}", which is not there.` };
  }
  return null;
}

/** After a file is found: the package's browser field may replace it. */
function aliased(packages: Files, path: string): PackageResolution {
  const owner = ownerOf(packages, path);
  return (owner && browserAlias(packages, owner, `./${path.slice(owner.dir.length + 1)}`)) ?? { path };
}

/** The importer's package maps `specifier` in its browser field (`{ "fs": false }`): what it maps to, else null. */
export function packageAlias(packages: Files, importer: string, specifier: string): PackageResolution | null {
  const from = ownerOf(packages, importer);
  return from ? browserAlias(packages, from, specifier) : null;
}

/**
 * Resolves a package specifier imported by `importer` (a path in Files). null: no such package is installed (the
 * caller reports it as missing). `kind` adds `import` or `require` to the conditions, as both bundlers do.
 */
export function resolvePackageImport(packages: Files, importer: string, specifier: string, kind: 'import' | 'require', rules: PackageRules): PackageResolution | null {
  const alias = packageAlias(packages, importer, specifier);
  if (alias) return alias;
  const parts = splitSpecifier(specifier);
  if (!parts) return null;
  const dir = packageDir(packages, importer, parts.name);
  const pkg = dir ? manifest(packages, dir) : null;
  if (!dir || !pkg) return null;
  const where = `${dir}/package.json`;
  if (pkg.json.exports !== undefined && pkg.json.exports !== null) {
    const conditions = new Set([...rules.conditions, kind]);
    const target = exportsTarget(pkg.json.exports, parts.subpath, conditions);
    if (target === undefined || target === null) {
      const what = parts.subpath === '.' ? 'the package itself' : `the subpath "${parts.subpath}"`;
      return { error: `Could not resolve "${specifier}": ${where} "exports" does not export ${what} for the conditions ${[...conditions, 'default'].join(', ')}.` };
    }
    const path = target.startsWith('./') ? joinPath(`${dir}/`, target) : null;
    const found = path !== null && path.startsWith(`${dir}/`) && path in packages ? path : null;
    return found ? aliased(packages, found) : { error: `Could not resolve "${specifier}": ${where} "exports" points at "${target}", which is not in the package.` };
  }
  if (parts.subpath !== '.') {
    const found = findInPackage(packages, `${dir}/${parts.subpath.slice(2)}`);
    return found ? aliased(packages, found) : { error: `Could not resolve "${specifier}": there is no such file in ${dir}.` };
  }
  for (const field of rules.mainFields) {
    const value = pkg.json[field];
    if (typeof value !== 'string') continue;
    const found = findInPackage(packages, joinPath(`${dir}/`, value) ?? '');
    if (found) return aliased(packages, found);
  }
  const index = findFile(packages, `${dir}/index`);
  return index ? aliased(packages, index) : { error: `Could not resolve "${specifier}": ${where} names no entry file that is there.` };
}
