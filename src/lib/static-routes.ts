// Static rendering as `next build && next start` do it where the profile says so (13.2+): the first GET of an App
// Router route on Node.js after a project change is its prerender; when Next would store its answer (profiles.ts
// `staticRules`) later GET/HEAD runs of the same project snapshot are served from the store with Next's headers, no
// handler run, and other methods get Next's 405 page.
import type { Files, HandlerKind, HeaderList, PrerenderVerdict, RunEvent, RuntimeName } from '../../workers/protocol';
import { NEXT_405_PAGE } from '../../workers/shared/next-error-page';
import { runTimings } from '../../workers/shared/timings';
import type { Profile, StaticRules } from './project/profiles';
import type { BuildSummary, PlaygroundEvent, RunRequest, RunStart } from './run';

/** What `next start` of 13.x sets on every App Router response before the route answers (base-server.js, `RSC_VARY_HEADER`); per version: `staticRules.vary`. */
export const APP_VARY = 'RSC, Next-Router-State-Tree, Next-Router-Prefetch, Next-Url';

/** A prerendered answer as Next stores it (`.body` and `.meta`): status, the handler's headers, body. */
export interface StaticEntry {
  status: number;
  statusText: string;
  headers: HeaderList;
  body: Uint8Array;
  /** Seconds until stale, or false: as built until the project changes. */
  revalidate: number | false;
  builtAt: number;
  build: BuildSummary;
  /** A stale entry is being rebuilt in the background (served stale meanwhile). */
  regenerating?: boolean;
}

/** Entries by project snapshot: a change of files is a new build. Inner key: profile, entry, environment. */
const stores = new WeakMap<Files, Map<string, StaticEntry>>();
/** Routes of a snapshot known to be dynamic (a prerender said so): other methods run them without asking again. */
const dynamicRoutes = new WeakMap<Files, Set<string>>();

function storeFor(files: Files): Map<string, StaticEntry> {
  let store = stores.get(files);
  if (!store) stores.set(files, (store = new Map()));
  return store;
}

function dynamicFor(files: Files): Set<string> {
  let known = dynamicRoutes.get(files);
  if (!known) dynamicRoutes.set(files, (known = new Set()));
  return known;
}

export interface StaticRouteContext {
  files: Files;
  path: string;
  profile: Profile;
  env: Record<string, string>;
  request: RunRequest;
  /** The clock, for `revalidate` (tests pass their own). */
  now?: () => number;
}

/** Next prerenders this entry at build: an App Router route without dynamic segments, on Node.js, in a profile that does. */
export function prerenders(profile: Profile, kind: HandlerKind, runtime: RuntimeName, path: string): boolean {
  return profile.staticGetRoutes && kind === 'app-route' && runtime === 'nodejs' && !/\/\[[^/]+\]\//.test(path);
}

const keyOf = (ctx: StaticRouteContext) => `${ctx.profile.id}\0${ctx.path}\0${JSON.stringify(Object.entries(ctx.env).sort())}`;

/** A year: Next's default `expire`, which 15+ send as the rest of `stale-while-revalidate`. */
const EXPIRE_SECONDS = 31_536_000;

/** 15+'s Cache-Control for a stored route answer (`getCacheControlHeader`); 15.0–15.1 end a `revalidate = false` one with a comma. */
function cacheControl(rules: StaticRules, revalidate: number | false): string | null {
  if (rules.cacheControl === 'none') return null;
  if (revalidate === false) return rules.cacheControl === 's-maxage,' ? `s-maxage=${EXPIRE_SECONDS},` : `s-maxage=${EXPIRE_SECONDS}`;
  return `s-maxage=${revalidate}, stale-while-revalidate=${EXPIRE_SECONDS - revalidate}`;
}

/** The served answer's headers as `next start` of the profile sends them: `vary`, cache state, Cache-Control, the stored ones; Node adds a fresh date. */
export function servedHeaders(entry: StaticEntry, cache: 'HIT' | 'STALE', rules?: StaticRules): HeaderList {
  const headers: HeaderList = [['vary', rules?.vary ?? APP_VARY], ['x-nextjs-cache', cache]];
  if (rules?.prerenderHeader) headers.push(['x-nextjs-prerender', '1']);
  const control = rules ? cacheControl(rules, entry.revalidate) : null;
  if (control) headers.push(['cache-control', control]);
  return [...headers, ...entry.headers.filter(([name]) => !(control && name.toLowerCase() === 'cache-control')), ['date', new Date().toUTCString()]];
}

