// Keeps user code to its own process before any of it loads: it may signal only itself (never the server, another
// project's process or anything else of the same user), never opens an inspector, and re-prioritises only itself.
// Node's permission model (set by the host) already refuses child processes, workers, addons, WASI, the inspector
// module and process.binding, so these functions are the last ways out of the process that it leaves open.
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';

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

/** Replaces process.kill, process._kill and process._debugProcess, and os.setPriority for other pids. */
export function containProcess(): void {
  const kill = process.kill.bind(process) as Kill;
  const guarded: Kill = (pid, signal = 'SIGTERM') => {
    if (!own(pid)) throw refused('kill', pid);
    if (INSPECTOR_SIGNALS.has(signal)) throw refused('kill', `${pid} (${String(signal)} opens the inspector)`);
    return kill(pid, signal);
  };
  // Set as the originals were (enumerable: `import { kill } from 'node:process'` exports what is; writable: libraries
  // wrap these). The originals live only in this closure, so overwriting a replacement gains nothing.
  const lock = (target: object, name: string, value: unknown) =>
    Object.defineProperty(target, name, { ...Object.getOwnPropertyDescriptor(target, name), value });
  lock(process, 'kill', guarded);
  // The raw binding process.kill calls: left as it is, `process._kill(ppid, 15)` would signal the server.
  lock(process, '_kill', (pid: number, signal: number) => {
    if (!own(pid) || INSPECTOR_SIGNALS.has(signal)) throw refused('kill', pid);
    return kill(pid, signal);
  });
  // Sends SIGUSR1 to any pid (it is how `node inspect -p` attaches).
  lock(process, '_debugProcess', (pid: number) => {
    throw refused('kill', `${pid} (SIGUSR1 opens the inspector)`);
  });
  const setPriority = os.setPriority.bind(os) as (pid: number, priority?: number) => void;
  lock(os, 'setPriority', (pid: number, priority?: number) => {
    if (priority === undefined) return setPriority(pid); // setPriority(priority): this process
    if (pid !== 0 && !own(pid)) throw refused('setpriority', pid);
    return setPriority(pid, priority);
  });
  // `import { kill } from 'node:process'` and `import { setPriority } from 'node:os'` must see the guarded ones too.
  syncBuiltinESMExports();
  // Also from outside: a SIGUSR1 listener keeps Node from starting the inspector when one arrives.
  process.on('SIGUSR1', () => {});
}
