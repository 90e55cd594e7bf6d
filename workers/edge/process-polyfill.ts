// Next.js's `process` for the edge sandbox (runtime-spec.md §1.4, G13–G17): only `env` is real. A plain Vercel edge
// function gets Vercel's: `{ env }` with the project's variables and no NEXT_RUNTIME (@vercel/node edge-handler).
import { unsupportedApiMessage } from '../shared/edge-unsupported-apis';

/** Function-valued keys of Node 20's `process`: in Next's sandbox each is a getter for a function that throws. */
const NODE_PROCESS_FUNCTIONS = [
  '_debugEnd', '_debugProcess', '_fatalException', '_getActiveHandles', '_getActiveRequests', '_kill', '_linkedBinding',
  '_rawDebug', '_startProfilerIdleNotifier', '_stopProfilerIdleNotifier', '_tickCallback', 'abort', 'addListener',
  'assert', 'availableMemory', 'binding', 'chdir', 'constrainedMemory', 'cpuUsage', 'cwd', 'dlopen', 'emit',
  'emitWarning', 'eventNames', 'exit', 'getActiveResourcesInfo', 'getMaxListeners', 'getegid', 'geteuid', 'getgid',
  'getgroups', 'getuid', 'hasUncaughtExceptionCaptureCallback', 'hrtime', 'initgroups', 'kill', 'listenerCount',
  'listeners', 'loadEnvFile', 'memoryUsage', 'nextTick', 'off', 'on', 'once', 'openStdin', 'prependListener',
  'prependOnceListener', 'rawListeners', 'reallyExit', 'ref', 'removeAllListeners', 'removeListener', 'resourceUsage',
  'setMaxListeners', 'setSourceMapsEnabled', 'setUncaughtExceptionCaptureCallback', 'setegid', 'seteuid', 'setgid',
  'setgroups', 'setuid', 'umask', 'unref', 'uptime',
];

/** The other keys of Node's `process`: in Next's sandbox each reads as `undefined` (G17: `process.version`). */
const NODE_PROCESS_VALUES = [
  'allowedNodeEnvironmentFlags', 'arch', 'argv', 'argv0', 'config', 'debugPort', 'execArgv', 'execPath', 'exitCode',
  'features', 'mainModule', 'moduleLoadList', 'pid', 'platform', 'ppid', 'release', 'report', 'sourceMapsEnabled',
  'stderr', 'stdin', 'stdout', 'title', 'version', 'versions',
];

export function unsupportedApiError(name: string): Error {
  return new Error(unsupportedApiMessage(name));
}

/**
 * `console.log(process.env)` shows only `{ NEXT_RUNTIME: 'edge' }` (G15), as Next's docs say of production, while
 * `process.env.MY_VAR` reads the project's variables: those are defined non-enumerable.
 */
function makeEnv(env: Record<string, string>): Record<string, string> {
  const target: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name === 'NEXT_RUNTIME') continue;
    Object.defineProperty(target, name, { value, writable: true, enumerable: false, configurable: true });
  }
  target.NEXT_RUNTIME = 'edge';
  return target;
}

/** `next`: the bundle is a Next.js entry (Next's sandbox `process`); otherwise Vercel's plain `{ env }`. */
export function makeProcess(env: Record<string, string>, next = true): { env: Record<string, string> } {
  if (!next) return { env: { ...env } };
  const process = { env: makeEnv(env) };
  for (const key of NODE_PROCESS_FUNCTIONS) {
    Object.defineProperty(process, key, {
      enumerable: false,
      configurable: true,
      get: () => () => {
        throw unsupportedApiError(`process.${key}`);
      },
    });
  }
  for (const key of NODE_PROCESS_VALUES) {
    Object.defineProperty(process, key, { enumerable: false, configurable: true, get: () => undefined });
  }
  return process;
}
