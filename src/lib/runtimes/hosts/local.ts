// NodeHost over the local bridge (src/server/node-bridge.ts): real `node` children of the dev or preview server,
// driven with fetch from the page. Works offline and in CI; the same contract as the WebContainer host.
import { foreignFramer } from '../../framer';
import type { BuildOutcome, BuildRequest, HostProcess, HostStatus, NodeHost, SpawnOptions } from './node-host';

export interface LocalNodeHostOptions {
  /** The bridge's base URL. @default `/__node` on the page's origin */
  bridgeUrl?: string;
  /** Why the local host runs Node here, shown after its version: `WebContainer needs cross-origin isolation`. */
  why?: string;
  /** @default globalThis.fetch (tests in Node pass one that adds the headers a browser would send) */
  fetch?: typeof fetch;
  /** How long the bridge may take to answer its health check. @default 5000 */
  bootTimeoutMs?: number;
  /** Where the bridge's capability token is kept between pages and reloads. @default globalThis.localStorage */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /**
   * Opens the socket a process's stdin goes over (one message per batch of lines, where a POST each would cost a
   * request). null: every batch is a POST to /stdin. @default the global WebSocket, where there is one
   */
  webSocket?: ((url: string) => StdinSocket) | null;
}

/** What LocalProcess uses of a WebSocket (the browser's, or the `ws` package's in Node). */
export interface StdinSocket {
  readonly readyState: number;
  onopen: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  send(text: string): void;
  close(): void;
}

const defaultWebSocket = (): LocalNodeHostOptions['webSocket'] => (typeof WebSocket === 'function' ? (url) => new WebSocket(url) : null);

/** The request header that carries the token (src/server/node-bridge-sessions.ts). */
const TOKEN_HEADER = 'X-Node-Bridge-Token';
const TOKEN_KEY = 'playground:node-bridge-token';

function defaultStorage(): LocalNodeHostOptions['storage'] {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage refused (an opaque origin, a privacy setting)
  }
}

async function errorText(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: string };
    return body.error ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

class LocalProcess implements HostProcess {
  readonly exited: Promise<number | null>;
  #url: (path: string) => string;
  #fetch: typeof fetch;
  #queue: string[] = [];
  #flushing = false;
  #gone = false;
  #listeners: ((text: string) => void)[] = [];
  #early: string[] = [];
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  /** Where stdin goes while it is open; until it opens, lines wait; once it fails or closes, they are POSTed. */
  #socket: StdinSocket | null;

  constructor(processId: string, output: ReadableStream<Uint8Array>, url: (path: string) => string, fetcher: typeof fetch, socket: StdinSocket | null) {
    this.#url = (path) => url(`${path}?process=${encodeURIComponent(processId)}`);
    this.#fetch = fetcher;
    this.#reader = output.getReader();
    this.exited = this.#read();
    this.#socket = socket;
    if (socket) {
      socket.onopen = () => this.#flush();
      socket.onclose = () => {
        this.#socket = null;
        this.#flush();
      };
      socket.onerror = () => {}; // a close follows, which sends the lines another way
    }
  }

