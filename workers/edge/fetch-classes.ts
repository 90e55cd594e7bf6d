// Request, Response and fetch as the edge runtime (undici) behaves, over the browser's own classes: `duplex: 'half'`
// added for stream bodies, a custom referrer kept, Response.error() headers mutable, `Body is unusable` for a used
// body, FormData bodies in undici's bytes, undici's words without Chromium's `Failed to construct 'Request': `, and
// `new Request(u).constructor === Request`. The browser's classes stay the classes (instanceof, subclassing); the
// wrappers hold them in this closure and never hand user code anything but what the browser itself would.
import { copyRefused, keepRefused } from './forbidden-headers';
import { multipartBody } from './multipart';

const {
  Request: NativeRequest,
  Response: NativeResponse,
  ReadableStream: NativeReadableStream,
  FormData: NativeFormData,
  Headers: HeadersCtor,
  URL: URLCtor,
  Error: ErrorCtor,
  TypeError: TypeErrorCtor,
  Promise: PromiseCtor,
  Proxy: ProxyCtor,
  Reflect: ReflectObj,
  WeakMap: WeakMapCtor,
  Object: ObjectCtor,
} = globalThis;
const nativeFetch = globalThis.fetch.bind(globalThis);
const getter = (proto: object, name: string) => ObjectCtor.getOwnPropertyDescriptor(proto, name)!.get! as (this: unknown) => any;
const requestProto = NativeRequest.prototype;
const responseProto = NativeResponse.prototype;
const nativeReferrer = getter(requestProto, 'referrer');
const nativeResponseHeaders = getter(responseProto, 'headers');
const streamLocked = getter(NativeReadableStream.prototype, 'locked');
const nativeArrayBuffer = requestProto.arrayBuffer;
const requestBody = getter(requestProto, 'body');
const nativeResponseError = NativeResponse.error;
const nativeResponseJson = NativeResponse.json;
const reject = PromiseCtor.reject.bind(PromiseCtor);

/** RequestInit's members, read once each when an init has to be rewritten (a Request used as init included). */
const INIT_KEYS = ['method', 'headers', 'body', 'referrer', 'referrerPolicy', 'mode', 'credentials', 'cache', 'redirect', 'integrity', 'keepalive', 'signal', 'duplex', 'priority', 'window'] as const;

/** The init undici reads: `duplex: 'half'` where a stream body has none, a FormData body as undici serialises it. */
function edgeInit(init: unknown): unknown {
  if (init === null || (typeof init !== 'object' && typeof init !== 'function')) return init;
  const body = (init as RequestInit).body;
  const stream = body instanceof NativeReadableStream;
  const form = body instanceof NativeFormData;
  if (!stream && !form) return init;
  const copy: Record<string, unknown> = {};
  for (const key of INIT_KEYS) {
    const value = key === 'body' ? body : (init as Record<string, unknown>)[key];
    if (value !== undefined) copy[key] = value;
  }
  if (form) copy.body = multipartBody(body as FormData);
  if (stream && copy.duplex === undefined) copy.duplex = 'half';
  return copy;
}

/** `Failed to construct 'Request': Failed to parse URL from x` → undici's `Failed to parse URL from x`; the type stays. */
const CHROMIUM_PREFIX = /^Failed to (?:construct '\w+'|execute '\w+' on '\w+'): /;
/** Chromium's words where undici has others of its own (same type). */
const UNDICI_WORDS: [RegExp, string][] = [[/^The status provided \(\d+\) is outside the range \[200, 599\]\.$/, 'init["status"] must be in the range of 200 to 599, inclusive.']];
function edgeError(error: unknown): unknown {
  if (error instanceof ErrorCtor) {
    try {
      let message = error.message.replace(CHROMIUM_PREFIX, '');
      for (const [pattern, words] of UNDICI_WORDS) if (pattern.test(message)) message = words;
      error.message = message;
    } catch {
      // A DOMException's message is a getter: left as it is.
    }
  }
  return error;
}

/** A referrer the browser turned into about:client (every URL is cross-origin to the sandbox's opaque origin). */
const referrers = new WeakMapCtor<Request, string>();

function rememberReferrer(request: Request, init: unknown): void {
  let kept: string | undefined;
  const given = init !== null && typeof init === 'object' ? (init as RequestInit).referrer : undefined;
  if (given !== undefined) {
    const text = String(given);
    if (text === '') return; // no-referrer, which the browser keeps itself
    const href = new URLCtor(text).href;
    kept = href === 'about:client' ? undefined : href;
  }
  // Built from another Request without an init referrer: undici falls back to about:client, as the browser does.
  if (kept !== undefined && nativeReferrer.call(request) === 'about:client') referrers.set(request, kept);
}

/** Response.error()'s headers: mutable on the edge (undici's guard is `none` there), immutable in the browser. */
const errorHeaders = new WeakMapCtor<Response, Headers>();

function define(owner: object, name: PropertyKey, descriptor: PropertyDescriptor): void {
  ObjectCtor.defineProperty(owner, name, { configurable: true, enumerable: name !== 'constructor', ...descriptor });
}

