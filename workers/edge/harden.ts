// Turns a dedicated worker's global scope into the edge runtime's (runtime-spec.md §1, G01–G25, edge-globals.txt §5).
import { ALLOWED_GLOBALS } from './allowed-globals';
import { guardCodeGeneration } from './code-generation';
import { alignAbortReasons } from './abort-messages';
import { installFetchClasses } from './fetch-classes';
import { installFetchEvent } from './fetch-event';
import { keepForbiddenHeaders } from './forbidden-headers';
import { installNextGlobals, installNextRequest } from './next-globals';
import { makeProcess } from './process-polyfill';

export interface HardeningReport {
  removed: number;
  /** Names that could not be removed (non-configurable, e.g. TEMPORARY and PERSISTENT). */
  kept: string[];
}

/**
 * The objects whose own properties are visible as globals: the global object and the prototypes of the worker
 * scope interfaces (DedicatedWorkerGlobalScope, WorkerGlobalScope). EventTarget.prototype and Object.prototype are
 * shared with every port and object, so they are left alone.
 */
function scopeChain(global: object): object[] {
  const chain: object[] = [];
  for (let o: object | null = global; o && o !== EventTarget.prototype && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    chain.push(o);
  }
  return chain;
}

function removeGlobal(owner: object, name: string): boolean {
  if (Reflect.deleteProperty(owner, name)) return true;
  // A non-configurable but writable slot can still be emptied.
  try {
    (owner as Record<string, unknown>)[name] = undefined;
    return (owner as Record<string, unknown>)[name] === undefined;
  } catch {
    return false;
  }
}

/** Deletes every global not on the allow-list. Must run before any user code, and the runtime must hold its own references. */
export function hardenGlobals(global: typeof globalThis): HardeningReport {
  const self = global;
  const setTimer = global.setTimeout.bind(global); // the worker's own, before the string-timer guard wraps it
  const report: HardeningReport = { removed: 0, kept: [] };
  for (const owner of scopeChain(global)) {
    for (const name of Object.getOwnPropertyNames(owner)) {
      if (ALLOWED_GLOBALS.has(name)) continue;
      if (removeGlobal(owner, name)) report.removed++;
      else report.kept.push(name);
    }
  }
  // Inherited from EventTarget.prototype, which ports share: shadowed one step below it, on the worker scope's own
  // prototype, so it is neither callable nor an own global. addEventListener stays (§5).
  const chain = scopeChain(global);
  Object.defineProperty(chain[chain.length - 1], 'dispatchEvent', { value: undefined, writable: true, configurable: true, enumerable: false });
  // `self` may have lived on WorkerGlobalScope.prototype; keep it an own property as on the edge.
  Object.defineProperty(global, 'self', { value: self, writable: true, configurable: true, enumerable: true });

  // G10, G11: a string, not enumerable.
  Object.defineProperty(global, 'EdgeRuntime', { value: 'edge-runtime', writable: false, enumerable: false, configurable: false });
  guardCodeGeneration(global as unknown as Record<string, unknown>);
  // The Web APIs as the edge runtime has them (issue 8): its Request/Response/fetch rules, abort reasons, fetch event.
  keepForbiddenHeaders();
  installFetchClasses(global as unknown as Record<string, unknown>);
  installFetchEvent(global);
  alignAbortReasons(global as unknown as Record<string, unknown>, setTimer);
  return report;
}

/**
 * Defined when a bundle loads. A Next.js entry (`next`): G13–G17 Next's `process` polyfill, G19/G20 its stubs and
 * `require` (hardening removed the worker's own MessageChannel, CompressionStream…; these stand in their place).
 * A plain Vercel edge function: `process` is `{ env }`, and none of Next's additions.
 */
export function installRuntimeGlobals(global: typeof globalThis, env: Record<string, string>, next: boolean): void {
  Object.defineProperty(global, 'process', { value: makeProcess(env, next), writable: true, enumerable: false, configurable: true });
  const chain = scopeChain(global);
  installNextGlobals(chain[chain.length - 1], next);
  installNextRequest(global as unknown as Record<string, unknown>, next);
}
