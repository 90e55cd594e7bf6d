// What a page of the bridge's origin does, for tests in Node: the headers Chromium adds to its fetches and its
// WebSockets, a token store shared like one browser's localStorage, and the raw session/project calls for tests that
// drive the bridge directly.
import { WebSocket } from 'ws';
import type { StdinSocket } from '../../src/lib/runtimes/hosts/local';

/** What Chromium adds to a fetch from a page of `origin`. */
export const pageFetch = (from: () => string, site = 'same-origin'): typeof fetch => (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('Sec-Fetch-Site', site);
  if ((init.method ?? 'GET') !== 'GET') headers.set('Origin', from());
  return fetch(input, { ...init, headers });
};

/** What Chromium sends on a WebSocket handshake from a page of `origin`: Origin, and no Sec-Fetch-Site. */
export const pageSocket = (origin: string) => (url: string): StdinSocket => new WebSocket(url, { headers: { Origin: origin } }) as unknown as StdinSocket;

/** The status a WebSocket handshake with these headers gets: 101 when the socket opens. */
export function handshake(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => (socket.close(), resolve(101)));
    socket.once('unexpected-response', (_req, res) => (socket.terminate(), resolve(res.statusCode ?? 0)));
    socket.once('error', () => resolve(0));
  });
}

/** One browser's localStorage: every LocalNodeHost given it shares the bridge token, as a browser's tabs do. */
export function browserStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/** A token and a project, asked for the way LocalNodeHost does; `headers` carries the token. */
export async function bridgeProject(origin: string): Promise<{ token: string; projectId: string; headers: Record<string, string> }> {
  const f = pageFetch(() => origin);
  const session = await f(`${origin}/__node/session`, { method: 'POST', body: '' });
  if (!session.ok) throw new Error(`session: ${session.status} ${await session.text()}`);
  const { token } = (await session.json()) as { token: string };
  const headers = { 'X-Node-Bridge-Token': token };
  const project = await f(`${origin}/__node/project`, { method: 'POST', headers, body: '{}' });
  const { projectId } = (await project.json()) as { projectId: string };
  return { token, projectId, headers };
}