function patchAccessors(): void {
  define(requestProto, 'referrer', {
    get(this: Request) {
      return referrers.get(this) ?? nativeReferrer.call(this);
    },
  });
  define(requestProto, 'duplex', {
    get(this: Request) {
      nativeReferrer.call(this); // the brand check: Illegal invocation on anything but a Request
      return 'half';
    },
  });
  define(responseProto, 'headers', {
    get(this: Response) {
      return errorHeaders.get(this) ?? nativeResponseHeaders.call(this);
    },
  });
}

/** undici's bodyUnusable check before each read: `TypeError: Body is unusable: Body has already been read`. */
function patchBodyReads(): void {
  for (const proto of [requestProto, responseProto] as unknown as Record<string, unknown>[]) {
    const body = getter(proto, 'body');
    const used = getter(proto, 'bodyUsed');
    for (const name of ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text']) {
      const native = proto[name];
      if (typeof native !== 'function') continue;
      const read = {
        [name](this: unknown): Promise<unknown> {
          let stream: ReadableStream | null;
          try {
            stream = body.call(this);
          } catch (error) {
            return reject(error);
          }
          if (stream !== null && (streamLocked.call(stream) || used.call(this))) {
            return reject(new TypeErrorCtor('Body is unusable: Body has already been read'));
          }
          return ReflectObj.apply(native, this, []) as Promise<unknown>;
        },
      }[name];
      define(proto, name, { value: read, writable: true });
    }
  }
}

function patchClones(): void {
  for (const proto of [requestProto, responseProto] as { clone(): Request | Response }[]) {
    const clone = proto.clone;
    define(proto, 'clone', {
      writable: true,
      value: function clone_(this: Request | Response) {
        const copy = clone.call(this);
        copyRefused(this.headers, copy.headers);
        const referrer = this instanceof NativeRequest ? referrers.get(this) : undefined;
        if (referrer !== undefined) referrers.set(copy as Request, referrer);
        return copy;
      },
    });
    ObjectCtor.defineProperty(proto.clone, 'name', { value: 'clone' });
  }
}

function requestClass(): typeof Request {
  const RequestClass = new ProxyCtor(NativeRequest, {
    construct(target, args: unknown[], newTarget) {
      const [input, init] = args;
      const edge = args.length > 1 ? edgeInit(init) : init;
      let request: Request;
      try {
        request = ReflectObj.construct(target, args.length > 1 ? [input, edge] : args, newTarget) as Request;
      } catch (error) {
        throw edgeError(error);
      }
      const headers = edge !== null && typeof edge === 'object' ? (edge as RequestInit).headers : undefined;
      if (headers !== undefined) keepRefused(request.headers, headers);
      else if (input instanceof NativeRequest) keepRefused(request.headers, input.headers);
      rememberReferrer(request, edge);
      return request;
    },
  });
  define(requestProto, 'constructor', { value: RequestClass, writable: true });
  return RequestClass;
}

function responseClass(): typeof Response {
  const ResponseClass = new ProxyCtor(NativeResponse, {
    construct(target, args: unknown[], newTarget) {
      const [body, init] = args;
      const edgeArgs = body instanceof NativeFormData ? [multipartBody(body), ...args.slice(1)] : args;
      let response: Response;
      try {
        response = ReflectObj.construct(target, edgeArgs, newTarget) as Response;
      } catch (error) {
        throw edgeError(error);
      }
      const headers = init !== null && typeof init === 'object' ? (init as ResponseInit).headers : undefined;
      if (headers !== undefined) keepRefused(response.headers, headers);
      return response;
    },
  });
  define(responseProto, 'constructor', { value: ResponseClass, writable: true });
  define(NativeResponse, 'json', {
    writable: true,
    value: function json(data: unknown, init?: ResponseInit): Response {
      const response = nativeResponseJson.call(NativeResponse, data, init);
      if (init?.headers !== undefined) keepRefused(response.headers, init.headers);
      return response;
    },
  });
  define(NativeResponse, 'error', {
    writable: true,
    value: function error(): Response {
      const response = nativeResponseError.call(NativeResponse);
      errorHeaders.set(response, new HeadersCtor());
      return response;
    },
  });
  return ResponseClass;
}

/**
 * fetch with the edge's init rules. A body is read to its end before it is sent: Chromium streams a request body
 * only over HTTP/2 or QUIC, and the edge runtime sends a stream body over any connection.
 */
async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  let request: Request;
  try {
    request = new NativeRequest(input, edgeInit(init) as RequestInit);
    if (requestBody.call(request) !== null) {
      const bytes = await nativeArrayBuffer.call(request);
      request = new NativeRequest(request, { body: bytes });
    }
  } catch (error) {
    throw edgeError(error);
  }
  try {
    return await nativeFetch(request);
  } catch (error) {
    throw edgeError(error);
  }
}

export function installFetchClasses(global: Record<string, unknown>): void {
  patchAccessors();
  patchBodyReads();
  patchClones();
  global.Request = requestClass();
  global.Response = responseClass();
  global.fetch = fetch;
}
