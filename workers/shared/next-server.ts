// The `next/server` module: NextRequest, NextResponse and their cookies as route handlers use them (Next's
// `server/web/spec-extension`). One source for three users: the compiler serves its text as `next/server` to user
// bundles of both runtimes (nothing gets installed), and the edge worker and the Node harness import it to hand
// route handlers a NextRequest, as Next does.
//
// Self-contained on purpose: the compiler bundles this file's text as it is, so it imports nothing.

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Next keeps a NextRequest's state under `Symbol('internal request')`. A registered symbol of the same description
 * lets copies of this module (the user's bundle, the edge worker, the harness) recognise each other's requests.
 */
const INTERNALS: unique symbol = Symbol.for('internal request') as never;

export interface RequestCookie {
  name: string;
  value: string;
}

export interface ResponseCookie extends RequestCookie {
  path?: string;
  domain?: string;
  expires?: number | Date;
  maxAge?: number;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: true | false | 'lax' | 'strict' | 'none';
  partitioned?: boolean;
  priority?: 'low' | 'medium' | 'high';
}

/** `request.geo` in Next 12.2–14 (Vercel fills it from its headers; `next start` leaves it empty). */
export interface Geo {
  city?: string;
  country?: string;
  region?: string;
  latitude?: string;
  longitude?: string;
}

export interface NextRequestInit extends RequestInit {
  geo?: Geo;
  ip?: string;
  /** `geo` and `ip` exist on the request (12.2–14); unset: the module's default (see configureNextServer). */
  requestGeo?: boolean;
  /**
   * Runtimes only: called with the new request's headers before anything reads them, so a runtime in a browser can
   * restore the headers the browser's Request refuses to copy (cookie, host, user-agent…).
   */
  adoptHeaders?: (headers: Headers) => void;
}

export interface NextServerOptions {
  /** Requests made without `init.requestGeo` have `geo` and `ip`. */
  requestGeo: boolean;
}

const defaults: NextServerOptions = { requestGeo: false };

/** Sets this copy's defaults: a bundle's `next/server` is configured once, for the Next.js version it stands for. */
export function configureNextServer(options: Partial<NextServerOptions>): void {
  Object.assign(defaults, options);
}

function validateURL(url: unknown): string {
  try {
    return String(new URL(String(url)));
  } catch (error) {
    throw new Error(
      `URL is malformed "${String(url)}". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls`,
      { cause: error },
    );
  }
}

function parseCookies(header: string | null): Map<string, RequestCookie> {
  const map = new Map<string, RequestCookie>();
  for (const pair of (header || '').split(/;\s*/)) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    const name = at === -1 ? pair : pair.slice(0, at);
    const raw = at === -1 ? 'true' : pair.slice(at + 1);
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // kept as sent, as Next's cookie parser does
    }
    if (!map.has(name)) map.set(name, { name, value });
  }
  return map;
}

function serializeCookie(c: ResponseCookie): string {
  const parts = [`${c.name}=${encodeURIComponent(c.value ?? '')}`];
  if (c.path) parts.push(`Path=${c.path}`);
  if (c.expires !== undefined) parts.push(`Expires=${(typeof c.expires === 'number' ? new Date(c.expires) : c.expires).toUTCString()}`);
  if (c.maxAge !== undefined) parts.push(`Max-Age=${c.maxAge}`);
  if (c.domain) parts.push(`Domain=${c.domain}`);
  if (c.secure) parts.push('Secure');
  if (c.httpOnly) parts.push('HttpOnly');
  if (c.sameSite) parts.push(`SameSite=${c.sameSite === true ? 'strict' : c.sameSite}`);
  if (c.partitioned) parts.push('Partitioned');
  if (c.priority) parts.push(`Priority=${c.priority}`);
  return parts.join('; ');
}

type CookieArgs = [name: string, value: string, options?: Partial<ResponseCookie>] | [options: ResponseCookie];
type NameArg = [name: string] | [cookie: { name: string }];

