// A minimal Node host for the harness tests: builds the harness with buildHarness(), spawns it with real `node`,
// talks to it through HarnessClient (the same client the page's hosts use) and compiles handlers with native esbuild
// the way the in-browser compiler does for `runtime: 'nodejs'` (ESM, platform node, bare imports external).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { buildHarness } from '../../workers/node-harness/build';
import { HarnessClient, type HarnessBundle, type HarnessHello } from '../../workers/node-harness/client';
import { MARKER_TOKEN_FLAG, harnessMarker, randomMarkerToken } from '../../workers/node-harness/framing';
import type { HandlerKind, HeaderList, LogLevel, RunEvent, Timings } from '../../workers/protocol';

const repoRoot = resolve(import.meta.dirname, '../..');
let harnessFile: Promise<string> | null = null;

/** The harness, built once per test file and written where `node` can run it. */
export function harnessPath(): Promise<string> {
  harnessFile ??= buildHarness().then((code) => {
    // Named by content: test files and runs share one file per harness version instead of leaving one each.
    const file = join(tmpdir(), `pg-harness-${createHash('sha1').update(code).digest('hex').slice(0, 12)}.mjs`);
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(partial, code);
    renameSync(partial, file); // atomic: a parallel test file never runs a half-written harness
    return file;
  });
  return harnessFile;
}

/** An in-memory project: relative imports resolve inside `files`; bare specifiers and Node built-ins stay external. */
function memoryFiles(files: Record<string, string>): Plugin {
  return {
    name: 'memory-files',
    setup(b) {
      b.onResolve({ filter: /^\.{0,2}\// }, (args) => {
        const base = args.importer ? args.importer.split('/').slice(0, -1) : [];
        const parts = [...base];
        for (const part of args.path.split('/')) {
          if (part === '..') parts.pop();
          else if (part && part !== '.') parts.push(part);
        }
        const path = parts.join('/');
        const found = [path, `${path}.ts`, `${path}.js`, `${path}/index.ts`].find((p) => p in files);
        return found ? { path: found, namespace: 'memory' } : { errors: [{ text: `not found: ${args.path}` }] };
      });
      // What `packages: 'external'` does on disk: a bare specifier (npm package or Node built-in) stays an import.
      b.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'memory' }, (args) => ({ contents: files[args.path], loader: args.path.endsWith('.js') ? 'js' : 'ts' }));
    },
  };
}

export async function compile(source: string, entry = 'api/handler.ts', extra: Record<string, string> = {}): Promise<string> {
  const files = { ...extra, [entry]: source };
  const result = await build({
    entryPoints: [`./${entry}`],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node18',
    packages: 'external',
    sourcemap: 'inline',
    write: false,
    logLevel: 'silent',
    plugins: [memoryFiles(files)],
  });
  return result.outputFiles[0].text;
}

export interface RequestInit {
  method?: string;
  path?: string;
  headers?: HeaderList;
  body?: string | Uint8Array | null;
}

export interface Collected {
  events: RunEvent[];
  status: number;
  statusText: string;
  headers: HeaderList;
  header(name: string): string | null;
  body: Buffer;
  text: string;
  chunks: { bytes: Uint8Array; t: number }[];
  logs: { level: LogLevel; text: string; t: number }[];
  errors: { code: string; message: string; stack?: string }[];
  timings: Timings | null;
}

export function collect(events: RunEvent[]): Collected {
  const head = events.find((e) => e.type === 'head');
  const chunks = events.filter((e) => e.type === 'chunk');
  const body = Buffer.concat(chunks.map((c) => c.bytes));
  const headers = head?.type === 'head' ? head.headers : [];
  const end = events.find((e) => e.type === 'end');
  return {
    events,
    status: head?.type === 'head' ? head.status : 0,
    statusText: head?.type === 'head' ? head.statusText : '',
    headers,
    header: (name) => headers.find(([n]) => n === name.toLowerCase())?.[1] ?? null,
    body,
    text: body.toString(),
    chunks: chunks.map((c) => ({ bytes: c.bytes, t: c.t })),
    logs: events.flatMap((e) => (e.type === 'log' ? [{ level: e.level, text: e.text, t: e.t }] : [])),
    errors: events.flatMap((e) => (e.type === 'error' ? [{ code: e.code, message: e.message, stack: e.stack }] : [])),
    timings: end?.type === 'end' ? end.timings : null,
  };
}

