// What Vercel's edge network refuses before a function runs: oversized headers (L11) and bodies (L06). Messages give
// sizes and limits in exact bytes, so a size just over its limit never reads as equal to it.
import type { RuntimeName, WireRequest } from '../../workers/protocol';
import { formatBytes, formatLimit, type Limits } from './limits';

const KB = 1024;

export interface GatewayError {
  status: number;
  code: string;
  message: string;
}

export function gatewayError(request: WireRequest, runtime: RuntimeName, limits: Limits): GatewayError | null {
  let total = 0;
  for (const [name, value] of request.headers) {
    const size = name.length + value.length;
    total += size;
    if (value.length > 16 * KB) {
      return { status: 431, code: 'REQUEST_HEADER_TOO_LARGE', message: `The request header "${name}" is ${formatBytes(value.length)}; each header must not exceed ${formatLimit(16 * KB)}.` };
    }
  }
  if (total > 32 * KB) {
    return { status: 431, code: 'REQUEST_HEADER_TOO_LARGE', message: `The request headers are ${formatBytes(total)} together; all headers must not exceed ${formatLimit(32 * KB)}.` };
  }
  const bodyBytes = request.body?.byteLength ?? 0;
  const max = runtime === 'edge' ? limits.edge.maxRequestBodyBytes : limits.node.maxPayloadBytes;
  if (bodyBytes > max) {
    return {
      status: 413,
      code: 'FUNCTION_PAYLOAD_TOO_LARGE',
      message: `The request body is ${formatBytes(bodyBytes)}; the ${runtime === 'edge' ? 'edge' : 'Node.js'} runtime accepts ${formatLimit(max)} at most.`,
    };
  }
  return null;
}

/** Edge Functions are limited to 5 KB per environment variable (L10). */
export function envVarError(env: Record<string, string>, limits: Limits): GatewayError | null {
  for (const [name, value] of Object.entries(env)) {
    const size = new TextEncoder().encode(value).byteLength;
    if (size > limits.edge.maxEnvVarBytes) {
      return {
        status: 0,
        code: 'ENV_VAR_TOO_LARGE',
        message: `The environment variable ${name} is ${formatBytes(size)}; Edge Functions are limited to ${formatLimit(limits.edge.maxEnvVarBytes)} per environment variable.`,
      };
    }
  }
  return null;
}
