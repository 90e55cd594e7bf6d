// A small util.inspect for console output: how Node (and so Vercel's logs) prints values, with a depth cap.
import { CONSOLE_CAPS } from '../shared/limits-data';

const MAX_DEPTH = CONSOLE_CAPS.inspectDepth;
const MAX_ITEMS = CONSOLE_CAPS.inspectItems;
const MAX_STRING = CONSOLE_CAPS.inspectStringChars;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const toString = Object.prototype.toString;
// Captured at load: user code may replace or delete globals.
const { Error: ErrorCtor, Date: DateCtor, RegExp: RegExpCtor, URL: URLCtor, Promise: PromiseCtor, Map: MapCtor, Set: SetCtor, Headers: HeadersCtor, DataView: DataViewCtor } = globalThis;

/** The edge runtime's own inspect hook (@edge-runtime/format): Next's cookie classes print through it. */
const EDGE_INSPECT = Symbol.for('edge-runtime.inspect.custom');

function quote(s: string): string {
  const shown = s.length > MAX_STRING ? s.slice(0, MAX_STRING) + `... ${s.length - MAX_STRING} more characters` : s;
  return `'${shown.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function key(k: string | symbol): string {
  if (typeof k === 'symbol') return `[${String(k)}]`;
  return IDENTIFIER.test(k) ? k : quote(k);
}

function constructorName(value: object): string | null {
  try {
    const proto = Object.getPrototypeOf(value);
    if (proto === null) return null;
    const ctor = proto.constructor;
    return typeof ctor === 'function' && typeof ctor.name === 'string' ? ctor.name : null;
  } catch {
    return null;
  }
}

/** util.inspect's form of an Error (stack, with the message put in front where the stack lacks it), not a thrown value's message. */
function errorText(error: Error): string {
  try {
    const stack = typeof error.stack === 'string' ? error.stack : '';
    const head = `${error.name}: ${error.message}`;
    return stack.includes(error.message) ? stack : stack ? `${head}\n${stack}` : head;
  } catch {
    return '[Error]';
  }
}

function join(open: string, items: string[], close: string, more: number): string {
  if (more > 0) items.push(`... ${more} more item${more === 1 ? '' : 's'}`);
  if (items.length === 0) return `${open}${close}`;
  const flat = `${open} ${items.join(', ')} ${close}`;
  return flat.length <= 72 && !flat.includes('\n') ? flat : `${open}\n  ${items.join(',\n').replace(/\n/g, '\n  ')}\n${close}`;
}

function inspectValue(value: unknown, depth: number, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(value);
    case 'symbol':
      return String(value);
    case 'function':
      return value.name ? `[Function: ${value.name}]` : '[Function (anonymous)]';
  }
  if (value === null) return 'null';
  const object = value as object;
  if (seen.has(object)) return '[Circular *1]';
  if (object instanceof ErrorCtor) return errorText(object);
  if (object instanceof DateCtor) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (object instanceof RegExpCtor) return String(object);
  if (object instanceof URLCtor) return `URL '${object.href}'`;
  if (object instanceof PromiseCtor) return 'Promise { <pending> }';
  const name = constructorName(object);
  if (depth > MAX_DEPTH) return Array.isArray(object) ? '[Array]' : `[${name ?? 'Object'}]`;
  const custom = customInspect(object, depth, seen);
  if (custom !== null) return custom;
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      const items = object.slice(0, MAX_ITEMS).map((v) => inspectValue(v, depth + 1, seen));
      return join('[', items, ']', object.length - items.length);
    }
    if (ArrayBuffer.isView(object) && !(object instanceof DataViewCtor)) {
      const view = object as unknown as ArrayLike<number | bigint>;
      const items = Array.from({ length: Math.min(view.length, MAX_ITEMS) }, (_, i) => inspectValue(view[i], depth + 1, seen));
      return `${name}(${view.length}) ${join('[', items, ']', view.length - items.length)}`;
    }
    if (object instanceof MapCtor) {
      const items = [...object].slice(0, MAX_ITEMS).map(([k, v]) => `${inspectValue(k, depth + 1, seen)} => ${inspectValue(v, depth + 1, seen)}`);
      return `Map(${object.size}) ${join('{', items, '}', object.size - items.length)}`;
    }
    if (object instanceof SetCtor) {
      const items = [...object].slice(0, MAX_ITEMS).map((v) => inspectValue(v, depth + 1, seen));
      return `Set(${object.size}) ${join('{', items, '}', object.size - items.length)}`;
    }
    if (object instanceof HeadersCtor) {
      const items = [...object].map(([k, v]) => `${quote(k)} => ${quote(v)}`);
      return `Headers ${join('{', items, '}', 0)}`;
    }
    const keys = Reflect.ownKeys(object).filter((k) => Object.prototype.propertyIsEnumerable.call(object, k));
    const items = keys.slice(0, MAX_ITEMS).map((k) => {
      const descriptor = Object.getOwnPropertyDescriptor(object, k);
      const shown = descriptor && 'value' in descriptor ? inspectValue(descriptor.value, depth + 1, seen) : '[Getter]';
      return `${key(k)}: ${shown}`;
    });
    const tag = toString.call(object).slice(8, -1);
    const prefix = name === 'Object' ? '' : name === null ? '[Object: null prototype] ' : `${name || tag} `;
    return prefix + join('{', items, '}', keys.length - items.length);
  } catch {
    return '[object]';
  } finally {
    seen.delete(object);
  }
}

/** What an object's edge-runtime inspect hook returns, printed as the edge runtime's console does; null without one. */
function customInspect(object: object, depth: number, seen: Set<object>): string | null {
  try {
    const hook = (object as Record<symbol, unknown>)[EDGE_INSPECT];
    if (typeof hook !== 'function') return null;
    const shown: unknown = hook.call(object, { format: formatArgs });
    if (typeof shown === 'string') return shown;
    seen.add(object);
    try {
      return inspectValue(shown, depth + 1, seen); // one level deeper, so hooks returning hooks end at the depth cap
    } finally {
      seen.delete(object);
    }
  } catch {
    return '[object]';
  }
}

export function inspect(value: unknown): string {
  return inspectValue(value, 0, new Set());
}

/** Joins console arguments as Node's util.format does: %s %d %i %f %j %o %O %c in a leading string, then the rest. */
export function formatArgs(args: unknown[]): string {
  if (args.length === 0) return '';
  const parts: string[] = [];
  let rest = args;
  if (typeof args[0] === 'string') {
    let i = 1;
    const first = args[0].replace(/%([sdifjoOc%])/g, (match, spec: string) => {
      if (spec === '%') return '%';
      if (i >= args.length) return match;
      const arg = args[i++];
      switch (spec) {
        case 's':
          return typeof arg === 'string' ? arg : inspect(arg);
        case 'd':
        case 'i':
          return typeof arg === 'bigint' ? `${arg}n` : String(spec === 'i' ? parseInt(String(arg), 10) : Number(arg));
        case 'f':
          return String(parseFloat(String(arg)));
        case 'j':
          try {
            return JSON.stringify(arg);
          } catch {
            return '[Circular]';
          }
        case 'c':
          return '';
        default:
          return inspect(arg);
      }
    });
    parts.push(first);
    rest = args.slice(i);
  }
  for (const arg of rest) parts.push(typeof arg === 'string' ? arg : inspect(arg));
  return parts.join(' ');
}
