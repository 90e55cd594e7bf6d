// The request `next/headers` reads on the edge. A browser worker has no async context (no AsyncLocalStorage, no
// AsyncContext in Chromium 156), so the request is found on the stack: each one's handler runs inside an async function
// named after it, and V8's async stack traces keep that frame across `await`, promise chains and Promise.all. Where
// the stack cannot tell (a timer's callback, an async function that returns another one's promise), the one request
// in flight is it; with several in flight the call fails and says why, rather than hand out another request's data.
import { REQUEST_SCOPE_HOOK, type RequestScope } from '../shared/next-headers';

const MARKER = '__nextRequestScope#';
const { Error: ErrorCtor, Number: NumberCtor, Object: ObjectCtor } = globalThis;
// V8's, present in Chromium (the WebWorker lib does not declare it).
const captureStackTrace = (ErrorCtor as unknown as { captureStackTrace(target: object): void }).captureStackTrace.bind(ErrorCtor);

export const AMBIGUOUS_SCOPE_MESSAGE =
  "The playground's edge runtime cannot tell which request this next/headers call belongs to: several requests are in flight " +
  'and the call is not in the async flow of its handler (a timer or event callback, or an async function returned without `await`). ' +
  'Read headers()/cookies() in the handler itself, or await the function that does.';

const open = new Map<number, RequestScope>();
let lastId = 0;

/** The function names on the stack, async frames included, or null when user code made stacks unreadable. */
function stackFunctionNames(): (string | null)[] | null {
  const E = ErrorCtor as unknown as { prepareStackTrace?: unknown; stackTraceLimit: number };
  const prepare = E.prepareStackTrace;
  const limit = E.stackTraceLimit;
  try {
    E.prepareStackTrace = (_: unknown, sites: { getFunctionName(): string | null }[]) => sites.map((site) => site.getFunctionName());
    E.stackTraceLimit = Infinity;
    const holder: { stack?: unknown } = {};
    captureStackTrace(holder);
    const names = holder.stack; // formatted now, while our prepareStackTrace is in place
    return Array.isArray(names) ? names : null;
  } catch {
    return null;
  } finally {
    E.prepareStackTrace = prepare;
    E.stackTraceLimit = limit;
  }
}

export function currentScope(): RequestScope | undefined {
  if (open.size === 0) return undefined;
  for (const name of stackFunctionNames() ?? []) {
    if (!name?.startsWith(MARKER)) continue;
    const scope = open.get(NumberCtor(name.slice(MARKER.length)));
    if (scope) return scope;
  }
  if (open.size === 1) return open.values().next().value;
  throw new ErrorCtor(AMBIGUOUS_SCOPE_MESSAGE);
}

export interface OpenScope {
  /** Runs the handler inside the scope (its async flow keeps it). */
  call<T>(fn: () => T): Promise<Awaited<T>>;
  /** The run ended: later calls are outside any request. */
  close(): void;
}

export function openRequestScope(scope: RequestScope): OpenScope {
  const id = ++lastId;
  open.set(id, scope);
  // Awaits its callee, so its frame stays in the async stack trace of everything the handler awaits.
  const marker = async <T>(fn: () => T): Promise<Awaited<T>> => await fn();
  ObjectCtor.defineProperty(marker, 'name', { value: MARKER + id });
  return { call: (fn) => marker(fn), close: () => void open.delete(id) };
}

// A bundle's `next/headers` asks through this; fixed, so user code cannot answer in its place (hardening deletes
// named globals only, so this symbol-keyed one stays).
ObjectCtor.defineProperty(globalThis, REQUEST_SCOPE_HOOK, { value: currentScope, writable: false, enumerable: false, configurable: false });