const cookieArgs = (args: CookieArgs): ResponseCookie =>
  typeof args[0] === 'string' ? { ...args[2], name: args[0], value: args[1] as string } : args[0];
const nameOf = (arg: string | { name: string } | undefined): string | undefined => (typeof arg === 'string' ? arg : arg?.name);

/** What request and response cookies read alike: lookups by name or by a `{ name }` object. */
class CookieLookup<C extends RequestCookie> {
  protected readonly map: Map<string, C>;
  constructor(map: Map<string, C>) {
    this.map = map;
  }
  get(...args: NameArg): C | undefined {
    return this.map.get(nameOf(args[0])!);
  }
  getAll(...args: NameArg | []): C[] {
    const all = [...this.map.values()];
    if (!args.length) return all;
    const name = nameOf(args[0]);
    return all.filter((c) => c.name === name);
  }
  has(name: string): boolean {
    return this.map.has(name);
  }
}

export class RequestCookies extends CookieLookup<RequestCookie> {
  readonly #headers: Headers;
  constructor(requestHeaders: Headers) {
    super(parseCookies(requestHeaders.get('cookie')));
    this.#headers = requestHeaders;
  }
  get size(): number {
    return this.map.size;
  }
  set(...args: [name: string, value: string] | [cookie: RequestCookie]): this {
    const { name, value } = typeof args[0] === 'string' ? { name: args[0], value: args[1] as string } : args[0];
    this.map.set(name, { name, value });
    this.#write();
    return this;
  }
  delete(names: string | string[]): boolean | boolean[] {
    const result = Array.isArray(names) ? names.map((n) => this.map.delete(n)) : this.map.delete(names);
    this.#write();
    return result;
  }
  clear(): this {
    this.map.clear();
    this.#write();
    return this;
  }
  #write(): void {
    this.#headers.set('cookie', this.toString());
  }
  [Symbol.iterator](): IterableIterator<[string, RequestCookie]> {
    return this.map[Symbol.iterator]();
  }
  toString(): string {
    return [...this.map.values()].map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; ');
  }
}

export class ResponseCookies extends CookieLookup<ResponseCookie> {
  readonly #headers: Headers;
  constructor(responseHeaders: Headers) {
    super(new Map());
    this.#headers = responseHeaders;
  }
  set(...args: CookieArgs): this {
    const cookie = cookieArgs(args);
    this.map.set(cookie.name, { path: '/', ...cookie });
    this.#write();
    return this;
  }
  delete(...args: [name: string] | [options: Omit<ResponseCookie, 'value' | 'expires'>]): this {
    const name = nameOf(args[0])!;
    return this.set({ ...(typeof args[0] === 'string' ? {} : args[0]), name, value: '', expires: new Date(0) });
  }
  #write(): void {
    this.#headers.delete('set-cookie');
    for (const cookie of this.map.values()) this.#headers.append('set-cookie', serializeCookie(cookie));
  }
  toString(): string {
    return [...this.map.values()].map(serializeCookie).join('; ');
  }
}

/** `request.nextUrl`: a URL with Next's extras (no basePath, i18n or build id in the playground). */
export class NextURL extends URL {
  get buildId(): string | undefined {
    return undefined;
  }
  get basePath(): string {
    return '';
  }
  get locale(): string {
    return '';
  }
  get defaultLocale(): string | undefined {
    return undefined;
  }
  clone(): NextURL {
    return new NextURL(this.href);
  }
}

interface RequestInternals {
  cookies: RequestCookies;
  nextUrl: NextURL;
  url: string;
}

export class NextRequest extends Request {
  declare [INTERNALS]: RequestInternals;

