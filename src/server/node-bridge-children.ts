// The bridge's node processes: harness children per project (the one serving its runs and a spare for its next
// bundle), each one's output held until the page reads it, and no child outliving its page (output stream closed),
// its project's later spawns, or the server. A child may write only its own folder in the project's work folder;
// where the server runs as root it runs as an unprivileged user, so the kernel keeps it from signalling or touching
// the server's processes and files even if Node's permission model had a hole.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { MARKER_TOKEN_ENV } from '../../workers/node-harness/framing.ts';
import type { ChildRegistry } from './node-bridge-registry.ts';

export interface SpawnRequest {
  projectId: string;
  memoryMb: number;
  markerToken: string;
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
}

export interface ChildUser {
  uid: number;
  gid: number;
}

/** `nobody`/`nogroup` on Debian and most other systems. */
const NOBODY: ChildUser = { uid: 65534, gid: 65534 };

/** Whom children run as: an unprivileged user when the server is root (it could do anything), else the server's user. */
export function defaultChildUser(): ChildUser | null {
  return process.getuid?.() === 0 ? NOBODY : null;
}

/** The folder of a project's children: each runs in a folder of its own in it, and may write only that one. */
export function workDir(projectDir: string): string {
  return join(projectDir, 'work');
}

/** Processes a project may have at once: the one serving its runs, and a spare started for its next bundle. */
export const PROCESSES_PER_PROJECT = 2;

export interface ChildrenOptions {
  /** The built harness file. */
  harnessFile: () => Promise<string>;
  /** The project's folder: its npm packages (read-only for the child) and its work folder. */
  projectDir: (projectId: string) => string;
  /** Extra node flags (the permission model), given the project folder, its work folder and the harness file. */
  nodeFlags?: (projectDir: string, workDir: string, harnessFile: string) => string[];
  /** Whom children run as. @default defaultChildUser() */
  user?: ChildUser | null;
  /** Where the children of every bridge sharing this root are listed. */
  registry?: ChildRegistry;
  /** A spawned child whose output nobody reads within this time is killed (its page went away before it could). */
  attachTimeoutMs?: number;
}

/** The only variables a child sees of the server's environment: user code from a shared link must find no secrets. */
const CLEAN_ENV_KEYS = ['PATH', 'HOME', 'TMPDIR', 'LANG'];

export function cleanEnv(): Record<string, string> {
  return Object.fromEntries(CLEAN_ENV_KEYS.flatMap((key) => (process.env[key] === undefined ? [] : [[key, process.env[key]!]])));
}

/**
 * The most a child's output may hold in this server's memory: a line without its newline yet, or all its output while
 * no page reads it. A frame carries at most a 4.5 MB body in base64, so whole frames always fit; a child that floods
 * past it (a line that never ends, output nobody reads) is cut or killed, not left to grow the server's heap.
 */
export const MAX_HELD_OUTPUT_CHARS = 8 * 1024 * 1024;

/** Cuts a stream's text at its last newline, so stdout and stderr interleave by whole lines and never split a frame. */
class WholeLines {
  #tail = '';

  push(text: string): string {
    const at = text.lastIndexOf('\n');
    if (at < 0) {
      this.#tail += text;
      // A line this long is no frame: it goes on as it is (stray output), so it cannot grow without end.
      return this.#tail.length > MAX_HELD_OUTPUT_CHARS ? this.flush() : '';
    }
    const out = this.#tail + text.slice(0, at + 1);
    this.#tail = text.slice(at + 1);
    return out;
  }

  flush(): string {
    const rest = this.#tail;
    this.#tail = '';
    return rest;
  }
}

export class BridgeChild {
  readonly id: string;
  readonly projectId: string;
  readonly process: ChildProcessWithoutNullStreams;
  /** Resolves when the process has exited and its output has been read to the end. */
  readonly closed: Promise<ExitInfo>;
  exit: ExitInfo | null = null;
  #pending: string[] = [];
  #pendingChars = 0;
  #reader: ServerResponse | null = null;
  #attachTimer: ReturnType<typeof setTimeout>;

