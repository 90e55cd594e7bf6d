// The `next/headers` module: headers(), cookies() and draftMode() of an App Router route handler as each Next.js
// version has them (13.2's client/components/headers.js and app-render.js; 13.5–14's headers.js, adapters/headers.js,
// adapters/request-cookies.js, draft-mode.js; 15+'s server/request/*.js). The compiler serves this text as
// `next/headers` (beside `next/server`, whose cookie classes it uses); the runtimes import it for the scope contract.
//
// The request comes from the runtime, which calls the handler inside a scope (Node: AsyncLocalStorage; edge: see
// workers/edge/request-scope.ts) and answers REQUEST_SCOPE_HOOK with it. This module keeps nothing per request itself.
import { RequestCookies, ResponseCookies, type RequestCookie, type ResponseCookie } from './next-server';

export type RequestApis = 'appDir' | 'sync' | 'exotic' | 'promise';

/** Where a runtime keeps `() => RequestScope | undefined`: a registered symbol, since bundle and runtime are separate copies. */
export const REQUEST_SCOPE_HOOK: unique symbol = Symbol.for('next.request-scope') as never;

/** What a runtime tells this module about the request in progress. */
export interface RequestScope {
  /** The route's request headers (copied before use; never written). */
  readonly headers: Headers;
  /** `dynamic = 'force-static'`: headers() and cookies() are empty, as Next's `forceStatic` makes them. */
  readonly forceStatic: boolean;
  /** The build's preview id: draft mode is on when the `__prerender_bypass` cookie carries it. */
  readonly previewModeId: string;
  /** Told of each dynamic read while Next would prerender the route (`headers`, `cookies`, `draftMode().enable()`); may throw. */
  readonly dynamic?: (expression: string) => void;
  /** What cookies().set/delete changed, latest value per name; the runtime merges it into the response. */
  modifiedCookies: ResponseCookie[];
}

const defaults: { api: RequestApis; invariant: boolean } = { api: 'sync', invariant: false };

/**
 * Sets this copy's version: a bundle's `next/headers` is configured once, for the Next.js version it stands for.
 * `invariant`: outside a request 13.4–14.1 throw an invariant (NextTraits.outsideScopeInvariant).
 */
export function configureNextHeaders(options: { api: RequestApis; invariant?: boolean }): void {
  defaults.api = options.api;
  defaults.invariant = options.invariant ?? false;
}

/** The request the calling code belongs to, as the runtime knows it. */
function currentScope(): RequestScope | undefined {
  const hook = (globalThis as unknown as Record<symbol, unknown>)[REQUEST_SCOPE_HOOK];
  return typeof hook === 'function' ? (hook as () => RequestScope | undefined)() : undefined;
}

/** What each version throws outside a request (13.2 names no method; 13.4–14.1 an invariant; 14.2+ the scope). */
function outsideScopeError(name: string): Error {
  if (defaults.api === 'appDir') return new Error('Invariant: Method expects to have requestAsyncStorage, none available');
  if (defaults.invariant) return new Error(`Invariant: ${name}() expects to have requestAsyncStorage, none available.`);
  return new Error(`\`${name}\` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context`);
}

function expectScope(name: string): RequestScope {
  const scope = currentScope();
  if (!scope) throw outsideScopeError(name);
  return scope;
}

/** Request headers Next keeps from headers(): FLIGHT_PARAMETERS (≤14), FLIGHT_HEADERS (15+). */
function flightHeaders(): string[] {
  const base = ['rsc', 'next-router-state-tree', 'next-router-prefetch'];
  return defaults.api === 'appDir' || defaults.api === 'sync' ? base : [...base, 'next-hmr-refresh', 'next-router-segment-prefetch'];
}

const bindTo = (target: object, prop: string | symbol) => {
  const value = Reflect.get(target, prop, target);
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
};

// ---------------------------------------------------------------- read-only objects

/** 13.2's ReadonlyHeaders (app-render.js): the reading methods of a private Headers, and three that throw. */
class ReadonlyHeaders13_2 {
  readonly #headers: Headers;
  entries: Headers['entries'];
  forEach: Headers['forEach'];
  get: Headers['get'];
  has: Headers['has'];
  keys: Headers['keys'];
  values: Headers['values'];
  constructor(headers: Headers) {
    this.#headers = headers;
    this.entries = headers.entries.bind(headers);
    this.forEach = headers.forEach.bind(headers);
    this.get = headers.get.bind(headers);
    this.has = headers.has.bind(headers);
    this.keys = headers.keys.bind(headers);
    this.values = headers.values.bind(headers);
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#headers[Symbol.iterator]();
  }
  append(): never {
    throw new Error('ReadonlyHeaders cannot be modified');
  }
  delete(): never {
    throw new Error('ReadonlyHeaders cannot be modified');
  }
  set(): never {
    throw new Error('ReadonlyHeaders cannot be modified');
  }
}

