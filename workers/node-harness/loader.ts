// Loads a compiled bundle once (module state then persists between requests, G25) and decides how it answers
// requests, by the entry's kind, its exports and its env, the way @vercel/node and Next.js decide (runtime-spec.md §5).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HandlerKind, HarnessRequest } from '../protocol';
import type { LambdaHandler } from './lambda';
import type { PagesApiConfig } from './next-api';
import { middlewareListener } from './next-middleware';
import { nextRouteListener } from './next-route';
import { HTTP_METHODS, vercelWebListener, type WebListener } from './web-handler';

type Load = Extract<HarnessRequest, { type: 'load' }>;
export type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/** How a loaded bundle answers. */
export type Target =
  | { type: 'vercel'; handler: NodeHandler; helpers: boolean }
  | { type: 'pages-api'; handler: NodeHandler; config: PagesApiConfig }
  | { type: 'web'; listener: WebListener }
  /** Legacy serverful (H25): the user's own http.Server, proxied to. */
  | { type: 'server'; server: http.Server }
  | { type: 'lambda'; handler: LambdaHandler; name: string }
  | { type: 'failed'; error: Error };

const NEXT_KINDS: HandlerKind[] = ['app-route', 'pages-api', 'middleware'];
/** How long a module may take to call `server.listen()` after it is imported (Vercel's launcher: 1000 ms). */
export const SERVER_WAIT_MS = 1000;

/**
 * What user code may see of the environment the process was started with. The local host starts node from the
 * developer's dev server, whose environment can hold secrets, and a shared link runs someone else's code.
 */
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG'];
const baseEnv: Record<string, string> = Object.fromEntries(
  INHERITED_ENV.flatMap((key) => (process.env[key] === undefined ? [] : [[key, process.env[key]!]])),
);

/** process.env becomes the base, NODE_ENV=production (as on Vercel), the project's env, and Next's NEXT_RUNTIME. */
function applyEnv(load: Load): void {
  for (const key of Object.keys(process.env)) delete process.env[key];
  const env: Record<string, string> = { ...baseEnv, NODE_ENV: 'production', ...load.env };
  if (NEXT_KINDS.includes(load.kind)) env.NEXT_RUNTIME = 'nodejs';
  Object.assign(process.env, env);
}

function safePath(root: string, relative: string): string {
  const path = normalize(join(root, relative));
  if (!path.startsWith(root + sep)) throw new Error(`A project file may not leave the working directory: ${relative}`);
  return path;
}

/** The working directory itself, or a folder inside it. */
function safeDir(root: string, relative: string): string {
  return relative === '.' || relative === '' ? root : safePath(root, relative);
}

let previousEntry: string | null = null;
let loads = 0;

