// Vite plugin: the local Node bridge at /__node (dev and preview servers). A page of this server's own origin starts
// the Node harness as a child `node` per project, feeds its stdin, reads its output as one long streaming response,
// kills it, and installs npm packages for it. Nothing else may drive it (node-bridge-guard.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { buildHarness } from '../../workers/node-harness/build.ts';
import { NodeChildren, type BridgeChild } from './node-bridge-children.ts';
import { refusal } from './node-bridge-guard.ts';
import { checkDependencies, installPackages } from './node-bridge-install.ts';

export const BRIDGE_PATH = '/__node';

export interface NodeBridgeOptions {
  /** Where harness files and project directories live. @default join(os.tmpdir(), 'playground-node') */
  root?: string;
  /**
   * Run children under Node's permission model: file reads and writes only inside the project's directory, no child
   * processes or workers. A shared link runs someone else's code on this machine. @default true where Node has it
   */
  permissions?: boolean;
}

export interface NodeBridge {
  /** Connect middleware: answers `/__node/*`, passes everything else on. */
  handle: Connect.NextHandleFunction;
  readonly children: NodeChildren;
  /** Kills every child (server closing). */
  close(): void;
}

const PROJECT_ID = /^[\w-]{1,64}$/;
/** A project directory (its npm packages included) unused this long is removed when a server starts. */
const PROJECT_MAX_AGE_MS = 3 * 24 * 60 * 60 * 1000;
const MARKER_TOKEN = /^[0-9a-f]{8,64}$/;
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The flags of Node's permission model, by the name this Node knows it under (none: not supported). */
function permissionFlags(projectDir: string, harnessFile: string): string[] {
  const known = process.allowedNodeEnvironmentFlags;
  const flag = known.has('--permission') ? '--permission' : known.has('--experimental-permission') ? '--experimental-permission' : null;
  if (!flag) return [];
  const quiet = known.has('--disable-warning') ? ['--disable-warning=ExperimentalWarning'] : [];
  return [flag, `--allow-fs-read=${projectDir}`, `--allow-fs-read=${harnessFile}`, `--allow-fs-write=${projectDir}`, ...quiet];
}

function writeHarness(root: string): Promise<string> {
  return buildHarness().then((code) => {
    mkdirSync(root, { recursive: true });
    // Named by content: servers started in parallel share the file of one harness version.
    const file = join(root, `harness-${createHash('sha1').update(code).digest('hex').slice(0, 12)}.mjs`);
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(partial, code);
    renameSync(partial, file);
    return file;
  });
}

/** Removes project directories nobody has spawned or installed in for PROJECT_MAX_AGE_MS (one per browser tab). */
function pruneProjects(root: string): void {
  const projects = join(root, 'projects');
  let names: string[];
  try {
    names = readdirSync(projects);
  } catch {
    return;
  }
  const oldest = Date.now() - PROJECT_MAX_AGE_MS;
  for (const name of names) {
    try {
      if (statSync(join(projects, name)).mtimeMs < oldest) rmSync(join(projects, name), { recursive: true, force: true });
    } catch {
      // in use or gone: left alone
    }
  }
}

