// What Vercel's edge network refuses before a function runs: oversized headers (L11) and bodies (L06). Messages give
// sizes and limits in exact bytes, so a size just over its limit never reads as equal to it.
import type { RuntimeName, WireRequest } from '../../workers/protocol';
import { formatBytes, formatLimit, type Limits } from './limits';

export interface GatewayError {
  status: number;
  code: string;
  message: string;
}

const RUNTIME_WORDS: Record<RuntimeName, string> = { edge: 'edge', nodejs: 'Node.js', python: 'Python', ruby: 'Ruby', go: 'Go' };

export function gatewayError(request: WireRequest, runtime: RuntimeName, limits: Limits): GatewayError | null {
  const { maxHeaderBytes, maxHeadersBytes } = limits.gateway;
  let total = 0;
  for (const [name, value] of request.headers) {
    const size = name.length + value.length;
    total += size;
    if (value.length > maxHeaderBytes) {
      return { status: 431, code: 'REQUEST_HEADER_TOO_LARGE', message: `The request header "${name}" is ${formatBytes(value.length)}; each header must not exceed ${formatLimit(maxHeaderBytes)}.` };
    }
  }
  if (total > maxHeadersBytes) {
    return { status: 431, code: 'REQUEST_HEADER_TOO_LARGE', message: `The request headers are ${formatBytes(total)} together; all headers must not exceed ${formatLimit(maxHeadersBytes)}.` };
  }
  const bodyBytes = request.body?.byteLength ?? 0;
  const max = runtime === 'edge' ? limits.edge.maxRequestBodyBytes : limits.node.maxRequestBodyBytes;
  if (bodyBytes > max) {
    return {
      status: 413,
      code: 'FUNCTION_PAYLOAD_TOO_LARGE',
      message: `The request body is ${formatBytes(bodyBytes)}; the ${RUNTIME_WORDS[runtime]} runtime accepts ${formatLimit(max)} at most.`,
    };
  }
  return null;
}

/** Edge Functions are limited in bytes per environment variable (L10, limits.edge.maxEnvVarBytes). */
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
