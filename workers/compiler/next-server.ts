// The `next/server` module bundled into handlers of both runtimes: NextResponse and NextRequest as route handlers use
// them (next@13.4 `server/web/spec-extension`), since the playground installs no npm packages.

export const NEXT_SERVER_SOURCE = String.raw`
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function validateURL(url) {
  try {
    return String(new URL(String(url)));
  } catch (error) {
    throw new Error('URL is malformed "' + String(url) + '". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls', { cause: error });
  }
}

function parseCookies(header) {
  const map = new Map();
  for (const pair of (header || '').split(/;\s*/)) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    const name = at === -1 ? pair : pair.slice(0, at);
    const raw = at === -1 ? 'true' : pair.slice(at + 1);
    let value = raw;
    try { value = decodeURIComponent(raw); } catch {}
    if (!map.has(name)) map.set(name, { name, value });
  }
  return map;
}

function serializeCookie(c) {
  const parts = [c.name + '=' + encodeURIComponent(c.value ?? '')];
  if (c.path) parts.push('Path=' + c.path);
  if (c.expires !== undefined) parts.push('Expires=' + (typeof c.expires === 'number' ? new Date(c.expires) : c.expires).toUTCString());
  if (c.maxAge !== undefined) parts.push('Max-Age=' + c.maxAge);
  if (c.domain) parts.push('Domain=' + c.domain);
  if (c.secure) parts.push('Secure');
  if (c.httpOnly) parts.push('HttpOnly');
  if (c.sameSite) parts.push('SameSite=' + (c.sameSite === true ? 'strict' : c.sameSite));
  if (c.partitioned) parts.push('Partitioned');
  if (c.priority) parts.push('Priority=' + c.priority);
  return parts.join('; ');
}

const cookieArgs = (args) => (typeof args[0] === 'string' ? { ...args[2], name: args[0], value: args[1] } : args[0]);

/** What request and response cookies read alike: lookups by name or by a { name } object. */
class CookieLookup {
  constructor(map) { this._map = map; }
  get(...args) { const name = typeof args[0] === 'string' ? args[0] : args[0].name; return this._map.get(name); }
  getAll(...args) {
    const all = [...this._map.values()];
    if (!args.length) return all;
    const name = typeof args[0] === 'string' ? args[0] : args[0]?.name;
    return all.filter((c) => c.name === name);
  }
  has(name) { return this._map.has(name); }
}

export class RequestCookies extends CookieLookup {
  #headers;
  #map;
  constructor(headers) {
    super(parseCookies(headers.get('cookie')));
    this.#headers = headers;
    this.#map = this._map;
  }
  get size() { return this.#map.size; }
  set(...args) {
    const { name, value } = cookieArgs(args);
    this.#map.set(name, { name, value });
    this.#write();
    return this;
  }
  delete(names) {
    const result = Array.isArray(names) ? names.map((n) => this.#map.delete(n)) : this.#map.delete(names);
    this.#write();
    return result;
  }
  clear() { this.#map.clear(); this.#write(); return this; }
  #write() {
    this.#headers.set('cookie', [...this.#map.values()].map((c) => c.name + '=' + encodeURIComponent(c.value)).join('; '));
  }
  [Symbol.iterator]() { return this.#map[Symbol.iterator](); }
  toString() { return [...this.#map.values()].map((c) => c.name + '=' + encodeURIComponent(c.value)).join('; '); }
}

export class ResponseCookies extends CookieLookup {
  #headers;
  #map;
  constructor(headers) {
    super(new Map());
    this.#headers = headers;
    this.#map = this._map;
  }
  set(...args) {
    const cookie = cookieArgs(args);
    this.#map.set(cookie.name, { path: '/', ...cookie });
    this.#write();
    return this;
  }
  delete(...args) {
    const name = typeof args[0] === 'string' ? args[0] : args[0].name;
    return this.set({ ...(typeof args[0] === 'string' ? {} : args[0]), name, value: '', expires: new Date(0) });
  }
  #write() {
    this.#headers.delete('set-cookie');
    for (const cookie of this.#map.values()) this.#headers.append('set-cookie', serializeCookie(cookie));
  }
  toString() { return [...this.#map.values()].map(serializeCookie).join('; '); }
}

export class NextRequest extends Request {
  #nextUrl;
  #cookies;
  constructor(input, init = {}) {
    super(input, init);
    this.#nextUrl = new URL(this.url);
    this.#cookies = new RequestCookies(this.headers);
  }
  get nextUrl() { return this.#nextUrl; }
  get cookies() { return this.#cookies; }
  get geo() { return {}; }
  get ip() { return undefined; }
  get page() { throw new Error('The request.page has been deprecated in favour of URLPattern.'); }
  get ua() { throw new Error('The request.ua has been removed in favour of the userAgent function.'); }
}

function handleMiddlewareField(init, headers) {
  if (init?.request?.headers) {
    const keys = [];
    for (const [key, value] of init.request.headers) {
      headers.set('x-middleware-request-' + key, value);
      keys.push(key);
    }
    headers.set('x-middleware-override-headers', keys.join(','));
  }
}

export class NextResponse extends Response {
  #cookies;
  constructor(body, init = {}) {
    super(body, init);
    this.#cookies = new ResponseCookies(this.headers);
  }
  get cookies() { return this.#cookies; }
  static json(body, init) {
    const response = Response.json(body, init);
    return new NextResponse(response.body, response);
  }
  static redirect(url, init) {
    const status = typeof init === 'number' ? init : (init?.status ?? 307);
    if (!REDIRECTS.has(status)) throw new RangeError('Failed to execute "redirect" on "response": Invalid status code');
    const initObj = typeof init === 'object' ? init : {};
    const headers = new Headers(initObj?.headers);
    headers.set('Location', validateURL(url));
    return new NextResponse(null, { ...initObj, headers, status });
  }
  static rewrite(destination, init) {
    const headers = new Headers(init?.headers);
    headers.set('x-middleware-rewrite', validateURL(destination));
    handleMiddlewareField(init, headers);
    return new NextResponse(null, { ...init, headers });
  }
  static next(init) {
    const headers = new Headers(init?.headers);
    headers.set('x-middleware-next', '1');
    handleMiddlewareField(init, headers);
    return new NextResponse(null, { ...init, headers });
  }
}
`;