class ReadonlyRequestCookiesError13_2 extends Error {
  constructor() {
    super('ReadonlyRequestCookies cannot be modified. Read more: https://nextjs.org/api-reference/cookies');
  }
}

/** 13.2's ReadonlyRequestCookies: get/getAll/has of a RequestCookies, and three that throw. */
class ReadonlyRequestCookies13_2 {
  readonly #cookies: RequestCookies;
  get: RequestCookies['get'];
  getAll: RequestCookies['getAll'];
  has: RequestCookies['has'];
  constructor(cookies: RequestCookies) {
    this.#cookies = cookies;
    this.get = cookies.get.bind(cookies);
    this.getAll = cookies.getAll.bind(cookies);
    this.has = cookies.has.bind(cookies);
  }
  [Symbol.iterator](): IterableIterator<[string, RequestCookie]> {
    return this.#cookies[Symbol.iterator]();
  }
  clear(): never {
    throw new ReadonlyRequestCookiesError13_2();
  }
  delete(): never {
    throw new ReadonlyRequestCookiesError13_2();
  }
  set(): never {
    throw new ReadonlyRequestCookiesError13_2();
  }
}

/** 13.4+'s ReadonlyHeadersError (adapters/headers.js). */
class ReadonlyHeadersError extends Error {
  constructor() {
    super('Headers cannot be modified. Read more: https://nextjs.org/docs/app/api-reference/functions/headers');
  }
  static callable(): never {
    throw new ReadonlyHeadersError();
  }
}

/** 13.4+'s `HeadersAdapter.seal`: the Headers itself behind a proxy whose append/delete/set throw. */
function sealHeaders(headers: Headers): Headers {
  return new Proxy(headers, {
    get(target, prop) {
      if (prop === 'append' || prop === 'delete' || prop === 'set') return ReadonlyHeadersError.callable;
      return bindTo(target, prop);
    },
  });
}

class ReadonlyRequestCookiesError extends Error {
  constructor() {
    const anchor = defaults.api === 'sync' ? 'cookiessetname-value-options' : 'options';
    super(`Cookies can only be modified in a Server Action or Route Handler. Read more: https://nextjs.org/docs/app/api-reference/functions/cookies#${anchor}`);
  }
  static callable(): never {
    throw new ReadonlyRequestCookiesError();
  }
}

/** 13.4+'s `RequestCookiesAdapter.seal` (force-static's empty cookies). */
function sealCookies(cookies: RequestCookies): RequestCookies {
  return new Proxy(cookies, {
    get(target, prop) {
      if (prop === 'clear' || prop === 'delete' || prop === 'set') return ReadonlyRequestCookiesError.callable;
      return bindTo(target, prop);
    },
  });
}

// ---------------------------------------------------------------- route handler cookies

/**
 * 13.4+'s `MutableRequestCookiesAdapter.wrap`: a ResponseCookies holding the request's cookies; set/delete record the
 * name, and the scope's `modifiedCookies` always holds the current value of every name changed.
 */
function mutableCookies(scope: RequestScope, requestCookies: RequestCookies): ResponseCookies {
  const cookies = new ResponseCookies(new Headers());
  for (const cookie of requestCookies.getAll()) cookies.set(cookie);
  const modified = new Set<string>();
  const update = () => {
    scope.modifiedCookies = cookies.getAll().filter((c) => modified.has(c.name));
  };
  const wrapped: ResponseCookies = new Proxy(cookies, {
    get(target, prop) {
      if (prop === 'set' || prop === 'delete') {
        return (...args: unknown[]) => {
          const first = args[0] as string | { name: string };
          modified.add(typeof first === 'string' ? first : first.name);
          try {
            (target[prop] as (...a: unknown[]) => unknown).apply(target, args);
            return wrapped;
          } finally {
            update();
          }
        };
      }
      return bindTo(target, prop);
    },
  });
  return wrapped;
}

// ---------------------------------------------------------------- draft mode

const PRERENDER_BYPASS = '__prerender_bypass';

