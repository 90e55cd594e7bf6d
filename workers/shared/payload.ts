// L07: a function's whole (not streamed) response body over the limit answers 413 FUNCTION_PAYLOAD_TOO_LARGE instead
// of the body. One text for every runtime that has the limit: the Node.js harness and the languages sandbox.
import { formatBytes, formatLimit } from '../byte-size';

export const RESPONSE_TOO_LARGE = { status: 413, code: 'FUNCTION_PAYLOAD_TOO_LARGE' } as const;

export function responseTooLargeMessage(bytes: number, maxBytes: number): string {
  return `The response body is ${formatBytes(bytes)}; a function's response body may be at most ${formatLimit(maxBytes)} unless it is streamed.`;
}
