// Dynamic route params from the entry's path and the request URL, as Next passes them: `app/api/[id]/route.ts` and
// `pages/api/[id].ts` answering `/api/7` → `{ id: '7' }`; `[...slug]` and `[[...slug]]` catch the rest as an array.

export type RouteParams = Record<string, string | string[]>;

function routeSegments(entryPath: string): string[] {
  const file = entryPath.replace(/^src\//, '');
  if (file.startsWith('app/')) {
    // app/api/x/route.ts → api/x; route groups `(g)` and parallel slots `@s` are not in the URL.
    return file.slice(4).split('/').slice(0, -1).filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@'));
  }
  // pages/api/x/[id].ts → api/x/[id]; an `index` file is its folder.
  const route = file.replace(/^pages\//, '').replace(/\.[cm]?[jt]sx?$/, '');
  return route.split('/').filter((s, i, all) => !(s === 'index' && i === all.length - 1));
}

export function routeParams(entryPath: string, url: string): RouteParams {
  const params: RouteParams = {};
  const pattern = routeSegments(entryPath);
  let segments: string[];
  try {
    segments = new URL(url).pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    return params;
  }
  for (let i = 0; i < pattern.length; i++) {
    const seg = pattern[i];
    const catchAll = /^\[\[?\.\.\.(.+?)\]\]?$/.exec(seg);
    if (catchAll) {
      const rest = segments.slice(i);
      if (rest.length) params[catchAll[1]] = rest;
      return params;
    }
    const dynamic = /^\[(.+)\]$/.exec(seg);
    if (dynamic && segments[i] !== undefined) params[dynamic[1]] = segments[i];
  }
  return params;
}

/** The entry's route has a dynamic segment (`[id]`, `[...slug]`, `[[...slug]]`). */
export function isDynamicRoute(entryPath: string): boolean {
  return routeSegments(entryPath).some((s) => /^\[.+\]$/.test(s));
}