/** The stale rule of Next's incremental cache: `revalidate` seconds after it was built. */
export function isStale(entry: StaticEntry, now: number): boolean {
  return entry.revalidate !== false && now - entry.builtAt > entry.revalidate * 1000;
}

function label(profile: Profile): string {
  return profile.label.replace(/\.x$/, '');
}

export function staticReason(profile: Profile, from: 'build' | 'store'): string {
  return `static: prerendered at build (${label(profile)})${from === 'store' ? ', served from the build' : ''}`;
}

export function dynamicReason(profile: Profile, verdict: PrerenderVerdict | null): string {
  return `dynamic: ${verdict ? verdict.reason : 'not prerendered'}, so ${label(profile)} renders it on each request`;
}

/** The start with the prerender's note, in its reason chain and its one-line reason. */
const noted = (start: RunStart, text: string): RunStart => ({ ...start, because: [...start.because, { kind: 'static', text }], reason: `${start.reason} · ${text}` });

function* served(entry: StaticEntry, start: RunStart, method: string, cache: 'HIT' | 'STALE', rules: StaticRules): Generator<PlaygroundEvent> {
  const t0 = performance.now();
  yield { ...start, build: entry.build };
  yield { type: 'head', status: entry.status, statusText: entry.statusText, headers: servedHeaders(entry, cache, rules), t: 0 };
  if (method !== 'HEAD' && entry.body.byteLength) yield { type: 'chunk', bytes: entry.body, t: performance.now() - t0 };
  const t = performance.now() - t0;
  yield { type: 'end', timings: runTimings({ totalMs: t, fromStore: true }) };
}

/** Runs the route: as `next build` prerenders it (a GET, with a `prerender` verdict among its events), or as it is. */
export type RouteRunner = (request: RunRequest, prerender: boolean) => AsyncIterable<PlaygroundEvent>;

/**
 * One run of a route Next prerenders. `start` is the run's preface as the route would have it (for answers from the
 * store, which run nothing); `runRoute` runs the handler.
 */
export async function* staticRoute(ctx: StaticRouteContext, start: RunStart, runRoute: RouteRunner): AsyncGenerator<PlaygroundEvent> {
  const now = ctx.now ?? Date.now;
  const store = storeFor(ctx.files);
  const key = keyOf(ctx);
  const method = ctx.request.method.toUpperCase();
  const entry = store.get(key);
  const rules = ctx.profile.staticRules;
  if (method !== 'GET' && method !== 'HEAD') {
    // `next build` ran before any request: a route it stored answers other methods with Next's 405 page.
    const known = dynamicFor(ctx.files);
    const stored = entry ?? (known.has(key) ? undefined : (await regenerate(ctx, runRoute, store, key)) ? store.get(key) : undefined);
    if (!stored) {
      known.add(key);
      yield* runRoute(ctx.request, false);
      return;
    }
    yield* methodNotAllowed(stored, noted(start, `${staticReason(ctx.profile, 'store')}, so ${method} is Next's 405`), rules);
    return;
  }
  if (entry) {
    const stale = isStale(entry, now());
    yield* served(entry, noted(start, staticReason(ctx.profile, 'store')), method, stale ? 'STALE' : 'HIT', rules);
    if (stale && !entry.regenerating) {
      // Next serves the stale answer and rebuilds in the background; the next request gets the new one.
      entry.regenerating = true;
      void regenerate(ctx, runRoute, store, key).then((stored) => {
        if (!stored) entry.regenerating = false;
      });
    }
    return;
  }

  let verdict: PrerenderVerdict | null = null;
  let preface: RunStart | null = null;
  let summary = start.build;
  const early: RunEvent[] = [];
  const held: RunEvent[] = [];
  const withVerdict = (s: RunStart): RunStart => {
    if (!verdict) return s;
    return noted(s, verdict.static ? staticReason(ctx.profile, 'build') : dynamicReason(ctx.profile, verdict));
  };
  // The build's request is a GET; a HEAD gets what it built (or, dynamic, the answer without its body).
  for await (const event of runRoute({ ...ctx.request, method: 'GET', body: null }, true)) {
    if (event.type === 'start') {
      preface = event;
      summary = event.build;
      continue;
    }
    if (event.type === 'prerender') {
      verdict = event;
      continue;
    }
    if (preface) {
      // The preface says static or dynamic, so it waits for the verdict (sent before the head).
      if (!verdict && (event.type === 'log' || event.type === 'dropped')) {
        early.push(event);
        continue;
      }
      yield withVerdict(preface);
      preface = null;
      yield* early;
    }
    // A static answer is held until the build finished: the first answer is the stored one, as `next start` serves it.
    if (verdict?.static && event.type !== 'log' && event.type !== 'dropped') held.push(event);
    else if (method !== 'HEAD' || event.type !== 'chunk') yield event;
  }
  if (preface) {
    yield withVerdict(preface);
    yield* early;
  }
  if (!verdict?.static) {
    if (verdict) dynamicFor(ctx.files).add(key);
    return;
  }
  const built = toEntry(held, verdict, now(), summary);
  if (!built) {
    // It failed after the verdict (a body that threw): nothing is stored; the run shows what happened.
    for (const event of held) if (method !== 'HEAD' || event.type !== 'chunk') yield event;
    return;
  }
  store.set(key, built);
  const end = held.find((e): e is Extract<RunEvent, { type: 'end' }> => e.type === 'end');
  yield { type: 'head', status: built.status, statusText: built.statusText, headers: servedHeaders(built, 'HIT', rules), t: end?.timings.ttfbMs ?? 0 };
  if (method !== 'HEAD' && built.body.byteLength) yield { type: 'chunk', bytes: built.body, t: end?.timings.totalMs ?? 0 };
  yield end ?? { type: 'end', timings: runTimings() };
}

