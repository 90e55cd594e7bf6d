// What a page of the bridge's origin does, for tests in Node: the headers Chromium adds to its fetches, a token store
// shared like one browser's localStorage, and the raw session/project calls for tests that drive the bridge directly.

/** What Chromium adds to a fetch from a page of `origin`. */
export const pageFetch = (from: () => string, site = 'same-origin'): typeof fetch => (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('Sec-Fetch-Site', site);
  if ((init.method ?? 'GET') !== 'GET') headers.set('Origin', from());
  return fetch(input, { ...init, headers });
};

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
