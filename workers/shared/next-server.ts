// The `next/server` module: NextRequest, NextResponse and their cookies as route handlers use them (Next's
// `server/web/spec-extension`). One source for three users: the compiler serves its text as `next/server` to user
// bundles of both runtimes (nothing gets installed), and the edge worker and the Node harness import it to hand
// route handlers a NextRequest, as Next does.
//
// Its one import is the cookie library Next bundles (`next/dist/compiled/@edge-runtime/cookies`); the compiler
// serves that package's text beside this file's, so a bundle still needs nothing installed.
import { RequestCookies, ResponseCookies } from '@edge-runtime/cookies';

export { RequestCookies, ResponseCookies };
export type { RequestCookie, ResponseCookie } from '@edge-runtime/cookies';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Next keeps a NextRequest's state under `Symbol('internal request')`. A registered symbol of the same description
 * lets copies of this module (the user's bundle, the edge worker, the harness) recognise each other's requests.
 */
const INTERNALS: unique symbol = Symbol.for('internal request') as never;

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
