// What Next's edge sandbox adds to the global scope of a Next.js entry (`server/web/sandbox/context.js`, the same in
// 13.5, 15.5 and 16.4): a `require` for its five native modules and throwing stubs for EDGE_UNSUPPORTED_NODE_APIS.
// A plain Vercel edge function has neither (`typeof require` is 'undefined' there, runtime-spec.md G20).
import { EDGE_UNSUPPORTED_NODE_APIS, unsupportedApiMessage } from '../shared/edge-unsupported-apis';

/** Next's NativeModuleMap keys: what its sandbox `require` answers, by these exact ids only. */
const NATIVE_MODULES = new Set(['node:buffer', 'node:events', 'node:async_hooks', 'node:assert', 'node:util']);

const { TypeError: TypeErrorCtor, Error: ErrorCtor, Object: ObjectCtor } = globalThis;

/**
 * Next's sandbox `require`: `TypeError: Native module not found: <id>` for anything but its five modules. Those it
 * returns from Node itself, which this worker does not have, so they are refused in words that say how instead.
 * (esbuild bundles a static `require('node:buffer')`; only a computed one reaches this.)
 */
function sandboxRequire(id: unknown): never {
  if (NATIVE_MODULES.has(String(id))) {
    throw new ErrorCtor(`The playground's edge runtime cannot load "${String(id)}" with a computed require(); import it instead (import { Buffer } from 'node:buffer').`);
  }
  throw new TypeErrorCtor(`Native module not found: ${String(id)}`);
}

/** `addStub`: each read gives a fresh anonymous function that throws when called (or constructed). */
function stub(name: string): PropertyDescriptor {
  return {
    get() {
      return function () {
        throw new ErrorCtor(unsupportedApiMessage(name));
      };
    },
    enumerable: false,
    configurable: true,
  };
}

/**
 * Installs (next) or removes (plain Vercel) Next's additions on `owner`: the worker scope's prototype, so they are
 * globals by name and `typeof`, yet absent from `Object.getOwnPropertyNames(globalThis)`, as in Next's vm context.
 */
export function installNextGlobals(owner: object, next: boolean): void {
  const names = ['require', ...EDGE_UNSUPPORTED_NODE_APIS];
  if (!next) {
    for (const name of names) Reflect.deleteProperty(owner, name);
    return;
  }
  ObjectCtor.defineProperty(owner, 'require', { value: sandboxRequire, writable: false, enumerable: false, configurable: true });
  for (const name of EDGE_UNSUPPORTED_NODE_APIS) ObjectCtor.defineProperty(owner, name, stub(name));
}

/** Next's `validateURL` (server/web/utils): an Error, not a TypeError, in Next's words. */
function validateURL(url: unknown): void {
  try {
    new URL(String(url));
  } catch (cause) {
    throw new ErrorCtor(`URL is malformed "${String(url)}". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls`, { cause });
  }
}

let baseRequest: typeof Request | undefined;
const responseRedirect = Response.redirect;

/**
 * Next's sandbox replaces the global Request with a subclass that validates the URL (before constructing for a
 * string, after for a Request or URL) and keeps `init.next`, and wraps Response.redirect the same way
 * (`server/web/sandbox/context.js`, 13.4–16.4). A plain Vercel edge function keeps the edge runtime's own.
 */
export function installNextRequest(global: Record<string, unknown>, next: boolean): void {
  baseRequest ??= global.Request as typeof Request;
  const Base = baseRequest;
  const response = global.Response as { redirect: typeof Response.redirect };
  if (!next) {
    global.Request = Base;
    response.redirect = responseRedirect;
    return;
  }
  global.Request = class Request extends Base {
    // Next builds every request a handler sees with this class; here the runtime's come from the browser's own, so
    // they are instances too (next/server's `input instanceof Request` depends on it).
    static [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof Base;
    }
    next: unknown;
    constructor(input: RequestInfo | URL, init?: RequestInit & { next?: unknown }) {
      const url = typeof input !== 'string' && 'url' in input ? input.url : String(input);
      if (typeof input === 'string') {
        validateURL(url);
        super(input, init);
      } else {
        super(input, init);
        validateURL(url);
      }
      this.next = init?.next;
    }
  };
  response.redirect = (...args: Parameters<typeof Response.redirect>) => {
    validateURL(args[0]);
    return responseRedirect.apply(response, args);
  };
}
