// Web-signature handlers on the Node runtime (H26, H28): `export function GET(request)` and `export default { fetch }`
// get a Web Request and answer with a Response, which is written to the Node response (App Router routes: next-route.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Run } from './run';

export const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

type WebHandler = (request: Request, context: unknown) => unknown;
type Module = Record<string, unknown>;
/** What answers one request: the harness's run (the original URL and body bytes) plus the Node pair. */
export type WebListener = (run: Run, url: string, body: Buffer, req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function toRequest(url: string, body: Buffer, req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  req.resume(); // the bytes came with the invoke; the socket's copy is drained
  return new Request(url, { method, headers, body: hasBody ? body : null, signal, duplex: 'half' } as RequestInit);
}

/**
 * Writes a Response to the Node response (as @edge-runtime/node-utils does for Vercel: no response → an empty 200).
 * A body that arrives as one piece larger than the payload limit was not streamed: it answers 413 (L07).
 */
export async function writeResponse(run: Run, response: Response | null | undefined, res: ServerResponse): Promise<void> {
  if (!response) {
    res.end();
    return;
  }
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader('set-cookie', cookies);
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  run.abort.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
  let first = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || run.done) break;
    const bytes = typeof value === 'string' ? Buffer.from(value) : value instanceof Uint8Array ? value : null;
    if (!bytes) throw new TypeError('Received non-Uint8Array chunk');
    if (first && bytes.byteLength > run.maxPayloadBytes) {
      // One chunk over the limit: if the body ends here it was a whole body, not a stream.
      const next = await reader.read();
      if (next.done) return run.payloadTooLarge(bytes.byteLength);
      res.write(bytes);
      res.write(next.value as Uint8Array);
    } else if (!res.write(bytes)) {
      await new Promise((resolve) => res.once('drain', resolve));
    }
    first = false;
  }
  res.end();
}

/** @vercel/node: each method export, or `default.fetch` for every method; a method not exported → 405 empty. */
export function vercelWebListener(module: Module): WebListener {
  const fetch = typeof module.fetch === 'function' ? (module.fetch as WebHandler) : null;
  return async (run, url, body, req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const handler = fetch ?? (HTTP_METHODS.includes(method as never) ? (module[method] as WebHandler | undefined) : undefined);
    if (typeof handler !== 'function') {
      req.resume();
      res.statusCode = 405;
      res.end();
      return;
    }
    const request = toRequest(url, body, req, run.abort.signal);
    // Called unbound, as Vercel does: `this` is undefined inside `fetch`.
    const response = await handler.call(undefined, request, { waitUntil() {} });
    await writeResponse(run, response as Response | undefined, res);
  };
}
