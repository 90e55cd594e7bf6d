// Keeps the headers a browser refuses to put in a Request (cookie, host, user-agent, origin, …) or a Response
// (set-cookie), which the edge runtime keeps: the refused entries live beside the Headers object, and every Headers
// method sees them (H03: `req.headers.get('cookie')`; `set-cookie` on a response).

type Entry = [name: string, value: string];

const proto = Headers.prototype;
const native = {
  append: proto.append,
  set: proto.set,
  get: proto.get,
  has: proto.has,
  delete: proto.delete,
  getSetCookie: proto.getSetCookie,
  entries: proto.entries,
};
const refused = new WeakMap<Headers, Entry[]>();
const { Headers: HeadersCtor } = globalThis;

/** HTTP whitespace is stripped from values, as Headers does. */
const normalize = (value: unknown) => String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');

function keep(headers: Headers, name: string, value: string): void {
  let list = refused.get(headers);
  if (!list) refused.set(headers, (list = []));
  list.push([name.toLowerCase(), normalize(value)]);
}

function forget(headers: Headers, name: string): void {
  const list = refused.get(headers);
  if (!list) return;
  const lower = name.toLowerCase();
  refused.set(headers, list.filter(([n]) => n !== lower));
}

/** Sorted by name, values of one name combined with ', ' except set-cookie: what Headers iteration gives. */
function merged(headers: Headers): Entry[] {
  const list = refused.get(headers);
  const own = [...(native.entries.call(headers) as IterableIterator<Entry>)];
  if (!list?.length) return own;
  const combined = new Map<string, string>();
  const cookies: Entry[] = [];
  for (const [name, value] of list) {
    if (name === 'set-cookie') cookies.push([name, value]);
    else combined.set(name, combined.has(name) ? `${combined.get(name)}, ${value}` : value);
  }
  return [...own, ...combined, ...cookies].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function entriesOf(init: unknown): Entry[] {
  if (init === undefined || init === null) return [];
  if (init instanceof HeadersCtor) return merged(init);
  if (typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return [...(init as Iterable<Iterable<string>>)].map((pair) => [...pair] as Entry);
  }
  return Object.entries(init as Record<string, string>);
}

/** After the browser built `headers` from `init`, keeps what it dropped. */
export function keepRefused(headers: Headers, init: unknown): void {
  for (const [name, value] of entriesOf(init)) {
    if (!native.has.call(headers, name)) keep(headers, name, value);
  }
}

function patchHeaders(): void {
  proto.append = function append(name: string, value: string): void {
    native.append.call(this, name, value); // throws as the browser does (immutable headers, invalid names)
    if (!native.has.call(this, name)) keep(this, name, value);
  };
  proto.set = function set(name: string, value: string): void {
    native.set.call(this, name, value);
    if (native.has.call(this, name)) return;
    forget(this, name);
    keep(this, name, value);
  };
  proto.delete = function (name: string): void {
    native.delete.call(this, name);
    forget(this, name);
  };
  proto.get = function get(name: string): string | null {
    const own = native.get.call(this, name);
    const list = refused.get(this);
    if (own !== null || !list?.length) return own;
    const lower = name.toLowerCase();
    const values = list.filter(([n]) => n === lower).map(([, v]) => v);
    return values.length ? values.join(', ') : null;
  };
  proto.has = function has(name: string): boolean {
    if (native.has.call(this, name)) return true;
    const lower = name.toLowerCase();
    return !!refused.get(this)?.some(([n]) => n === lower);
  };
  proto.getSetCookie = function getSetCookie(): string[] {
    const kept = (refused.get(this) ?? []).filter(([n]) => n === 'set-cookie').map(([, v]) => v);
    return [...native.getSetCookie.call(this), ...kept];
  };
  proto.entries = function entries() {
    return merged(this)[Symbol.iterator]() as HeadersIterator<Entry>;
  };
  proto.keys = function keys() {
    return merged(this).map(([n]) => n)[Symbol.iterator]() as HeadersIterator<string>;
  };
  proto.values = function values() {
    return merged(this).map(([, v]) => v)[Symbol.iterator]() as HeadersIterator<string>;
  };
  proto.forEach = function forEach(callback: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of merged(this)) callback.call(thisArg, value, name, this);
  };
  Object.defineProperty(proto, Symbol.iterator, { value: proto.entries, writable: true, configurable: true });
}

/** A clone's or copy's headers get the refused entries of the original's. */
export function copyRefused(from: Headers, to: Headers): void {
  const list = refused.get(from);
  if (list) refused.set(to, list.map(([n, v]) => [n, v] as Entry));
}

/** Headers methods see the refused entries; fetch-classes.ts keeps them when Requests and Responses are built. */
export function keepForbiddenHeaders(): void {
  patchHeaders();
}
