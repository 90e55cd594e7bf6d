// The single table of Next.js behaviour by version (runtime-spec.md §2–§3, runtime-spec-2026.md §1 and §7): one row
// per range of versions that behave alike. Everything version-dependent reads a row; nothing else branches on a version.
// The ranges are split where real builds showed a boundary inside one (13.0.7, 13.2; runtime-spec-2026.md §7).
import type { HandlerKind, NextTraits, PrerenderRules } from '../../../workers/protocol';
// semver's own modules, not its index: the index brings every function of the package into the page.
import intersects from 'semver/ranges/intersects.js';
import minVersion from 'semver/ranges/min-version.js';
import validRange from 'semver/ranges/valid.js';

export type ProfileId =
  | '12.2–12.3'
  | '13.0'
  | '13.0.7'
  | '13.1'
  | '13.2–13.3'
  | '13.4–13.5'
  | '14.0–14.1'
  | '14.2'
  | '15.0–15.1'
  | '15.2–15.4'
  | '15.5'
  | '16.0–16.1'
  | '16.2'
  | '16.3+';

type Version = [major: number, minor: number, patch: number];

/** Which family of messages a version prints for bad segment config (texts in `runtime-messages.ts`). */
export type MessageFamily =
  | 'next13.0' // `Provided runtime "…"` with two choices, and its `"undefined"` interpolation bug
  | 'next13' //   `Provided runtime "…"` with three choices (13.0.7–14.2)
  | 'zod' //      15.0+: `Invalid segment configuration options detected for …`
  | 'turbopack'; // 16+ default build: Turbopack's own texts for app files, zod for the rest

export interface Profile {
  id: ProfileId;
  /** The first version of the range; a row covers versions up to the next row's `from`. */
  from: Version;
  /** What the range is, for the badge and the version picker. */
  label: string;
  /** The version the differential suite builds for this row (test/differential/references.ts). */
  reference?: string;
  /** Accepted `runtime` values: App Router segment exports, Pages Router (`export const runtime` / `config.runtime`). */
  runtimes: { app: readonly string[]; pages: readonly string[] };
  /** App Router route handlers: none (app/ has no `route.ts`), behind `experimental.appDir`, or stable. */
  routeHandlers: 'none' | 'appDir' | 'stable';
  /** Pages Router reads `export const runtime` as well as `config.runtime` (13.0+; the export wins, R14). */
  pagesRuntimeExport: boolean;
  /** Which App Router entries inherit a layout's runtime: none (≤13.3), all but static metadata (13.4–14), pages only (15+). */
  layoutInheritance: 'none' | 'all' | 'pages';
  /** `export const config` in app/: a build error (13.4–14), ignored silently (15, webpack), a Turbopack warning (16+). */
  appConfigExport: 'ignored-silently' | 'build-error' | 'turbopack-warning';
  messages: MessageFamily;
  /** middleware.ts: always edge; nodejs only behind a canary-only flag; edge unless `config.runtime = 'nodejs'`. */
  middleware: 'edge' | 'nodejs-canary-only' | 'edge-or-nodejs';
  /** `proxy.ts` exists (16+): always Node.js, `middleware.ts` deprecated. */
  proxy: boolean;
  /** 16.3+: a route on the edge runtime, and `preferredRegion`, print deprecation warnings. */
  edgeDeprecated: boolean;
  /** `eval`/`new Function` in an edge entry, by what the entry is (NextTraits.dynamicCode). */
  dynamicCode: Record<'app-route' | 'pages-api' | 'middleware', NextTraits['dynamicCode']>;
  /** `next build` prerenders App Router GET routes on Node.js (13.2+; which ones, and what they carry: `staticRules`). */
  staticGetRoutes: boolean;
  /** Which GET routes are prerendered and the headers `next start` sends with the stored answer. */
  staticRules: StaticRules;
  /** Next answers OPTIONS itself (204 with `Allow`) only on a route with GET (13.4–13.5; else 405); elsewhere on any. */
  optionsNeedGet: boolean;
  /** The no-Response error names what the handler returned, the method and the path (16.2+). */
  noResponseDetail: boolean;
  /** Route handlers get `params` as a promise (15+). */
  paramsPromise: boolean;
  /** That promise also carries each param, so `params.id` still reads synchronously (15.x; 16 hands a plain promise). */
  paramsSyncAccess: boolean;
  /** `NextRequest` has `geo` and `ip` (removed in 15). */
  requestGeo: boolean;
  /** Next's edge sandbox before 13.4: bare 500s, responses sent as they are (NextTraits.legacyEdgeSandbox). */
  legacyEdgeSandbox: boolean;
  /** 13.2's route handlers send Set-Cookie joined (edge) or only the last (Node.js) (NextTraits.legacyRouteHeaders). */
  legacyRouteHeaders: boolean;
  /** 13.2's App Router edge routes cannot resolve the `buffer` polyfill, so naming `Buffer` fails the build (NextTraits.unresolvedBuffer). */
  appEdgeBufferUnresolved: boolean;
  /** In a project with pages/, the 404 page is pages/_error's (up to 15.x); from 16 the App Router's not-found. */
  notFoundFromPages: boolean;
  /** `next/headers` (NextTraits.requestApis): none before 13.2, then 13.2's, 13.4–14's objects, 15's exotic promises, 16's promises. */
  requestApis: NextTraits['requestApis'] | null;
  /** Node.js App Router routes clear stale preview cookies first (14.2+; checked absent in 13.4.19–14.1.4) (NextTraits.appPreviewCookieCheck). */
  appPreviewCookieCheck: boolean;
  /** next/headers outside a request says `Invariant: …` (13.4–14.1; NextTraits.outsideScopeInvariant). */
  outsideScopeInvariant: boolean;
  /** The oldest Node.js this Next.js runs on (its `engines.node`). */
  minNode: string;
  /** `next build` in this range bundles with webpack, or Turbopack by default (16+). */
  bundler: 'webpack' | 'turbopack';
}

