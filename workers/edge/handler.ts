// The handler conventions (HandlerKind): which export answers a request, and what each convention does when the
// export is missing or returns something that is not a Response (runtime-spec.md §2, H26, H28).
import type { EdgeBundle, HandlerKind, NextTraits } from '../protocol';
import { dispatchFetchEvent, hasFetchListener } from './fetch-event';
import { keepRefused } from './forbidden-headers';
import { createRequestScope, type RequestScope } from '../shared/next-headers';
import { NEXT_500_PAGE, type ErrorPage } from '../shared/next-error-page';
import { isDynamicRoute, routeParams } from '../route-params';
import { NextRequest } from '../shared/next-server';
import { noResponseMessage } from '../shared/no-response';
import { middlewareExportMessage, middlewareExportName, middlewareNext } from '../shared/middleware';

export const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

type Module = Record<string, unknown>;
/** Read when logging, so the run's console capture (installed after this module loads) sees it. */
const consoleRef = console;
type Handler = (request: Request, context: unknown) => unknown;

/** What the runtime does with one request before any user code runs. */
export type Resolution =
  /** `scope`: the request `next/headers` answers for while the handler runs (App Router routes where the version has it). */
  | { type: 'call'; handler: Handler; request: Request; context: unknown; dropBody: boolean; scope?: RequestScope }
  | { type: 'respond'; response: Response; error?: { code: string; message: string } };

export interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * Next hands its route handlers a NextRequest (edge adapter, app-route module), with `geo`/`ip` where the version
 * has them; under `next start` geo is `{}` and ip undefined, as no proxy in front fills them.
 */
function nextRequest(request: Request, next: NextTraits | undefined, url = request.url): Request {
  // NextRequest extends the browser's own Request, which drops cookie, host… when copying: put them back first.
  const adoptHeaders = (headers: Headers) => keepRefused(headers, request.headers);
  const input = url === request.url ? request : new Request(url, { method: request.method, headers: request.headers, body: request.body, signal: request.signal, duplex: 'half' } as RequestInit);
  return new NextRequest(input, { requestGeo: next?.requestGeo ?? false, adoptHeaders });
}

/**
 * `next start` runs an edge route of a dynamic path with its params merged into the query (`{ ...query, ...params }`,
 * next-server.js `runEdgeFunction`): `app/a/[id]/route.ts` at `/a/7?z=1` sees `?z=1&id=7` (13.5.11–16.4.6).
 */
function edgeUrl(request: Request, bundle: EdgeBundle): string {
  if (!bundle.next || !isDynamicRoute(bundle.path)) return request.url;
  const url = new URL(request.url);
  const query = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) query.set(key, [...(query.get(key) ?? []), value]);
  for (const [key, value] of Object.entries(routeParams(bundle.path, request.url))) query.set(key, Array.isArray(value) ? value.map(String) : [String(value)]);
  const search = new URLSearchParams();
  for (const [key, values] of query) for (const value of values) search.append(key, value);
  url.search = search.toString();
  return url.toString();
}

/**
 * `context.params` of an App Router route: 15+ a promise (of `{}` on a static route: the edge route wrapper always
 * has params); 13.4–14 the object on a dynamic route and undefined on a static one (the route matcher gives none).
 * Without Next traits (not yet known), the object as before.
 */
function appRouteParams(bundle: EdgeBundle, url: string): unknown {
  const params = routeParams(bundle.path, url);
  if (!bundle.next) return params;
  if (bundle.next.paramsPromise) return bundle.next.paramsSyncAccess ? exoticParams(params) : Promise.resolve(params);
  return isDynamicRoute(bundle.path) ? params : undefined;
}

