// WebContainerHost's ADAPTER LOGIC ONLY, against a fake of the @webcontainer/api shape (webcontainer-api.ts). Nothing
// here boots a WebContainer or runs Node: this machine and CI cannot reach stackblitz.com, where the WebContainer
// loads from. What is checked: our boot timeout, memo, late-boot adoption and retry, the boot probe's fallbacks, the
// support rules, the terminal-to-text translation (fed into the real HarnessClient), writes (long ones by file), the
// kill grace and its escalation (teardown + reboot + remount), and npm install progress.
// That the real WebContainer behaves like the fake (merged terminal output, kill ignored by a sync loop, export/mount
// of node_modules, what the probe reports, env and terminal options honoured) is NOT verified here.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HarnessClient } from '../../workers/node-harness/client';
import { buildHarness } from '../../workers/node-harness/build';
import { harnessMarker } from '../../workers/node-harness/framing';
import { LOOPBACK_PORTS_FLAG, LOOPBACK_PORT_RANGE, type HarnessRequest, type HarnessResponse, type RunEvent } from '../../workers/protocol';
import type { HostStatus } from '../../src/lib/runtimes/hosts/node-host';
import { WebContainerHost, projectDir, webContainerSupport, type WebContainerHostOptions } from '../../src/lib/runtimes/hosts/webcontainer';
import type { Container, ContainerApi, ContainerBootOptions, ContainerFileTree, ContainerProcess, ContainerSpawnOptions } from '../../src/lib/runtimes/hosts/webcontainer-api';
import { PROBE_FILE, PROBE_MARK } from '../../src/lib/runtimes/hosts/webcontainer-probe';
import { LARGE_LINE_CHARS } from '../../src/lib/runtimes/hosts/webcontainer-process';
import { PLAIN_OUTPUT_ENV, TERMINAL_SIZE } from '../../src/lib/runtimes/hosts/webcontainer-spawn';
import { ProgressLines, TerminalText } from '../../src/lib/runtimes/hosts/webcontainer-terminal';

// ------------------------------------------------------------------------------------------------ the fake API

class FakeProcess implements ContainerProcess {
  output: ReadableStream<string>;
  input: WritableStream<string>;
  exit: Promise<number>;
  /** What was written to the pseudo-terminal, chunk by chunk. */
  written: string[] = [];
  kills = 0;
  /** The API's kill does nothing (the harness may still exit when asked by its `exit` message). */
  ignoresKill = false;
  /** A synchronous loop: no message is answered, kill and exit are ignored. */
  stuck = false;
  /** Answers pings but does not exit when asked. */
  ignoresExit = false;
  /** How long it takes to exit when asked (its `exit` message). */
  exitDelayMs = 0;
  onInput: (text: string) => void = () => {};
  #out!: ReadableStreamDefaultController<string>;
  #exit!: (code: number) => void;
  #closed = false;

