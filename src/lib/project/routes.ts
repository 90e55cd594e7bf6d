// Which handler convention a file follows and which URL path it answers, from its place in the file tree.
import type { HandlerKind, LanguageName } from '../../../workers/protocol';
import { pythonApp } from './python-entrypoint';

const SOURCE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
/** Vercel's official runtimes for other languages, by the extension of a file under `api/` (runtime-spec-2026 §2.5). */
const LANGUAGE_EXTENSIONS: Record<string, LanguageName> = { py: 'python', rb: 'ruby', go: 'go' };
const LANGUAGE_SOURCE = /\.(py|rb|go)$/;

/** The language of a Vercel function in Python, Ruby or Go (`api/hello.py` → python); null for anything else. */
export function languageOf(path: string): LanguageName | null {
  if (!/^api\//.test(path)) return null;
  const m = LANGUAGE_SOURCE.exec(path);
  return m ? LANGUAGE_EXTENSIONS[m[1]] : null;
}

export function isSourceFile(path: string): boolean {
  return SOURCE.test(path);
}

/** The handler convention of an entry file, or null when the file is not a handler. */
export function handlerKind(path: string): HandlerKind | null {
  if (languageOf(path)) return 'vercel-function';
  if (!isSourceFile(path)) return null;
  if (/^(src\/)?app\/(.+\/)?route\.[a-z]+$/.test(path)) return 'app-route';
  if (/^(src\/)?pages\/api\//.test(path)) return 'pages-api';
  if (/^api\//.test(path)) return 'vercel-function';
  return null;
}

/** The URL path a handler file answers: `app/api/hello/route.ts` → `/api/hello`, `pages/api/x/index.ts` → `/api/x`. */
export function routePath(path: string): string {
  const p = path.replace(/^src\//, '');
  if (p.startsWith('app/')) {
    const dir = p.slice(4).split('/').slice(0, -1);
    return '/' + dir.filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@')).join('/');
  }
  const noExt = p.replace(/^pages\//, '').replace(languageOf(p) ? LANGUAGE_SOURCE : SOURCE, '').replace(/(^|\/)index$/, '');
  return '/' + noExt;
}

/** The handler files of a project, in a stable order. */
export function handlerFiles(files: Record<string, string>): string[] {
  return Object.keys(files)
    .filter((p) => handlerKind(p) !== null)
    .sort();
}

/** The path of a request URL (`/api/x?y=1` or `https://host/api/x`), without its trailing slash. */
export function pathOf(url: string): string {
  const path = /^[a-z]+:\/\//i.test(url) ? new URL(url).pathname : url.split(/[?#]/)[0];
  return path.replace(/\/+$/, '') || '/';
}

/** How specific a route segment is, as Next.js ranks them: static, then `[param]`, `[...rest]`, `[[...rest]]`. */
function segmentRank(seg: string): number {
  if (/^\[\[\.\.\..+\]\]$/.test(seg)) return 3;
  if (/^\[\.\.\..+\]$/.test(seg)) return 2;
  if (/^\[.+\]$/.test(seg)) return 1;
  return 0;
}

/** Does `route` (`/api/[id]`) answer `path` (`/api/42`)? */
function routeMatches(route: string, path: string): boolean {
  const want = path.split('/').filter(Boolean);
  const segs = route.split('/').filter(Boolean);
  for (let i = 0; i < segs.length; i++) {
    const rank = segmentRank(segs[i]);
    if (rank === 3) return want.length >= i;
    if (rank === 2) return want.length > i;
    if (i >= want.length) return false;
    if (rank === 0 && segs[i] !== want[i]) return false;
  }
  return want.length === segs.length;
}

/** Orders routes most specific first, segment by segment (static beats dynamic beats catch-all). */
function bySpecificity(a: string, b: string): number {
  const sa = a.split('/').filter(Boolean);
  const sb = b.split('/').filter(Boolean);
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    const ra = i < sa.length ? segmentRank(sa[i]) : -1;
    const rb = i < sb.length ? segmentRank(sb[i]) : -1;
    if (ra !== rb) return ra - rb;
  }
  return 0;
}

/**
 * The handler that answers a URL (a path and query, or an absolute URL): the most specific route that matches, as
 * Next.js picks it (`/api/users/me` before `/api/users/[id]` before `/api/[...rest]`), else the project's Python app;
 * null when none does.
 */
export function matchRoute(files: Record<string, string>, url: string): string | null {
  const path = pathOf(url);
  // Under a Python preset (python-entrypoint.ts) Vercel builds no function from api/*.py: the other functions answer
  // their paths first (`handle: filesystem`), then the app answers every other path (`/(.*)`).
  const app = pythonApp(files);
  const candidates = handlerFiles(files)
    .filter((file) => !(app && languageOf(file) === 'python'))
    .filter((file) => routeMatches(routePath(file), path))
    .sort((a, b) => bySpecificity(routePath(a), routePath(b)));
  return candidates[0] ?? app?.entrypoint ?? null;
}
