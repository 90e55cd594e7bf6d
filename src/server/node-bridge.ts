// Vite plugin: the local Node bridge at /__node (dev and preview servers). A page of this server's own origin starts
// the Node harness as a child `node` per project, feeds its stdin, reads its output as one long streaming response,
// kills it, and installs npm packages for it. Nothing else may drive it: browsers on other origins are refused by
// node-bridge-guard.ts, and the children themselves by the capability token of node-bridge-sessions.ts.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { WebSocketServer } from 'ws';
import { buildBuildRunner, buildHarness } from '../../workers/node-harness/build.ts';
import { GENERATIONS, limitsFor, NODE_MIN_MEMORY_MB, PLANS } from '../lib/limits.ts';
import { defaultChildUser, NodeChildren, type BridgeChild, type ChildUser } from './node-bridge-children.ts';
import { refusal } from './node-bridge-guard.ts';
import { checkDependencies, installPackages, secureInstallDir } from './node-bridge-install.ts';
import { runBuildScript } from './node-bridge-build.ts';
import { PackageFilesError, readPackageFiles } from './node-bridge-package-files.ts';
import { ChildRegistry } from './node-bridge-registry.ts';
import { BridgeSessions } from './node-bridge-sessions.ts';

export const BRIDGE_PATH = '/__node';

export interface NodeBridgeOptions {
  /** Where harness files and project directories live. @default join(os.tmpdir(), 'playground-node') */
  root?: string;
  /**
   * Run children under Node's permission model: file reads and writes only inside the project's directory, no child
   * processes or workers. A shared link runs someone else's code on this machine. @default true where Node has it
   */
  permissions?: boolean;
  /** Whom children run as. @default an unprivileged user (nobody) when the server runs as root, else the server's */
  childUser?: ChildUser | null;
}

export interface NodeBridge {
  /** Connect middleware: answers `/__node/*`, passes everything else on. */
  handle: Connect.NextHandleFunction;
  /** The server's `upgrade` listener: takes a process's stdin socket (`/__node/stdin`); false: not the bridge's. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  readonly children: NodeChildren;
  /** Kills every child (server closing). */
  close(): void;
}

/** Project ids are the bridge's own (BridgeSessions.newProject); this only keeps a bad one out of a path. */
const PROJECT_ID = /^p[0-9a-f]{32}$/;
/** The plan memory a child may get: from the smallest Vercel allows to the most any plan and generation in the limits table has. */
const MAX_MEMORY_MB = Math.max(...PLANS.flatMap((plan) => GENERATIONS.map((g) => limitsFor(plan, {}, g).node.maxMemoryMb)));
/** A project directory (its npm packages included) unused this long is removed when a server starts. */
const PROJECT_MAX_AGE_MS = 3 * 24 * 60 * 60 * 1000;
const MARKER_TOKEN = /^[0-9a-f]{8,64}$/;
/** One request's body: a `load` line carries the bundle, which may be as large as the limits table lets one be (L09). */
const MAX_BODY_BYTES = Math.max(...PLANS.flatMap((plan) => GENERATIONS.map((g) => limitsFor(plan, {}, g).node.maxUncompressedBundleBytes))) + 16 * 1024 * 1024;

/**
 * The flags of Node's permission model, by the name this Node knows it under (none: not supported): it reads its
 * project's folder (its npm packages) and the harness, and writes only its work folder.
 */
function permissionFlags(projectDir: string, workDir: string, harnessFile: string): string[] {
  const known = process.allowedNodeEnvironmentFlags;
  const flag = known.has('--permission') ? '--permission' : known.has('--experimental-permission') ? '--experimental-permission' : null;
  if (!flag) return [];
  const quiet = known.has('--disable-warning') ? ['--disable-warning=ExperimentalWarning'] : [];
  return [flag, `--allow-fs-read=${projectDir}`, `--allow-fs-read=${harnessFile}`, `--allow-fs-write=${workDir}`, ...quiet];
}

/** Folders every child must pass through (an unprivileged child included), and nobody but the server may change. */
function ensureSharedDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
}

/** An unprivileged child must pass through every folder above its project: say so now, not as a failed start later. */
function checkReachable(root: string): void {
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(`Node.js children run as an unprivileged user, who cannot pass through ${dir} (no execute bit for others) to reach ${root}. Choose a root folder others may pass through.`);
    }
    if (dirname(dir) === dir) return;
  }
}