  constructor(input: URL | string | Request, init: NextRequestInit = {}) {
    const url = typeof input !== 'string' && 'url' in input ? input.url : String(input);
    validateURL(url);
    const { geo, ip, requestGeo = defaults.requestGeo, adoptHeaders, ...rest } = init;
    if (input instanceof Request) super(input, rest);
    else super(url, rest);
    adoptHeaders?.(this.headers);
    const nextUrl = new NextURL(url);
    Object.defineProperty(this, INTERNALS, {
      value: { cookies: new RequestCookies(this.headers), nextUrl, url: nextUrl.toString() } satisfies RequestInternals,
      enumerable: false,
    });
    if (requestGeo) {
      // Own accessors, so `'geo' in request` is false where the version has none (15+).
      const geoValue = geo ?? {};
      Object.defineProperty(this, 'geo', { get: () => geoValue, enumerable: false, configurable: true });
      Object.defineProperty(this, 'ip', { get: () => ip, enumerable: false, configurable: true });
    }
  }

  /** A request from another copy of this module (the runtime's) is a NextRequest to the user's copy too. */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === NextRequest && typeof value === 'object' && value !== null && INTERNALS in value;
  }

  get cookies(): RequestCookies {
    return this[INTERNALS].cookies;
  }
  get nextUrl(): NextURL {
    return this[INTERNALS].nextUrl;
  }
  // @ts-ignore Node's types declare Request.url a property (the WebWorker lib an accessor): Next overrides it alike.
  get url(): string {
    return this[INTERNALS].url;
  }
  get page(): never {
    throw new Error('The request.page has been deprecated in favour of `URLPattern`.\n  Read more: https://nextjs.org/docs/messages/middleware-request-page\n  ');
  }
  get ua(): never {
    throw new Error('The request.ua has been removed in favour of `userAgent` function.\n  Read more: https://nextjs.org/docs/messages/middleware-parse-user-agent\n  ');
  }
}

export interface MiddlewareResponseInit extends ResponseInit {
  request?: { headers?: Headers };
}

function handleMiddlewareField(init: MiddlewareResponseInit | undefined, headers: Headers): void {
  if (init?.request?.headers) {
    const keys: string[] = [];
    for (const [key, value] of init.request.headers) {
      headers.set(`x-middleware-request-${key}`, value);
      keys.push(key);
    }
    headers.set('x-middleware-override-headers', keys.join(','));
  }
}

export class NextResponse<Body = unknown> extends Response {
  readonly #cookies: ResponseCookies;
  declare readonly _body?: Body; // the JSON body's type, for callers of NextResponse.json<T>()

  constructor(body?: ConstructorParameters<typeof Response>[0], init: ResponseInit = {}) {
    super(body, init);
    this.#cookies = new ResponseCookies(this.headers);
  }
  get cookies(): ResponseCookies {
    return this.#cookies;
  }
  static json<JsonBody>(body: JsonBody, init?: ResponseInit): NextResponse<JsonBody> {
    const response = Response.json(body, init);
    return new NextResponse<JsonBody>(response.body, response);
  }
  static redirect(url: string | URL, init?: number | ResponseInit): NextResponse {
    const status = typeof init === 'number' ? init : (init?.status ?? 307);
    if (!REDIRECTS.has(status)) throw new RangeError('Failed to execute "redirect" on "response": Invalid status code');
    const initObj = typeof init === 'object' ? init : {};
    const headers = new Headers(initObj?.headers);
    headers.set('Location', validateURL(url));
    return new NextResponse(null, { ...initObj, headers, status });
  }
  static rewrite(destination: string | URL, init?: MiddlewareResponseInit): NextResponse {
    const headers = new Headers(init?.headers);
    headers.set('x-middleware-rewrite', validateURL(destination));
    handleMiddlewareField(init, headers);
    return new NextResponse(null, { ...init, headers });
  }
  static next(init?: MiddlewareResponseInit): NextResponse {
    const headers = new Headers(init?.headers);
    headers.set('x-middleware-next', '1');
    handleMiddlewareField(init, headers);
    return new NextResponse(null, { ...init, headers });
  }
}
