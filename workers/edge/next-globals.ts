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
