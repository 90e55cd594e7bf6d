// Next's EDGE_UNSUPPORTED_NODE_APIS (`shared/lib/constants`, the same list in 13.4 through 16.4): globals its edge
// sandbox (`server/web/sandbox/context.js`) turns into throwing stubs, and its build warns about. 12.2–13.3 also
// listed Buffer, TextDecoderStream and TextEncoderStream.
export const EDGE_UNSUPPORTED_NODE_APIS = [
  'clearImmediate', 'setImmediate', 'BroadcastChannel', 'ByteLengthQueuingStrategy', 'CompressionStream',
  'CountQueuingStrategy', 'DecompressionStream', 'DomException', 'MessageChannel', 'MessageEvent', 'MessagePort',
  'ReadableByteStreamController', 'ReadableStreamBYOBRequest', 'ReadableStreamDefaultController',
  'TransformStreamDefaultController', 'WritableStreamDefaultController',
] as const;

const LEARN_MORE = 'Learn more: https://nextjs.org/docs/api-reference/edge-runtime';

/** What calling a stub (or a `process` function) throws: `throwUnsupportedAPIError` in the sandbox's context.js. */
export function unsupportedApiMessage(name: string): string {
  return `A Node.js API is used (${name}) which is not supported in the Edge Runtime.\n${LEARN_MORE}`;
}