export interface HostOptions {
  /** Extra time after the harness's own deadline before the host kills the process (a synchronous loop). */
  killGraceMs?: number;
  /** Node options before the harness file (`--import ./preload.mjs`). */
  nodeArgs?: string[];
  /** Harness flags after the marker token and the working directory. */
  harnessArgs?: string[];
}

/** A local-node host in miniature: one harness process, a working directory whose node_modules is the repo's. */
export class TestHost {
  readonly client: HarnessClient;
  readonly child: ChildProcessWithoutNullStreams;
  readonly workdir: string;
  readonly stray: string[] = [];
  readonly protocolErrors: string[] = [];
  readonly spawnedAt: number;
  exited = false;
  #nextRun = 1;
  #killGraceMs: number;

  private constructor(child: ChildProcessWithoutNullStreams, client: HarnessClient, workdir: string, spawnedAt: number, options: HostOptions) {
    this.child = child;
    this.client = client;
    this.workdir = workdir;
    this.spawnedAt = spawnedAt;
    this.#killGraceMs = options.killGraceMs ?? 1000;
  }

  static async start(options: HostOptions = {}): Promise<TestHost> {
    const file = await harnessPath();
    const workdir = mkdtempSync(join(tmpdir(), 'pg-project-'));
    symlinkSync(join(repoRoot, 'node_modules'), join(workdir, 'node_modules'), 'dir');
    const token = randomMarkerToken();
    const spawnedAt = performance.now();
    const child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), file, `${MARKER_TOKEN_FLAG}${token}`, `--workdir=${workdir}`, ...(options.harnessArgs ?? [])],
      { cwd: workdir, stdio: 'pipe' },
    );
    const host: TestHost = new TestHost(
      child,
      new HarnessClient({
        marker: harnessMarker(token),
        write: (line) => child.stdin.write(line + '\n'),
        onStray: (text) => host.stray.push(text),
        onProtocolError: (message) => host.protocolErrors.push(message),
      }),
      workdir,
      spawnedAt,
      options,
    );
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => host.client.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => host.stray.push(...chunk.split('\n').filter(Boolean)));
    child.on('exit', () => {
      host.exited = true;
      host.client.terminate(500, 'FUNCTION_INVOCATION_FAILED', 'The Node process exited.');
    });
    return host;
  }

  get hello(): Promise<HarnessHello> {
    return this.client.hello;
  }

  async load(code: string, kind: HandlerKind = 'vercel-function', path = 'api/handler.ts', env: Record<string, string> = {}, extra: Partial<HarnessBundle> = {}) {
    return this.client.load({ code, kind, path, env, ...extra });
  }

  /** One request through the harness; with `deadlineMs` the host also kills the process if `end` is late. */
  async request(init: RequestInit = {}, options: { deadlineMs?: number; maxPayloadBytes?: number; prerender?: boolean } = {}): Promise<Collected> {
    const runId = this.#nextRun++;
    const body = typeof init.body === 'string' ? new TextEncoder().encode(init.body) : (init.body ?? null);
    const request = {
      method: init.method ?? 'GET',
      url: `https://playground.test${init.path ?? '/api/handler'}`,
      headers: init.headers ?? [],
      body: body ? (body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer) : null,
    };
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    if (options.deadlineMs !== undefined) {
      // The host's share of maxDuration: a sync loop never lets the harness's own 504 fire.
      killTimer = setTimeout(() => {
        this.client.fail(runId, 504, 'FUNCTION_INVOCATION_TIMEOUT', `The function did not respond within ${options.deadlineMs} ms; its process was killed.`);
        this.child.kill('SIGKILL');
      }, options.deadlineMs + this.#killGraceMs);
    }
    const events: RunEvent[] = [];
    for await (const event of this.client.invoke(runId, request, options)) events.push(event);
    clearTimeout(killTimer);
    return collect(events);
  }

  /** Closes stdin (the harness exits by itself), kills it if it does not, and removes the working directory. */
  async close(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 500);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.workdir, { recursive: true, force: true });
  }
}