/** Names `makeUntrackedExoticParams` (15.x) leaves to the promise itself (`wellKnownProperties`). */
const PROMISE_OWN = new Set(['hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'valueOf', 'toLocaleString', 'then', 'catch', 'finally', 'status', 'displayName', '_debugInfo', 'toJSON', '$$typeof', '__esModule', '@@iterator']);

/** 15.x: the params promise also carries each param as a property, for code not yet awaiting it. */
function exoticParams(params: Record<string, unknown>): Promise<unknown> {
  const promise = Promise.resolve(params) as Promise<unknown> & Record<string, unknown>;
  for (const [key, value] of Object.entries(params)) if (!PROMISE_OWN.has(key)) promise[key] = value;
  return promise;
}

/** Next 14's autoImplementMethods: HEAD falls back to GET, OPTIONS answers 204 with `Allow`, the rest 405. */
function resolveAppRoute(module: Module, method: string, bundle: EdgeBundle, incoming: Request): Resolution {
  const call = (handler: unknown, dropBody: boolean): Resolution => {
    const request = nextRequest(incoming, bundle.next, edgeUrl(incoming, bundle));
    const scope = bundle.next?.requestApis ? createRequestScope(request.headers, { forceStatic: module.dynamic === 'force-static' }) : undefined;
    return { type: 'call', handler: handler as Handler, request, context: { params: appRouteParams(bundle, incoming.url) }, dropBody, scope };
  };
  const own = module[method];
  if (own !== undefined) return call(own, method === 'HEAD');
  if (method === 'HEAD' && module.GET !== undefined) return call(module.GET, true);
  // 13.4–13.5 implement OPTIONS only where there is HEAD or GET (NextTraits.optionsNeedGet).
  if (method === 'OPTIONS' && !(bundle.next?.optionsNeedGet && module.GET === undefined && module.HEAD === undefined)) {
    const implemented = new Set<string>(HTTP_METHODS.filter((m) => module[m] !== undefined));
    if (implemented.has('GET')) implemented.add('HEAD');
    implemented.add('OPTIONS');
    return { type: 'respond', response: new Response(null, { status: 204, headers: { Allow: [...implemented].sort().join(', ') } }) };
  }
  return { type: 'respond', response: new Response(null, { status: 405 }) };
}

function edgeWrapperFailure(message: string, code: string): Resolution {
  const response = new Response(message, { status: 500, headers: { 'x-vercel-failed': 'edge-wrapper' } });
  return { type: 'respond', response, error: { code, message } };
}

/** @vercel/node's edge wrapper: the default export, else the export named after the method; the Request as it came. */
function resolveVercelFunction(module: Module, method: string, request: Request, event: WaitUntil): Resolution {
  const dflt = module.default as unknown;
  const dropBody = method === 'HEAD';
  if (dflt && typeof dflt === 'object' && typeof (dflt as { fetch?: unknown }).fetch === 'function') {
    const target = dflt as { fetch: Handler };
    return { type: 'call', handler: (req, ctx) => target.fetch(req, ctx), request, context: event, dropBody };
  }
  const handler = dflt ?? module[method];
  if (!handler && hasFetchListener()) {
    // No export, but a `fetch` listener: answered as EdgeVM's dispatchFetch does (its console.error included).
    const log = (text: string) => consoleRef.error(text);
    return { type: 'call', handler: (req) => dispatchFetchEvent(req, event, log), request, context: event, dropBody };
  }
  if (!handler) {
    return edgeWrapperFailure(
      `No default or HTTP-named export was found at ${request.url}. Add one to handle requests. Learn more: https://vercel.link/creating-edge-middleware`,
      'NO_HANDLER',
    );
  }
  return { type: 'call', handler: handler as Handler, request, context: event, dropBody };
}

export function resolveHandler(module: Module, bundle: EdgeBundle, request: Request, event: WaitUntil): Resolution {
  const method = request.method.toUpperCase();
  switch (bundle.kind) {
    case 'app-route':
      return resolveAppRoute(module, method, bundle, request);
    case 'pages-api': {
      const handler = module.default;
      if (typeof handler !== 'function') {
        // next-edge-function-loader's check, thrown as the request is handled.
        throw new Error(`The Edge Function "${bundle.path}" must export a \`default\` function`);
      }
      // The edge adapter's NextRequestHint and NextFetchEvent.
      const next = nextRequest(request, bundle.next, edgeUrl(request, bundle));
      return { type: 'call', handler: handler as Handler, request: next, context: event, dropBody: method === 'HEAD' };
    }
    case 'vercel-function':
      return resolveVercelFunction(module, method, request, event);
    case 'middleware': {
      const named = middlewareExportName(bundle.path);
      const handler = module[named] ?? module.default;
      if (typeof handler !== 'function') throw new Error(middlewareExportMessage(bundle.path));
      return { type: 'call', handler: handler as Handler, request: nextRequest(request, bundle.next), context: event, dropBody: method === 'HEAD' };
    }
  }
}


/**
 * Who answers a handler that fails before responding (throws, or returns no Response): Next itself for its routes,
 * with its 500 page (issue 7: not Vercel's EDGE_FUNCTION_INVOCATION_FAILED page); the platform for a plain function
 * (null: the caller sends the platform's page). The failure is reported as the run's `error` either way.
 */
const FAILURE_PAGE: Record<HandlerKind, ErrorPage | null> = {
  'app-route': NEXT_500_PAGE,
  'pages-api': NEXT_500_PAGE,
  'vercel-function': null,
  middleware: NEXT_500_PAGE, // not checked against `next start` yet
};

/** Before 13.4 Next answers with a bare 500: the status text as the body, no type, no ETag (NextTraits.legacyEdgeSandbox). */
const PLAIN_500: ErrorPage = { status: 500, statusText: 'Internal Server Error', headers: [], body: 'Internal Server Error' };

export function failurePage(bundle: EdgeBundle): ErrorPage | null {
  const page = FAILURE_PAGE[bundle.kind];
  return page && bundle.next?.legacyEdgeSandbox ? PLAIN_500 : page;
}

const pageResponse = (page: ErrorPage) => new Response(page.body, { status: page.status, statusText: page.statusText, headers: page.headers });

/** What a handler's return value means per convention: a Response, or a failure to report. */
export type Outcome =
  | { type: 'response'; response: Response }
  | { type: 'no-response'; response: Response; error: { code: string; message: string }; log?: string };

export function checkResult(result: unknown, bundle: EdgeBundle, request?: Request): Outcome {
  if (result instanceof Response) return { type: 'response', response: result };
  switch (bundle.kind) {
    case 'middleware':
      // The edge adapter: nothing returned means go on; anything else that is not a Response is an error.
      if (result === undefined || result === null) return { type: 'response', response: middlewareNext() };
      throw new TypeError('Expected an instance of Response to be returned');
    case 'app-route': {
      // The app-route module throws this (16.2+ adds what it received), Next logs it and sends its 500 page.
      const message = noResponseMessage(bundle.path, bundle.next, request && { result, method: request.method, url: request.url });
      // Up to 13.3 the answer is an empty 500.
      const response = bundle.next?.legacyEdgeSandbox ? new Response(null, { status: 500 }) : pageResponse(NEXT_500_PAGE);
      return { type: 'no-response', response, error: { code: 'NO_RESPONSE', message }, log: message };
    }
    case 'pages-api':
      // Next's edge adapter: `if (response && !(response instanceof Response)) throw new TypeError(...)`. A missing
      // response is passed on as `undefined`; `next start` answers both with its 500 page (checked in 13.5–16.4).
      throw new TypeError('Expected an instance of Response to be returned');
    case 'vercel-function': {
      const message = 'Edge Function did not return a response.';
      const response = new Response(message, { status: 500, headers: { 'x-vercel-failed': 'edge-wrapper' } });
      return { type: 'no-response', response, error: { code: 'NO_RESPONSE', message } };
    }
  }
}
