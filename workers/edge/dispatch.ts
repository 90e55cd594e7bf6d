// Answers one request inside the worker: builds the Request, calls the handler, and streams the Response out as
// events (head, then each chunk as it arrives), or the error page when the handler throws: Next's 500 page for a
// Next.js route, Vercel's for a plain function (L04, H29, H30).
import type { EdgeBundle, HeaderList, RunEvent, WireRequest } from '../protocol';
import { platformErrorEvents } from '../platform-errors';
import { thrownValueText } from '../shared/error-text';
import { keepRefused } from './forbidden-headers';
import { nextResponse } from './next-response';
import { checkResult, failurePage, resolveHandler, type WaitUntil } from './handler';
import { responseWithCookies } from '../shared/next-headers';
import { openRequestScope, type OpenScope } from './request-scope';

export interface RunContext {
  bundle: EdgeBundle;
  module: Record<string, unknown>;
  request: WireRequest;
  signal: AbortSignal;
  post(event: RunEvent, transfer?: Transferable[]): void;
  /** An error-level console line of this run. */
  log(text: string): void;
  /** Milliseconds since this run was dispatched. */
  now(): number;
  /** The bundle's blob: URL, for stack cleanup. */
  cleanStack(stack: string | undefined): string | undefined;
}

const STRIPPED_OUTSIDE_3XX = ['content-encoding', 'transform-encoding', 'content-length'];
const { Request: RequestCtor, Uint8Array: Uint8ArrayCtor, ArrayBuffer: ArrayBufferCtor, Promise: PromiseCtor, Error: ErrorCtor } = globalThis;
const encoder = new TextEncoder();
const encode = (text: string) => encoder.encode(text); // held before user code can replace TextEncoder

/** EdgeVM's dispatchFetch deletes these for any status outside 3xx (H30). 13.2's route handlers join Set-Cookie. */
function responseHeaders(response: Response, joinCookies: boolean): HeaderList {
  const keep = response.status >= 300 && response.status < 400;
  const list: HeaderList = [];
  response.headers.forEach((value, name) => {
    if (keep || !STRIPPED_OUTSIDE_3XX.includes(name)) list.push([name, value]);
  });
  if (!joinCookies) return list;
  const cookies = list.filter(([name]) => name === 'set-cookie').map(([, value]) => value);
  const rest = list.filter(([name]) => name !== 'set-cookie');
  return cookies.length ? [...rest, ['set-cookie', cookies.join(', ')]] : rest;
}

/** The error's own message (its name leads the stack), or the thrown value as text (the harness's describeError says `Uncaught`, as Node does). */
function describe(error: unknown): { message: string; stack?: string } {
  if (error instanceof ErrorCtor) {
    const stack = typeof error.stack === 'string' ? error.stack : `${error.name}: ${error.message}`;
    return { message: error.message, stack };
  }
  try {
    return { message: thrownValueText(error) };
  } catch {
    return { message: String(error) };
  }
}

function failBeforeHead(ctx: RunContext, error: unknown): void {
  const { message, stack } = describe(error);
  const code = 'EDGE_FUNCTION_INVOCATION_FAILED';
  const [t, cleaned] = [ctx.now(), ctx.cleanStack(stack)];
  const page = failurePage(ctx.bundle);
  if (!page) {
    for (const event of platformErrorEvents(500, code, message, t, cleaned)) ctx.post(event);
    return;
  }
  ctx.post({ type: 'head', status: page.status, statusText: page.statusText, headers: page.headers, t });
  ctx.post({ type: 'chunk', bytes: encode(page.body), t });
  ctx.post({ type: 'error', code, message, t, ...(cleaned ? { stack: cleaned } : {}) });
}

function failAfterHead(ctx: RunContext, error: unknown): void {
  const { message, stack } = describe(error);
  ctx.post({ type: 'error', code: 'EDGE_FUNCTION_INVOCATION_FAILED', message, stack: ctx.cleanStack(stack), t: ctx.now() });
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8ArrayCtor) return chunk.slice();
  if (ArrayBuffer.isView(chunk)) return new Uint8ArrayCtor(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice();
  if (chunk instanceof ArrayBufferCtor) return new Uint8ArrayCtor(chunk.slice(0));
  // What Next's response pipe says of a stream that enqueues strings.
  throw new TypeError('Received non-Uint8Array chunk');
}

async function streamBody(ctx: RunContext, body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  const cancel = () => void reader.cancel(ctx.signal.reason).catch(() => {});
  ctx.signal.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || ctx.signal.aborted) return;
      // A copy, transferred: the handler may reuse its buffer, and the page gets the bytes without another copy.
      const bytes = toBytes(value);
      ctx.post({ type: 'chunk', bytes, t: ctx.now() }, [bytes.buffer]);
    }
  } finally {
    ctx.signal.removeEventListener('abort', cancel);
  }
}

function makeRequest(wire: WireRequest, signal: AbortSignal): Request {
  const hasBody = wire.body !== null && wire.method !== 'GET' && wire.method !== 'HEAD';
  const request = new RequestCtor(wire.url, { method: wire.method, headers: wire.headers, body: hasBody ? wire.body : null, signal });
  // cookie, host, user-agent, content-length…: a browser Request drops them, the edge runtime passes them on.
  keepRefused(request.headers, wire.headers);
  return request;
}

/** Runs to completion: head? chunk* error?; the caller sends `end`. Never throws. */
export async function dispatch(ctx: RunContext): Promise<void> {
  const pending: Promise<unknown>[] = [];
  const event: WaitUntil = { waitUntil: (p) => void pending.push(PromiseCtor.resolve(p).catch(() => {})) };
  let response: Response;
  let dropBody = false;
  let failure: { code: string; message: string } | undefined;
  let scope: OpenScope | null = null;
  try {
    const request = makeRequest(ctx.request, ctx.signal);
    const resolution = resolveHandler(ctx.module, ctx.bundle, request, event);
    if (resolution.type === 'respond') {
      response = resolution.response;
      failure = resolution.error;
    } else {
      dropBody = resolution.dropBody;
      const handler = resolution.handler; // called unbound, so the stack reads `at GET (…)`
      const run = () => handler(resolution.request, resolution.context);
      scope = resolution.scope ? openRequestScope(resolution.scope) : null;
      const outcome = checkResult(await (scope ? scope.call(run) : run()), ctx.bundle, request);
      // Cookies the route set through next/headers join the response as Next's route module merges them.
      const returned = (outcome.type === 'response' && resolution.scope && responseWithCookies(outcome.response, resolution.scope)) || outcome.response;
      response = ctx.bundle.next && !ctx.bundle.next.legacyEdgeSandbox ? nextResponse(returned, ctx.bundle.kind) : returned;
      if (outcome.type === 'no-response') {
        if (outcome.log) ctx.log(outcome.log);
        failure = outcome.error;
      }
    }
  } catch (error) {
    scope?.close();
    failBeforeHead(ctx, error);
    return;
  }
  if (ctx.signal.aborted) return scope?.close();
  ctx.post({ type: 'head', status: response.status, statusText: response.statusText, headers: responseHeaders(response, ctx.bundle.next?.legacyRouteHeaders === true), t: ctx.now() });
  try {
    if (response.body && !dropBody) await streamBody(ctx, response.body);
    else await response.body?.cancel().catch(() => {});
  } catch (error) {
    failAfterHead(ctx, error);
  }
  if (failure) ctx.post({ type: 'error', ...failure, t: ctx.now() });
  // Work the handler handed to waitUntil() belongs to this invocation (its logs too), as on Vercel.
  await PromiseCtor.all(pending);
  scope?.close();
}
