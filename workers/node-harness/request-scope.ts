// The request `next/headers` reads on Node: an AsyncLocalStorage, as Next's own request store is, so overlapping
// requests in one process each see their own, across awaits, timers and callbacks.
import { AsyncLocalStorage } from 'node:async_hooks';
import { REQUEST_SCOPE_HOOK, type RequestScope } from '../shared/next-headers';

const scopes = new AsyncLocalStorage<RequestScope>();

// A user bundle's `next/headers` asks through this; fixed, so user code cannot put another answer in its place.
Object.defineProperty(globalThis, REQUEST_SCOPE_HOOK, { value: () => scopes.getStore(), writable: false, enumerable: false, configurable: false });

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return scopes.run(scope, fn);
}