/** What `next start` answers a method other than GET or HEAD on a stored route: `Allow: GET` and `Allow: HEAD`, and its 405 page or text. */
function* methodNotAllowed(entry: StaticEntry, start: RunStart, rules: StaticRules): Generator<PlaygroundEvent> {
  const page = NEXT_405_PAGE;
  const allow = page.headers.filter(([name]) => name === 'allow');
  const headers =
    rules.methodNotAllowed === 'text'
      ? allow
      : page.headers.map(([name, value]): [string, string] => (name === 'cache-control' && rules.methodNotAllowed === 'page' ? [name, value.replace('private, ', '')] : [name, value]));
  yield { ...start, build: entry.build };
  yield { type: 'head', status: page.status, statusText: page.statusText, headers, t: 0 };
  yield { type: 'chunk', bytes: new TextEncoder().encode(rules.methodNotAllowed === 'text' ? page.statusText : page.body), t: 0 };
  yield { type: 'end', timings: runTimings({ fromStore: true }) };
}

/** The stored form of a build's answer, or null when it did not finish cleanly (an error event, no head). */
export function toEntry(events: RunEvent[], verdict: PrerenderVerdict, builtAt: number, build: BuildSummary): StaticEntry | null {
  const head = events.find((e): e is Extract<RunEvent, { type: 'head' }> => e.type === 'head');
  if (!head || events.some((e) => e.type === 'error')) return null;
  const chunks = events.filter((e): e is Extract<RunEvent, { type: 'chunk' }> => e.type === 'chunk').map((e) => e.bytes);
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    body.set(c, offset);
    offset += c.byteLength;
  }
  // Node's own `date` is the build's; `next start` sends its own on each answer.
  const headers = head.headers.filter(([name]) => name.toLowerCase() !== 'date');
  return { status: head.status, statusText: head.statusText, headers, body, revalidate: verdict.revalidate, builtAt, build };
}

/** A background rebuild of a stale entry: its events are not shown (Next's regeneration logs go to the server's console). */
async function regenerate(ctx: StaticRouteContext, runRoute: RouteRunner, store: Map<string, StaticEntry>, key: string): Promise<boolean> {
  const events: RunEvent[] = [];
  let verdict: PrerenderVerdict | null = null;
  let summary: BuildSummary | null = null;
  try {
    for await (const event of runRoute({ ...ctx.request, method: 'GET', headers: [], body: null }, true)) {
      if (event.type === 'start') summary = event.build;
      else if (event.type === 'prerender') verdict = event;
      else events.push(event);
    }
  } catch {
    return false;
  }
  const entry = verdict?.static && summary ? toEntry(events, verdict, (ctx.now ?? Date.now)(), summary) : null;
  if (!entry) return false;
  store.set(key, entry);
  return true;
}