function writeHarness(root: string, childUser: ChildUser | null, build = buildHarness, name = 'harness'): Promise<string> {
  return build().then((code) => {
    if (childUser) checkReachable(root);
    // Named by content: servers started in parallel share the file of one harness version.
    const file = join(root, `${name}-${createHash('sha1').update(code).digest('hex').slice(0, 12)}.mjs`);
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
  const childUser = options.childUser === undefined ? defaultChildUser() : options.childUser;
  const projectsDir = join(root, 'projects');
  ensureSharedDir(root);
  ensureSharedDir(projectsDir);
  const registry = new ChildRegistry(join(root, 'children'));
  const harness = writeHarness(root, childUser);
  harness.catch(() => {}); // reported by health and spawn
  const buildRunner = writeHarness(root, childUser, buildBuildRunner, 'build-runner');
  buildRunner.catch(() => {}); // reported by build
  setTimeout(() => pruneProjects(root), 5000).unref(); // not in the way of the server's start
  const projectDir = (projectId: string) => {
    const dir = join(projectsDir, projectId);
    touch(dir);
    return dir;
  };
  const permissions = options.permissions ?? true;
  const children = new NodeChildren({
    harnessFile: () => harness,
    projectDir,
    nodeFlags: permissions ? permissionFlags : undefined,
    user: childUser,
    registry,
  });
  const sessions = new BridgeSessions();

  const removeProject = async (projectId: string) => {
    await Promise.all(children.ofProject(projectId).map((child) => child.kill()));
    if (PROJECT_ID.test(projectId)) rmSync(join(projectsDir, projectId), { recursive: true, force: true });
  };

  // A process's stdin as a WebSocket: each message is written to it as it comes, with no request per line.
  const stdinSockets = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES, perMessageDeflate: false });
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    if (url.pathname !== `${BRIDGE_PATH}/stdin`) return false;
    const deny = (status: number, message: string) => {
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Bad Request'}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${message}`);
      return true;
    };
    const refused = refusal(req);
    if (refused) return deny(403, refused);
    const token = url.searchParams.get('token');
    if (!token || !sessions.known(token)) return deny(401, 'The Node bridge needs the token of a page of this server (POST /__node/session).');
    const found = children.get(url.searchParams.get('process') ?? '');
    if (!found || !sessions.owns(token, found.projectId)) return deny(400, 'No such process (it may have exited more than a minute ago).');
    stdinSockets.handleUpgrade(req, socket, head, (ws) => {
      void found.closed.then(() => ws.close(1000, 'The process has exited.'));
      ws.on('message', (data: Buffer) => {
        found.write(data.toString('utf8')).catch(() => ws.close(4410, 'The process has exited.'));
      });
    });
    return true;
  };

  /** The caller's token; a request without one is refused (401) before its route runs. */
  const tokenOf = (req: IncomingMessage): string => sessions.tokenOf(req)!;
  const ownProject = (req: IncomingMessage, projectId: unknown): string => {
    if (!sessions.owns(tokenOf(req), projectId)) throw new BadRequest('`projectId` must be a project this page created with POST /project.');
    return projectId;
  };
  const child = (req: IncomingMessage, url: URL): BridgeChild => {
    const found = children.get(url.searchParams.get('process') ?? '');
    if (!found || !sessions.owns(tokenOf(req), found.projectId)) throw new BadRequest('No such process (it may have exited more than a minute ago).');
    return found;
  };

  /** Routes anyone on this machine's own origin may call; every other route needs the token. */
  const open = new Set(['GET /health', 'POST /session']);
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>> = {
    'GET /health': async (_req, res) => {
      const file = await harness;
      sendJson(res, 200, {
        node: process.version,
        platform: process.platform,
        permissions: permissions && permissionFlags('/', '/', file).length > 0,
        childUser: childUser !== null,
      });
    },
    'POST /session': async (req, res) => {
      await readBody(req);
      // Every child of the bridges sharing this root is in the registry, this bridge's own included.
      if (registry.alive() > 0) {
        return sendJson(res, 409, {
          error:
            'Node.js processes of another browser are running on this server, and a new page can join only while none runs (their code must not be able to join). Close the playground in the other browser, or use this browser.',
        });
      }
      sendJson(res, 200, { token: sessions.issue() });
    },
    'POST /project': async (req, res) => {
      const body = await readJson(req);
      const token = tokenOf(req);
      // The page's previous project goes with its folder and process: nothing of it is left for the next one.
      if (body.replaces !== undefined && sessions.drop(token, ownProject(req, body.replaces))) await removeProject(body.replaces as string);
      const { projectId, dropped } = sessions.newProject(token);
      for (const id of dropped) await removeProject(id);
      ensureSharedDir(projectDir(projectId));
      sendJson(res, 200, { projectId });
    },
    'POST /spawn': async (req, res) => {
      const body = await readJson(req);
      const { memoryMb, markerToken } = body;
      const projectId = ownProject(req, body.projectId);
      if (typeof memoryMb !== 'number' || !Number.isInteger(memoryMb) || memoryMb < NODE_MIN_MEMORY_MB || memoryMb > MAX_MEMORY_MB) {
        throw new BadRequest(`\`memoryMb\` must be a whole number of megabytes from ${NODE_MIN_MEMORY_MB} to ${MAX_MEMORY_MB} (the plans' function memory).`);
      }
      if (typeof markerToken !== 'string' || !MARKER_TOKEN.test(markerToken)) throw new BadRequest('`markerToken` must be 8–64 hex digits.');
      // The child reads its install folder and the permission model follows links: nothing but npm's checked tree.
      secureInstallDir(projectDir(projectId));
      const spawned = await children.spawn({ projectId, memoryMb, markerToken });
      sendJson(res, 200, { processId: spawned.id, pid: spawned.process.pid ?? null });
    },
    'GET /output': async (req, res, url) => {
      const found = child(req, url);
      if (found.attached) return sendJson(res, 409, { error: 'The output of this process is already being read.' });
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.flushHeaders();
      found.attach(res);
    },
    'GET /exit': async (req, res, url) => {
      const found = child(req, url);
      sendJson(res, 200, found.exit ? { running: false, ...found.exit } : { running: true });
    },
    'POST /stdin': async (req, res, url) => {
      const found = child(req, url);
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
      const found = child(req, url);
      await readBody(req);
      sendJson(res, 200, await found.kill());
    },
    'POST /build': async (req, res) => {
      const body = await readJson(req);
      const projectId = ownProject(req, body.projectId);
      const { files, script, command, memoryMb } = body;
      if (typeof files !== 'object' || files === null || Array.isArray(files) || !Object.values(files).every((v) => typeof v === 'string')) {
        throw new BadRequest('`files` must be an object of path → text.');
      }
      if (typeof script !== 'string' || typeof command !== 'string' || !/^(npm|pnpm|yarn|bun|vlt) run [\w:.-]+$/.test(command)) {
        throw new BadRequest('`script` must be the build script and `command` how Vercel names it (`npm run vercel-build`).');
      }
      if (typeof memoryMb !== 'number' || !Number.isInteger(memoryMb) || memoryMb < NODE_MIN_MEMORY_MB || memoryMb > MAX_MEMORY_MB) {
        throw new BadRequest(`\`memoryMb\` must be a whole number of megabytes from ${NODE_MIN_MEMORY_MB} to ${MAX_MEMORY_MB}.`);
      }
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
      res.flushHeaders();
      const line = (value: unknown) => res.write(JSON.stringify(value) + '\n');
      try {
        const dir = projectDir(projectId);
        secureInstallDir(dir);
        const result = await runBuildScript(
          { projectDir: dir, files: files as Record<string, string>, script, command, runnerFile: await buildRunner, user: childUser, nodeFlags: permissions ? permissionFlags : undefined, memoryMb },
          (text) => line({ line: text }),
        );
        line({ done: true, ...result });
      } catch (error) {
        line({ done: true, ok: false, error: error instanceof Error ? error.message : String(error) });
      }
      res.end();
    },
    'POST /package-files': async (req, res) => {
      const body = await readJson(req);
      const projectId = ownProject(req, body.projectId);
      try {
        sendJson(res, 200, { files: await readPackageFiles(projectDir(projectId), body.names) });
      } catch (error) {
        if (error instanceof PackageFilesError) throw new BadRequest(error.message);
        throw error;
      }
    },
    'POST /install': async (req, res) => {
      const body = await readJson(req);
      const projectId = ownProject(req, body.projectId);
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
    const name = `${req.method} ${url.pathname.slice(BRIDGE_PATH.length)}`;
    const route = routes[name];
    if (!route) return sendJson(res, 404, { error: `The Node bridge has no ${req.method} ${url.pathname}.` });
    if (!open.has(name) && !sessions.tokenOf(req)) {
      return sendJson(res, 401, { error: 'The Node bridge needs the token of a page of this server (POST /__node/session).' });
    }
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
    stdinSockets.close();
    process.off('exit', close);
  };
  // Also when the server's process ends without closing the server (Ctrl+C, an uncaught error).
  process.on('exit', close);
  ignoreInspectorSignal();
  return { handle, upgrade, children, close };
}

/**
 * SIGUSR1 makes Node open its inspector on 127.0.0.1:9229: a debugger with this server's powers, outside every
 * sandbox, for anyone on the machine who can send the signal and then connect. A listener keeps Node from doing it.
 * (Debug the server with `node --inspect` instead.)
 */
function ignoreInspectorSignal(): void {
  if (process.platform !== 'win32' && process.listenerCount('SIGUSR1') === 0) process.on('SIGUSR1', () => {});
}

export function nodeBridge(options: NodeBridgeOptions = {}): Plugin {
  let bridge: NodeBridge | null = null;
  const start = (httpServer: import('node:http').Server | null | undefined) => {
    bridge?.close();
    const current = (bridge = createNodeBridge(options));
    httpServer?.once('close', () => current.close());
    // Beside the dev server's own (HMR) listener, which leaves other paths alone, as this one does.
    httpServer?.on('upgrade', (req, socket, head) => current.upgrade(req, socket, head));
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
