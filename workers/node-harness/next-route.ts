// Next.js App Router route handlers on Node (`app/**/route.ts`) as `next start` runs them: a NextRequest, `params` as
// the version passes them, HEAD/OPTIONS filled in, and Next's own empty 500 when the handler throws or returns no
// Response (Next's route module and build/templates/app-route.js); the error is still reported beside it. A prerender
// invoke runs the GET handler as `next build` does (next-prerender.ts) and says whether Next would store its answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextTraits } from '../protocol';
import { routeParams } from '../route-params';
import { noResponseMessage as nextNoResponse } from '../shared/no-response';
import { createRequestScope, responseWithCookies, withStalePreviewCleared } from '../shared/next-headers';
import { NextRequest } from '../shared/next-server';
import { bailout, DynamicServerError, failedVerdict, moduleVerdict, prerenderRequest, responseVerdict, thrownVerdict, type DynamicUse } from './next-prerender';
import { runInRequestScope } from './request-scope';
import { describeError, logLine, type Run } from './run';
import { HTTP_METHODS, toRequest, writeResponse, type WebListener } from './web-handler';

type RouteHandler = (request: Request, context: { params: unknown }) => unknown;
type Module = Record<string, unknown>;

/** What the params promise cannot carry as own properties (Next's `wellKnownProperties`, reflect-utils). */
const WELL_KNOWN = new Set(['hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'valueOf', 'toLocaleString', 'then', 'catch', 'finally', 'status', 'displayName', '_debugInfo', 'toJSON', '$$typeof', '__esModule', '@@iterator']);

export function noResponseMessage(entryPath: string): string {
  return nextNoResponse(entryPath);
}

/** Where Next fails a route whose result it cannot send; the text is Next's. */
class RouteResultError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/**
 * `context.params`: undefined for a route without dynamic segments (its matcher yields no params), else the params as
 * an object (≤14) or a promise of them (15+), in 15.x with each param also set on the promise.
 */
function contextParams(entryPath: string, url: string, next: NextTraits | undefined): unknown {
  if (!entryPath.includes('[')) return undefined;
  const params = routeParams(entryPath, url);
  if (!next?.paramsPromise) return params;
  const promise = Promise.resolve(params) as Promise<typeof params> & Record<string, unknown>;
  if (next.paramsSyncAccess) for (const key of Object.keys(params)) if (!WELL_KNOWN.has(key)) promise[key] = params[key];
  return promise;
}

/**
 * Next's autoImplementMethods: a missing HEAD runs GET, a missing OPTIONS answers 204 with `Allow`, the rest 405.
 * 13.4–13.5 stop before OPTIONS when there is neither HEAD nor GET (`if (!handlers.GET) break`): 405 there.
 */
function resolveHandler(module: Module, method: string, next: NextTraits | undefined): RouteHandler | Response {
  const handler = module[method];
  if (handler) return handler as RouteHandler;
  if (method === 'HEAD' && module.GET) return module.GET as RouteHandler;
  if (method === 'OPTIONS' && !(next?.optionsNeedGet && !module.GET && !module.HEAD)) {
    const allowed = new Set<string>(['OPTIONS', ...HTTP_METHODS.filter((m) => module[m])]);
    if (allowed.has('GET')) allowed.add('HEAD');
    return new Response(null, { status: 204, headers: { Allow: [...allowed].sort().join(', ') } });
  }
  return new Response(null, { status: 405 });
}

/** The checks Next's route module makes of what a handler returned. */
function checkResult(result: unknown, entryPath: string, next: NextTraits | undefined, method: string, url: string): Response {
  if (!(result instanceof Response)) throw new RouteResultError('NO_RESPONSE', nextNoResponse(entryPath, next, { result, method, url }));
  if (result.headers.has('x-middleware-rewrite')) {
    throw new RouteResultError('FUNCTION_INVOCATION_FAILED', 'NextResponse.rewrite() was used in a app route handler, this is not currently supported. Please remove the invocation to continue.');
  }
  if (result.headers.get('x-middleware-next') === '1') {
    throw new RouteResultError('FUNCTION_INVOCATION_FAILED', 'NextResponse.next() was used in a app route handler, this is not supported. See here for more info: https://nextjs.org/docs/messages/next-response-next-in-app-route-handler');
  }
  return result;
}

/**
 * Next logs the error and sends `new Response(null, { status: 500 })`: no body, no content-type; once the response
 * has started it only ends it. The run reports the error beside that answer.
 */
function answerFailure(run: Run, error: unknown, res: ServerResponse): void {
  const code = error instanceof RouteResultError ? error.code : 'FUNCTION_INVOCATION_FAILED';
  const { message, stack } = error instanceof RouteResultError ? { message: error.message, stack: undefined } : describeError(error);
  logLine('error', stack ?? message);
  run.note(code, message, stack);
  if (res.destroyed || res.writableEnded) return;
  if (!res.headersSent) {
    res.statusCode = 500;
    res.statusMessage = '';
    res.removeHeader('content-length');
  }
  res.end();
}

/**
 * `buildModule`: a fresh instance of the route's module for 13.x's prerender, whose dynamic read throws: as `next
 * build` runs in its own process, what that run does to module state is not seen by the answer after it.
 */
export function nextRouteListener(module: Module, entryPath: string, next: NextTraits | undefined, buildModule?: () => Promise<Module>): WebListener {
  return async (run, url, body, req: IncomingMessage, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const handler = resolveHandler(module, method, next);
    if (handler instanceof Response) {
      req.resume();
      return writeResponse(run, handler, res);
    }
    const plan = run.prerender ? moduleVerdict(module, next?.prerender) : null;
    if (plan && 'static' in plan) run.verdict(plan);
    const prerendering = plan && 'dynamic' in plan ? plan : null;
    const use: DynamicUse = { reason: null, throws: next?.prerender?.caughtReadDynamic === false };
    const requestGeo = next?.requestGeo ?? false;
    /** Runs the handler on `request` and checks its answer; `dynamic` marks next/headers reads while prerendering. */
    const answer = async (real: NextRequest, request: NextRequest, dynamic?: (expression: string) => void, run = handler): Promise<Response> => {
      // next/headers: the same request; while prerendering, reading it is a dynamic use as reading `request.headers` is.
      const scope = createRequestScope(real.headers, { forceStatic: module.dynamic === 'force-static', dynamic });
      const result = await runInRequestScope(scope, () => run(request, { params: contextParams(entryPath, url, next) }));
      const returned = checkResult(result, entryPath, next, method, url);
      const merged = responseWithCookies(returned, scope) ?? returned;
      const checked = next?.appPreviewCookieCheck ? withStalePreviewCleared(merged, scope) : merged;
      // 13.2 copies the headers into a plain object: of several Set-Cookie headers the last is sent.
      return next?.legacyRouteHeaders
        ? new Response(checked.body, { status: checked.status, statusText: checked.statusText, headers: Object.fromEntries(checked.headers) })
        : checked;
    };
    try {
      const real = new NextRequest(toRequest(url, body, req, run.abort.signal), { requestGeo });
      let response: Response;
      if (!prerendering) response = await answer(real, real);
      else {
        const request = prerenderRequest(real, prerendering.dynamic, use, requestGeo, next?.prerender?.cookiesDynamic);
        try {
          const built = use.throws && buildModule ? resolveHandler(await buildModule(), method, next) : handler;
          response = await answer(real, request, (expression) => bailout(prerendering.dynamic, use, expression), built instanceof Response ? handler : built);
          run.verdict(responseVerdict(response, use, prerendering.revalidate));
        } catch (error) {
          if (!(error instanceof DynamicServerError)) throw error;
          // 13.x: the read threw and the handler let it go, so the route is dynamic: answered as `next start` would.
          run.verdict(thrownVerdict(error));
          response = await answer(real, real);
        }
      }
      await writeResponse(run, response, res);
    } catch (error) {
      if (run.done) return;
      if (prerendering) run.verdict(failedVerdict(new URL(url).pathname));
      answerFailure(run, error, res);
    }
  };
}
