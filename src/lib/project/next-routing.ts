// What Next.js answers when no route matches: its 404 page. And when a profile has no App Router route handlers
// (before 13.2, or 13.2–13.3 without `experimental.appDir`), `app/**/route.ts` is no route, so that is its answer too.
import type { Files, RunEvent } from '../../../workers/protocol';
import { platformErrorEvents } from '../../../workers/platform-errors';
import { NEXT_404_APP_PAGE, NEXT_404_PAGES_PAGE, type ErrorPage } from '../../../workers/shared/next-error-page';
import type { Profile } from './profiles';
import { handlerFiles, pathOf, routePath } from './routes';

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

/** The 404 page `next start` sends (its markup and scripts vary by build; the status, type and text do not). */
function notFoundPage(profile: Profile, files: Files): ErrorPage {
  const hasPages = Object.keys(files).some((p) => /^(src\/)?pages\//.test(p));
  return hasPages && profile.notFoundFromPages ? NEXT_404_PAGES_PAGE : NEXT_404_APP_PAGE;
}

/** Next's 404 as run events (head, page, and the reason as a log line); the caller adds `end`. */
export function nextNotFound(reason: string, profile: Profile, files: Files): RunEvent[] {
  const page = notFoundPage(profile, files);
  return [
    { type: 'head', status: page.status, statusText: page.statusText, headers: page.headers, t: 0 },
    { type: 'chunk', bytes: new TextEncoder().encode(page.body), t: 0 },
    { type: 'log', level: 'info', text: reason, t: 0 },
  ];
}

/** A Next.js project: it has app/ or pages/, a middleware or proxy file, or depends on `next`. */
export function isNextProject(files: Files): boolean {
  return Object.keys(files).some(
    (p) => /^(src\/)?(app|pages)\//.test(p) || /^(src\/)?(middleware|proxy)\.[a-z]+$/.test(p) || (p === 'package.json' && /"next"\s*:/.test(files[p])),
  );
}

/** The routes of a project, as the 404's log lists them: `/api/a (app/api/a/route.ts)`. */
function routeList(files: Files): string {
  const routes = handlerFiles(files).map((f) => `${routePath(f)} (${f})`);
  return routes.length ? `The project's routes: ${routes.join(', ')}.` : 'The project has no routes.';
}

/**
 * The answer to a URL no route matches: Next's 404 page in a Next.js project, Vercel's NOT_FOUND for plain functions;
 * the log names the routes there are.
 */
export function notFound(files: Files, url: string, profile: Profile): { reason: string; profile: string; events: RunEvent[] } {
  const path = pathOf(url);
  const reason = `No route matches ${path}. ${routeList(files)}`;
  if (isNextProject(files)) return { reason, profile: profile.id, events: nextNotFound(reason, profile, files) };
  return { reason, profile: 'vercel', events: [...platformErrorEvents(404, 'NOT_FOUND', reason, 0)] };
}