/** PrerenderRules (the harness's part) and what the page adds to a stored answer. */
export interface StaticRules extends PrerenderRules {
  /** Cache-Control on a stored answer: none (up to 14), `s-maxage` (15+; 15.0–15.1 end a never-stale one with a comma). */
  cacheControl: 'none' | 's-maxage' | 's-maxage,';
  /** `x-nextjs-prerender: 1` on a stored answer (15.0–15.1). */
  prerenderHeader: boolean;
  /** Another method on a stored route: Next's 405 page, uncached (`no-cache, …` in 13.x, `private, no-cache, …` in 14–15.1), or a bare `Method Not Allowed` (15.2+). */
  methodNotAllowed: 'page' | 'private-page' | 'text';
  /** The `Vary` `next start` sets on App Router answers (base-server's RSC vary header, per version). */
  vary: string;
}

const ALL_NON_STATIC = ['OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
/** 13.x (checked on 13.5.11): every GET route is static unless it reads the request; cookies and caught reads do not count. */
const STATIC_13: StaticRules = {
  optIn: false,
  nonStaticMethods: ALL_NON_STATIC,
  cookiesDynamic: false,
  caughtReadDynamic: false,
  cacheControl: 'none',
  prerenderHeader: false,
  methodNotAllowed: 'page',
  vary: 'RSC, Next-Router-State-Tree, Next-Router-Prefetch, Next-Url',
};
/** 14.0–14.1 (checked on 14.1.4): `request.cookies` and a caught read count, as in 14.2; PUT still does, and Vary is 13's. */
const STATIC_14_0: StaticRules = {
  ...STATIC_13,
  cookiesDynamic: true,
  caughtReadDynamic: true,
  methodNotAllowed: 'private-page',
};
/** 14.2 (checked on 14.2.35): PUT beside GET no longer counts (`hasNonStaticMethods`), and Vary drops Next-Url. */
const STATIC_14: StaticRules = {
  ...STATIC_14_0,
  nonStaticMethods: ['OPTIONS', 'POST', 'DELETE', 'PATCH'],
  vary: 'RSC, Next-Router-State-Tree, Next-Router-Prefetch',
};
/** 15.5+ (checked on 15.5.29, 16.2.12 and 16.4.6): only routes that opt in (`isStaticGenEnabled`), stored with `s-maxage`. */
const STATIC_15: StaticRules = {
  ...STATIC_14,
  optIn: true,
  nonStaticMethods: ALL_NON_STATIC,
  cacheControl: 's-maxage',
  methodNotAllowed: 'text',
  vary: 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch',
};
/** 16.3+ (checked on 16.4.6): compression's `Accept-Encoding` joins the same Vary header. */
const STATIC_16_3: StaticRules = { ...STATIC_15, vary: `${STATIC_15.vary}, Accept-Encoding` };
/** 15.2–15.4 (checked on 15.4.11): the same, with Vary capitalised. */
const STATIC_15_2: StaticRules = {
  ...STATIC_15,
  vary: 'RSC, Next-Router-State-Tree, Next-Router-Prefetch, Next-Router-Segment-Prefetch',
};
/** 15.0–15.1 (checked on 15.1.12): the same routes, with `x-nextjs-prerender`, its own spelling of both headers, and the 405 page. */
const STATIC_15_0: StaticRules = {
  ...STATIC_15,
  methodNotAllowed: 'private-page',
  cacheControl: 's-maxage,',
  prerenderHeader: true,
  vary: 'RSC, Next-Router-State-Tree, Next-Router-Prefetch, Next-Router-Segment-Prefetch',
};

const LEGACY_PAGES = ['experimental-edge', 'nodejs'] as const;
const ALL = ['edge', 'experimental-edge', 'nodejs'] as const;
const APP_15 = ['edge', 'nodejs'] as const;
const WEBPACK_DYNAMIC_CODE = { 'app-route': 'runtime', 'pages-api': 'build-error', middleware: 'build-error' } as const;
const TURBOPACK_DYNAMIC_CODE = { 'app-route': 'eval-build-error', 'pages-api': 'eval-build-error', middleware: 'eval-build-error' } as const;

/** What every row before 15 shares; each row below says how it differs. */
const before15 = {
  paramsPromise: false,
  paramsSyncAccess: false,
  requestGeo: true,
  proxy: false,
  edgeDeprecated: false,
  middleware: 'edge',
  bundler: 'webpack',
  pagesRuntimeExport: true,
  layoutInheritance: 'none',
  appConfigExport: 'ignored-silently',
  messages: 'next13',
  dynamicCode: WEBPACK_DYNAMIC_CODE,
  staticGetRoutes: false,
  staticRules: STATIC_13,
  optionsNeedGet: false,
  noResponseDetail: false,
  routeHandlers: 'none',
  legacyEdgeSandbox: true,
  legacyRouteHeaders: false,
  appEdgeBufferUnresolved: false,
  notFoundFromPages: true,
  requestApis: null,
  appPreviewCookieCheck: false,
  outsideScopeInvariant: false,
  minNode: '14.6.0',
  runtimes: { app: ALL, pages: ALL },
} as const;

/** What 15.x shares (zod messages, app/ accepts edge and nodejs only, params a promise, route handlers inherit nothing). */
const since15 = {
  runtimes: { app: APP_15, pages: ALL },
  routeHandlers: 'stable',
  pagesRuntimeExport: true,
  layoutInheritance: 'pages',
  appConfigExport: 'ignored-silently',
  messages: 'zod',
  middleware: 'edge',
  proxy: false,
  edgeDeprecated: false,
  dynamicCode: WEBPACK_DYNAMIC_CODE,
  staticGetRoutes: true,
  staticRules: STATIC_15,
  optionsNeedGet: false,
  noResponseDetail: false,
  paramsPromise: true,
  paramsSyncAccess: true,
  requestGeo: false,
  legacyEdgeSandbox: false,
  legacyRouteHeaders: false,
  appEdgeBufferUnresolved: false,
  notFoundFromPages: true,
  requestApis: 'exotic',
  appPreviewCookieCheck: true,
  outsideScopeInvariant: false,
  minNode: '18.18.0',
  bundler: 'webpack',
} as const;

/** What 16.x adds: Turbopack, proxy.ts, a plain params promise. */
const since16 = {
  ...since15,
  appConfigExport: 'turbopack-warning',
  messages: 'turbopack',
  middleware: 'edge-or-nodejs',
  proxy: true,
  dynamicCode: TURBOPACK_DYNAMIC_CODE,
  paramsSyncAccess: false,
  notFoundFromPages: false,
  requestApis: 'promise',
  minNode: '20.9.0',
  bundler: 'turbopack',
} as const;

/** What 13.4–14 share: stable route handlers, Next's own edge sandbox, layouts' runtime inherited. */
const since13_4 = {
  ...before15,
  routeHandlers: 'stable',
  legacyEdgeSandbox: false,
  layoutInheritance: 'all',
  appConfigExport: 'build-error',
  staticGetRoutes: true,
  requestApis: 'sync',
  outsideScopeInvariant: true,
  minNode: '16.14.0',
} as const;

/** Oldest first. */
export const PROFILES: readonly Profile[] = [
  {
    ...before15,
    id: '12.2–12.3',
    from: [12, 2, 0],
    label: 'Next.js 12.2–12.3',
    reference: '12.2.6',
    runtimes: { app: [], pages: LEGACY_PAGES },
    pagesRuntimeExport: false,
    // 12.2.1–12.3.x check config.runtime with 13.0's text (`next build` of 12.2.6 rejects 'edge'); only 12.2.0 did not.
    messages: 'next13.0',
    minNode: '12.22.0',
  },
  { ...before15, id: '13.0', from: [13, 0, 0], label: 'Next.js 13.0.0–13.0.6', reference: '13.0.6', runtimes: { app: LEGACY_PAGES, pages: LEGACY_PAGES }, messages: 'next13.0' },
  { ...before15, id: '13.0.7', from: [13, 0, 7], label: 'Next.js 13.0.7–13.0.x', reference: '13.0.7' },
  { ...before15, id: '13.1', from: [13, 1, 0], label: 'Next.js 13.1', reference: '13.1.6' },
  { ...before15, id: '13.2–13.3', from: [13, 2, 0], label: 'Next.js 13.2–13.3', reference: '13.2.4', routeHandlers: 'appDir', staticGetRoutes: true, legacyRouteHeaders: true, appEdgeBufferUnresolved: true, requestApis: 'appDir' },
  { ...since13_4, id: '13.4–13.5', from: [13, 4, 0], label: 'Next.js 13.4–13.5', reference: '13.5.11', optionsNeedGet: true },
  // 14.0–14.1 still do as 13.5 for OPTIONS, next/headers' outside-request text and App Router preview cookies.
  { ...since13_4, id: '14.0–14.1', from: [14, 0, 0], label: 'Next.js 14.0–14.1', reference: '14.1.4', staticRules: STATIC_14_0, optionsNeedGet: true },
  { ...since13_4, id: '14.2', from: [14, 2, 0], label: 'Next.js 14.2', reference: '14.2.35', staticRules: STATIC_14, outsideScopeInvariant: false, appPreviewCookieCheck: true },
  { ...since15, id: '15.0–15.1', from: [15, 0, 0], label: 'Next.js 15.0–15.1', reference: '15.1.12', staticRules: STATIC_15_0 },
  { ...since15, id: '15.2–15.4', from: [15, 2, 0], label: 'Next.js 15.2–15.4', reference: '15.4.11', middleware: 'nodejs-canary-only', staticRules: STATIC_15_2 },
  { ...since15, id: '15.5', from: [15, 5, 0], label: 'Next.js 15.5', reference: '15.5.x', middleware: 'edge-or-nodejs' },
  // The longer no-Response message came after 16.1 (vercel/next.js#89036): 16.1.7 still prints the short one.
  { ...since16, id: '16.0–16.1', from: [16, 0, 0], label: 'Next.js 16.0–16.1', reference: '16.1.7' },
  { ...since16, id: '16.2', from: [16, 2, 0], label: 'Next.js 16.2', reference: '16.2.12', noResponseDetail: true },
  { ...since16, id: '16.3+', from: [16, 3, 0], label: 'Next.js 16.3+', reference: '16.x', edgeDeprecated: true, noResponseDetail: true, staticRules: STATIC_16_3 },
];

/** What people install today. */
export const DEFAULT_PROFILE: Profile = PROFILES[PROFILES.length - 1];

/** The newest major the table knows: a version past it is not guessed at. */
const NEWEST_MAJOR = DEFAULT_PROFILE.from[0];

const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * A version as people write it: `13.5.11`, `15`, `16.4`, `v14.2.3`, `^15.5.0`, `~13.4`, `15.0.0-canary.3`, or
 * `latest`. Missing parts count as 0 (`15` is 15.0.0, the first of its major), except that `latest` is the default.
 */
export function parseNextVersion(text: string): Version | 'latest' | null {
  const t = text.trim();
  if (t === 'latest') return 'latest';
  const m = /^[\^~=v]*\s*(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?(?:-[\w.]+)?$/i.exec(t);
  if (!m) return null;
  const part = (s: string | undefined) => (s === undefined || s.toLowerCase() === 'x' ? 0 : Number(s));
  return [Number(m[1]), part(m[2]), part(m[3])];
}

export type ProfileLookup = { ok: true; profile: Profile } | { ok: false; code: 'INVALID_NEXT_VERSION'; message: string };

/** A range operator: `^15.0.0`, `~16.1`, `16.x`, `>=15 <16`, `15 || 16`. A bare `15` or `16.4` names its first release. */
const RANGE = /[\^~<>|*xX]|\s-\s/;

/** The versions a row covers, as a semver range. */
function rangeOf(index: number): string {
  const next = PROFILES[index + 1];
  return `>=${PROFILES[index].from.join('.')}` + (next ? ` <${next.from.join('.')}` : '');
}

/**
 * The row for a version string; unknown or unparsable versions get INVALID_NEXT_VERSION with the reason. A range gets
 * the newest row it reaches, as npm installs the newest version a package.json range allows.
 */
export function profileFor(version: string): ProfileLookup {
  const fail = (message: string): ProfileLookup => ({ ok: false, code: 'INVALID_NEXT_VERSION', message });
  const range = version.trim();
  if (RANGE.test(range) && validRange(range)) {
    for (let i = PROFILES.length - 1; i >= 0; i--) if (intersects(range, rangeOf(i))) return { ok: true, profile: PROFILES[i] };
    const lowest = minVersion(range);
    return fail(lowest && lowest.major > NEWEST_MAJOR ? `Next.js ${version} is newer than the versions this playground knows (up to ${NEWEST_MAJOR}.x).` : `Next.js ${version} has no runtime option: the edge runtime arrived in 12.2.`);
  }
  const parsed = parseNextVersion(version);
  if (parsed === null) return fail(`"${version}" is not a Next.js version. Use one such as 13.5.11, 15 or 16.4.`);
  if (parsed === 'latest') return { ok: true, profile: DEFAULT_PROFILE };
  if (parsed[0] > NEWEST_MAJOR) return fail(`Next.js ${version} is newer than the versions this playground knows (up to ${NEWEST_MAJOR}.x).`);
  let found: Profile | null = null;
  for (const p of PROFILES) if (compare(parsed, p.from) >= 0) found = p;
  if (!found) return fail(`Next.js ${version} has no runtime option: the edge runtime arrived in 12.2.`);
  return { ok: true, profile: found };
}

/** A row by its id (the embed API and the UI's picker pass ids back). */
export function profileById(id: string): Profile | undefined {
  return PROFILES.find((p) => p.id === id);
}

/** The `next` dependency a project's package.json asks for, if any. */
export function declaredNextVersion(packageJson: string | undefined): string | null {
  if (!packageJson) return null;
  try {
    const pkg = JSON.parse(packageJson) as { dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> };
    const v = pkg.dependencies?.next ?? pkg.devDependencies?.next;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** The harness's part of the static rules. */
const prerenderRules = ({ optIn, nonStaticMethods, cookiesDynamic, caughtReadDynamic }: StaticRules): PrerenderRules => ({
  optIn,
  nonStaticMethods,
  cookiesDynamic,
  caughtReadDynamic,
});

/** The traits workers get for an entry of this kind, or undefined for a plain Vercel function (no Next around it). */
export function nextTraits(profile: Profile, kind: HandlerKind): NextTraits | undefined {
  if (kind === 'vercel-function') return undefined;
  return {
    profile: profile.id,
    paramsPromise: profile.paramsPromise,
    paramsSyncAccess: profile.paramsSyncAccess,
    requestGeo: profile.requestGeo,
    ...(profile.legacyEdgeSandbox ? { legacyEdgeSandbox: true } : {}),
    ...(profile.legacyRouteHeaders && kind === 'app-route' ? { legacyRouteHeaders: true } : {}),
    ...(profile.appEdgeBufferUnresolved && kind === 'app-route' ? { unresolvedBuffer: true } : {}),
    ...(profile.requestApis ? { requestApis: profile.requestApis } : {}),
    ...(profile.appPreviewCookieCheck && kind === 'app-route' ? { appPreviewCookieCheck: true } : {}),
    ...(profile.outsideScopeInvariant ? { outsideScopeInvariant: true } : {}),
    ...(kind === 'app-route' && profile.staticGetRoutes ? { prerender: prerenderRules(profile.staticRules) } : {}),
    ...(profile.optionsNeedGet && kind === 'app-route' ? { optionsNeedGet: true } : {}),
    ...(profile.noResponseDetail && kind === 'app-route' ? { noResponseDetail: true } : {}),
    dynamicCode: profile.dynamicCode[kind],
    bundler: profile.bundler,
    reactServer: kind === 'app-route',
  };
}
