// Who may drive a node process through the local bridge: only this machine, only a page of the server's own origin.
// A page on another origin (or one that rebinds its DNS name to 127.0.0.1) must never start or feed a process.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** `localhost:5173` → `localhost`; `[::1]:5173` → `[::1]`. */
function hostName(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
}

/** The origin this server is reached at, from the Host header (already checked to be a loopback name). */
export function ownOrigin(req: IncomingMessage): string {
  const secure = (req.socket as TLSSocket).encrypted === true;
  return `${secure ? 'https' : 'http'}://${req.headers.host}`;
}

/** Why the request is refused (403), or null when it may go on. */
export function refusal(req: IncomingMessage): string | null {
  const address = req.socket.remoteAddress;
  if (!isLoopbackAddress(address)) {
    return `The Node bridge answers only on this machine; a request from ${address ?? 'an unknown address'} is refused.`;
  }
  const host = req.headers.host ?? '';
  if (!LOOPBACK_HOSTS.has(hostName(host).toLowerCase())) {
    // A DNS name rebound to 127.0.0.1 arrives with its own Host: refuse it.
    return `The Node bridge answers only requests to localhost; Host "${host}" is refused.`;
  }
  const origin = req.headers.origin;
  const own = ownOrigin(req);
  if (origin !== undefined && origin !== own) {
    return `The Node bridge refuses requests from other origins: Origin ${origin} is not this server's origin ${own}.`;
  }
  if (req.method === 'POST' && origin === undefined) {
    // Browsers send Origin on every POST; without it the request does not come from one of our pages.
    return `The Node bridge needs the Origin header on POST requests (a page of ${own} sends it).`;
  }
  if (req.headers.upgrade?.toLowerCase() === 'websocket') {
    // A browser's WebSocket handshake carries Origin always and Sec-Fetch-Site never (Chromium 156).
    return origin === undefined ? `The Node bridge needs the Origin header on a WebSocket (a page of ${own} sends it).` : null;
  }
  if (req.method === 'GET' && req.headers['sec-fetch-site'] !== 'same-origin') {
    const site = req.headers['sec-fetch-site'];
    return `The Node bridge answers GET requests only from its own pages (Sec-Fetch-Site: same-origin); this one has ${site ? `Sec-Fetch-Site: ${site}` : 'no Sec-Fetch-Site header'}.`;
  }
  return null;
}