  constructor(projectId: string, child: ChildProcessWithoutNullStreams, attachTimeoutMs: number, id: string = randomUUID()) {
    this.id = id;
    this.projectId = projectId;
    this.process = child;
    const stdout = new WholeLines();
    const stderr = new WholeLines();
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => this.#out(stdout.push(text)));
    child.stderr.on('data', (text: string) => this.#out(stderr.push(text)));
    child.stdin.on('error', () => {}); // writing to a child that just died: its exit is reported through `closed`
    this.closed = new Promise((resolve) => {
      const finish = (code: number | null, signal: string | null) => {
        if (this.exit) return;
        clearTimeout(this.#attachTimer);
        this.#out(stdout.flush() + stderr.flush());
        this.exit = { code, signal };
        this.#reader?.end();
        resolve(this.exit);
      };
      child.once('close', finish);
      // A process that could not start emits no 'close'.
      child.once('error', (error) => {
        if (child.pid === undefined) finish(null, (error as NodeJS.ErrnoException).code ?? 'ESPAWN');
      });
    });
    this.#attachTimer = setTimeout(() => this.kill(), attachTimeoutMs);
  }

  #out(text: string): void {
    if (!text) return;
    if (this.#reader) {
      // The page reads slower than the child writes: the child waits (its pipe fills), the server holds nothing more.
      if (!this.#reader.write(text) && !this.exit) {
        this.process.stdout.pause();
        this.process.stderr.pause();
        this.#reader.once('drain', () => {
          this.process.stdout.resume();
          this.process.stderr.resume();
        });
      }
      return;
    }
    this.#pending.push(text);
    this.#pendingChars += text.length;
    if (this.#pendingChars > MAX_HELD_OUTPUT_CHARS) {
      this.#pending = [`The process wrote more than ${MAX_HELD_OUTPUT_CHARS} characters before its page read any, so it was killed.\n`];
      void this.kill();
    }
  }

  get attached(): boolean {
    return this.#reader !== null;
  }

  /** The page's output stream. When it closes before the process exits, the page went away: the process goes too. */
  attach(res: ServerResponse): boolean {
    if (this.#reader) return false;
    clearTimeout(this.#attachTimer);
    this.#reader = res;
    for (const text of this.#pending) res.write(text);
    this.#pending = [];
    this.#pendingChars = 0;
    if (this.exit) res.end(); // it exited before anyone read it: its last words, then the end
    res.once('close', () => {
      if (!this.exit) this.kill();
    });
    return true;
  }

  write(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.exit || !this.process.stdin.writable) return reject(new Error('The process has exited.'));
      this.process.stdin.write(text, (error) => (error ? reject(error) : resolve()));
    });
  }

  kill(): Promise<ExitInfo> {
    if (!this.exit) this.process.kill('SIGKILL');
    return this.closed;
  }
}

export class NodeChildren {
  #options: ChildrenOptions;
  #byId = new Map<string, BridgeChild>();
  /** Each project's running processes, oldest first. */
  #byProject = new Map<string, BridgeChild[]>();

  constructor(options: ChildrenOptions) {
    this.#options = options;
  }

  async spawn(request: SpawnRequest): Promise<BridgeChild> {
    const harness = await this.#options.harnessFile();
    // At most PROCESSES_PER_PROJECT: the oldest goes first.
    const live = this.#byProject.get(request.projectId) ?? [];
    while (live.length >= PROCESSES_PER_PROJECT) await live.shift()!.kill();
    const dir = this.#options.projectDir(request.projectId);
    const id = randomUUID();
    const parent = workDir(dir);
    // A folder of its own, new: what an earlier process left (a planted node_modules/ms shadows the installed ms for
    // every later bundle) must not reach it. What no running process uses goes now. The page writes the project's
    // files again with each load.
    mkdirSync(parent, { recursive: true });
    chmodSync(parent, 0o711); // a child may pass through to its own folder, not list the others
    const running = new Set(live.map((child) => child.id));
    for (const name of readdirSync(parent)) if (!running.has(name)) rmSync(join(parent, name), { recursive: true, force: true });
    const work = join(parent, id);
    // Its own temporary directory: os.tmpdir() works, and under the permission model it is inside what it may write.
    const tmp = join(work, '.tmp');
    mkdirSync(tmp, { recursive: true });
    const user = this.#options.user === undefined ? defaultChildUser() : this.#options.user;
    for (const path of [work, tmp]) {
      chmodSync(path, 0o700);
      if (user) chownSync(path, user.uid, user.gid);
    }
    const args = [
      `--max-old-space-size=${request.memoryMb}`,
      ...(this.#options.nodeFlags?.(dir, work, harness) ?? []),
      harness,
      `--workdir=${work}`,
    ];
    const env = { ...cleanEnv(), HOME: work, TMPDIR: tmp, [MARKER_TOKEN_ENV]: request.markerToken };
    const child = new BridgeChild(
      request.projectId,
      spawn(process.execPath, args, { cwd: work, env, stdio: 'pipe', ...(user ? { uid: user.uid, gid: user.gid } : {}) }),
      this.#options.attachTimeoutMs ?? 15_000,
      id,
    );
    this.#byId.set(child.id, child);
    live.push(child);
    this.#byProject.set(request.projectId, live);
    const pid = child.process.pid;
    if (pid !== undefined) this.#options.registry?.add(pid);
    void child.closed.then(() => {
      if (pid !== undefined) this.#options.registry?.remove(pid);
      const list = this.#byProject.get(request.projectId);
      if (list?.includes(child)) list.splice(list.indexOf(child), 1);
      if (list?.length === 0) this.#byProject.delete(request.projectId);
      // Kept a while after exit, so the page can still ask how it ended.
      setTimeout(() => this.#byId.delete(child.id), 60_000).unref();
    });
    return child;
  }

  get(id: string): BridgeChild | undefined {
    return this.#byId.get(id);
  }

  /** Processes still running. */
  get running(): BridgeChild[] {
    return [...this.#byId.values()].filter((child) => !child.exit);
  }

  /** The running processes of a project, oldest first. */
  ofProject(projectId: string): BridgeChild[] {
    return [...(this.#byProject.get(projectId) ?? [])];
  }

  /** Kills every process now (synchronously: also usable from `process.on('exit')`). */
  killAll(): void {
    for (const child of this.running) child.process.kill('SIGKILL');
  }
}