function writeFiles(workdir: string, load: Load): string {
  for (const [path, text] of Object.entries(load.files ?? {})) {
    const target = safePath(workdir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  // A new file name per load: `import()` caches by URL, and a changed bundle must be a new module. It sits in the
  // entry's own folder, so `new URL('./x', import.meta.url)` finds the files beside the entry, as on Vercel.
  const entry = join(safeDir(workdir, dirname(load.path)), `.entry-${++loads}.mjs`);
  mkdirSync(dirname(entry), { recursive: true });
  writeFileSync(entry, load.code);
  // The previous bundle is in memory already (it carries its source map inline): its file is not needed.
  if (previousEntry && previousEntry !== entry) rmSync(previousEntry, { force: true });
  previousEntry = entry;
  return entry;
}

/**
 * An ESM bundle of CommonJS code calls esbuild's `__require` shim, which uses a global `require` when there is one:
 * so `require('fs')` inside bundled CJS works as it does in Vercel's CommonJS functions. `__dirname` is the entry's
 * folder among the project's files (the working directory is the project root, as /var/task is on Vercel), so
 * `path.join(__dirname, 'x')` in `api/hello.ts` reads `api/x`, as it does there.
 */
function provideCommonJsGlobals(entry: string): void {
  const g = globalThis as Record<string, unknown>;
  g.require = createRequire(entry);
  g.__dirname = dirname(entry);
  g.__filename = entry;
}

function unwrapDefault(module: Record<string, unknown>): Record<string, unknown> {
  let listener = module;
  // TS → CJS → ESM can nest `default` (Vercel unwraps up to 5 levels).
  for (let i = 0; i < 5 && listener && listener.default; i++) listener = listener.default as Record<string, unknown>;
  return listener;
}

/** @vercel/node's order: Web exports, then a (req, res) function, then a server that called listen(). */
async function resolveVercel(module: Record<string, unknown>, env: Record<string, string>, captured: () => http.Server | null, waitForServer: () => Promise<void>): Promise<Target> {
  const listener = unwrapDefault(module);
  if (HTTP_METHODS.some((m) => typeof listener[m] === 'function') || typeof listener.fetch === 'function') {
    return { type: 'web', listener: vercelWebListener(listener) };
  }
  if (typeof listener === 'function') {
    // H22: NODEJS_HELPERS=0; H23: an Express-like app (it has .listen) gets no helpers.
    const helpers = env.NODEJS_HELPERS !== '0' && typeof (listener as { listen?: unknown }).listen !== 'function';
    return { type: 'vercel', handler: listener as unknown as NodeHandler, helpers };
  }
  // The contract (runtime-spec.md §5) also serves a default-exported http.Server that never called listen().
  if (listener instanceof http.Server) return { type: 'server', server: listener };
  if (!captured()) await waitForServer();
  const server = captured();
  if (server) return { type: 'server', server };
  return { type: 'failed', error: new Error("Can't detect way to handle request") };
}

function resolveLambda(module: Record<string, unknown>, name: string, path: string): Target {
  const candidates = [module[name], (module.default as Record<string, unknown> | undefined)?.[name]];
  const handler = candidates.find((c) => typeof c === 'function');
  if (handler) return { type: 'lambda', handler: handler as LambdaHandler, name };
  const file = path.replace(/\.[cm]?[jt]sx?$/, '');
  return { type: 'failed', error: new Error(`Runtime.HandlerNotFound: ${file}.${name} is undefined or not exported`) };
}

function failed(error: unknown): Target {
  return { type: 'failed', error: error instanceof Error ? error : new Error(String(error)) };
}

export async function loadBundle(load: Load, workdir: string): Promise<Target> {
  let entry: string;
  try {
    applyEnv(load);
    entry = writeFiles(workdir, load);
  } catch (error) {
    return failed(error);
  }
  provideCommonJsGlobals(entry);
  // Stub listen() once while the module loads, so a top-level `server.listen(3000)` is captured, not bound (H25).
  const originalListen = http.Server.prototype.listen;
  let server: http.Server | null = null;
  let found: () => void = () => {};
  http.Server.prototype.listen = function (this: http.Server) {
    server = this;
    http.Server.prototype.listen = originalListen;
    found();
    return this;
  } as typeof originalListen;
  try {
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
    } catch (error) {
      return failed(error);
    }
    const env = load.env;
    const lambdaName = env.NODEJS_AWS_HANDLER_NAME;
    if (lambdaName && load.kind === 'vercel-function') return resolveLambda(module, lambdaName, load.path);
    if (load.kind === 'app-route') {
      let builds = 0;
      const buildModule = () => import(`${pathToFileURL(entry).href}?build=${++builds}`) as Promise<Record<string, unknown>>;
      return { type: 'web', listener: nextRouteListener(module, load.path, load.next, buildModule) };
    }
    if (load.kind === 'middleware') return { type: 'web', listener: middlewareListener(module, load.path, load.next) };
    if (load.kind === 'pages-api') {
      const handler = unwrapDefault(module);
      const config = (module.config ?? (module.default as Record<string, unknown> | undefined)?.config ?? {}) as PagesApiConfig;
      if (typeof handler !== 'function') return { type: 'failed', error: new TypeError(`The default export of ${load.path} is not a function`) };
      return { type: 'pages-api', handler: handler as unknown as NodeHandler, config };
    }
    const wait = () =>
      new Promise<void>((resolve) => {
        found = resolve;
        setTimeout(resolve, SERVER_WAIT_MS);
      });
    return await resolveVercel(module, env, () => server, wait);
  } finally {
    http.Server.prototype.listen = originalListen;
  }
}
