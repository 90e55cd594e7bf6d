// The globals an edge handler may see: edge-globals.txt §5 (the @edge-runtime/vm 5.0.0 union), as the allow-list for hardening.

/**
 * edge-globals.txt §5, minus EdgeVM's private `__listeners`-style bookkeeping names. FetchEvent (service workers
 * only in a browser) is defined by the runtime after hardening (fetch-event.ts); SharedArrayBuffer cannot exist in the
 * sandbox's workers (it needs a cross-origin-isolated worker; a data: worker never is one).
 */
const EDGE_VM_UNION = [
  'AbortController', 'AbortSignal', 'AggregateError', 'Array', 'ArrayBuffer', 'Atomics', 'BigInt', 'BigInt64Array',
  'BigUint64Array', 'Blob', 'Boolean', 'Crypto', 'CryptoKey', 'DOMException', 'DataView', 'Date', 'EdgeRuntime', 'Error',
  'EvalError', 'Event', 'EventTarget', 'FetchEvent', 'File', 'FinalizationRegistry', 'Float32Array', 'Float64Array',
  'FormData', 'Function', 'Headers', 'Infinity', 'Int16Array', 'Int32Array', 'Int8Array', 'Intl', 'JSON', 'Map', 'Math',
  'NaN', 'Number', 'Object', 'Promise', 'PromiseRejectionEvent', 'Proxy', 'RangeError', 'ReadableStream',
  'ReadableStreamBYOBReader', 'ReadableStreamDefaultReader', 'ReferenceError', 'Reflect', 'RegExp', 'Request', 'Response',
  'Set', 'SharedArrayBuffer', 'String', 'SubtleCrypto', 'Symbol', 'SyntaxError', 'TextDecoder', 'TextDecoderStream',
  'TextEncoder', 'TextEncoderStream', 'TransformStream', 'TypeError', 'URIError', 'URL', 'URLPattern', 'URLSearchParams',
  'Uint16Array', 'Uint32Array', 'Uint8Array', 'Uint8ClampedArray', 'WeakMap', 'WeakRef', 'WeakSet', 'WebAssembly',
  'WebSocket', 'WritableStream', 'WritableStreamDefaultWriter', 'addEventListener', 'atob', 'btoa', 'clearInterval',
  'clearTimeout', 'console', 'crypto', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape',
  'eval', 'fetch', 'globalThis', 'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'performance', 'queueMicrotask',
  'removeEventListener', 'self', 'setInterval', 'setTimeout', 'structuredClone', 'undefined', 'unescape',
] as const;

/** Next.js adds `process` (runtime-spec.md §1.4); the runtime defines it after hardening. */
const NEXT_ADDITIONS = ['process'];

/**
 * Followed strictly: ECMAScript globals newer than the Node 20 EdgeVM was measured on (Iterator, Float16Array,
 * DisposableStack, Temporal, …) are removed too, so `Object.getOwnPropertyNames(globalThis)` stays within §5.
 */
export const ALLOWED_GLOBALS: ReadonlySet<string> = new Set<string>([...EDGE_VM_UNION, ...NEXT_ADDITIONS]);