  async #read(): Promise<number | null> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await this.#reader.read();
        if (done) break;
        this.#emit(decoder.decode(value, { stream: true }));
      }
    } catch {
      // The stream broke (the server went away): the process is gone for us either way.
    }
    this.#emit(decoder.decode());
    this.#gone = true;
    this.#socket?.close();
    try {
      const exit = (await (await this.#fetch(this.#url('/exit'))).json()) as { code?: number | null };
      return exit.code ?? null;
    } catch {
      return null;
    }
  }

  #emit(text: string): void {
    if (!text) return;
    if (this.#listeners.length === 0) this.#early.push(text);
    else for (const listener of this.#listeners) listener(text);
  }

  onOutput(listener: (text: string) => void): void {
    this.#listeners.push(listener);
    if (this.#listeners.length === 1) {
      // Output that came before anyone listened (the harness's hello).
      for (const text of this.#early.splice(0)) listener(text);
    }
  }

  write(line: string): void {
    if (this.#gone) return;
    this.#queue.push(line + '\n');
    if (this.#queue.length > 1) return;
    // Lines written in one task go in one message (or one request).
    queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    if (!this.#queue.length || this.#gone) return;
    const socket = this.#socket;
    if (socket?.readyState === 1) {
      socket.send(this.#queue.join(''));
      this.#queue = [];
    } else if (!socket) void this.#post();
    // Still connecting: its open (or its close) flushes.
  }

  /** POSTs go one at a time, so lines arrive in order. */
  async #post(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    while (this.#queue.length && !this.#gone) {
      const text = this.#queue.join('');
      this.#queue = [];
      try {
        const response = await this.#fetch(this.#url('/stdin'), { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text });
        if (response.status === 410) this.#gone = true;
      } catch {
        this.#gone = true;
      }
    }
    if (this.#gone) this.#queue = [];
    this.#flushing = false;
  }

  async kill(): Promise<void> {
    if (!this.#gone) {
      try {
        await this.#fetch(this.#url('/kill'), { method: 'POST', body: '' });
      } catch {
        await this.#reader.cancel().catch(() => {});
      }
    }
    await this.exited;
  }
}

export class LocalNodeHost implements NodeHost {
  readonly kind = 'local' as const;
  #base: string;
  #why: string;
  #fetch: typeof fetch;
  #storage: LocalNodeHostOptions['storage'];
  #webSocket: LocalNodeHostOptions['webSocket'];
  #token: Promise<string> | null = null;
  /** The page's project ids → the bridge's (it names projects itself: no page can choose another's folder). */
  #projects = new Map<string, Promise<string>>();
  #lastProject: Promise<string> | null = null;
  #bootTimeoutMs: number;
  #booting: Promise<{ bootMs: number; nodeVersion?: string }> | null = null;
  #version: string | null = null;
  #status: HostStatus = { phase: 'idle', message: 'Local node not started' };
  #listeners = new Set<(status: HostStatus) => void>();

  constructor(options: LocalNodeHostOptions = {}) {
    this.#base = (options.bridgeUrl ?? '/__node').replace(/\/$/, '');
    this.#why = options.why ?? '';
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#bootTimeoutMs = options.bootTimeoutMs ?? 5000;
    this.#storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.#webSocket = options.webSocket === undefined ? defaultWebSocket() : options.webSocket;
  }

  /** The bridge's capability token: kept from an earlier page of this browser, or asked for now. */
  #session(): Promise<string> {
    this.#token ??= (async () => {
      const kept = this.#storage?.getItem(TOKEN_KEY);
      if (kept) return kept;
      const response = await this.#fetch(this.#url('/session'), { method: 'POST', body: '' });
      if (!response.ok) throw new Error(`The local Node bridge would not let this page in: ${await errorText(response)}`);
      const { token } = (await response.json()) as { token: string };
      this.#storage?.setItem(TOKEN_KEY, token);
      return token;
    })();
    this.#token.catch(() => (this.#token = null));
    return this.#token;
  }

  #withToken: typeof fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set(TOKEN_HEADER, await this.#session());
    return this.#fetch(input, { ...init, headers });
  };

  /** The bridge no longer knows the token (it restarted): a new token, and new projects under it. */
  #renew(): void {
    this.#storage?.removeItem(TOKEN_KEY);
    this.#token = null;
    this.#projects.clear();
    this.#lastProject = null;
  }

  /** Sends, and when the bridge does not know the token, renews it (and the projects under it) and sends once more. */
  async #renewingOnce(send: () => Promise<Response>): Promise<Response> {
    const response = await send();
    if (response.status !== 401) return response;
    this.#renew();
    return send();
  }

  /** fetch with the token, renewed once when the bridge does not know it. */
  #authorised: typeof fetch = (input, init) => this.#renewingOnce(() => this.#withToken(input, init));

  /** A POST about the page's project: after a renewal its body names the project made anew under the new token. */
  #projectRequest(path: string, pageProject: string, body: (projectId: string) => object): Promise<Response> {
    return this.#renewingOnce(async () =>
      this.#withToken(this.#url(path), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body(await this.#projectId(pageProject))),
      }),
    );
  }

  /** The bridge's id for the page's project, made on first use; a new project replaces the page's previous one. */
  #projectId(pageProject: string): Promise<string> {
    let id = this.#projects.get(pageProject);
    if (!id) {
      const replaces = this.#lastProject;
      id = (async () => {
        const previous = await replaces?.catch(() => undefined);
        const response = await this.#authorised(this.#url('/project'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(previous ? { replaces: previous } : {}),
        });
        if (!response.ok) throw new Error(`The local Node bridge could not make a project folder: ${await errorText(response)}`);
        return ((await response.json()) as { projectId: string }).projectId;
      })();
      id.catch(() => this.#projects.delete(pageProject));
      this.#projects.clear(); // the previous project is gone at the bridge
      this.#projects.set(pageProject, id);
      this.#lastProject = id;
    }
    return id;
  }

  /** A new explanation (the WebContainer beside it failed after all): listeners get the status again to read it. */
  explain(why: string): void {
    this.#why = why;
    this.#setStatus(this.#status);
  }

  get reason(): string {
    const what = this.#version ? `local node ${this.#version}` : 'local node';
    return this.#why ? `${what} (${this.#why})` : what;
  }

  get status(): HostStatus {
    return this.#status;
  }

  #url = (path: string) => `${this.#base}${path}`;

  #setStatus(status: HostStatus): void {
    this.#status = status;
    for (const listener of this.#listeners) listener(status);
  }

  onStatus(listener: (status: HostStatus) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#status);
    return () => this.#listeners.delete(listener);
  }

  boot(): Promise<{ bootMs: number; nodeVersion?: string }> {
    this.#booting ??= this.#boot();
    return this.#booting;
  }

  async #boot(): Promise<{ bootMs: number; nodeVersion?: string }> {
    const t0 = performance.now();
    this.#setStatus({ phase: 'booting', message: 'Connecting to the local Node bridge…' });
    try {
      const framer = foreignFramer();
      if (framer) {
        // Local node runs code on this machine; the embed shows this beside a link to the playground with the project.
        throw new Error(`Node.js does not run for a page framed by ${framer}.`);
      }
      let response: Response;
      try {
        response = await this.#fetch(this.#url('/health'), { signal: AbortSignal.timeout(this.#bootTimeoutMs) });
      } catch (error) {
        throw new Error(`The local Node bridge at ${this.#base} did not answer (${error instanceof Error ? error.message : String(error)}). It runs with \`npm run dev\` or \`npm start\`.`);
      }
      const noBridge = `This server has no local Node bridge at ${this.#base} (it comes with \`npm run dev\` and \`npm start\`, not with static hosting).`;
      if (response.status === 404) throw new Error(noBridge);
      if (!response.ok) throw new Error(`The local Node bridge refused to start: ${await errorText(response)}`);
      // A static host may answer any path with its index page.
      const health = (await response.json().catch(() => null)) as { node?: unknown } | null;
      if (typeof health?.node !== 'string') throw new Error(noBridge);
      this.#version = health.node;
      await this.#session();
      this.#setStatus({ phase: 'ready', message: `Ready: ${this.reason}` });
      return { bootMs: performance.now() - t0, ...(this.#version ? { nodeVersion: this.#version } : {}) };
    } catch (error) {
      this.#setStatus({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  async install(projectId: string, dependencies: Record<string, string>, onProgress: (line: string) => void): Promise<void> {
    await this.boot();
    const names = Object.keys(dependencies).join(', ');
    this.#setStatus({ phase: 'installing', message: `npm install ${names}…` });
    try {
      const response = await this.#projectRequest('/install', projectId, (id) => ({ projectId: id, dependencies }));
      if (!response.ok || !response.body) throw new Error(`npm install could not start: ${await errorText(response)}`);
      let outcome: { ok: boolean; error?: string; cached?: boolean } | null = null;
      await readLines(response.body, (text) => {
        const message = JSON.parse(text) as { line?: string; done?: boolean; ok?: boolean; error?: string; cached?: boolean };
        if (message.done) outcome = { ok: message.ok === true, error: message.error, cached: message.cached };
        else if (message.line !== undefined) {
          onProgress(message.line);
          this.#setStatus({ phase: 'installing', message: `npm install: ${message.line}` });
        }
      });
      const result = outcome as { ok: boolean; error?: string; cached?: boolean } | null;
      if (!result) throw new Error('npm install stopped without saying how it ended.');
      if (!result.ok) throw new Error(result.error ?? 'npm install failed.');
      this.#setStatus({ phase: 'ready', message: result.cached ? `Ready: ${names} already installed` : `Ready: installed ${names}` });
    } catch (error) {
      this.#setStatus({ phase: 'ready', message: `npm install failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` });
      throw error;
    }
  }

  async packageFiles(projectId: string, names: string[]): Promise<Record<string, string>> {
    await this.boot();
    const response = await this.#projectRequest('/package-files', projectId, (id) => ({ projectId: id, names }));
    if (!response.ok) throw new Error(`The installed packages could not be read: ${await errorText(response)}`);
    return ((await response.json()) as { files: Record<string, string> }).files;
  }

  async build(projectId: string, request: BuildRequest, onOutput: (line: string) => void): Promise<BuildOutcome> {
    await this.boot();
    const response = await this.#projectRequest('/build', projectId, (id) => ({ projectId: id, ...request }));
    if (!response.ok || !response.body) return { ok: false, error: `The build could not start: ${await errorText(response)}` };
    let outcome: BuildOutcome | null = null;
    await readLines(response.body, (text) => {
      const message = JSON.parse(text) as { line?: string; done?: boolean } & Partial<{ ok: boolean; files: Record<string, string>; left: string[]; error: string }>;
      if (message.done) outcome = message.ok ? { ok: true, files: message.files ?? {}, left: message.left ?? [] } : { ok: false, error: message.error ?? 'The build failed.' };
      else if (message.line !== undefined) onOutput(message.line);
    });
    return outcome ?? { ok: false, error: 'The build stopped without saying how it ended.' };
  }

  async spawn(projectId: string, options: SpawnOptions): Promise<HostProcess> {
    await this.boot();
    const response = await this.#projectRequest('/spawn', projectId, (id) => ({ projectId: id, memoryMb: options.memoryMb, markerToken: options.markerToken }));
    if (!response.ok) throw new Error(`The local Node bridge could not start node: ${await errorText(response)}`);
    const { processId } = (await response.json()) as { processId: string };
    const output = await this.#authorised(this.#url(`/output?process=${encodeURIComponent(processId)}`));
    if (!output.ok || !output.body) throw new Error(`The output of the node process could not be read: ${await errorText(output)}`);
    return new LocalProcess(processId, output.body, this.#url, this.#authorised, await this.#stdinSocket(processId));
  }

  /** The process's stdin socket; the token goes in its URL (a WebSocket cannot send headers). null: POSTs instead. */
  async #stdinSocket(processId: string): Promise<StdinSocket | null> {
    if (!this.#webSocket) return null;
    const url = new URL(this.#url('/stdin'), globalThis.location?.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('process', processId);
    url.searchParams.set('token', await this.#session());
    try {
      return this.#webSocket(url.href);
    } catch {
      return null; // refused by the page's CSP, say
    }
  }
}

/** Calls `onLine` for each line of a text stream. */
async function readLines(body: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const lines = (rest + decoder.decode(value, { stream: true })).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onLine(line);
  }
  if ((rest + decoder.decode()).trim()) onLine(rest);
}
