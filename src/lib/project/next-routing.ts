// What Next.js answers when no route matches: its 404 page. And when a profile has no App Router route handlers
// (before 13.2, or 13.2–13.3 without `experimental.appDir`), `app/**/route.ts` is no route, so that is its answer too.
import type { Files, RunEvent } from '../../../workers/protocol';
import type { Profile } from './profiles';

/** `next.config.js` (or .mjs/.ts) sets `experimental.appDir: true`, read as Next reads config: statically enough here. */
function appDirEnabled(files: Files): boolean {
  const config = Object.keys(files).find((p) => /^next\.config\.(js|mjs|cjs|ts)$/.test(p));
  return config !== undefined && /\bappDir\s*:\s*true\b/.test(files[config]);
}

/** Why an App Router route handler is not a route under this profile, or null when it is one. */
export function routeHandlersMissing(profile: Profile, files: Files): string | null {
  if (profile.routeHandlers === 'stable') return null;
  if (profile.routeHandlers === 'appDir') {
    if (appDirEnabled(files)) return null;
    return `${profile.label} serves app/ only with \`experimental: { appDir: true }\` in next.config.js, so this route handler is not a route and Next.js answers 404.`;
  }
  return `${profile.label} has no App Router route handlers (they arrived in 13.2), so app/**/route.ts is not a route and Next.js answers 404.`;
}

/** The default 404 page `next start` sends (its markup and scripts vary by build; the status and type do not). */
export const NEXT_404_HTML =
  '<!DOCTYPE html><html><head><meta charSet="utf-8"/><title>404: This page could not be found.</title></head><body><div><h1>404</h1><div><h2>This page could not be found.</h2></div></div></body></html>';

/** Next's 404 as run events (head, page, and the reason as a log line); the caller adds `end`. */
export function nextNotFound(reason: string): RunEvent[] {
  return [
    {
      type: 'head',
      status: 404,
      statusText: 'Not Found',
      headers: [
        ['cache-control', 'private, no-cache, no-store, max-age=0, must-revalidate'],
        ['content-type', 'text/html; charset=utf-8'],
      ],
      t: 0,
    },
    { type: 'chunk', bytes: new TextEncoder().encode(NEXT_404_HTML), t: 0 },
    { type: 'log', level: 'info', text: reason, t: 0 },
  ];
}
