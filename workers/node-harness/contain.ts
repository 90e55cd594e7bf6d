// Keeps user code to its own process before any of it loads: it may signal only itself (never the server, another
// project's process or anything else of the same user), never opens an inspector, re-prioritises only itself, sets no
// V8 flags, and gets none of Node's native handle and request objects to build connections with. Node's permission
// model (set by the host) already refuses child processes, workers, addons, WASI, the inspector module and
// process.binding, so these are the last ways out of the process that it leaves open.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import v8 from 'node:v8';

type Kill = (pid: number, signal?: string | number) => boolean;

function refused(syscall: string, pid: unknown): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `${syscall} EPERM: a handler here may signal only its own process (pid ${process.pid}), not pid ${String(pid)}.`,
  );
  error.code = 'EPERM';
  error.errno = -(os.constants.errno.EPERM ?? 1);
  error.syscall = syscall;
  return error;
}

/** Signals that would open this process's inspector (a debugger with the process's full powers). */
const INSPECTOR_SIGNALS = new Set<string | number>(['SIGUSR1', os.constants.signals.SIGUSR1]);

function own(pid: unknown): boolean {
  // Node coerces with `pid | 0`-like rules; a string pid names the same process only if it is the same number.
  return Number(pid) === process.pid && String(pid).trim() !== '';
}

/**
 * Sets a replacement the way the original was set (enumerable: `import { kill } from 'node:process'` exports what is;
 * writable: libraries wrap these). The originals live only in their replacers' closures, so overwriting a replacement
 * gains nothing.
 */
export function replaceProperty(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { ...Object.getOwnPropertyDescriptor(target, name), value });
}

/** Replaces the process's ways to signal, re-prioritise, set V8 flags, list native objects and probe outside paths. */
export function containProcess(): void {
  const kill = process.kill.bind(process) as Kill;
  // process.kill calls process._kill: the replacement of _kill must call the raw one, or the two call each other.
  const rawKill = (process as unknown as { _kill: (pid: number, signal: number) => number })._kill.bind(process);
  const guarded: Kill = (pid, signal = 'SIGTERM') => {
    if (!own(pid)) throw refused('kill', pid);
    if (INSPECTOR_SIGNALS.has(signal)) throw refused('kill', `${pid} (${String(signal)} opens the inspector)`);
    return kill(pid, signal);
  };
  replaceProperty(process, 'kill', guarded);
  // The raw binding process.kill calls: left as it is, `process._kill(ppid, 15)` would signal the server.
  replaceProperty(process, '_kill', (pid: number, signal: number) => {
    if (!own(pid) || INSPECTOR_SIGNALS.has(signal)) throw refused('kill', pid);
    return rawKill(pid, signal);
  });
  // Sends SIGUSR1 to any pid (it is how `node inspect -p` attaches).
  replaceProperty(process, '_debugProcess', (pid: number) => {
    throw refused('kill', `${pid} (SIGUSR1 opens the inspector)`);
  });
  const setPriority = os.setPriority.bind(os) as (pid: number, priority?: number) => void;
  replaceProperty(os, 'setPriority', (pid: number, priority?: number) => {
    if (priority === undefined) return setPriority(pid); // setPriority(priority): this process
    if (pid !== 0 && !own(pid)) throw refused('setpriority', pid);
    return setPriority(pid, priority);
  });
  // `--allow-natives-syntax` and the like would open V8's internals to exploit attempts.
  replaceProperty(v8, 'setFlagsFromString', () => {
    throw Object.assign(new Error('v8.setFlagsFromString is not available to handlers here.'), { code: 'ERR_ACCESS_DENIED' });
  });
  // Live request objects (a pending connect's TCPConnectWrap) and handles are what a hand-built connection starts from.
  replaceProperty(process, '_getActiveRequests', () => []);
  replaceProperty(process, '_getActiveHandles', () => []);
  // The JavaScript realpath lstat()s each parent without the permission check, telling which outside paths exist.
  replaceProperty(fs, 'realpathSync', Object.assign((path: fs.PathLike, options?: fs.EncodingOption) => fs.realpathSync.native(path, options), { native: fs.realpathSync.native }));
  replaceProperty(fs, 'realpath', Object.assign((path: fs.PathLike, ...rest: unknown[]) => (fs.realpath.native as (...a: unknown[]) => void)(path, ...rest), { native: fs.realpath.native }));
  // `import { kill } from 'node:process'` and `import { setPriority } from 'node:os'` must see the guarded ones too.
  syncBuiltinESMExports();
  // Also from outside: a SIGUSR1 listener keeps Node from starting the inspector when one arrives.
  process.on('SIGUSR1', () => {});
}
