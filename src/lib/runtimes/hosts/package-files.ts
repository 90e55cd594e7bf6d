// The installed files an edge build gets from a Node host: the named packages and the packages they depend on, their
// manifests and script files only, within caps. Each host walks its own file system through a PackageTreeReader.
import { PACKAGE_FILE_CAPS } from '../../limits';

/** A folder's entries as the host sees them without following links: anything but folders and files is left out. */
export interface PackageTreeEntry {
  name: string;
  kind: 'file' | 'dir';
}

/** Reads the install directory; paths are relative to it (`node_modules/ms/index.js`). */
export interface PackageTreeReader {
  /** A real folder's entries, or null when the path is not one. */
  list(dir: string): Promise<PackageTreeEntry[] | null>;
  /** A regular file's text, or null when the path is not one. */
  read(path: string): Promise<string | null>;
}

/** npm's rules for a package name (as the bridge's install checks them): no `..`, no `/` beyond a scope. */
export const PACKAGE_NAME = /^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

/** What a bundler can use: manifests and scripts; no type declarations, source maps, docs or binaries. */
const WANTED_FILE = /\.(?:[cm]?js|json)$/;
/** Folders at a package's top that bundles never import from. */
const SKIPPED_DIRS = new Set(['test', 'tests', '__tests__', '.github', 'node_modules']);

export class PackageFilesError extends Error {}

/**
 * The files of `names` (installed at `node_modules/<name>`) and of every package they depend on (dependencies,
 * optionalDependencies, peerDependencies that are installed), found as Node finds them: the nearest `node_modules`
 * upwards from the dependent package. Throws PackageFilesError when a named package is not installed or the caps are
 * passed.
 */
export async function collectPackageFiles(reader: PackageTreeReader, names: readonly string[], caps: { files: number; bytes: number } = PACKAGE_FILE_CAPS): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  let bytes = 0;
  let count = 0;
  const add = (path: string, text: string) => {
    count++;
    bytes += new TextEncoder().encode(text).byteLength;
    if (count > caps.files || bytes > caps.bytes) {
      throw new PackageFilesError(
        `${names.join(', ')} and the packages they depend on are larger than the playground hands to an edge build ` +
          `(at most ${caps.files} files and ${Math.round(caps.bytes / 1024 / 1024)} MB of JavaScript and JSON).`,
      );
    }
    files[path] = text;
  };
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const name of names) {
    if (!PACKAGE_NAME.test(name)) throw new PackageFilesError(`"${name}" is not an npm package name.`);
    const dir = `node_modules/${name}`;
    if ((await reader.read(`${dir}/package.json`)) === null) throw new PackageFilesError(`${name} is not installed for this project.`);
    queue.push(dir);
  }
  for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    const manifest = await reader.read(`${dir}/package.json`);
    if (manifest === null) continue;
    add(`${dir}/package.json`, manifest);
    for (const dependency of dependencyNames(manifest)) {
      const found = await locate(reader, dir, dependency);
      if (found && !seen.has(found)) queue.push(found);
    }
    await walk(reader, dir, true, add);
  }
  return files;
}

function dependencyNames(manifest: string): string[] {
  try {
    const json = JSON.parse(manifest) as Record<string, unknown>;
    const names = new Set<string>();
    for (const group of [json.dependencies, json.optionalDependencies, json.peerDependencies]) {
      if (group && typeof group === 'object' && !Array.isArray(group)) for (const name of Object.keys(group)) names.add(name);
    }
    return [...names].filter((name) => PACKAGE_NAME.test(name));
  } catch {
    return [];
  }
}

/** `name` as Node finds it from the package at `dir`: its own node_modules, then each one above it. */
async function locate(reader: PackageTreeReader, dir: string, name: string): Promise<string | null> {
  const parts = dir.split('/');
  for (let i = parts.length; i > 0; i--) {
    if (parts[i - 1] === 'node_modules') continue;
    const candidate = [...parts.slice(0, i), 'node_modules', name].join('/');
    if ((await reader.read(`${candidate}/package.json`)) !== null) return candidate;
  }
  const top = `node_modules/${name}`;
  return (await reader.read(`${top}/package.json`)) !== null ? top : null;
}

async function walk(reader: PackageTreeReader, dir: string, top: boolean, add: (path: string, text: string) => void): Promise<void> {
  for (const entry of (await reader.list(dir)) ?? []) {
    const path = `${dir}/${entry.name}`;
    if (entry.kind === 'dir') {
      if (entry.name === 'node_modules' || (top && SKIPPED_DIRS.has(entry.name))) continue;
      await walk(reader, path, false, add);
    } else if (WANTED_FILE.test(entry.name) && !(top && entry.name === 'package.json')) {
      const text = await reader.read(path);
      if (text !== null) add(path, text);
    }
  }
}
