// Path resolution inside the in-memory project (`Files`): relative imports, extension and index lookup, loaders.
import type { Loader } from 'esbuild-wasm';
import type { Files } from '../protocol';

const LOADERS: Record<string, Loader> = {
  ts: 'ts',
  mts: 'ts',
  cts: 'ts',
  tsx: 'tsx',
  js: 'js',
  mjs: 'js',
  cjs: 'js',
  jsx: 'jsx',
  json: 'json',
  txt: 'text',
};

/** Tried in this order after the path as written, as TypeScript and esbuild do. */
const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.json'];

/** TypeScript ESM style: `import './x.js'` means `./x.ts` when only the .ts file exists. */
const TS_TWINS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

export function loaderFor(path: string): Loader | null {
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase();
  return (ext && LOADERS[ext]) || null;
}

/** Joins `specifier` to the directory of `importer` and normalises `.`/`..`; null when it climbs above the root. */
export function joinPath(importer: string, specifier: string): string | null {
  const base = specifier.startsWith('/') ? [] : importer.split('/').slice(0, -1);
  const parts = [...base];
  for (const part of specifier.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** The project file an import points at (as written, with an extension, or as a folder's index), or null. */
export function findFile(files: Files, path: string): string | null {
  if (path in files) return path;
  for (const ext of EXTENSIONS) if (path + ext in files) return path + ext;
  const twin = /\.[cm]?jsx?$/.exec(path)?.[0];
  if (twin) {
    const stem = path.slice(0, -twin.length);
    for (const ext of TS_TWINS[twin] ?? []) if (stem + ext in files) return stem + ext;
  }
  for (const ext of EXTENSIONS) if (`${path}/index${ext}` in files) return `${path}/index${ext}`;
  return null;
}

/** Project-relative specifiers: `./x`, `../x`, `/x` (from the project root) and Next's default `@/x` alias. */
export function isProjectSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..' ||
    specifier.startsWith('/') || specifier.startsWith('@/');
}

/** Resolves a project specifier from `importer` (a project path, or '' for the entry) to a file path, or null. */
export function resolveProjectImport(files: Files, importer: string, specifier: string): string | null {
  const joined = specifier.startsWith('@/') ? joinPath('', specifier.slice(2)) : joinPath(importer, specifier);
  return joined === null ? null : findFile(files, joined);
}
