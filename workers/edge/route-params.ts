// The `params` of an app route (`app/api/[id]/route.ts` answering `/api/7` → `{ id: '7' }`), as Next passes them.

export type RouteParams = Record<string, string | string[]>;

export function routeParams(entryPath: string, url: string): RouteParams {
  const params: RouteParams = {};
  const file = entryPath.replace(/^src\//, '').replace(/^app\//, '');
  const pattern = file.split('/').slice(0, -1).filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@'));
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