/** DraftModeProvider + DraftMode (draft-mode-provider.js, draft-mode.js): the `next start` cookie attributes. */
class DraftMode {
  readonly #scope: RequestScope | null;
  readonly #cookies: ResponseCookies | null;
  constructor(scope: RequestScope | null, cookies: ResponseCookies | null) {
    this.#scope = scope;
    this.#cookies = cookies;
  }
  get isEnabled(): boolean {
    if (!this.#scope) return false;
    const value = new RequestCookies(new Headers(this.#scope.headers)).get(PRERENDER_BYPASS)?.value;
    return Boolean(value && value === this.#scope.previewModeId);
  }
  enable(): void {
    this.#scope?.dynamic?.('draftMode().enable()');
    this.#cookies?.set({ name: PRERENDER_BYPASS, value: this.#scope!.previewModeId, httpOnly: true, sameSite: 'none', secure: true, path: '/' });
  }
  disable(): void {
    this.#scope?.dynamic?.('draftMode().disable()');
    this.#cookies?.set({ name: PRERENDER_BYPASS, value: '', httpOnly: true, sameSite: 'none', secure: true, path: '/', expires: new Date(0) });
  }
}

// ---------------------------------------------------------------- what each version returns

interface ScopeObjects {
  headers?: unknown;
  cookies?: unknown;
  mutableCookies?: ResponseCookies;
  draftMode?: unknown;
}

/** The objects of one request: Next caches them on its request store, so repeated calls return the same object. */
const perScope = new WeakMap<RequestScope, ScopeObjects>();

function objectsOf(scope: RequestScope): ScopeObjects {
  let objects = perScope.get(scope);
  if (!objects) perScope.set(scope, (objects = {}));
  return objects;
}

function requestHeaders(scope: RequestScope): Headers {
  const headers = new Headers(scope.headers);
  for (const name of flightHeaders()) headers.delete(name);
  return headers;
}

function routeCookies(scope: RequestScope): ResponseCookies {
  const objects = objectsOf(scope);
  return (objects.mutableCookies ??= mutableCookies(scope, new RequestCookies(new Headers(scope.headers))));
}

/** 15.x production: a promise of the object that also carries its members (`makeUntrackedExotic…`). */
function exotic<T extends object>(value: T, members: (string | symbol)[], extra?: (promise: Promise<T>) => void): Promise<T> {
  const promise = Promise.resolve(value);
  for (const name of members) {
    const member = Reflect.get(value, name, value);
    if (typeof member === 'function') Object.defineProperty(promise, name, { value: member.bind(value) });
  }
  extra?.(promise);
  return promise;
}

const HEADER_MEMBERS = ['append', 'delete', 'get', 'has', 'set', 'getSetCookie', 'forEach', 'keys', 'values', 'entries', Symbol.iterator];

function versioned<T extends object>(value: T, exoticOf: (value: T) => Promise<T>): T | Promise<T> {
  if (defaults.api === 'exotic') return exoticOf(value);
  if (defaults.api === 'promise') return Promise.resolve(value);
  return value;
}

export function headers(): unknown {
  const scope = currentScope();
  if (scope?.forceStatic) {
    // Not cached per request in Next either: a fresh empty object, and no dynamic read.
    if (defaults.api === 'appDir') return new Headers({});
    return versioned(sealHeaders(new Headers({})), (h) => exotic(h, HEADER_MEMBERS));
  }
  scope?.dynamic?.('headers');
  const current = scope ?? expectScope('headers');
  const objects = objectsOf(current);
  if (objects.headers) return objects.headers;
  const plain = defaults.api === 'appDir' ? new ReadonlyHeaders13_2(requestHeaders(current)) : sealHeaders(requestHeaders(current));
  objects.headers = versioned(plain as Headers, (h) => exotic(h, HEADER_MEMBERS));
  return objects.headers;
}

function exoticCookies<T extends object>(cookies: T): Promise<T> {
  const c = cookies as unknown as { getAll(): { name: string }[]; delete(name: string): unknown; size?: number };
  const members = ['get', 'getAll', 'has', 'set', 'delete', 'toString'];
  return exotic(cookies, members, (promise) => {
    const iterator = Reflect.get(cookies, Symbol.iterator, cookies) as (() => unknown) | undefined;
    // What Next fills in where a ResponseCookies (route handlers' cookies) lacks the RequestCookies member.
    const entries = () => c.getAll().map((x) => [x.name, x]).values();
    Object.defineProperty(promise, Symbol.iterator, { value: iterator ? iterator.bind(cookies) : entries });
    Object.defineProperty(promise, 'size', { get: () => c.size });
    const clear = Reflect.get(cookies, 'clear', cookies) as (() => unknown) | undefined;
    const fallbackClear = () => {
      for (const cookie of c.getAll()) c.delete(cookie.name);
      return promise;
    };
    Object.defineProperty(promise, 'clear', { value: typeof clear === 'function' ? clear.bind(cookies) : fallbackClear });
  });
}

export function cookies(): unknown {
  const scope = currentScope();
  if (scope?.forceStatic) {
    const empty = new RequestCookies(new Headers({}));
    if (defaults.api === 'appDir') return empty;
    return versioned(sealCookies(empty), exoticCookies);
  }
  scope?.dynamic?.('cookies');
  const current = scope ?? expectScope('cookies');
  const objects = objectsOf(current);
  if (objects.cookies) return objects.cookies;
  // 13.2's route handlers read cookies only; from 13.4 they get the settable ones (Next's `isAppRoute`).
  const plain = defaults.api === 'appDir' ? new ReadonlyRequestCookies13_2(new RequestCookies(new Headers(current.headers))) : routeCookies(current);
  objects.cookies = versioned(plain as object, exoticCookies);
  return objects.cookies;
}

export function draftMode(): unknown {
  const scope = expectScope('draftMode');
  const instance = new DraftMode(scope, routeCookies(scope));
  // 13.4–14 make a new DraftMode per call; 15+ cache one per request.
  if (defaults.api === 'sync') return instance;
  const objects = objectsOf(scope);
  if (objects.draftMode) return objects.draftMode;
  if (defaults.api === 'promise') return (objects.draftMode = Promise.resolve(instance));
  const promise = Promise.resolve(instance) as Promise<DraftMode> & Record<string, unknown>;
  Object.defineProperty(promise, 'isEnabled', { get: () => instance.isEnabled, enumerable: true, configurable: true });
  promise.enable = instance.enable.bind(instance);
  promise.disable = instance.disable.bind(instance);
  return (objects.draftMode = promise);
}

/** 13.2–13.3 only: preview data, which needs Pages preview cookies the playground never sets (Next: `false`). */
export function previewData(): false {
  expectScope('previewData');
  return false;
}

/**
 * Next's `appendMutableCookies`: the changed cookies go into the route's response as Set-Cookie, under the response's
 * own cookies of the same name; null when nothing changed (the response is then sent as it is).
 */
export function responseWithCookies(response: Response, scope: RequestScope): Response | null {
  if (!scope.modifiedCookies.length) return null;
  const headers = new Headers(response.headers);
  const resCookies = new ResponseCookies(headers);
  const returned = resCookies.getAll();
  for (const cookie of scope.modifiedCookies) resCookies.set(cookie);
  for (const cookie of returned) resCookies.set(cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** This runtime's preview id (Next makes one per build: 16 hex digits). */
const PREVIEW_MODE_ID = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');

/** The scope a runtime runs one route request in. */
export function createRequestScope(headers: Headers, options: { forceStatic: boolean; dynamic?: (expression: string) => void }): RequestScope {
  return { headers: new Headers(headers), forceStatic: options.forceStatic, previewModeId: PREVIEW_MODE_ID, dynamic: options.dynamic, modifiedCookies: [] };
}

const PREVIEW_DATA = '__next_preview_data';
const CLEARED = (name: string) => `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=None`;

/**
 * `next start` checks the preview cookies before a Node.js App Router route runs (base-server.js `tryGetPreviewData`,
 * from 14.2: `isAppPath`) and clears both when they are not this build's draft mode: a bypass cookie of another build,
 * or a preview-data cookie (whose token the playground never signs). Those Set-Cookie lines go first, then the route's.
 */
export function withStalePreviewCleared(response: Response, scope: RequestScope): Response {
  const cookies = new RequestCookies(new Headers(scope.headers));
  const bypass = cookies.get(PRERENDER_BYPASS)?.value;
  const data = cookies.get(PREVIEW_DATA)?.value;
  if ((!bypass && !data) || (bypass === scope.previewModeId && !data)) return response;
  const headers = new Headers();
  headers.append('set-cookie', CLEARED(PRERENDER_BYPASS));
  headers.append('set-cookie', CLEARED(PREVIEW_DATA));
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers.append(name, value);
  });
  for (const line of response.headers.getSetCookie()) headers.append('set-cookie', line);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
