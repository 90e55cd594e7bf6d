// `next build`'s prerender of an App Router GET route on Node (13.2+): the module's exports decide first, then Next's
// proxy of the request marks the route dynamic when the handler reads a part that differs per request. Per version
// (NextTraits.prerender): 13.5's route-modules/app-route/helpers/proxy-request.js and get-non-static-methods.js, 14.2's
// app-route/module.js `proxyNextRequest` and `hasNonStaticMethods`, 15+'s is-static-gen-enabled.js; export/routes/app-route.js.
import type { PrerenderRules, PrerenderVerdict } from '../protocol';
import { NextRequest } from '../shared/next-server';

type Module = Record<string, unknown>;

/** Exports that make a route dynamic at once (without traits): Next cannot prerender one method of a file and not the others. */
const NON_STATIC_METHODS = ['OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'];
/** Request members that differ per request (13.5 `handleReqBailout`; `headers` goes through `headers()` there). */
const DYNAMIC_REQUEST = new Set(['headers', 'url', 'body', 'blob', 'json', 'text', 'arrayBuffer', 'formData']);
/** `nextUrl` members that carry the query (13.5 `handleNextUrlBailout`). */
const DYNAMIC_NEXT_URL = new Set(['search', 'searchParams', 'toString', 'href', 'origin']);

export type RouteDynamic = 'auto' | 'force-static' | 'error';

/** Thrown where Next's `dynamic = 'error'` fails the build (13.5 static-generation-bailout.js's text). */
export class StaticGenBailoutError extends Error {
  readonly code = 'NEXT_STATIC_GEN_BAILOUT';
}

/** Thrown at a dynamic read while prerendering where the handler may catch it (13.x, `staticGenerationBailout`). */
export class DynamicServerError extends Error {
  readonly digest = 'DYNAMIC_SERVER_USAGE';
  constructor(readonly reason: string) {
    super(`Dynamic server usage: ${reason}`);
  }
}

/** 15+ prerenders a GET route only when it opts in (`isStaticGenEnabled`; generateStaticParams: dynamic segments, not prerendered here). */
const optsIn = (module: Module) =>
  module.dynamic === 'force-static' || module.dynamic === 'error' || module.revalidate === false || (typeof module.revalidate === 'number' && module.revalidate > 0);

/** Before the handler runs: a verdict from the module's exports alone, or how to prerender it. */
export function moduleVerdict(module: Module, rules?: PrerenderRules): PrerenderVerdict | { dynamic: RouteDynamic; revalidate: number | false } {
  const revalidate = typeof module.revalidate === 'number' ? module.revalidate : false;
  if (rules?.optIn && !optsIn(module)) return { static: false, reason: "a GET route handler is static only with `dynamic = 'force-static'` or `revalidate`", revalidate: 0 };
  const methods = (rules?.nonStaticMethods ?? NON_STATIC_METHODS).filter((m) => module[m]);
  // The methods check comes before `force-static` takes effect in the route module, so it wins over it.
  if (methods.length) return { static: false, reason: `non-static methods used ${methods.join(', ')}`, revalidate: 0 };
  if (module.dynamic === 'force-dynamic') return { static: false, reason: "dynamic = 'force-dynamic'", revalidate: 0 };
  if (module.revalidate === 0) return { static: false, reason: 'revalidate = 0', revalidate: 0 };
  const dynamic = module.dynamic === 'force-static' || module.dynamic === 'error' ? module.dynamic : 'auto';
  return { dynamic, revalidate };
}

/** What the route read that made it dynamic (first read only), filled in by `prerenderRequest`'s proxy. */
export interface DynamicUse {
  reason: string | null;
  /** 13.x: the read throws DynamicServerError as the build's does, and a handler that catches it gets stored. */
  throws?: boolean;
}

export function bailout(dynamic: RouteDynamic, use: DynamicUse, reason: string): void {
  if (dynamic === 'force-static') return;
  if (dynamic === 'error') {
    throw new StaticGenBailoutError(`Page with \`dynamic = "error"\` couldn't be rendered statically because it used \`${reason}\`.`);
  }
  use.reason ??= reason;
  if (use.throws) throw new DynamicServerError(reason);
}

/** Where `next build` sends its prerender requests (export/routes/app-route.js): whatever host serves the site later. */
const BUILD_ORIGIN = 'http://localhost:3000';

/**
 * The request a prerender hands the handler: the build's own (GET, the route's path on localhost:3000, no query, no
 * headers, so no cookies), until the handler reads a per-request part: that records why the route is dynamic, and from
 * then on every read answers from the real request, so that same run is the dynamic route's answer. `force-static`
 * reads the build's values without bailing out; `error` fails as the build does. `request.cookies` counts where
 * `cookiesDynamic` says so (14+); 13.x hands the build's empty cookies.
 */
export function prerenderRequest(real: NextRequest, dynamic: RouteDynamic, use: DynamicUse, requestGeo: boolean, cookiesDynamic = false): NextRequest {
  const built = new NextRequest(BUILD_ORIGIN + real.nextUrl.pathname, { method: 'GET', requestGeo });
  const dynamicRead = (prop: string) => DYNAMIC_REQUEST.has(prop) || (cookiesDynamic && prop === 'cookies');
  // Once a read marked it dynamic, reads answer from the real request (where the read throws, nothing is read).
  const live = () => use.reason !== null && !use.throws;
  const read = (from: object, prop: string | symbol) => {
    const value = Reflect.get(from, prop, from);
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(from) : value;
  };
  const nextUrl = new Proxy(built.nextUrl, {
    get(target, prop) {
      if (typeof prop === 'string' && DYNAMIC_NEXT_URL.has(prop)) bailout(dynamic, use, `nextUrl.${prop}`);
      return read(live() ? real.nextUrl : target, prop);
    },
  });
  return new Proxy(built, {
    get(target, prop) {
      if (typeof prop === 'string' && dynamicRead(prop)) bailout(dynamic, use, prop === 'headers' ? 'headers' : `request.${prop}`);
      if (live()) return read(real, prop);
      // The receiver is the target: Request's getters need their own object, not the proxy.
      return prop === 'nextUrl' ? nextUrl : read(target, prop);
    },
  });
}

/** After the handler answered: Next stores it unless it read something dynamic or failed (status ≥ 400 but 404). */
export function responseVerdict(response: Response, use: DynamicUse, revalidate: number | false): PrerenderVerdict {
  if (use.reason && !use.throws) return { static: false, reason: `used \`${use.reason}\``, revalidate: 0 };
  if (response.status >= 400 && response.status !== 404) return { static: false, reason: `answered ${response.status} while prerendering`, revalidate: 0 };
  // 13.x: the bailout set revalidate to 0, which the export reads as `revalidate || false`: stored for good.
  if (use.reason) return { static: true, reason: `caught the dynamic read of \`${use.reason}\``, revalidate: false };
  return { static: true, reason: 'read nothing dynamic', revalidate };
}

/** 13.x: a dynamic read threw out of the handler: not stored (export/routes/app-route.js `isDynamicUsageError`). */
export function thrownVerdict(error: DynamicServerError): PrerenderVerdict {
  return { static: false, reason: `used \`${error.reason}\``, revalidate: 0 };
}

/** Next's build stops here (export/worker.js): the route is not prerendered, and `next build` fails. */
export function failedVerdict(path: string): PrerenderVerdict {
  return { static: false, reason: `threw while prerendering; next build fails with "Error occurred prerendering page "${path}""`, revalidate: 0 };
}