  constructor(
    readonly command: string,
    readonly args: string[],
    readonly options: ContainerSpawnOptions | undefined,
  ) {
    this.output = new ReadableStream({ start: (c) => void (this.#out = c) });
    this.input = new WritableStream({
      write: (text) => {
        this.written.push(text);
        this.onInput(text);
      },
    });
    this.exit = new Promise((resolve) => (this.#exit = resolve));
  }

  emit(text: string): void {
    if (!this.#closed) this.#out.enqueue(text);
  }

  finish(code: number): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#out.close();
    this.#exit(code);
  }

  kill(): void {
    this.kills++;
    if (!this.ignoresKill && !this.stuck) this.finish(130);
  }
}

class FakeContainer implements Container {
  readonly workdir = '/home/playground';
  files = new Map<string, string>();
  mounts: ContainerFileTree[] = [];
  processes: FakeProcess[] = [];
  /** Boot probes (node running .playground/probe.cjs), kept apart from the harness and npm processes. */
  probes: FakeProcess[] = [];
  exports: string[] = [];
  tornDown = false;
  /** Paths that are links (neither file nor folder to readdir's Dirents), as npm's .bin links would be. */
  links = new Set<string>();
  fs = {
    mkdir: async (_path: string, _options: { recursive: true }) => undefined,
    writeFile: async (path: string, data: string) => void this.files.set(path, data),
    readdir: async (path: string, _options: { withFileTypes: true }) => {
      const names = new Map<string, 'file' | 'dir'>();
      for (const file of [...this.files.keys(), ...this.links]) {
        if (!file.startsWith(path + '/')) continue;
        const [name, ...rest] = file.slice(path.length + 1).split('/');
        names.set(name, rest.length ? 'dir' : 'file');
      }
      if (!names.size) throw new Error(`ENOENT: ${path}`);
      return [...names].map(([name, kind]) => {
        const link = this.links.has(`${path}/${name}`);
        return { name, isFile: () => !link && kind === 'file', isDirectory: () => !link && kind === 'dir' };
      });
    },
    readFile: async (path: string, _encoding: 'utf-8') => {
      const text = this.files.get(path);
      if (text === undefined || this.links.has(path)) throw new Error(`ENOENT: ${path}`);
      return text;
    },
  };

  constructor(private api: FakeApi) {}

  async mount(tree: ContainerFileTree): Promise<void> {
    this.mounts.push(tree);
    const walk = (node: ContainerFileTree, prefix: string) => {
      for (const [name, entry] of Object.entries(node)) {
        if ('directory' in entry) walk(entry.directory, `${prefix}${name}/`);
        else this.files.set(prefix + name, String(entry.file.contents));
      }
    };
    walk(tree, '');
  }

  async spawn(command: string, args: string[], options?: ContainerSpawnOptions): Promise<ContainerProcess> {
    if (this.tornDown) throw new Error('WebContainer already torn down');
    const process = new FakeProcess(command, args, options);
    if (args.includes(PROBE_FILE)) {
      this.probes.push(process);
      fakeProbe(process, this.api);
    } else {
      this.processes.push(process);
      this.api.script(process, this);
    }
    return process;
  }

  async export(path: string): Promise<ContainerFileTree> {
    if (this.tornDown) throw new Error('WebContainer already torn down');
    this.exports.push(path);
    const tree: ContainerFileTree = {};
    for (const [file, contents] of this.files) {
      if (!file.startsWith(path + '/')) continue;
      const parts = file.slice(path.length + 1).split('/');
      let node = tree;
      for (const dir of parts.slice(0, -1)) node = ((node[dir] ??= { directory: {} }) as { directory: ContainerFileTree }).directory;
      node[parts.at(-1)!] = { file: { contents } };
    }
    return tree;
  }

  on(_event: 'error', _listener: (error: { message: string }) => void): () => void {
    return () => {};
  }

  teardown(): void {
    if (this.tornDown) throw new Error('WebContainer already torn down');
    this.tornDown = true;
  }
}

type Deferred<T> = { promise: Promise<T>; resolve(value: T): void };
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  return { promise: new Promise<T>((r) => (resolve = r)), resolve };
}

class FakeApi implements ContainerApi {
  boots: ContainerBootOptions[] = [];
  containers: FakeContainer[] = [];
  /** 'hang': the offline case, boot never settles. 'manual': the test resolves `pending` itself. */
  mode: 'ready' | 'hang' | 'manual' = 'ready';
  pending: Deferred<Container> | null = null;
  /** Containers without `export` (node_modules then cannot be kept across a reboot). */
  noExport = false;
  /** What node in this fake container is like, as the boot probe would find it. */
  node = { version: 'v20.19.0', refusesMemoryFlag: false, ignoresMemoryFlag: false, listenZeroBroken: false, heapLimitMb: null as number | null };
  /** What a spawned process does: by default `node` behaves like the harness (or the probe) and `npm` installs. */
  script: (process: FakeProcess, container: FakeContainer) => void = (process, container) => fakeHarness(process, container, this);

  boot(options: ContainerBootOptions): Promise<Container> {
    this.boots.push(options);
    if (this.mode === 'hang') return new Promise(() => {});
    const live = this.containers.find((c) => !c.tornDown);
    if (live) return Promise.reject(new Error('Only a single WebContainer instance can be booted'));
    const container = new FakeContainer(this);
    if (this.noExport) (container as { export?: unknown }).export = undefined;
    this.containers.push(container);
    if (this.mode === 'manual') {
      this.pending = deferred<Container>();
      return this.pending.promise;
    }
    return Promise.resolve(container);
  }

  get live(): FakeContainer {
    return this.containers.at(-1)!;
  }
}

const ESC = '\x1b';

/**
 * What the harness's lines look like through a WebContainer's terminal: `\r\n` line ends, colour and cursor codes
 * around them (here: a title OSC, a colour reset and a cursor-show before the first line).
 */
function terminalLine(text: string): string {
  return `${text}\r\n`;
}

/** The boot probe as the fake node answers it (the real script runs under real node in test/node). */
function fakeProbe(process: FakeProcess, api: FakeApi): void {
  const withFlag = process.args.some((a) => a.startsWith('--max-old-space-size='));
  queueMicrotask(() => {
    if (withFlag && api.node.refusesMemoryFlag) {
      process.emit(`node: bad option: ${process.args[0]}\r\n`);
      return process.finish(9);
    }
    const heapLimitMb = api.node.heapLimitMb ?? (withFlag && !api.node.ignoresMemoryFlag ? 288 : 4144);
    const why = api.node.listenZeroBroken ? 'listen(0) gave no port' : undefined;
    process.emit(`\r\n${PROBE_MARK}${JSON.stringify({ node: api.node.version, heapLimitMb, listenZero: !api.node.listenZeroBroken, why })}\r\n`);
    process.finish(0);
  });
}

/** A stand-in for the harness inside the container: hello at once, then answers load, invoke, ping, file and exit. */
function fakeHarness(process: FakeProcess, container: FakeContainer, api: FakeApi): void {
  if (process.command === 'npm') return fakeNpm(process, container);
  const token = process.args.find((a) => a.startsWith('--marker-token='))!.slice('--marker-token='.length);
  const marker = harnessMarker(token);
  const send = (message: HarnessResponse) => process.emit(terminalLine(marker + JSON.stringify(message)));
  queueMicrotask(() => {
    process.emit(`${ESC}]0;node${'\x07'}${ESC}[?25h`);
    send({ type: 'hello', version: 1, node: api.node.version, pid: 42 });
  });
  let buffer = '';
  const handle = (message: HarnessRequest): void => {
    if (message.type === 'file') {
      const relative = message.path.slice(container.workdir.length + 1);
      const text = container.files.get(relative)!;
      container.files.delete(relative);
      return handle(JSON.parse(text) as HarnessRequest);
    }
    if (message.type === 'ping') send({ type: 'pong', n: message.n });
    if (message.type === 'exit' && !process.ignoresExit) {
      if (process.exitDelayMs) setTimeout(() => process.finish(0), process.exitDelayMs);
      else process.finish(0);
    }
    if (message.type === 'load') send({ type: 'loaded', id: message.id, ms: 3 });
    if (message.type === 'invoke') {
      const runId = message.runId;
      // A user's raw write to fd 1, in colour, cut mid-escape and between \r and \n.
      process.emit(`${ESC}[3`);
      process.emit(`2mraw write${ESC}[39m\r`);
      process.emit('\n');
      const size = message.request.bodyBase64 ? atob(message.request.bodyBase64).length : 0;
      send({ type: 'event', runId, event: { type: 'head', status: 200, statusText: 'OK', headers: [['content-type', 'text/plain']], t: 1 } });
      send({ type: 'event', runId, event: { type: 'chunk', bodyBase64: btoa(size ? `got ${size}` : 'hello'), t: 2 } });
      send({ type: 'event', runId, event: { type: 'end', timings: { compileMs: 0, startMs: 3, ttfbMs: 1, totalMs: 2 } } });
    }
  };
  process.onInput = (text) => {
    buffer += text;
    for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      if (!process.stuck) handle(JSON.parse(line) as HarnessRequest);
    }
  };
}

function fakeNpm(process: FakeProcess, container: FakeContainer): void {
  const cwd = process.options?.cwd ?? '';
  queueMicrotask(() => {
    for (const frame of ['⠙', '⠹', '⠸']) process.emit(`${ESC}[1G${ESC}[0K${frame}`);
    process.emit(`${ESC}[1G${ESC}[0K\r\n`);
    process.emit(`added 3 packages in 2s\r\n`);
    container.files.set(`${cwd}/node_modules/left-pad/index.js`, 'module.exports = () => 1;');
    process.finish(0);
  });
}

// ------------------------------------------------------------------------------------------------ helpers

const CHROME = { crossOriginIsolated: true, hasSharedArrayBuffer: true, hasDocument: true, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36', platform: 'Linux x86_64', maxTouchPoints: 0 };
const IPHONE = { ...CHROME, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1', platform: 'iPhone', maxTouchPoints: 5 };
const HARNESS = '// the harness, as text\n';

function makeHost(api: FakeApi, options: Partial<WebContainerHostOptions> = {}) {
  const host = new WebContainerHost({ api, harnessSource: HARNESS, environment: CHROME, ...options });
  const statuses: HostStatus[] = [];
  host.onStatus((status) => statuses.push(status));
  return { host, statuses };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(2);
  }
}

async function collect(events: AsyncIterable<RunEvent>): Promise<RunEvent[]> {
  const out: RunEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

// ------------------------------------------------------------------------------------------------ tests

afterEach(() => {
  vi.useRealTimers();
});

describe('webContainerSupport', () => {
  it('refuses a page that is not cross-origin isolated, and says which headers make it so', () => {
    const result = webContainerSupport({ ...CHROME, crossOriginIsolated: false });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/cross-origin isolated.*Cross-Origin-Embedder-Policy: require-corp/s);
  });

  it('refuses to boot on iOS until the person asks, and says why', () => {
    const result = webContainerSupport(IPHONE);
    expect(!result.ok && result.reason).toMatch(/On iOS the WebContainer starts only when you ask/);
    // iPadOS asks for the desktop site: a "Mac" with a touch screen.
    const ipad = webContainerSupport({ ...CHROME, userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Version/18.0 Safari/605.1.15', platform: 'MacIntel', maxTouchPoints: 5 });
    expect(ipad.ok).toBe(false);
    expect(webContainerSupport({ ...IPHONE, userRequestedBoot: true }).ok).toBe(true);
  });

  it('allows Chromium outright, Firefox and Safari with a beta note; refuses outside a page', () => {
    expect(webContainerSupport(CHROME)).toEqual({ ok: true });
    expect(webContainerSupport({ ...CHROME, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0.0.0 Safari/537.36' })).toEqual({ ok: true });
    const firefox = webContainerSupport({ ...CHROME, userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0' });
    expect(firefox.ok && firefox.note).toMatch(/beta/);
    expect(webContainerSupport({ ...CHROME, hasDocument: false }).ok).toBe(false);
    // In Node (this test process) nothing is isolated and there is no document.
    expect(webContainerSupport().ok).toBe(false);
  });
});

describe('WebContainerHost boot', () => {
  it('gives up after its own timeout when boot never settles (offline), with a clear message and status failed', async () => {
    const api = new FakeApi();
    api.mode = 'hang';
    const { host, statuses } = makeHost(api, { bootTimeoutMs: 60 });
    const t0 = performance.now();
    await expect(host.boot()).rejects.toThrow(/The WebContainer did not boot within 60 ms\. It loads from stackblitz\.com: check the network.*the next run tries again/);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    expect(statuses.map((s) => s.phase)).toEqual(['idle', 'booting', 'failed']);
    expect(statuses.at(-1)!.message).toMatch(/did not boot/);
    // A spawn meanwhile fails the same way instead of waiting forever.
    await expect(host.spawn('p', { memoryMb: 1024, markerToken: 'abc' })).rejects.toThrow(/did not boot/);
    expect(api.boots).toHaveLength(1);
  });

  it('fails at once, naming the directive, when the page CSP blocks the boot iframe (reported as a violation event)', async () => {
    const api = new FakeApi();
    api.mode = 'hang';
    const cspEvents = new EventTarget();
    const { host } = makeHost(api, { bootTimeoutMs: 10_000, cspEvents });
    const boot = host.boot();
    await sleep(5);
    // Another origin's violation is not ours.
    cspEvents.dispatchEvent(Object.assign(new Event('securitypolicyviolation'), { blockedURI: 'https://example.com/x', effectiveDirective: 'img-src' }));
    cspEvents.dispatchEvent(Object.assign(new Event('securitypolicyviolation'), { blockedURI: 'https://stackblitz.com', effectiveDirective: 'frame-src' }));
    const t0 = performance.now();
    await expect(boot).rejects.toThrow("This page's Content-Security-Policy blocks the WebContainer: its frame-src must allow https://stackblitz.com");
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(host.status.phase).toBe('failed');
  });

  it('an API boot that throws fails with its reason', async () => {
    const api = new FakeApi();
    api.boot = () => Promise.reject(new Error('Only a single WebContainer instance can be booted'));
    const { host } = makeHost(api);
    await expect(host.boot()).rejects.toThrow('The WebContainer failed to boot: Only a single WebContainer instance can be booted');
  });

  it('a second boot() returns the first promise: one API boot per page', async () => {
    const api = new FakeApi();
    const { host } = makeHost(api);
    const first = host.boot();
    expect(host.boot()).toBe(first);
    await first;
    await host.spawn('p', { memoryMb: 512, markerToken: 'abc' });
    expect(api.boots).toEqual([{ coep: 'require-corp', workdirName: 'playground' }]);
  });

  it('a retry after a timeout waits for the same API boot instead of starting a second one (which would throw)', async () => {
    const api = new FakeApi();
    api.mode = 'manual';
    const { host } = makeHost(api, { bootTimeoutMs: 40 });
    await expect(host.boot()).rejects.toThrow(/did not boot/);
    const retry = host.boot(); // a failed boot is not kept: this one tries again, on the same API boot
    api.pending!.resolve(api.live);
    await expect(retry).resolves.toMatchObject({ bootMs: expect.any(Number) });
    expect(api.boots).toHaveLength(1);
    expect(host.status.phase).toBe('ready');
  });

  it('waits 30 s by default; a boot that finishes after that is adopted by the next run, with no second API boot', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const api = new FakeApi();
    api.mode = 'manual';
    const { host, statuses } = makeHost(api);
    const first = host.boot();
    const failed = expect(first).rejects.toThrow(/did not boot within 30 s/);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(host.status.phase).toBe('booting');
    await vi.advanceTimersByTimeAsync(1);
    await failed;
    expect(host.status.phase).toBe('failed');

    api.pending!.resolve(api.live); // StackBlitz answers at last
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toEqual({ phase: 'idle', message: expect.stringMatching(/finished booting late .*the next run uses it/) });

    const next = host.boot();
    expect(next).not.toBe(first);
    await expect(next).resolves.toMatchObject({ nodeVersion: 'v20.19.0' });
    await host.spawn('p', { memoryMb: 512, markerToken: 'abc' });
    expect(api.boots).toHaveLength(1);
    expect(api.containers).toHaveLength(1);
    expect(api.live.processes.filter((p) => p.command === 'node')).toHaveLength(1);
  });

  it('selectNodeHost keeps one WebContainerHost per page, so a later choice adopts the boot that finished late', async () => {
    const { selectNodeHost } = await import('../../src/lib/runtimes/hosts/select');
    const api = new FakeApi();
    api.mode = 'manual';
    const webcontainer = { api, harnessSource: HARNESS, environment: CHROME, bootTimeoutMs: 40 };
    await expect(selectNodeHost({ choice: 'webcontainer', webcontainer })).rejects.toThrow(/did not boot within 40 ms/);
    api.pending!.resolve(api.live);
    const host = await selectNodeHost({ choice: 'webcontainer', webcontainer });
    expect(host.kind).toBe('webcontainer');
    expect(host.reason).toBe('WebContainer node v20.19.0 (Vercel runs Node 22/24).');
    expect(api.boots).toHaveLength(1);
  });

  it('does not keep a rejected boot: the next run boots again (the API allows that after a failure)', async () => {
    const api = new FakeApi();
    const boot = api.boot.bind(api);
    let failures = 1;
    api.boot = (options) => (failures-- > 0 ? (api.boots.push(options), Promise.reject(new Error('network error'))) : boot(options));
    const { host } = makeHost(api);
    await expect(host.boot()).rejects.toThrow('The WebContainer failed to boot: network error');
    expect(host.status.phase).toBe('failed');
    await expect(host.boot()).resolves.toMatchObject({ bootMs: expect.any(Number) });
    expect(api.boots).toHaveLength(2);
    expect(host.status.phase).toBe('ready');
  });

  it('a boot blocked by the page CSP stays blocked for the retries on the same pending API boot, at once', async () => {
    const api = new FakeApi();
    api.mode = 'hang';
    const cspEvents = new EventTarget();
    const { host } = makeHost(api, { bootTimeoutMs: 10_000, cspEvents });
    const boot = host.boot();
    await sleep(5);
    cspEvents.dispatchEvent(Object.assign(new Event('securitypolicyviolation'), { blockedURI: 'https://stackblitz.com/headless', effectiveDirective: 'frame-src' }));
    await expect(boot).rejects.toThrow(/Content-Security-Policy blocks the WebContainer/);
    const t0 = performance.now();
    await expect(host.boot()).rejects.toThrow(/Content-Security-Policy blocks the WebContainer/);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(api.boots).toHaveLength(1);
  });

  it('on iOS boot() refuses without touching the API until allowBoot()', async () => {
    const api = new FakeApi();
    const { host, statuses } = makeHost(api, { environment: IPHONE });
    expect(host.reason).toMatch(/iOS/);
    await expect(host.boot()).rejects.toThrow(/only when you ask/);
    expect(api.boots).toHaveLength(0);
    expect(statuses.at(-1)!.phase).toBe('failed');
    host.allowBoot();
    await host.boot();
    expect(api.boots).toHaveLength(1);
  });
});

describe('WebContainerHost boot probe', () => {
  const spawnArgs = async (api: FakeApi, host: WebContainerHost) => {
    await host.spawn('p', { memoryMb: 1024, markerToken: 'abc' });
    return api.live.processes.find((p) => p.command === 'node')!.args;
  };

  it('G02: shows the container\'s Node version beside Vercel\'s; the flag is passed and listen(0) is trusted', async () => {
    const api = new FakeApi();
    const { host } = makeHost(api);
    expect(host.reason).toBe('WebContainer: Node.js runs inside this browser tab.');
    await expect(host.boot()).resolves.toMatchObject({ nodeVersion: 'v20.19.0' });
    expect(host.reason).toBe('WebContainer node v20.19.0 (Vercel runs Node 22/24).');
    expect(api.live.probes).toHaveLength(1);
    expect(api.live.probes[0].args).toEqual(['--max-old-space-size=256', PROBE_FILE]);
    expect(api.live.probes[0].options).toEqual({ env: PLAIN_OUTPUT_ENV, terminal: TERMINAL_SIZE });
    const args = await spawnArgs(api, host);
    expect(args[0]).toBe('--max-old-space-size=1024');
    expect(args.some((a) => a.startsWith(LOOPBACK_PORTS_FLAG))).toBe(false);
  });

  it('node refuses --max-old-space-size: probed again without it, spawned without it, and the reason says the limit is not applied', async () => {
    const api = new FakeApi();
    api.node.refusesMemoryFlag = true;
    const { host } = makeHost(api);
    await host.boot();
    expect(api.live.probes.map((p) => p.args)).toEqual([['--max-old-space-size=256', PROBE_FILE], [PROBE_FILE]]);
    expect(host.reason).toMatch(/^WebContainer node v20\.19\.0 \(Vercel runs Node 22\/24\); memory limit not applied: node here refused --max-old-space-size/);
    const args = await spawnArgs(api, host);
    expect(args.some((a) => a.startsWith('--max-old-space-size'))).toBe(false);
    expect(args[0]).toBe('.playground/harness.mjs');
  });

  it('node accepts the flag but its heap limit ignores it: the reason says the limit is not applied', async () => {
    const api = new FakeApi();
    api.node.ignoresMemoryFlag = true;
    const { host } = makeHost(api);
    await host.boot();
    expect(host.reason).toMatch(/memory limit not applied: node here accepts --max-old-space-size but its heap limit ignores it/);
  });

  it('node reports no heap limit: the flag is passed, and the reason says the limit is not verified', async () => {
    const api = new FakeApi();
    api.node.heapLimitMb = 0;
    const { host } = makeHost(api);
    await host.boot();
    expect(host.reason).toMatch(/memory limit not verified \(node here reports no heap limit/);
    expect((await spawnArgs(api, host))[0]).toBe('--max-old-space-size=1024');
  });

  it('listen(0) broken: the harness is started with the fixed port range, and the reason says so', async () => {
    const api = new FakeApi();
    api.node.listenZeroBroken = true;
    const { host } = makeHost(api);
    await host.boot();
    expect(host.reason).toMatch(/fixed loopback ports \(listen\(0\) did not work here\)/);
    const args = await spawnArgs(api, host);
    expect(args.at(-1)).toBe(`${LOOPBACK_PORTS_FLAG}${LOOPBACK_PORT_RANGE.first}-${LOOPBACK_PORT_RANGE.last}`);
  });

  it('a probe that prints nothing does not fail the boot: defaults kept, and the reason says the limit is not verified', async () => {
    const api = new FakeApi();
    api.node.refusesMemoryFlag = true;
    const { host } = makeHost(api);
    // Both probe runs die without a result line.
    const originalSpawn = FakeContainer.prototype.spawn;
    const spawn = vi.spyOn(FakeContainer.prototype, 'spawn').mockImplementation(async function (this: FakeContainer, command, args, options) {
      if (!args.includes(PROBE_FILE)) return originalSpawn.call(this, command, args, options);
      const process = new FakeProcess(command, args, options);
      this.probes.push(process);
      queueMicrotask(() => process.finish(1));
      return process;
    });
    try {
      await expect(host.boot()).resolves.not.toHaveProperty('nodeVersion');
      expect(host.reason).toMatch(/memory limit not verified \(the boot check of node printed no result\)/);
      expect((await spawnArgs(api, host))[0]).toBe('--max-old-space-size=1024');
    } finally {
      spawn.mockRestore();
    }
  });

  it('probes once per page: a reboot after an escalated kill does not probe again', async () => {
    const api = new FakeApi();
    const { host } = makeHost(api, { killPingTimeoutMs: 10 });
    const process = await host.spawn('p', { memoryMb: 512, markerToken: 'abc' });
    await sleep(10); // the hello
    api.live.processes[0].stuck = true;
    await process.kill();
    expect(api.containers).toHaveLength(2);
    expect(api.containers.map((c) => c.probes.length)).toEqual([1, 0]);
  });
});

describe('terminal output to text', () => {
  const transcript =
    `${ESC}]0;node\x07${ESC}[?25h` +
    '#PGH:t#{"type":"hello","version":1,"node":"v20","pid":1}\r\n' +
    `${ESC}[1m${ESC}[31mred bold${ESC}[39m${ESC}[22m\r\n` +
    `${ESC}(Bplain${ESC}[0m and a program's own crlf\r\r\n` +
    '#PGH:t#{"type":"pong","n":7}\r\n' +
    'tail without newline\r';
  const expected =
    '#PGH:t#{"type":"hello","version":1,"node":"v20","pid":1}\n' +
    'red bold\n' +
    "plain and a program's own crlf\n" +
    '#PGH:t#{"type":"pong","n":7}\n' +
    'tail without newline\r';

  it('strips ANSI codes and turns \\r\\n into \\n, whole and cut at every position', () => {
    const whole = new TerminalText();
    expect(whole.push(transcript) + whole.flush()).toBe(expected);
    for (let cut = 1; cut < transcript.length; cut++) {
      const terminal = new TerminalText();
      const text = terminal.push(transcript.slice(0, cut)) + terminal.push(transcript.slice(cut)) + terminal.flush();
      expect(text, `cut at ${cut}`).toBe(expected);
    }
    // One character at a time.
    const slow = new TerminalText();
    expect([...transcript].map((c) => slow.push(c)).join('') + slow.flush()).toBe(expected);
  });

  it('hands the HarnessClient intact frames and clean stray lines, cut at every position', async () => {
    for (let cut = 1; cut < transcript.length; cut++) {
      const stray: string[] = [];
      const client = new HarnessClient({ marker: harnessMarker('t'), write: () => {}, onStray: (text) => stray.push(text) });
      const terminal = new TerminalText();
      client.push(terminal.push(transcript.slice(0, cut)));
      client.push(terminal.push(transcript.slice(cut)));
      await expect(client.hello).resolves.toEqual({ version: 1, node: 'v20', pid: 1 });
      expect(stray, `cut at ${cut}`).toEqual(['red bold', "plain and a program's own crlf"]);
    }
  });

  it('keeps a 1 MB frame in linear time (no escape codes: passed through as is)', () => {
    const terminal = new TerminalText();
    const big = '#PGH:t#' + 'x'.repeat(1 << 20) + '\r\n';
    const t0 = performance.now();
    let out = '';
    for (let i = 0; i < big.length; i += 65536) out += terminal.push(big.slice(i, i + 65536));
    expect(out).toBe(big.slice(0, -2) + '\n');
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe('WebContainerHost processes', () => {
  it('starts node with the memory flag, the harness, the marker token and the project dir, after mounting them', async () => {
    const api = new FakeApi();
    const { host } = makeHost(api);
    await host.spawn('my project', { memoryMb: 1024, markerToken: 'abc123' });
    const dir = projectDir('my project');
    expect(dir).toMatch(/^projects\/my_project-[0-9a-f]{8}$/);
    const [process] = api.live.processes;
    expect(process.command).toBe('node');
    expect(process.args).toEqual(['--max-old-space-size=1024', '.playground/harness.mjs', '--marker-token=abc123', `--workdir=/home/playground/${dir}`]);
    expect(process.options).toEqual({ cwd: dir, env: PLAIN_OUTPUT_ENV, terminal: TERMINAL_SIZE });
    expect(api.live.files.get(`${dir}/.playground/harness.mjs`)).toBe(HARNESS);
    expect(JSON.parse(api.live.files.get(`${dir}/package.json`)!)).toMatchObject({ private: true, dependencies: {} });
  });

  it('rejects bad spawn options with a clear error', async () => {
    const { host } = makeHost(new FakeApi());
    await expect(host.spawn('p', { memoryMb: Number.NaN, markerToken: 'abc' })).rejects.toThrow(/memoryMb must be a positive number/);
    await expect(host.spawn('p', { memoryMb: 512, markerToken: 'a b' })).rejects.toThrow(/markerToken must be letters and digits/);
  });

  it('runs a load and an invoke through the real HarnessClient: frames intact, the raw write as a log line', async () => {
    const { host } = makeHost(new FakeApi());
    const process = await host.spawn('p', { memoryMb: 512, markerToken: 'tok' });
    const client = new HarnessClient({ marker: harnessMarker('tok'), write: (line) => process.write(line) });
    await sleep(10); // the hello is out before anyone listens: it must not be lost
    process.onOutput((text) => client.push(text));
    await expect(client.hello).resolves.toEqual({ version: 1, node: 'v20.19.0', pid: 42 });
    await expect(client.load({ code: 'export default 1', kind: 'vercel-function', path: 'api/x.ts', env: {} })).resolves.toEqual({ ms: 3 });
    const events = await collect(client.invoke(1, { method: 'GET', url: 'http://localhost/api/x', headers: [], body: null }));
    expect(events.map((e) => e.type)).toEqual(['log', 'head', 'chunk', 'end']);
    expect(events[0]).toMatchObject({ type: 'log', text: 'raw write' });
    expect(new TextDecoder().decode((events[2] as { bytes: Uint8Array }).bytes)).toBe('hello');
  });

  it('writes each line to the terminal with a newline, holding early lines until the hello (marker cut across chunks)', async () => {
    const api = new FakeApi();
    let emitHello!: () => void;
    api.script = (process) => {
      emitHello = () => {
        const frame = harnessMarker('tok') + '{"type":"hello","version":1,"node":"v20","pid":1}\r\n';
        process.emit(frame.slice(0, 3)); // the marker arrives in two pieces
        process.emit(frame.slice(3));
      };
    };
    const { host } = makeHost(api);
    const process = await host.spawn('p', { memoryMb: 512, markerToken: 'tok' });
    const fake = api.live.processes[0];
    process.write('{"type":"ping","n":1}');
    await sleep(5);
    expect(fake.written).toEqual([]); // the terminal is still in line mode: it would echo and cut long lines
    emitHello();
    await until(() => fake.written.length === 1);
    process.write('{"type":"ping","n":2}');
    await until(() => fake.written.length === 2);
    expect(fake.written).toEqual(['{"type":"ping","n":1}\n', '{"type":"ping","n":2}\n']);
  });

  it('exited resolves with the exit code and the last output arrives before it', async () => {
    const api = new FakeApi();
    api.script = (process) =>
      queueMicrotask(() => {
        process.emit(`${ESC}[31mFATAL ERROR: heap out of memory\r\n`);
        process.finish(134);
      });
    const { host } = makeHost(api);
    const process = await host.spawn('p', { memoryMb: 512, markerToken: 'tok' });
    const text: string[] = [];
    process.onOutput((t) => text.push(t));
    await expect(process.exited).resolves.toBe(134);
    expect(text.join('')).toBe('FATAL ERROR: heap out of memory\n');
  });

  it('kill: process.kill() is enough when the process exits', async () => {
    const api = new FakeApi();
    const { host } = makeHost(api);
    const process = await host.spawn('p', { memoryMb: 512, markerToken: 'tok' });
    await process.kill();
    await expect(process.exited).resolves.toBe(130);
    expect(api.live.processes[0].kills).toBe(1);
    expect(api.containers).toHaveLength(1);
    expect(api.live.tornDown).toBe(false);
    expect(host.restarts).toBe(0);
  });

  it('kill: a process that ignores kill (sync loop) costs a teardown, a reboot and a remount of every project', async () => {
    const api = new FakeApi();
    const { host, statuses } = makeHost(api, { killGraceMs: 10_000, killPingTimeoutMs: 80 });
    await host.install('other', { 'left-pad': '^1.3.0' }, () => {});
    expect(api.live.exports).toEqual([]); // a plain install keeps node_modules in the container only
    const other = await host.spawn('other', { memoryMb: 512, markerToken: 'one' });
    const looping = await host.spawn('p', { memoryMb: 512, markerToken: 'two' });
    const first = api.live;
    const stuck = first.processes.find((p) => p.args.includes('--marker-token=two'))!;
    await sleep(10); // the hello: until then there is nobody to ping
    stuck.stuck = true;

    const t0 = performance.now();
    await looping.kill();
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(75); // it waited for the ping first...
    expect(waited).toBeLessThan(5000); // ...not for the whole grace: an unanswered ping means a stuck event loop
    expect(stuck.kills).toBe(1);
    expect(stuck.written.map((line) => JSON.parse(line).type)).toEqual(['ping', 'exit']);
    // node_modules left the container just before the teardown, once, for the installed project only.
    expect(first.exports).toEqual([`${projectDir('other')}/node_modules`]);
    expect(first.tornDown).toBe(true);
    expect(api.boots).toHaveLength(2);
    expect(host.restarts).toBe(1);
    await expect(looping.exited).resolves.toBeNull();
    await expect(other.exited).resolves.toBeNull(); // everything in the old container went with it

    const second = api.live;
    expect(second).not.toBe(first);
    expect(second.mounts).toHaveLength(1);
    for (const id of ['other', 'p']) {
      expect(second.files.get(`${projectDir(id)}/.playground/harness.mjs`)).toBe(HARNESS);
      expect(second.files.has(`${projectDir(id)}/package.json`)).toBe(true);
    }
    // The installed packages come back from the exported copy, without npm (no network needed).
    expect(second.files.get(`${projectDir('other')}/node_modules/left-pad/index.js`)).toBe('module.exports = () => 1;');
    expect(JSON.parse(second.files.get(`${projectDir('other')}/package.json`)!).dependencies).toEqual({ 'left-pad': '^1.3.0' });
    expect(statuses.some((s) => s.phase === 'booting' && /Restarting the WebContainer: a Node.js process did not exit when asked/.test(s.message))).toBe(true);
    expect(host.status.phase).toBe('ready');

    // And the next start works in the new container.
    await host.spawn('p', { memoryMb: 512, markerToken: 'three' });
    expect(second.processes.filter((p) => p.command === 'node')).toHaveLength(1);
    expect(second.processes.some((p) => p.command === 'npm')).toBe(false);
  });

  it('kill escalation without an exported node_modules: npm install runs again before the project next starts', async () => {
    const api = new FakeApi();
    api.noExport = true;
    const { host, statuses } = makeHost(api, { killPingTimeoutMs: 20 });
    await host.install('p', { 'left-pad': '^1.3.0' }, () => {});
    const looping = await host.spawn('p', { memoryMb: 512, markerToken: 'one' });
    await sleep(10); // the hello
    api.live.processes.find((p) => p.command === 'node')!.stuck = true;
    await looping.kill();
    const second = api.live;
    expect(api.containers).toHaveLength(2);
    expect(second.files.has(`${projectDir('p')}/node_modules/left-pad/index.js`)).toBe(false);
    const seen = statuses.length;
    await host.spawn('p', { memoryMb: 512, markerToken: 'two' });
    expect(second.processes.map((p) => p.command)).toEqual(['npm', 'node']);
    expect(second.files.has(`${projectDir('p')}/node_modules/left-pad/index.js`)).toBe(true);
    expect(statuses.slice(seen).some((s) => s.phase === 'installing')).toBe(true);
  });

  it('kill: a harness that exits when asked within the grace costs no teardown, even if the API kill does nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const api = new FakeApi();
    const { host } = makeHost(api);
    const process = await host.spawn('p', { memoryMb: 512, markerToken: 'tok' });
    await vi.advanceTimersByTimeAsync(0); // the hello
    const fake = api.live.processes[0];
    fake.ignoresKill = true;
    fake.exitDelayMs = 2000;
    const killed = process.kill();
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(200); // the output drain after the exit code
    await killed;
    await expect(process.exited).resolves.toBe(0);
    expect(fake.written.map((line) => JSON.parse(line).type)).toEqual(['ping', 'exit']);
    expect(api.live.tornDown).toBe(false);
    expect(host.restarts).toBe(0);
  });

  it('kill: a harness that answers pings but does not exit is torn down when the 2.5 s grace is over, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const api = new FakeApi();
    const { host } = makeHost(api);
    const process = await host.spawn('p', { memoryMb: 512, markerToken: 'tok' });
    await vi.advanceTimersByTimeAsync(0);
    const fake = api.live.processes[0];
    fake.ignoresKill = true;
    fake.ignoresExit = true;
    const first = api.live;
    const killed = process.kill();
    await vi.advanceTimersByTimeAsync(2499);
    expect(first.tornDown).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await killed;
    expect(first.tornDown).toBe(true);
    expect(host.restarts).toBe(1);
    await expect(process.exited).resolves.toBeNull();
  });

  it('kill: a harness stuck in a synchronous loop (no pong) is torn down after the 1 s ping, before the grace is over', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const api = new FakeApi();
    const { host } = makeHost(api);
    const process = await host.spawn('p', { memoryMb: 512, markerToken: 'tok' });
    await vi.advanceTimersByTimeAsync(0);
    api.live.processes[0].stuck = true;
    const first = api.live;
    const killed = process.kill();
    await vi.advanceTimersByTimeAsync(999);
    expect(first.tornDown).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await killed;
    expect(first.tornDown).toBe(true);
    expect(api.containers).toHaveLength(2);
  });

  it('kill before the hello (nobody to ping yet): the whole grace, then the teardown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const api = new FakeApi();
    api.script = (process) => void (process.ignoresKill = true); // never says hello, ignores the API's kill
    const { host } = makeHost(api);
    const process = await host.spawn('p', { memoryMb: 512, markerToken: 'tok' });
    const first = api.live;
    const killed = process.kill();
    await vi.advanceTimersByTimeAsync(2499);
    expect(first.tornDown).toBe(false);
    expect(first.processes[0].written).toEqual([]); // the exit line waits for the hello, like every line
    await vi.advanceTimersByTimeAsync(1);
    await killed;
    expect(first.tornDown).toBe(true);
  });

  it('a line over the limit goes by file (a bundle, a request body): the terminal gets a short line, order kept, file deleted', async () => {
    const api = new FakeApi();
    const { host } = makeHost(api);
    const process = await host.spawn('p', { memoryMb: 512, markerToken: 'tok' });
    const client = new HarnessClient({ marker: harnessMarker('tok'), write: (line) => process.write(line) });
    process.onOutput((text) => client.push(text));
    await client.hello;
    const code = `export default () => ${JSON.stringify('x'.repeat(LARGE_LINE_CHARS))}`;
    const loading = client.load({ code, kind: 'vercel-function', path: 'api/x.ts', env: {} });
    const body = new Uint8Array(300 * 1024).fill(65).buffer;
    const events = collect(client.invoke(1, { method: 'POST', url: 'http://localhost/api/x', headers: [], body }));
    await expect(loading).resolves.toEqual({ ms: 3 });
    const text = new TextDecoder().decode(((await events).find((e) => e.type === 'chunk') as { bytes: Uint8Array }).bytes);
    expect(text).toBe(`got ${300 * 1024}`);
    const fake = api.live.processes[0];
    const lines = fake.written.map((line) => JSON.parse(line) as { type: string; path?: string });
    expect(lines.map((l) => l.type)).toEqual(['file', 'file']);
    expect(lines[0].path).toMatch(new RegExp(`^/home/playground/${projectDir('p')}/\\.playground/message-\\d+\\.json$`));
    for (const line of fake.written) expect(line.length).toBeLessThan(200);
    expect([...api.live.files.keys()].filter((f) => f.includes('/message-'))).toEqual([]); // the harness deleted them
    // A short line still goes as it is.
    await client.ping();
    expect(JSON.parse(fake.written.at(-1)!).type).toBe('ping');
  });

  it('no node_modules export after a plain install (page memory keeps no copy)', async () => {
    const api = new FakeApi();
    const { host } = makeHost(api);
    await host.install('p', { 'left-pad': '^1.3.0' }, () => {});
    await host.install('p', { 'left-pad': '^1.3.0', 'is-odd': '^3.0.0' }, () => {});
    await host.spawn('p', { memoryMb: 512, markerToken: 'tok' });
    expect(api.live.exports).toEqual([]);
  });

  it('a second spawn for a project kills the first', async () => {
    const api = new FakeApi();
    const { host } = makeHost(api);
    const first = await host.spawn('p', { memoryMb: 512, markerToken: 'one' });
    await host.spawn('p', { memoryMb: 512, markerToken: 'two' });
    expect(api.live.processes[0].kills).toBe(1);
    await expect(first.exited).resolves.toBe(130);
  });
});

describe('WebContainerHost npm install', () => {
  it('writes package.json, runs npm install and reports its progress as lines without spinners or escape codes', async () => {
    const api = new FakeApi();
    const { host, statuses } = makeHost(api);
    const lines: string[] = [];
    await host.install('p', { 'left-pad': '^1.3.0' }, (line) => lines.push(line));
    const npm = api.live.processes[0];
    expect(npm.command).toBe('npm');
    expect(npm.args).toEqual(['install', '--no-audit', '--no-fund']);
    expect(npm.options).toMatchObject({ cwd: projectDir('p'), env: { ...PLAIN_OUTPUT_ENV, npm_config_color: 'false', npm_config_progress: 'false' }, terminal: TERMINAL_SIZE });
    expect(JSON.parse(api.live.files.get(`${projectDir('p')}/package.json`)!)).toMatchObject({ dependencies: { 'left-pad': '^1.3.0' } });
    expect(lines).toEqual(['added 3 packages in 2s']);
    expect(statuses.filter((s) => s.phase === 'installing').map((s) => s.message)).toEqual(['npm install…', 'npm install: added 3 packages in 2s']);
    expect(host.status).toMatchObject({ phase: 'ready', message: expect.stringMatching(/^npm install: done in/) });
  });

  it('a failed install rejects with npm’s error lines', async () => {
    const api = new FakeApi();
    api.script = (process) =>
      queueMicrotask(() => {
        process.emit(`${ESC}[31mnpm ERR! code E404${ESC}[39m\r\nnpm ERR! 404 Not Found - GET https://registry.npmjs.org/nope\r\n`);
        process.finish(1);
      });
    const { host } = makeHost(api);
    await expect(host.install('p', { nope: '1.0.0' }, () => {})).rejects.toThrow(
      'npm install failed (exit code 1): npm ERR! code E404 npm ERR! 404 Not Found - GET https://registry.npmjs.org/nope',
    );
  });

  it('an install that never ends (no network) is stopped by its own timeout', async () => {
    const api = new FakeApi();
    api.script = () => {};
    const { host } = makeHost(api, { installTimeoutMs: 50 });
    await expect(host.install('p', { 'left-pad': '1' }, () => {})).rejects.toThrow(/npm install did not finish within 50 ms.*network/);
    expect(api.live.processes[0].kills).toBe(1);
  });

  it('no dependencies: no npm at all', async () => {
    const api = new FakeApi();
    const { host } = makeHost(api);
    await host.install('p', {}, () => {});
    expect(api.live.processes).toHaveLength(0);
  });

  it('ProgressLines splits on \\r and \\n, drops spinner frames and repeats', () => {
    const lines = new ProgressLines();
    expect([...lines.push('⠙\r⠹ reify: timing\rreify: timing\nadded 1 package'), ...lines.flush()]).toEqual(['reify: timing', 'added 1 package']);
  });
});

describe('WebContainerHost package files for edge builds', () => {
  it('reads the named package and its dependencies through the container fs: manifests and scripts only, no links', async () => {
    const api = new FakeApi();
    const { host } = makeHost(api);
    await host.install('p', { outer: '1' }, () => {});
    const modules = `${projectDir('p')}/node_modules`;
    const put = (path: string, text: string) => api.live.files.set(`${modules}/${path}`, text);
    put('outer/package.json', JSON.stringify({ name: 'outer', dependencies: { inner: '1', absent: '1' }, peerDependencies: { '../../x': '1' } }));
    put('outer/index.js', "module.exports = require('inner');");
    put('outer/index.d.ts', 'export {};');
    put('outer/README.md', '# outer');
    put('outer/index.js.map', '{}');
    put('outer/test/spec.js', 'throw 1');
    put('outer/lib/deep/x.mjs', 'export default 1;');
    put('inner/package.json', JSON.stringify({ name: 'inner' }));
    put('inner/index.cjs', 'module.exports = 2;');
    put('unrelated/package.json', '{}');
    api.live.links.add(`${modules}/outer/linked.js`);
    api.live.files.set(`${modules}/outer/linked.js`, 'a link to somewhere');
    const files = await host.packageFiles('p', ['outer']);
    expect(Object.keys(files).sort()).toEqual([
      'node_modules/inner/index.cjs',
      'node_modules/inner/package.json',
      'node_modules/outer/index.js',
      'node_modules/outer/lib/deep/x.mjs',
      'node_modules/outer/package.json',
    ]);
    await expect(host.packageFiles('p', ['nope'])).rejects.toThrow('nope is not installed for this project.');
    await expect(host.packageFiles('p', ['../p'])).rejects.toThrow('"../p" is not an npm package name.');
  });

  it('stops at the caps with a clear error', async () => {
    const { collectPackageFiles } = await import('../../src/lib/runtimes/hosts/package-files');
    const files = new Map([['node_modules/big/package.json', '{}'], ['node_modules/big/a.js', 'x'.repeat(600)]]);
    const reader = {
      list: async (dir: string) => (dir === 'node_modules/big' ? [{ name: 'package.json', kind: 'file' as const }, { name: 'a.js', kind: 'file' as const }] : null),
      read: async (path: string) => files.get(path) ?? null,
    };
    await expect(collectPackageFiles(reader, ['big'], { files: 10, bytes: 500 })).rejects.toThrow(/larger than the playground hands to an edge build \(at most 10 files/);
    await expect(collectPackageFiles(reader, ['big'], { files: 1, bytes: 10_000 })).rejects.toThrow(/at most 1 files/);
    expect(Object.keys(await collectPackageFiles(reader, ['big'], { files: 10, bytes: 10_000 }))).toHaveLength(2);
  });
});

describe('virtual:node-harness-source', () => {
  it('is the harness built by buildHarness(), as text', async () => {
    const { default: source } = await import('virtual:node-harness-source');
    expect(source).toBe(await buildHarness());
    expect(source).toContain('--marker-token=');
  });
});

describe('vercel-build in the WebContainer', () => {
  const request = (script: string) => ({ files: { 'gen.mjs': '// gen', 'package.json': '{}' }, script, command: 'npm run vercel-build', memoryMb: 1024 });

  it('runs each node command through the build runner in a fresh build folder and hands on the files it made', async () => {
    const api = new FakeApi();
    const { host } = makeHost(api, { buildRunnerSource: '// the build runner\n' });
    const runs: FakeProcess[] = [];
    api.script = (process, container) => {
      if (!process.args.some((a) => a.endsWith('/.playground/build-runner.mjs'))) return fakeHarness(process, container, api);
      runs.push(process);
      queueMicrotask(() => {
        process.emit(`${ESC}[32mgenerated${ESC}[39m\r\n`);
        container.files.set(`${process.options!.cwd}/data/out.txt`, `made by ${process.args.at(-1)}`);
        process.finish(process.args.includes('fail.mjs') ? 1 : 0);
      });
    };
    const lines: string[] = [];
    const built = await host.build('p1', request('node gen.mjs'), (line) => lines.push(line));
    expect(built).toEqual({ ok: true, files: { 'data/out.txt': 'made by gen.mjs' }, left: [] });
    expect(lines).toEqual(['Running "npm run vercel-build"', 'generated']);
    expect(runs[0].args).toEqual(['--max-old-space-size=1024', '/home/playground/projects/p1/.playground/build-runner.mjs', 'gen.mjs']);
    expect(api.live.files.get('projects/p1/.playground/build-runner.mjs')).toBe('// the build runner\n');

    const again = await host.build('p1', request('node gen.mjs'), () => {});
    expect(runs[1].options?.cwd).not.toBe(runs[0].options?.cwd); // a fresh folder: nothing of the first build in it
    expect(again.ok).toBe(true);

    expect(await host.build('p1', request('node fail.mjs'), () => {})).toEqual({ ok: false, error: 'Command "npm run vercel-build" exited with 1' });
    const shell = await host.build('p1', request('tsc && node gen.mjs'), () => {});
    expect(shell.ok).toBe(false);
    expect(runs).toHaveLength(3);
  });
});

describe('host selection without waiting (auto): both at once, the first ready runs, a later WebContainer takes over', () => {
  /** The local bridge as a page's fetch sees it: health and a session token, in a moment. */
  const bridgeFetch: typeof fetch = async (input) => {
    const url = String(input);
    if (url.endsWith('/health')) return Response.json({ node: 'v20.20.2' });
    if (url.endsWith('/session')) return Response.json({ token: 't'.repeat(64) });
    return new Response('{}', { status: 404 });
  };
  const select = async () => {
    vi.resetModules(); // one WebContainerHost per page: a fresh page for each test
    return import('../../src/lib/runtimes/hosts/select');
  };

  it('the local host runs while the WebContainer still boots, says so, and the WebContainer is handed over once it boots', async () => {
    const { selectNodeHost, WEBCONTAINER_STILL_BOOTING } = await select();
    const api = new FakeApi();
    api.mode = 'manual';
    const moved: NodeHostLike[] = [];
    const host = await selectNodeHost({ choice: 'auto', local: { fetch: bridgeFetch, storage: null }, webcontainer: { api, harnessSource: HARNESS, environment: CHROME }, onMove: (h) => moved.push(h) });
    expect(host.kind).toBe('local');
    expect(host.reason).toBe(`local node v20.20.2 (${WEBCONTAINER_STILL_BOOTING})`);
    expect(api.boots).toHaveLength(1); // booting beside it, not after it
    expect(moved).toHaveLength(0);
    api.pending!.resolve(api.live);
    await vi.waitFor(() => expect(moved).toHaveLength(1));
    expect(moved[0].kind).toBe('webcontainer');
  });

  it('a WebContainer that fails after the local host was chosen: no move, and the local host says why it stays', async () => {
    const { selectNodeHost } = await select();
    const api = new FakeApi();
    api.mode = 'hang'; // offline: StackBlitz never answers, our boot timeout runs out
    const moved: NodeHostLike[] = [];
    const host = await selectNodeHost({ choice: 'auto', local: { fetch: bridgeFetch, storage: null }, webcontainer: { api, harnessSource: HARNESS, environment: CHROME, bootTimeoutMs: 50 }, onMove: (h) => moved.push(h) });
    const reasons: string[] = [];
    host.onStatus(() => reasons.push(host.reason));
    expect(host.reason).toMatch(/still booting/);
    await vi.waitFor(() => expect(host.reason).toMatch(/^local node v20\.20\.2 \(WebContainer failed: .*did not boot within 50 ms/));
    expect(reasons.at(-1)).toBe(host.reason);
    expect(moved).toHaveLength(0);
  });

  it('no local bridge: the WebContainer is waited for and runs', async () => {
    const { selectNodeHost } = await select();
    const api = new FakeApi();
    const noBridge: typeof fetch = async () => new Response('not here', { status: 404 });
    const host = await selectNodeHost({ choice: 'auto', local: { fetch: noBridge, storage: null }, webcontainer: { api, harnessSource: HARNESS, environment: CHROME } });
    expect(host.kind).toBe('webcontainer');
  });

  it('pinned ?nodeHost=webcontainer: the local bridge is never asked, the WebContainer is waited for', async () => {
    const { selectNodeHost } = await select();
    const api = new FakeApi();
    api.mode = 'manual';
    let asked = 0;
    const counting: typeof fetch = async (input, init) => (asked++, bridgeFetch(input, init));
    const chosen = selectNodeHost({ choice: 'webcontainer', local: { fetch: counting, storage: null }, webcontainer: { api, harnessSource: HARNESS, environment: CHROME } });
    await sleep(20);
    api.pending!.resolve(api.live);
    expect((await chosen).kind).toBe('webcontainer');
    expect(asked).toBe(0);
  });

  it('NodeRuntime moves to the handed-over host at its next run: the old process goes, the new host answers', async () => {
    const { NodeRuntime } = await import('../../src/lib/runtimes/node');
    const { limitsFor } = await import('../../src/lib/limits');
    const local = new ScriptedHost('local');
    const container = new ScriptedHost('webcontainer');
    let move!: (host: import('../../src/lib/runtimes/hosts/node-host').NodeHost) => void;
    const runtime = new NodeRuntime({ projectId: 'p', host: async (_status, onMove) => ((move = onMove), local) });
    const invocation = { code: 'export default () => {}', kind: 'vercel-function' as const, path: 'api/a.js', env: {}, request: { method: 'GET', url: 'http://localhost/api/a', headers: [], body: null }, limits: limitsFor('hobby') };
    const answeredBy = async () => {
      for await (const e of runtime.invoke(invocation)) if (e.type === 'head') return e.headers.find(([k]) => k === 'x-host')?.[1];
    };
    expect(await answeredBy()).toBe('local');
    move(container);
    expect(runtime.status.reason).toMatch(/the WebContainer booted, the next run moves to it/);
    expect(await answeredBy()).toBe('webcontainer');
    expect(local.killed).toBe(1);
    expect(runtime.status.host).toBe('webcontainer');
    expect(await answeredBy()).toBe('webcontainer');
    expect(container.spawned).toBe(1);
  });
});

type NodeHostLike = { kind: string };

/** A NodeHost whose process speaks the harness protocol just enough: hello, loaded, and a 200 naming the host. */
class ScriptedHost {
  spawned = 0;
  killed = 0;
  constructor(readonly kind: 'local' | 'webcontainer') {}
  get reason() {
    return `${this.kind} host`;
  }
  async boot() {
    return { bootMs: 1 };
  }
  async install() {}
  onStatus(listener: (status: HostStatus) => void) {
    listener({ phase: 'ready', message: 'ready' });
    return () => {};
  }
  async spawn(_projectId: string, options: { markerToken: string }) {
    this.spawned++;
    const marker = harnessMarker(options.markerToken);
    let output: (text: string) => void = () => {};
    let exit!: (code: number | null) => void;
    const say = (message: HarnessResponse) => queueMicrotask(() => output(marker + JSON.stringify(message) + '\n'));
    const host = this;
    return {
      exited: new Promise<number | null>((resolve) => (exit = resolve)),
      onOutput(listener: (text: string) => void) {
        output = listener;
        say({ type: 'hello', version: 1, node: 'v20', pid: 1 } as HarnessResponse);
      },
      write(line: string) {
        const message = JSON.parse(line) as HarnessRequest;
        if (message.type === 'load') say({ type: 'loaded', id: message.id, ms: 1 });
        if (message.type === 'invoke') {
          say({ type: 'event', runId: message.runId, event: { type: 'head', status: 200, statusText: 'OK', headers: [['x-host', host.kind]], t: 0 } });
          say({ type: 'event', runId: message.runId, event: { type: 'end', timings: { startMs: 0, ttfbMs: 0, totalMs: 0 } } as never });
        }
      },
      async kill() {
        host.killed++;
        exit(null);
      },
    };
  }
}
