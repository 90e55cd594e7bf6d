// Which handler convention a file follows and which URL path it answers, from its place in the file tree.
import type { HandlerKind } from '../../../workers/protocol';

const SOURCE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;

export function isSourceFile(path: string): boolean {
  return SOURCE.test(path);
}

/** The handler convention of an entry file, or null when the file is not a handler. */
export function handlerKind(path: string): HandlerKind | null {
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
  const noExt = p.replace(/^pages\//, '').replace(SOURCE, '').replace(/(^|\/)index$/, '');
  return '/' + noExt;
}

/** The handler files of a project, in a stable order. */
export function handlerFiles(files: Record<string, string>): string[] {
  return Object.keys(files)
    .filter((p) => handlerKind(p) !== null)
    .sort();
}

/**
 * The handler that answers a URL path: an exact route match first (`[param]` segments match one segment,
 * `[...rest]` the rest); null when none does.
 */
export function matchRoute(files: Record<string, string>, urlPath: string): string | null {
  const want = urlPath.split('?')[0].replace(/\/+$/, '') || '/';
  for (const file of handlerFiles(files)) {
    const pattern = routePath(file)
      .split('/')
      .map((seg) => {
        if (/^\[\.\.\..+\]$/.test(seg) || /^\[\[\.\.\..+\]\]$/.test(seg)) return '.+';
        if (/^\[.+\]$/.test(seg)) return '[^/]+';
        return seg.replace(/[.*+?^${}()|\\]/g, '\\$&');
      })
      .join('/');
    if (new RegExp(`^${pattern || '/'}$`).test(want)) return file;
  }
  return null;
}
