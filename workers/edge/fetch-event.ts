// The edge runtime's `fetch` event (EdgeVM's addEventListener and @edge-runtime/primitives' FetchEvent): one `fetch`
// listener per scope (a second throws), FetchEvent with destructurable respondWith/waitUntil, and EdgeVM's
// dispatchFetch for a function that answers through that listener instead of an export.
import type { WaitUntil } from './handler';

type Listener = (this: unknown, event: unknown) => unknown;

const { Event: EventCtor, TypeError: TypeErrorCtor, Response: ResponseCtor, Promise: PromiseCtor, Set: SetCtor } = globalThis;
const promiseFinally = PromiseCtor.prototype.finally;
const resolve = PromiseCtor.resolve.bind(PromiseCtor);
/** The invocation a FetchEvent belongs to: its waitUntil work keeps the run open, as on Vercel. Private to the runtime. */
const invocations = new WeakMap<object, WaitUntil>();
let fetchListener: Listener | null = null;

/** @edge-runtime/primitives' FetchEvent, field for field. */
export class FetchEvent extends EventCtor {
  request: Request;
  response: unknown = null;
  awaiting = new SetCtor<Promise<unknown>>();
  constructor(request: Request) {
    super('fetch');
    this.request = request;
  }
  respondWith = (response: unknown): void => {
    this.response = response;
  };
  waitUntil = (promise: Promise<unknown>): void => {
    this.awaiting.add(promise);
    invocations.get(this)?.waitUntil(promise);
    void promiseFinally.call(resolve(promise), () => this.awaiting.delete(promise)).catch(() => {});
  };
}

/** addEventListener/removeEventListener as EdgeVM defines them for `fetch`; other types go to the worker's own. */
export function installFetchEvent(global: typeof globalThis): void {
  const nativeAdd = global.addEventListener.bind(global);
  const nativeRemove = global.removeEventListener.bind(global);
  const isFetch = (type: unknown) => String(type).toLowerCase() === 'fetch';
  // As in EdgeVM: FetchEvent not enumerable, the two listener functions enumerable (script function declarations there).
  const define = (name: string, value: unknown, enumerable = true) =>
    Object.defineProperty(global, name, { value, writable: true, enumerable, configurable: true });
  define('FetchEvent', FetchEvent, false);
  define('addEventListener', function addEventListener(type: string, listener: unknown, options?: unknown): void {
    if (!isFetch(type)) return nativeAdd(type, listener as EventListener, options as AddEventListenerOptions);
    if (fetchListener) throw new TypeErrorCtor('You can register just one "fetch" event listener');
    fetchListener = listener as Listener;
  });
  define('removeEventListener', function removeEventListener(type: string, listener: unknown, options?: unknown): void {
    if (!isFetch(type)) return nativeRemove(type, listener as EventListener, options as EventListenerOptions);
    if (fetchListener === listener) fetchListener = null;
  });
}

export const hasFetchListener = () => fetchListener !== null;

/**
 * EdgeVM's dispatchFetch: the listener gets a FetchEvent; a throw, no respondWith, or something that is not a
 * Response is logged and answered with a bare 500 `Internal Server Error`.
 */
export async function dispatchFetchEvent(request: Request, invocation: WaitUntil, log: (text: string) => void): Promise<Response> {
  const listener = fetchListener;
  const event = new FetchEvent(request);
  invocations.set(event, invocation);
  const failed = (error?: unknown) => {
    log(error !== undefined ? String(error) : 'The event listener did not respond');
    return new ResponseCtor(null, { status: 500, statusText: 'Internal Server Error' });
  };
  try {
    await listener?.call(event, event);
  } catch (error) {
    return failed(error);
  }
  try {
    const response = await event.response;
    return response instanceof ResponseCtor ? response : failed();
  } catch (error) {
    return failed(error);
  }
}
