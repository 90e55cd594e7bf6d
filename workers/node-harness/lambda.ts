// AWS Lambda mode (H24: env NODEJS_AWS_HANDLER_NAME): `exports.handler(event, context)` answers with
// `{ statusCode, headers, body, isBase64Encoded }`; the whole body is sent at once (no response streaming).
import { randomUUID } from 'node:crypto';
import type { HarnessWireRequest, HeaderList } from '../protocol';
import type { Run } from './run';

export type LambdaHandler = (event: unknown, context: unknown, callback?: (error: unknown, result?: unknown) => void) => unknown;

/**
 * The event is shaped like API Gateway's REST proxy event (version 1.0), which classic `(event, context)` handlers
 * and adapters such as serverless-http expect. What Vercel's own invoke payload looks like is not published.
 */
function toEvent(request: HarnessWireRequest, body: Buffer): Record<string, unknown> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of request.headers) {
    const key = name.toLowerCase();
    headers[key] = value;
    (multiValueHeaders[key] ??= []).push(value);
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  url.searchParams.forEach((value, key) => {
    query[key] = value;
    (multiQuery[key] ??= []).push(value);
  });
  const hasQuery = Object.keys(query).length > 0;
  let text: string | null = null;
  let isBase64Encoded = false;
  if (request.bodyBase64 !== null) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      text = body.toString('base64');
      isBase64Encoded = true;
    }
  }
  return {
    resource: url.pathname,
    path: url.pathname,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      httpMethod: request.method,
      path: url.pathname,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      stage: '$default',
      identity: { sourceIp: '127.0.0.1' },
    },
    body: text,
    isBase64Encoded,
  };
}

function toContext(run: Run, name: string): Record<string, unknown> {
  return {
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'playground',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => (run.deadlineMs === undefined ? 0 : Math.max(0, Math.round(run.deadlineMs - run.t()))),
  };
}

/** Calls the handler: an async handler's promise, or a callback handler's `callback(error, result)`. */
function call(handler: LambdaHandler, event: unknown, context: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error, result) => (error ? reject(error) : resolve(result)));
    if (returned && typeof (returned as Promise<unknown>).then === 'function') (returned as Promise<unknown>).then(resolve, reject);
    else if (handler.length < 3) resolve(returned);
  });
}

export async function invokeLambda(run: Run, handler: LambdaHandler, name: string, request: HarnessWireRequest, body: Buffer): Promise<void> {
  const result = (await call(handler, toEvent(request, body), toContext(run, name))) as Record<string, unknown> | null | undefined;
  if (run.done) return;
  if (!result || typeof result !== 'object') {
    return run.fail(502, 'NO_RESPONSE_FROM_FUNCTION', `The Lambda handler returned ${result === null ? 'null' : typeof result}, not an object with statusCode, headers and body.`);
  }
  const rawBody = result.body ?? '';
  if (typeof rawBody !== 'string') {
    return run.fail(502, 'BODY_NOT_A_STRING_FROM_FUNCTION', `The Lambda response body must be a string, got ${Array.isArray(rawBody) ? 'an array' : typeof rawBody}.`);
  }
  const base64 = result.isBase64Encoded === true || result.encoding === 'base64';
  const bytes = Buffer.from(rawBody, base64 ? 'base64' : 'utf8');
  if (bytes.length > run.maxPayloadBytes) return run.payloadTooLarge(bytes.length);
  const headers: HeaderList = [];
  for (const [name, value] of Object.entries((result.headers as Record<string, unknown>) ?? {})) headers.push([name.toLowerCase(), String(value)]);
  for (const [name, values] of Object.entries((result.multiValueHeaders as Record<string, unknown[]>) ?? {})) {
    for (const value of values ?? []) headers.push([name.toLowerCase(), String(value)]);
  }
  const status = typeof result.statusCode === 'number' ? result.statusCode : Number(result.statusCode ?? 200);
  run.head(status, '', headers);
  if (request.method !== 'HEAD') run.chunk(bytes);
  run.finish();
}