/** Marks a project directory as used now (pruneProjects goes by its time). */
function touch(dir: string): void {
  try {
    const now = new Date();
    utimesSync(dir, now, now);
  } catch {
    // not there yet: it is created with the current time
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`The request body is over ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const value: unknown = JSON.parse(await readBody(req));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('The body must be a JSON object.');
  return value as Record<string, unknown>;
}

class BadRequest extends Error {}

export function createNodeBridge(options: NodeBridgeOptions = {}): NodeBridge {
  const root = options.root ?? join(tmpdir(), 'playground-node');
  const harness = writeHarness(root);
  harness.catch(() => {}); // reported by health and spawn
  setTimeout(() => pruneProjects(root), 5000).unref(); // not in the way of the server's start
  const projectDir = (projectId: string) => {
    const dir = join(root, 'projects', projectId);
    touch(dir);
    return dir;
  };
  const permissions = options.permissions ?? true;
  const children = new NodeChildren({
    harnessFile: () => harness,
    projectDir,
    nodeFlags: permissions ? permissionFlags : undefined,
  });

  const child = (url: URL): BridgeChild => {
    const found = children.get(url.searchParams.get('process') ?? '');
    if (!found) throw new BadRequest('No such process (it may have exited more than a minute ago).');
    return found;
  };

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>> = {
    'GET /health': async (_req, res) => {
      const file = await harness;
      sendJson(res, 200, { node: process.version, platform: process.platform, permissions: permissions && permissionFlags('/', file).length > 0 });
    },
    'POST /spawn': async (req, res) => {
      const body = await readJson(req);
      const { projectId, memoryMb, markerToken } = body;
      if (typeof projectId !== 'string' || !PROJECT_ID.test(projectId)) throw new BadRequest('`projectId` must be 1–64 letters, digits, _ or -.');
      if (typeof memoryMb !== 'number' || !Number.isInteger(memoryMb) || memoryMb < 16 || memoryMb > 65_536) {
        throw new BadRequest('`memoryMb` must be a whole number of megabytes between 16 and 65536.');
      }
      if (typeof markerToken !== 'string' || !MARKER_TOKEN.test(markerToken)) throw new BadRequest('`markerToken` must be 8–64 hex digits.');
      const spawned = await children.spawn({ projectId, memoryMb, markerToken });
      sendJson(res, 200, { processId: spawned.id, pid: spawned.process.pid ?? null });
    },
    'GET /output': async (_req, res, url) => {
      const found = child(url);
      if (found.attached) return sendJson(res, 409, { error: 'The output of this process is already being read.' });
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.flushHeaders();
      found.attach(res);
    },
    'GET /exit': async (_req, res, url) => {
      const found = child(url);
      sendJson(res, 200, found.exit ? { running: false, ...found.exit } : { running: true });
    },
    'POST /stdin': async (req, res, url) => {
      const found = child(url);
      const text = await readBody(req);
      try {
        await found.write(text);
      } catch {
        return sendJson(res, 410, { error: 'The process has exited.' });
      }
      res.statusCode = 204;
      res.end();
    },
    'POST /kill': async (req, res, url) => {
      const found = child(url);
      await readBody(req);
      sendJson(res, 200, await found.kill());
    },
    'POST /install': async (req, res) => {
      const body = await readJson(req);
      const { projectId } = body;
      if (typeof projectId !== 'string' || !PROJECT_ID.test(projectId)) throw new BadRequest('`projectId` must be 1–64 letters, digits, _ or -.');
      const check = checkDependencies(body.dependencies);
      if (!check.ok) throw new BadRequest(check.error);
      // One JSON object a line: npm's output as it comes, then how it ended.
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
      res.flushHeaders();
      const line = (value: unknown) => res.write(JSON.stringify(value) + '\n');
      try {
        const result = await installPackages(projectDir(projectId), check.dependencies, (text) => line({ line: text }));
        line({ done: true, ok: true, ...result });
      } catch (error) {
        line({ done: true, ok: false, error: error instanceof Error ? error.message : String(error) });
      }
      res.end();
    },
  };

  const handle: Connect.NextHandleFunction = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    if (url.pathname !== BRIDGE_PATH && !url.pathname.startsWith(BRIDGE_PATH + '/')) return next();
    // The static files' cross-origin headers do not belong here: no CORS, readable by same-origin pages only.
    res.removeHeader('Access-Control-Allow-Origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    const refused = refusal(req);
    if (refused) return sendJson(res, 403, { error: refused });
    const route = routes[`${req.method} ${url.pathname.slice(BRIDGE_PATH.length)}`];
    if (!route) return sendJson(res, 404, { error: `The Node bridge has no ${req.method} ${url.pathname}.` });
    route(req, res, url).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (res.headersSent) return void res.end();
      sendJson(res, error instanceof BadRequest || error instanceof SyntaxError ? 400 : 500, { error: message });
    });
  };

  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    children.killAll();
    process.off('exit', close);
  };
  // Also when the server's process ends without closing the server (Ctrl+C, an uncaught error).
  process.on('exit', close);
  return { handle, children, close };
}

/** Removes a project's directory (tests). */
export function removeProjectDir(root: string, projectId: string): void {
  if (PROJECT_ID.test(projectId)) rmSync(join(root, 'projects', projectId), { recursive: true, force: true });
}

export function nodeBridge(options: NodeBridgeOptions = {}): Plugin {
  let bridge: NodeBridge | null = null;
  const start = (httpServer: import('node:http').Server | null | undefined) => {
    bridge?.close();
    const current = (bridge = createNodeBridge(options));
    httpServer?.once('close', () => current.close());
    return current;
  };
  return {
    name: 'playground-node-bridge',
    apply: 'serve', // dev and preview; a build has no server
    configureServer(server) {
      const current = start(server.httpServer as import('node:http').Server | null);
      server.middlewares.use(current.handle);
    },
    configurePreviewServer(server) {
      const current = start(server.httpServer as import('node:http').Server);
      server.middlewares.use(current.handle);
    },
    closeServer() {
      bridge?.close();
    },
    closePreviewServer() {
      bridge?.close();
    },
  };
}
