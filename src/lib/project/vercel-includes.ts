// Which of the project's data files a Node.js function finds beside it, as Vercel includes them: the files matched by
// its `functions[glob].includeFiles`, and those its code names by a literal path that @vercel/nft resolves statically
// (`path.join(__dirname, 'x')`, `path.resolve(__dirname, …)`, `new URL('./x', import.meta.url)`, `path.join(process.cwd(), 'x')`),
// less `excludeFiles`. A named folder brings its files. Everything else is left out (and said so), as on Vercel, where a
// `readFileSync` of a file nobody named fails with ENOENT. Simpler than nft: no computed paths, no `fs.readdir` globs.
import type { Files } from '../../../workers/protocol';
import type { FunctionConfig } from './vercel-config';
import { isSourceFile } from './routes';
import { matchesGlob } from './glob';

/** Read by the build, not by a function: not worth a line when left out. */
const PROJECT_CONFIG = new Set(['vercel.json', 'tsconfig.json', 'jsconfig.json', 'next.config.js', 'next.config.mjs', 'next.config.ts', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb', 'vlt-lock.json', '.npmrc']);

/** Files the host's npm install owns, and the project's own configuration: never data files beside the bundle. */
function isDataFile(path: string): boolean {
  return path !== 'package.json' && path !== 'package-lock.json' && !path.split('/').includes('node_modules');
}

/** `'a', "b", `c`` → the strings, or null when one argument is not a plain literal. */
function literals(args: string): string[] | null {
  const parts: string[] = [];
  const re = /\s*(?:'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`\\$]*)`)\s*(,|$)/y;
  let at = 0;
  while (at < args.length) {
    re.lastIndex = at;
    const m = re.exec(args);
    if (!m) return null;
    parts.push(m[1] ?? m[2] ?? m[3]);
    at = re.lastIndex;
    if (m[4] === '') break;
  }
  return parts;
}

/** Joins and normalises like path.posix.join; null for a path that leaves the project. */
function joinPath(base: string, parts: string[]): string | null {
  const out: string[] = base ? base.split('/') : [];
  for (const part of parts.join('/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** The project paths a bundle names statically, relative to the entry's folder (or the project root for cwd). */
export function referencedPaths(code: string, entry: string): string[] {
  const entryDir = entry.includes('/') ? entry.slice(0, entry.lastIndexOf('/')) : '';
  const found = new Set<string>();
  const add = (base: string, parts: string[] | null) => {
    const path = parts && parts.length ? joinPath(base, parts) : null;
    if (path) found.add(path);
  };
  for (const m of code.matchAll(/\b(?:join|resolve)\(\s*(__dirname|process\.cwd\(\))\s*,([^()]*)\)/g)) {
    add(m[1] === '__dirname' ? entryDir : '', literals(m[2]));
  }
  for (const m of code.matchAll(/__dirname\s*\+\s*(['"`])\/([^'"`\\$\n]*)\1/g)) add(entryDir, [m[2]]);
  for (const m of code.matchAll(/new URL\(\s*(['"`])(\.{1,2}\/[^'"`\\$\n]*)\1\s*,\s*import\.meta\.url\s*\)/g)) add(entryDir, [m[2]]);
  return [...found];
}

export interface IncludedFiles {
  /** What is written beside the bundle. */
  included: Files;
  /** The project's other data files, which Vercel would not put in this function (source and config files not listed). */
  omitted: string[];
}

export function includedFiles(files: Files, entry: string, code: string, config: FunctionConfig | null): IncludedFiles {
  const named = referencedPaths(code, entry);
  const excluded = (path: string) => !!config?.excludeFiles && matchesGlob(path, config.excludeFiles, { dot: true });
  const traced = (path: string) => named.some((ref) => path === ref || path.startsWith(ref + '/')) && !excluded(path);
  const globbed = (path: string) => !!config?.includeFiles && matchesGlob(path, config.includeFiles, { dot: true });
  const included: Files = {};
  const omitted: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    if (!isDataFile(path) || path === entry) continue;
    if (globbed(path) || traced(path)) included[path] = text;
    else if (!isSourceFile(path) && !PROJECT_CONFIG.has(path)) omitted.push(path);
  }
  return { included, omitted };
}
